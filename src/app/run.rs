//! Drives the core's heavy stages ([`StagedRun`], where their order is defined) one at a time,
//! giving the page a turn between them (once about a frame of work has run, see [`Pacer`]) so it
//! can paint its progress bar and take input. Data already prepared for the same synthesis
//! parameters (or the same import) is reused (changing restarts only refits). Imported data
//! arrives prepared: its runs start at fitting. Fits go to [`FitHelpers`] when there are any.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use std::future::Future;

use crate::core::kmeans::KMeansFit;
use crate::core::offers::Decider;
use crate::core::pca::Projection;
use crate::core::pipeline::{AnalysisParams, Prepared, segment};
use crate::core::policy::Policy;
use crate::core::propensity::{
    Design, Owned, ProductFit, Propensities, fit_product, propensities_from,
};
use crate::core::stages::{Input, RunOutput, Stage, StagedRun};

use super::error::AppError;
use super::host::{Host, Pacer};
use super::jobs::{FirstCut, Fitted, Timings};
use super::source::{DataKey, RunData};

/// What helpers (the browser's fit workers) fitted for a run.
#[derive(Debug, Default)]
pub struct HelperFits {
    /// The K's the helpers completed.
    pub fits: BTreeMap<usize, KMeansFit>,
    /// How many helpers answered at least one piece.
    pub workers: usize,
}

/// Fits K-Means away from the run's thread (the browser's Web Workers,
/// `crate::web::workers::pool`). Whatever K they do not return, the run fits itself.
pub trait FitHelpers {
    /// Helpers started for a run.
    type Pool;
    /// The helpers for a run, if any (started on first need, so they boot while the data is
    /// synthesized).
    fn pool(&self) -> Option<Self::Pool>;
    /// Fits the K's; `on_fit(n)` after the n-th K is complete; stops handing out work once
    /// `keep_going` is false.
    fn fit(
        pool: &Self::Pool,
        prepared: &Arc<Prepared>,
        ks: &[usize],
        restarts: usize,
        seed: u64,
        on_fit: impl Fn(usize),
        keep_going: impl Fn() -> bool,
    ) -> impl Future<Output = HelperFits>;

    /// Fits the products' propensity models on `prepared`'s customers; returns those the
    /// helpers completed (any order).
    fn propensity(
        pool: &Self::Pool,
        prepared: &Arc<Prepared>,
        keep_going: impl Fn() -> bool,
    ) -> impl Future<Output = Vec<ProductFit>>;
}

/// No helpers: every fit on the run's own thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHelpers;

impl FitHelpers for NoHelpers {
    type Pool = std::convert::Infallible;

    fn pool(&self) -> Option<Self::Pool> {
        None
    }

    async fn fit(
        pool: &Self::Pool,
        _prepared: &Arc<Prepared>,
        _ks: &[usize],
        _restarts: usize,
        _seed: u64,
        _on_fit: impl Fn(usize),
        _keep_going: impl Fn() -> bool,
    ) -> HelperFits {
        match *pool {}
    }

    async fn propensity(
        pool: &Self::Pool,
        _prepared: &Arc<Prepared>,
        _keep_going: impl Fn() -> bool,
    ) -> Vec<ProductFit> {
        match *pool {}
    }
}

/// What the heavy stages depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRequest {
    /// The data (for synthetic data its parameters include `seed`).
    pub data: RunData,
    /// Seeds k-means and the silhouette sample.
    pub seed: u64,
    pub restarts: usize,
}

/// The page's first view, which a run makes too ([`FirstCut`]): the K and the policy in force
/// when the run comes to them (after the propensity models). Changing either does not supersede
/// the run; after that point the page makes its own segments or offers.
#[derive(Debug, Clone)]
pub struct FirstView {
    /// `None` = best silhouette.
    pub k: Option<usize>,
    pub policy: Arc<Policy>,
}

/// Customers whose offers are made between two checks of the run's pacer: a few ms a piece in a
/// browser (natively ~0.2 µs a customer under "Segment rules", ~0.75 µs under "Propensity
/// ranked", which a phone-speed CPU makes four times as long).
pub const OFFER_PIECE: usize = 2_500;

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// What is running now, e.g. "Fitting K = 5 of 8…".
    pub label: String,
    /// Stages finished.
    pub done: usize,
    /// Stages in the run.
    pub total: usize,
}

/// Why a run produced no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The settings changed while it ran; a newer run replaces it.
    Superseded,
    /// A stage failed.
    Failed(AppError),
}

impl From<AppError> for RunError {
    fn from(e: AppError) -> Self {
        RunError::Failed(e)
    }
}

/// Prepared data (and its projection) kept for the next run on the same data.
#[derive(Default)]
pub struct DataCache {
    entry: Option<CacheEntry>,
}

struct CacheEntry {
    key: DataKey,
    prepared: Arc<Prepared>,
    projection: Option<Arc<Projection>>,
    propensity: Option<Arc<Propensities>>,
    timings: Timings,
}

/// A cache shared by the runs of one page.
pub type SharedCache = Rc<RefCell<DataCache>>;

/// Runs every stage for `req` (and makes the segments and offers of the view `first` gives when
/// the run comes to them, when given), reporting progress through `report`. Between stages it
/// yields when its [`Pacer`] says so and stops with [`RunError::Superseded`] once `is_current`
/// says the settings moved on.
pub async fn run_analysis<F: FitHelpers>(
    req: RunRequest,
    first: Option<&dyn Fn() -> FirstView>,
    cache: SharedCache,
    host: &impl Host,
    helpers: &F,
    report: impl Fn(Option<Progress>),
    is_current: impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    host.mark("c360:run-start");
    let result = run_stages(req, first, &cache, host, helpers, &report, &is_current).await;
    host.mark("c360:run-end");
    if is_current() {
        report(None);
    }
    result
}

async fn run_stages<F: FitHelpers>(
    req: RunRequest,
    first: Option<&dyn Fn() -> FirstView>,
    cache: &SharedCache,
    host: &impl Host,
    helpers: &F,
    report: &impl Fn(Option<Progress>),
    is_current: &impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    let params = AnalysisParams {
        restarts: req.restarts,
        seed: req.seed,
        ..AnalysisParams::default()
    };
    let key = req.data.key();
    let mut timings = Timings::default();
    // Data prepared for the same source earlier (and its projection) is reused; imported data
    // arrives prepared.
    let input = match (cache_lookup(cache, key), &req.data) {
        (Some((prepared, projection, cached)), _) => {
            timings = cached;
            (Input::Prepared(prepared), projection)
        }
        (None, RunData::Imported(data)) => {
            timings.prepare = data.prepare_ms;
            cache_store(cache, key, Arc::clone(&data.prepared), timings);
            (Input::Prepared(Arc::clone(&data.prepared)), None)
        }
        (None, RunData::Synthetic(synth)) => (
            Input::Synthetic(synth.check().map_err(AppError::from)?),
            None,
        ),
    };
    // The propensity stages (one per product) come after the run's own, unless cached; then the
    // first view's two steps.
    let propensity_steps = match cache.borrow().entry.as_ref() {
        Some(e) if e.key == key && e.propensity.is_some() => 0,
        _ => Owned::ALL.len(),
    };
    let extra = propensity_steps + if first.is_some() { FIRST_VIEW_STEPS } else { 0 };
    let report = &|p: Option<Progress>| {
        report(p.map(|p| Progress {
            total: p.total + extra,
            ..p
        }))
    };
    let mut run = StagedRun::new(input.0, &params).map_err(AppError::from)?;
    if let Some(p) = input.1 {
        run = run.with_projection(p);
    }
    let customers = run.customers();
    let step = |run: &StagedRun, label: String| {
        let (done, total) = run.progress();
        report(Some(Progress { label, done, total }));
    };
    // The page gets a turn before the first stage too, so that a run never starts in the task
    // that asked for it (the page's start-up, a click).
    let pacer = &mut Pacer::new(Pacer::RUN_BUDGET_MS, host.now_ms(), true);
    checkpoint(pacer, host, is_current).await?;
    // Started (if not yet) before synthesis, so they boot while it runs; after that first turn,
    // so that starting them does not lengthen the page's mount.
    let pool = helpers.pool();
    timings.fit = 0.0;
    timings.score = 0.0;
    timings.fit_workers = 0;
    timings.fit_on_page = 0;
    let mut helped = false;
    while let Some(stage) = run.next_stage() {
        // The fits go to the helpers when there are any, all at once; whatever they do not
        // return (none started, one died) is fitted here, one K per stage. Stage time: on
        // helpers, the wall time from the first piece handed out to the last answer (including
        // any wait for them to start); here, the sum of the fits (the turns given to the page
        // between K's are not counted) — so this figure is, if anything, the more flattering.
        if let (Stage::Fit(_), Some(pool), false) = (stage, pool.as_ref(), helped) {
            helped = true;
            let ks = run.fits_to_do();
            let (first, k_max, n_ks) = (ks[0], ks[ks.len() - 1], ks.len());
            step(&run, format!("Fitting K = {first}…{k_max}…"));
            checkpoint(pacer, host, is_current).await?;
            let prepared = Arc::clone(run.prepared().expect("prepared before fitting"));
            let t = host.now_ms();
            let done_before = run.progress().0;
            let got = F::fit(
                pool,
                &prepared,
                &ks,
                req.restarts,
                req.seed,
                |n| {
                    let (_, total) = run.progress();
                    report(Some(Progress {
                        label: format!("Fitting K = {first}…{k_max}: {n} of {n_ks} done…"),
                        done: done_before + n,
                        total,
                    }))
                },
                is_current,
            )
            .await;
            timings.fit = host.now_ms() - t;
            timings.fit_workers = got.workers;
            for (k, fit) in got.fits {
                run.add_fit(k, fit);
            }
            if !is_current() {
                return Err(RunError::Superseded);
            }
            continue;
        }
        let k_max = run.ks().last().copied().unwrap_or(0);
        let label = stage.label(customers, k_max);
        // A stage that runs in pieces says how far it is ("Generating … customers… 40 %").
        let label = match run.within_stage() {
            Some((done, all)) if all > 0 => format!("{label} {} %", done * 100 / all),
            _ => label,
        };
        // A stage's first piece gets its own turn, so its label reaches the page.
        let starting = run.within_stage().is_none();
        step(&run, label);
        if starting {
            pacer.turn(host).await;
        }
        checkpoint(pacer, host, is_current).await?;
        host.mark(stage.mark());
        let t = host.now_ms();
        run.run_next().map_err(AppError::from)?;
        let ms = host.now_ms() - t;
        match stage {
            Stage::Synthesize => timings.synthesize += ms, // in pieces
            Stage::Prepare => {
                timings.prepare += ms; // in pieces: prepared after the last
                if let Some(prepared) = run.prepared() {
                    cache_store(cache, key, Arc::clone(prepared), timings);
                }
            }
            Stage::Fit(_) => {
                timings.fit += ms;
                timings.fit_on_page += 1;
            }
            Stage::Score => timings.score += ms, // in pieces
            Stage::Project => {
                timings.project += ms; // in pieces: projected after the last
                let (prepared, projection) = (run.prepared(), run.projection());
                if let (Some(prepared), Some(p)) = (prepared, projection) {
                    cache_store_projection(cache, prepared, Arc::clone(p), timings.project);
                }
            }
        }
    }
    let prepared = Arc::clone(run.prepared().expect("prepared by now"));
    let propensity = match cached_propensity(cache, &prepared) {
        Some(p) => p,
        None => {
            let t = host.now_ms();
            let (p, helped) =
                fit_propensity::<F>(&run, pool.as_ref(), report, pacer, host, is_current).await?;
            let p = Arc::new(p);
            timings.propensity = host.now_ms() - t;
            timings.propensity_on_workers = helped;
            cache_store_propensity(cache, &prepared, Arc::clone(&p), &timings);
            p
        }
    };
    let (_, run_total) = run.progress();
    let out = run.finish().expect("every stage has run");
    let first = match first {
        Some(view) => {
            let steps = (run_total + propensity_steps, run_total);
            let cut = first_cut(
                &out,
                &propensity,
                view(),
                steps,
                report,
                pacer,
                host,
                is_current,
            );
            let (cut, ms) = cut.await?;
            timings.first_view = ms;
            Some(cut)
        }
        None => None,
    };
    // What receives the result (the page's views, its first drawing) starts in a task of its own.
    pacer.turn(host).await;
    Ok(Arc::new(Fitted {
        data: req.data,
        restarts: req.restarts,
        prepared: out.prepared,
        projection: out.projection,
        selection: out.selection,
        propensity,
        timings,
        first: std::sync::Mutex::new(first),
    }))
}

/// The steps [`first_cut`] reports.
const FIRST_VIEW_STEPS: usize = 2;

/// Names `view.k`'s segments, then makes every customer's offer under `view.policy` in pieces of
/// [`OFFER_PIECE`], checking the pacer between pieces; also returns the time of the work (the
/// page's turns between pieces not counted, as for the stages). `steps` = the steps done before, and the
/// run's own (which `report` adds the extra steps to).
#[allow(clippy::too_many_arguments)] // the run's context, as for the other stages
async fn first_cut(
    out: &RunOutput,
    propensity: &Propensities,
    view: FirstView,
    (done, total): (usize, usize),
    report: &impl Fn(Option<Progress>),
    pacer: &mut Pacer,
    host: &impl Host,
    is_current: &impl Fn() -> bool,
) -> Result<(FirstCut, f64), RunError> {
    let step = |j: usize, label: &str| {
        report(Some(Progress {
            label: label.to_string(),
            done: done + j,
            total,
        }))
    };
    step(0, "Naming the segments…");
    checkpoint(pacer, host, is_current).await?;
    host.mark("c360:segment");
    let t = host.now_ms();
    let segmentation = Arc::new(segment(&out.prepared, &out.selection, view.k));
    let mut ms = host.now_ms() - t;
    step(1, "Making every customer's offer…");
    checkpoint(pacer, host, is_current).await?;
    host.mark("c360:offers");
    let customers = segmentation.view(&out.prepared);
    let decider = Decider::new(&view.policy, Some(propensity));
    let n = customers.len();
    let mut offers = Vec::with_capacity(n);
    while offers.len() < n {
        checkpoint(pacer, host, is_current).await?;
        let (start, t) = (offers.len(), host.now_ms());
        customers.recommend_into(&decider, start..n.min(start + OFFER_PIECE), &mut offers);
        ms += host.now_ms() - t;
    }
    let cut = FirstCut {
        k: view.k,
        segmentation,
        policy: view.policy,
        offers: Arc::new(offers),
    };
    Ok((cut, ms))
}

/// Every product's propensity model: on the helpers when there are any, and whatever they do
/// not return on the page, one product per step. Also returns how many the helpers fitted.
async fn fit_propensity<F: FitHelpers>(
    run: &StagedRun<'_>,
    pool: Option<&F::Pool>,
    report: &impl Fn(Option<Progress>),
    pacer: &mut Pacer,
    host: &impl Host,
    is_current: &impl Fn() -> bool,
) -> Result<(Propensities, usize), RunError> {
    let prepared = run.prepared().expect("prepared by now");
    // `report` adds these steps to the total.
    let (_, total) = run.progress();
    let step = |done: usize, label: String| {
        report(Some(Progress {
            label,
            done: total + done,
            total,
        }))
    };
    host.mark("c360:propensity");
    // Said before the inputs are built (a few hundred ms at 10,00,000 customers).
    step(
        0,
        match pool {
            Some(_) => "Fitting the propensity models…".into(),
            None => format!("Fitting the propensity model: {}…", Owned::ALL[0].label()),
        },
    );
    let mut fits = Vec::new();
    if let Some(pool) = pool {
        checkpoint(pacer, host, is_current).await?;
        fits = F::propensity(pool, prepared, is_current).await;
        if !is_current() {
            return Err(RunError::Superseded);
        }
    }
    let helped = fits.len();
    for p in Owned::ALL {
        if fits.iter().any(|f| f.model.product == p) {
            continue;
        }
        step(
            fits.len(),
            format!("Fitting the propensity model: {}…", p.label()),
        );
        // The product's inputs (~150 ms at 10,00,000 customers in a browser), then its fit.
        checkpoint(pacer, host, is_current).await?;
        let design = Design::of(&prepared.rows, &prepared.features, p);
        checkpoint(pacer, host, is_current).await?;
        fits.push(fit_product(&design));
    }
    let p = propensities_from(fits).ok_or_else(|| {
        RunError::Failed(AppError::new(
            "The propensity models could not be put together.",
            "Reload the page and try again.",
        ))
    })?;
    Ok((p, helped))
}

/// Yields to the browser when `pacer` says it is due, then stops the run if its settings are no
/// longer current.
async fn checkpoint(
    pacer: &mut Pacer,
    host: &impl Host,
    is_current: &impl Fn() -> bool,
) -> Result<(), RunError> {
    pacer.pause(host).await;
    if is_current() {
        Ok(())
    } else {
        Err(RunError::Superseded)
    }
}

type CacheHit = (Arc<Prepared>, Option<Arc<Projection>>, Timings);

/// The cached data for `key` (and its projection, once computed), with its stage timings.
fn cache_lookup(cache: &SharedCache, key: DataKey) -> Option<CacheHit> {
    let c = cache.borrow();
    let e = c.entry.as_ref().filter(|e| e.key == key)?;
    Some((Arc::clone(&e.prepared), e.projection.clone(), e.timings))
}

/// The propensity models cached for `prepared`, if fitted.
fn cached_propensity(cache: &SharedCache, prepared: &Arc<Prepared>) -> Option<Arc<Propensities>> {
    let c = cache.borrow();
    let e = c
        .entry
        .as_ref()
        .filter(|e| Arc::ptr_eq(&e.prepared, prepared))?;
    e.propensity.clone()
}

fn cache_store_propensity(
    cache: &SharedCache,
    prepared: &Arc<Prepared>,
    p: Arc<Propensities>,
    timings: &Timings,
) {
    if let Some(e) = cache
        .borrow_mut()
        .entry
        .as_mut()
        .filter(|e| Arc::ptr_eq(&e.prepared, prepared))
    {
        e.propensity = Some(p);
        // Shown again with the cached models: their time and where they were fitted.
        e.timings.propensity = timings.propensity;
        e.timings.propensity_on_workers = timings.propensity_on_workers;
    }
}

fn cache_store(cache: &SharedCache, key: DataKey, prepared: Arc<Prepared>, timings: Timings) {
    cache.borrow_mut().entry = Some(CacheEntry {
        key,
        prepared,
        projection: None,
        propensity: None,
        timings,
    });
}

fn cache_store_projection(
    cache: &SharedCache,
    prepared: &Arc<Prepared>,
    p: Arc<Projection>,
    ms: f64,
) {
    if let Some(e) = cache
        .borrow_mut()
        .entry
        .as_mut()
        .filter(|e| Arc::ptr_eq(&e.prepared, prepared))
    {
        e.projection = Some(p);
        e.timings.project = ms;
    }
}
