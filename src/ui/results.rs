//! Results: the heavy analysis as a local resource (re-run when the data — an import, or the
//! synthesis parameters — the seed or restarts change), and everything derived from it as memos — segments (K), offers (policy and guardrail),
//! filtered customers and aggregates (filters), the id index. Provided as [`Results`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::core::summary::Filter;

use super::state::AppState;
use crate::app::error::AppError;
use crate::app::jobs::{self, Filtered, Fitted, Offered, Segmented};
use crate::app::run::{self, DataCache, RunError};
use crate::app::shared::Shared;
use crate::web::host::WebHost;
use crate::web::workers::pool::Workers;

/// The analysis and its derived views. Every memo keeps showing the last good result while a
/// new run is in progress or after a run failed.
#[derive(Debug, Clone, Copy)]
pub struct Results {
    /// The last successful heavy run.
    pub fitted: Memo<Option<Shared<Fitted>>>,
    /// Why the latest run failed (`None` when it succeeded or is still running).
    pub error: Memo<Option<AppError>>,
    /// Segments of the chosen K.
    pub segmented: Memo<Option<Shared<Segmented>>>,
    /// Segments plus offers.
    pub analysis: Memo<Option<Shared<Offered>>>,
    /// The filter built from the filter signals.
    pub filter: Memo<Filter>,
    /// Customers passing the filters and their aggregates.
    pub filtered: Memo<Option<Shared<Filtered>>>,
    /// The segments' persona names, by cluster (empty before the analysis).
    pub segment_names: Memo<Vec<String>>,
    /// The offer names of the policy in force, in catalogue order (empty before the analysis).
    pub offer_names: Memo<Vec<String>>,
    /// The row of the customer looked up (`None` before a lookup, or for an id not found):
    /// found once for every view that shows them (a scan of every id).
    pub looked_up: Memo<Option<usize>>,
}

/// Starts the analysis and provides [`Results`].
pub fn provide_results(state: AppState) -> Results {
    let run = analysis_resource(state);
    let fitted = Memo::new(
        move |prev: Option<&Option<Shared<Fitted>>>| match run.get() {
            Some(Ok(f)) => Some(Shared(f)),
            _ => prev.cloned().flatten(),
        },
    );
    let error = Memo::new(move |_| match run.get() {
        Some(Err(RunError::Failed(e))) => Some(e),
        _ => None,
    });
    let k = state.settings.k;
    let segmented = Memo::new(move |_| {
        let f = fitted.get()?;
        Some(Shared::new(jobs::segment_customers(&f.0, k.get())))
    });
    let analysis = Memo::new(move |_| {
        let s = segmented.get()?;
        Some(Shared::new(jobs::recommend_offers(
            &s.0,
            &state.effective_policy(),
        )))
    });
    // The persona names (by cluster) and the catalogue's offer names the filters refer to.
    let segment_names = Memo::new(move |_| {
        segmented.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.segmentation
                        .segments
                        .iter()
                        .map(|g| g.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let offer_names = Memo::new(move |_| {
        analysis.with(|a| {
            a.as_ref()
                .map(|a| a.policy.offers.iter().map(|o| o.name.clone()).collect())
                .unwrap_or_default()
        })
    });
    let filters = state.filters;
    let filter = Memo::new(move |_| {
        segment_names.with(|segments: &Vec<String>| {
            offer_names.with(|offers: &Vec<String>| {
                filters.with(|f| {
                    f.to_filter(
                        segments.iter().map(String::as_str),
                        offers.iter().map(String::as_str),
                    )
                })
            })
        })
    });
    let filtered = Memo::new(move |_| {
        let a = analysis.get()?;
        Some(Shared::new(
            filter.with(|flt| jobs::filter_customers(&a.0, flt)),
        ))
    });
    let looked_up = Memo::new(move |_| {
        let id = state.lookup.get().filter(|id| !id.is_empty())?;
        fitted.with(|f| jobs::find_customer(&f.as_ref()?.prepared, &id))
    });
    let results = Results {
        looked_up,
        fitted,
        error,
        segmented,
        analysis,
        filter,
        filtered,
        segment_names,
        offer_names,
    };
    provide_context(results);
    results
}

/// The heavy run as a local resource: tracks the data source, seed and restarts only.
fn analysis_resource(state: AppState) -> LocalResource<Result<Arc<Fitted>, RunError>> {
    let cache = Rc::new(RefCell::new(DataCache::default()));
    // Reads ?workers=N now, before the URL sync rewrites the query from the settings.
    let workers = Rc::new(Workers::from_page_url());
    let progress = state.progress;
    LocalResource::new(move || {
        let req = state.run_request();
        // The first view as it stands when the run comes to it (untracked: a change of K or
        // policy does not restart the run; one made after it, the memos make themselves).
        let first = move || {
            untrack(|| run::FirstView {
                k: state.settings.k.get(),
                policy: state.effective_policy(),
            })
        };
        let cache = Rc::clone(&cache);
        let workers = Rc::clone(&workers);
        async move {
            let wanted = req.clone();
            run::run_analysis(
                req,
                Some(&first),
                cache,
                &WebHost,
                &*workers,
                move |p| progress.set(p),
                move || state.run_request_untracked() == wanted,
            )
            .await
        }
    })
}

/// The results provided by [`provide_results`].
pub fn use_results() -> Results {
    expect_context::<Results>()
}
