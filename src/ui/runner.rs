//! Runs the heavy stages — synthesize, prepare, fit K for each K, score, project — one at a time,
//! yielding to the browser between them (once about a frame of work has run, see [`Pacer`]) so the
//! page can paint its progress bar and take input. Data already
//! prepared for the same synthesis parameters (or the same import) is reused (changing restarts
//! only refits). Imported data arrives prepared: its runs start at fitting.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::core::pca::Projection;
use crate::core::pipeline::Prepared;

use super::error::UiError;
use super::format;
use super::jobs::{self, Fitted, Timings};
use super::pool::Workers;
use super::source::{DataKey, RunData};

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
    Failed(UiError),
}

impl From<UiError> for RunError {
    fn from(e: UiError) -> Self {
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

/// Milliseconds since the page loaded (`performance.now()`; 0 outside a browser).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Adds a named mark to the page's performance timeline (nothing outside a browser). The
/// browser benchmark reads them: `c360:start` (the module's main), `c360:mounted`,
/// `c360:run-start` and `c360:run-end` (each run).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name); // one of each: the latest run's
        let _ = p.mark(name);
    }
}

/// Lets the browser paint (the progress bar) and handle input before the next stage: waits for
/// the next animation frame — or 100 ms when none comes, e.g. in a hidden tab — then one more
/// turn of the event loop (`setTimeout(0)`), which runs after that frame is painted.
pub async fn yield_to_browser() {
    wait_for(|w, resolve| {
        let _ = w.request_animation_frame(resolve);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, 100);
    })
    .await;
    wait_for(|w, resolve| {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, 0);
    })
    .await;
}

/// A promise resolved by whichever callback `schedule` registers first (at once outside a
/// browser).
async fn wait_for(schedule: impl Fn(&web_sys::Window, &js_sys::Function)) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| match web_sys::window() {
        Some(w) => schedule(&w, &resolve),
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// When a staged run gives the browser a turn: before a stage once [`Pacer::BUDGET_MS`] (about a
/// frame) of work has run since the last turn, so a small analysis does not wait for a frame
/// before each of its dozen short stages (up to 100 ms each on a page that is still loading),
/// while a large one still paints its progress and takes input between stages. `eager` runs yield
/// before their first stage too, so its label shows.
///
/// The trade-off: below [`Pacer::EAGER_FROM_CUSTOMERS`] the page paints (the changed setting, the
/// progress bar) only after the run's first stages, and the label shown can be a stage behind the
/// work. A larger budget readies the page sooner still but slows the stages on a first visit,
/// probably because the waits are when Chromium's optimising compiler catches up with the hot
/// kernels. Measured at 3,000 customers, 12 interleaved first visits each (medians): every stage
/// yielding, stages 119 ms / page ready 619 ms; 16 ms, 119 / 606; 40 ms, 141 / 586 (page-ready
/// spreads of ±50 ms, so the 16 ms gain is within noise; the 40 ms slowdown is not).
#[derive(Debug, Clone, Copy)]
pub struct Pacer {
    last: Option<f64>,
}

impl Pacer {
    /// A turn is due before the first stage that starts this long after the last turn (so the
    /// page's thread is kept for at most this plus one stage).
    pub const BUDGET_MS: f64 = 16.0;
    /// From this many customers a run yields before its first stage: such a run takes a second
    /// or more, long enough for every stage's label to matter.
    pub const EAGER_FROM_CUSTOMERS: usize = 10_000;

    pub fn new(now: f64, eager: bool) -> Self {
        Pacer {
            last: (!eager).then_some(now),
        }
    }

    /// Whether the browser is due a turn at `now`.
    pub fn due(&self, now: f64) -> bool {
        self.last.is_none_or(|t| now - t >= Self::BUDGET_MS)
    }

    /// Records a turn that ended at `now`.
    pub fn yielded(&mut self, now: f64) {
        self.last = Some(now);
    }
}

/// Runs every stage for `req`, reporting progress through `report`. Between stages it yields when
/// its [`Pacer`] says so and stops with [`RunError::Superseded`] once `is_current` says the
/// settings moved on.
pub async fn run(
    req: RunRequest,
    cache: SharedCache,
    workers: &Workers,
    report: impl Fn(Option<Progress>),
    is_current: impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    mark("c360:run-start");
    let result = run_stages(req, &cache, workers, &report, &is_current).await;
    mark("c360:run-end");
    if is_current() {
        report(None);
    }
    result
}

async fn run_stages(
    req: RunRequest,
    cache: &SharedCache,
    workers: &Workers,
    report: &impl Fn(Option<Progress>),
    is_current: &impl Fn() -> bool,
) -> Result<Arc<Fitted>, RunError> {
    let seed = req.seed;
    // As far as the number of customers tells, for the progress; `plan` decides on the data.
    let ks = jobs::k_values(req.restarts, seed, req.data.customers())?;
    // Started (if needed) before synthesis, so they boot while it runs.
    let pool = workers.for_customers(req.data.customers());
    let key = req.data.key();
    let cached = cache_lookup(cache, key);
    let needs_synthesis = cached.is_none() && matches!(req.data, RunData::Synthetic(_));
    let needs_projection = cached.as_ref().is_none_or(|c| c.1.is_none());
    let total = ks.len() + 1 + 2 * usize::from(needs_synthesis) + usize::from(needs_projection);
    let mut done = 0;
    let n = format::count(req.data.customers());
    let step = |label: String, done: usize| report(Some(Progress { label, done, total }));
    let pacer = &mut Pacer::new(
        now_ms(),
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
            checkpoint(pacer, is_current).await?;
            let t0 = now_ms();
            let ds = jobs::synthesize_data(*synth)?;
            let t1 = now_ms();
            done += 1;
            step(format!("Preparing features for {n} customers…"), done);
            checkpoint(pacer, is_current).await?;
            let t2 = now_ms();
            let prepared = Arc::new(jobs::prepare_data(&ds)?);
            drop(ds);
            let timings = Timings {
                synthesize: t1 - t0,
                prepare: now_ms() - t2,
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
    if let Some(pool) = pool.as_deref().filter(|_| !ks.is_empty()) {
        step(format!("Fitting K = {}…{k_max}…", ks[0]), done);
        checkpoint(pacer, is_current).await?;
        let n_ks = ks.len();
        let t = now_ms();
        let got = pool
            .fit(
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
        timings.fit = now_ms() - t;
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
        checkpoint(pacer, is_current).await?;
        let t = now_ms();
        let samples = match samples {
            Some(ref s) => s,
            None => samples.insert(jobs::fit_samples(&prepared)?),
        };
        by_k.insert(k, jobs::fit_one(samples, k, req.restarts, seed)?);
        timings.fit += now_ms() - t;
        timings.fit_on_page += 1;
    }
    let fits: Vec<_> = ks.iter().filter_map(|k| by_k.remove(k)).collect();
    done += ks.len();

    step("Scoring every K (silhouette)…".to_string(), done);
    checkpoint(pacer, is_current).await?;
    let t = now_ms();
    let selection = jobs::score(&prepared, &plan, fits, seed);
    timings.score = now_ms() - t;
    done += 1;

    let projection = match projection {
        Some(p) => p,
        None => {
            step("Projecting customers to 2-D…".to_string(), done);
            checkpoint(pacer, is_current).await?;
            let t = now_ms();
            let p = Arc::new(jobs::project(&prepared));
            timings.project = now_ms() - t;
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
async fn checkpoint(pacer: &mut Pacer, is_current: &impl Fn() -> bool) -> Result<(), RunError> {
    if pacer.due(now_ms()) {
        yield_to_browser().await;
        pacer.yielded(now_ms());
    }
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

#[cfg(test)]
mod tests {
    use super::Pacer;

    #[test]
    fn pacer_yields_once_the_budget_has_run() {
        let mut p = Pacer::new(1000.0, false);
        assert!(!p.due(1000.0));
        assert!(!p.due(1000.0 + Pacer::BUDGET_MS - 0.5));
        assert!(p.due(1000.0 + Pacer::BUDGET_MS));
        p.yielded(1100.0);
        assert!(!p.due(1100.0 + Pacer::BUDGET_MS / 2.0));
        assert!(p.due(1100.0 + Pacer::BUDGET_MS + 3.0));
    }

    #[test]
    fn an_eager_pacer_yields_before_the_first_stage() {
        let mut p = Pacer::new(1000.0, true);
        assert!(p.due(1000.0));
        p.yielded(1001.0);
        assert!(!p.due(1002.0));
    }
}
