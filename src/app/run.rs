//! Runs the heavy stages — synthesize, prepare, fit K for each K, score, project — one at a time,
//! giving the page a turn between them (once about a frame of work has run, see [`Pacer`]) so it
//! can paint its progress bar and take input. Data already
//! prepared for the same synthesis parameters (or the same import) is reused (changing restarts
//! only refits). Imported data arrives prepared: its runs start at fitting.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use std::future::Future;

use crate::core::kmeans::KMeansFit;
use crate::core::pca::Projection;
use crate::core::pipeline::Prepared;

use super::error::AppError;
use super::format;
use super::host::{Host, Pacer};
use super::jobs::{self, Fitted, Timings};
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
    /// The helpers for a run on `customers` customers, if any (started on first need, so they
    /// boot while the data is synthesized).
    fn for_customers(&self, customers: usize) -> Option<Self::Pool>;
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
}

/// No helpers: every fit on the run's own thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHelpers;

impl FitHelpers for NoHelpers {
    type Pool = std::convert::Infallible;

    fn for_customers(&self, _customers: usize) -> Option<Self::Pool> {
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
    timings: Timings,
}

/// A cache shared by the runs of one page.
pub type SharedCache = Rc<RefCell<DataCache>>;

/// Runs every stage for `req`, reporting progress through `report`. Between stages it yields when
/// its [`Pacer`] says so and stops with [`RunError::Superseded`] once `is_current` says the
/// settings moved on.
pub async fn run_analysis<F: FitHelpers>(
    req: RunRequest,
    cache: SharedCache,
    host: &impl Host,
    helpers: &F,
    report: impl Fn(Option<Progress>),
    is_current: impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    host.mark("c360:run-start");
    let result = run_stages(req, &cache, host, helpers, &report, &is_current).await;
    host.mark("c360:run-end");
    if is_current() {
        report(None);
    }
    result
}

async fn run_stages<F: FitHelpers>(
    req: RunRequest,
    cache: &SharedCache,
    host: &impl Host,
    helpers: &F,
    report: &impl Fn(Option<Progress>),
    is_current: &impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    let seed = req.seed;
    // As far as the number of customers tells, for the progress; `plan` decides on the data.
    let ks = jobs::k_values(req.restarts, seed, req.data.customers())?;
    // Started (if needed) before synthesis, so they boot while it runs.
    let pool = helpers.for_customers(req.data.customers());
    let key = req.data.key();
    let cached = cache_lookup(cache, key);
    let needs_synthesis = cached.is_none() && matches!(req.data, RunData::Synthetic(_));
    let needs_projection = cached.as_ref().is_none_or(|c| c.1.is_none());
    let total = ks.len() + 1 + 2 * usize::from(needs_synthesis) + usize::from(needs_projection);
    let mut done = 0;
    let n = format::count(req.data.customers());
    let step = |label: String, done: usize| report(Some(Progress { label, done, total }));
    let pacer = &mut Pacer::new(
        Pacer::RUN_BUDGET_MS,
        host.now_ms(),
        req.data.customers() >= Pacer::EAGER_FROM_CUSTOMERS,
    );

    let (prepared, projection, mut timings) = match (cached, &req.data) {
        (Some(hit), _) => hit,
        (None, RunData::Imported(data)) => {
            // Joined and prepared by the import.
            let timings = Timings {
                prepare: data.prepare_ms,
                ..Timings::default()
            };
            let prepared = Arc::clone(&data.prepared);
            cache_store(cache, key, Arc::clone(&prepared), timings);
            (prepared, None, timings)
        }
        (None, RunData::Synthetic(synth)) => {
            step(format!("Generating {n} customers…"), done);
            checkpoint(pacer, host, is_current).await?;
            let t0 = host.now_ms();
            let ds = jobs::synthesize_data(*synth)?;
            let t1 = host.now_ms();
            done += 1;
            step(format!("Preparing features for {n} customers…"), done);
            checkpoint(pacer, host, is_current).await?;
            let t2 = host.now_ms();
            let prepared = Arc::new(jobs::prepare_data(&ds)?);
            drop(ds);
            let timings = Timings {
                synthesize: t1 - t0,
                prepare: host.now_ms() - t2,
                ..Timings::default()
            };
            done += 1;
            cache_store(cache, key, Arc::clone(&prepared), timings);
            (prepared, None, timings)
        }
    };

    // The K values the prepared data allows (capped at its distinct customers; none when every
    // customer is the same: one segment).
    let plan = jobs::k_plan(&prepared, req.restarts, seed)?;
    let ks = plan.ks.clone();
    let k_max = ks.last().copied().unwrap_or(0);

    // The fits go to the workers when there are any; whatever they do not return (none started,
    // one died) is fitted here, one K per step. Stage time: on workers, the wall time from the
    // first piece handed out to the last answer (including any wait for workers to start); on
    // the page, the sum of the fits (the yields between K's, when the browser paints, are not
    // counted) — so the page's figure is, if anything, the more flattering.
    timings.fit = 0.0;
    timings.fit_workers = 0;
    timings.fit_on_page = 0;
    let mut by_k = BTreeMap::new();
    if let Some(pool) = pool.as_ref().filter(|_| !ks.is_empty()) {
        step(format!("Fitting K = {}…{k_max}…", ks[0]), done);
        checkpoint(pacer, host, is_current).await?;
        let n_ks = ks.len();
        let t = host.now_ms();
        let got = F::fit(
            pool,
            &prepared,
            &ks,
            req.restarts,
            seed,
            |n| {
                step(
                    format!("Fitting K = {}…{k_max}: {n} of {n_ks} done…", ks[0]),
                    done + n,
                )
            },
            is_current,
        )
        .await;
        timings.fit = host.now_ms() - t;
        timings.fit_workers = got.workers;
        by_k = got.fits;
    }
    if !is_current() {
        return Err(RunError::Superseded);
    }
    let mut samples = None; // laid out on the first K fitted here, shared by the others
    for &k in &ks {
        if by_k.contains_key(&k) {
            continue;
        }
        step(format!("Fitting K = {k} of {k_max}…"), done + by_k.len());
        checkpoint(pacer, host, is_current).await?;
        let t = host.now_ms();
        let samples = match samples {
            Some(ref s) => s,
            None => samples.insert(jobs::fit_samples(&prepared)?),
        };
        by_k.insert(k, jobs::fit_one(samples, k, req.restarts, seed)?);
        timings.fit += host.now_ms() - t;
        timings.fit_on_page += 1;
    }
    let fits: Vec<_> = ks.iter().filter_map(|k| by_k.remove(k)).collect();
    done += ks.len();

    step("Scoring every K (silhouette)…".to_string(), done);
    checkpoint(pacer, host, is_current).await?;
    let t = host.now_ms();
    let selection = crate::core::pipeline::score(&prepared, &plan, fits, seed);
    timings.score = host.now_ms() - t;
    done += 1;

    let projection = match projection {
        Some(p) => p,
        None => {
            step("Projecting customers to 2-D…".to_string(), done);
            checkpoint(pacer, host, is_current).await?;
            let t = host.now_ms();
            let p = Arc::new(jobs::project(&prepared));
            timings.project = host.now_ms() - t;
            cache_store_projection(cache, &prepared, Arc::clone(&p), timings.project);
            p
        }
    };

    Ok(Arc::new(Fitted {
        data: req.data,
        restarts: req.restarts,
        prepared,
        projection,
        selection,
        timings,
    }))
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

fn cache_store(cache: &SharedCache, key: DataKey, prepared: Arc<Prepared>, timings: Timings) {
    cache.borrow_mut().entry = Some(CacheEntry {
        key,
        prepared,
        projection: None,
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
