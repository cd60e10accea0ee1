//! The app's run loop, natively: the same stages as the core's `analyze`, with progress, a cache
//! shared by runs on the same data, fits handed to helpers, and runs that stop when superseded.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use c360::app::host::Immediate;
use c360::app::run::{
    DataCache, FitHelpers, HelperFits, NoHelpers, Progress, RunError, RunRequest, run_analysis,
};
use c360::app::source::RunData;
use c360::core::kmeans::Samples;
use c360::core::pipeline::{AnalysisParams, Prepared, analyze};
use c360::core::policy::Policy;
use c360::core::propensity::{Design, Owned, ProductFit, fit_product, fit_propensities};
use c360::core::selection::fit_k;
use c360::core::synth::{DataProfile, SynthParams, synthesize};
use futures::executor::block_on;

const SYNTH: SynthParams = SynthParams {
    customers: 800,
    seed: 9,
    profile: DataProfile::Realistic,
};

fn request() -> RunRequest {
    RunRequest {
        data: RunData::Synthetic(SYNTH),
        seed: 4,
        restarts: 2,
    }
}

/// Runs `req` and returns the result and every progress report.
fn run_with<F: FitHelpers>(
    req: RunRequest,
    cache: &Rc<RefCell<DataCache>>,
    helpers: &F,
) -> (
    Result<Arc<c360::app::jobs::Fitted>, RunError>,
    Vec<Progress>,
) {
    let reports = RefCell::new(Vec::new());
    let out = block_on(run_analysis(
        req,
        None,
        Rc::clone(cache),
        &Immediate::default(),
        helpers,
        |p| reports.borrow_mut().extend(p),
        || true,
    ));
    (out, reports.into_inner())
}

/// The stages reported, in order, and the stages done at each: a stage that runs in pieces
/// reports each piece with how far it is ("… 40 %", never falling), folded here into one.
fn stages(reports: &[Progress]) -> (Vec<String>, Vec<usize>) {
    let mut out: Vec<(String, usize, u32)> = Vec::new();
    for p in reports {
        let (label, pct) = match p.label.rsplit_once("… ") {
            Some((head, pct)) if pct.ends_with(" %") => (
                format!("{head}…"),
                pct.trim_end_matches(" %").parse::<u32>().unwrap(),
            ),
            _ => (p.label.clone(), 0),
        };
        match out.last_mut() {
            Some(last) if last.0 == label && last.1 == p.done => {
                assert!(pct >= last.2, "{} % after {} % in {label}", pct, last.2);
                last.2 = pct;
            }
            _ => out.push((label, p.done, pct)),
        }
    }
    out.into_iter()
        .map(|(label, done, _)| (label, done))
        .unzip()
}

#[test]
fn a_run_gives_what_analyze_gives_with_progress_per_stage() {
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let (out, reports) = run_with(request(), &cache, &NoHelpers);
    let fitted = out.expect("the run succeeds");
    let params = AnalysisParams {
        restarts: 2,
        seed: 4,
        ..AnalysisParams::default()
    };
    let whole = analyze(
        &synthesize(&SYNTH.check().unwrap()),
        &params,
        &Policy::default(),
    )
    .unwrap();
    assert_eq!(fitted.selection, whole.selection);
    assert_eq!(fitted.projection.points, whole.projection.points);
    let (labels, done) = stages(&reports);
    assert_eq!(labels[0], "Generating 800 customers…");
    assert_eq!(labels[1], "Preparing features for 800 customers…");
    assert_eq!(labels[2], "Fitting K = 2 of 8…");
    assert_eq!(labels[8], "Fitting K = 8 of 8…");
    assert_eq!(labels[9], "Scoring every K (silhouette)…");
    assert_eq!(labels[10], "Projecting customers to 2-D…");
    assert_eq!(
        labels[11..],
        [
            "Fitting the propensity model: credit card…",
            "Fitting the propensity model: loan…",
            "Fitting the propensity model: investments…"
        ]
    );
    assert_eq!(labels.len(), 14);
    assert_eq!(done, (0..14).collect::<Vec<_>>());
    assert!(reports.iter().all(|p| p.total == 14));
    assert_eq!(
        *fitted.propensity,
        fit_propensities(&fitted.prepared.rows, &fitted.prepared.features)
    );
    assert_eq!(fitted.timings.fit_on_page, 7);
    // Every piece of a stage in pieces is timed (the test host's clock moves by 1 a reading):
    // the projection's three passes.
    assert_eq!(fitted.timings.project, 3.0);

    // Another seed on the same data: the prepared data and projection come from the cache.
    let again = RunRequest {
        seed: 5,
        ..request()
    };
    let (out, reports) = run_with(again, &cache, &NoHelpers);
    let refit = out.unwrap();
    assert!(Arc::ptr_eq(&refit.prepared, &fitted.prepared));
    assert!(Arc::ptr_eq(&refit.projection, &fitted.projection));
    assert!(Arc::ptr_eq(&refit.propensity, &fitted.propensity));
    // Nothing to project or fit for propensity: the bar ends at scoring, full.
    let last = reports.last().unwrap();
    assert!(
        reports.iter().all(|p| p.total == last.done + 1),
        "{reports:?}"
    );
    let (labels, _) = stages(&reports);
    assert_eq!(labels[0], "Fitting K = 2 of 8…");
    assert_eq!(labels.last().unwrap(), "Scoring every K (silhouette)…");
}

/// A run asked for the first view names that K's segments and makes every offer under that
/// policy, as the page would; the page's jobs reuse them for that K and policy only.
#[test]
fn a_run_makes_the_first_view_that_the_page_then_reuses() {
    use c360::app::jobs::{recommend_offers, segment_customers};
    use c360::app::run::FirstView;
    use c360::core::pipeline::segment;
    use c360::core::policy::Arbitration;

    let policy = Arc::new(Policy {
        arbitration: Arbitration::PropensityRanked,
        ..Policy::default()
    });
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let reports = RefCell::new(Vec::new());
    // Read when the run comes to it: the K and policy in force then.
    let asked = Cell::new(0);
    let first = || {
        asked.set(asked.get() + 1);
        FirstView {
            k: Some(4),
            policy: Arc::clone(&policy),
        }
    };
    let fitted = block_on(run_analysis(
        request(),
        Some(&first),
        cache,
        &Immediate::default(),
        &NoHelpers,
        |p| reports.borrow_mut().extend(p),
        || true,
    ))
    .unwrap();
    let reports = reports.into_inner();
    let (labels, done) = stages(&reports);
    assert_eq!(
        labels[14..],
        ["Naming the segments…", "Making every customer's offer…"]
    );
    assert_eq!(done, (0..16).collect::<Vec<_>>());
    assert!(reports.iter().all(|p| p.total == 16), "{reports:?}");

    assert_eq!(asked.get(), 1);
    // What the run made is what the page's own jobs make without it.
    let (cut_segmentation, cut_offers) = {
        let cut = fitted.first.lock().unwrap();
        let cut = cut.as_ref().expect("asked for");
        (Arc::clone(&cut.segmentation), Arc::clone(&cut.offers))
    };
    let expected = segment(&fitted.prepared, &fitted.selection, Some(4));
    assert_eq!(*cut_segmentation, expected);
    assert_eq!(cut_segmentation.chosen_k, 4);
    let offers = expected
        .view(&fitted.prepared)
        .recommend(&policy, Some(&fitted.propensity));
    assert_eq!(*cut_offers, offers);
    assert!(fitted.timings.first_view > 0.0);
    // Offers made in pieces (as the run makes them) are the offers made at once.
    let decider = c360::core::offers::Decider::new(&policy, Some(&fitted.propensity));
    let mut pieces = Vec::new();
    for range in [0..1, 1..1, 1..300, 300..800] {
        expected
            .view(&fitted.prepared)
            .recommend_into(&decider, range, &mut pieces);
    }
    assert_eq!(pieces, offers);

    // Reused for that K and an equal policy; made anew otherwise.
    let segmented = Arc::new(segment_customers(&fitted, Some(4)));
    assert!(Arc::ptr_eq(&segmented.segmentation, &cut_segmentation));
    let equal = Arc::new((*policy).clone());
    let reused = recommend_offers(&segmented, &equal);
    assert!(Arc::ptr_eq(&reused.offers, &cut_offers));
    drop(reused);
    let rules = Arc::new(Policy::default());
    let offered = recommend_offers(&segmented, &rules);
    assert!(!Arc::ptr_eq(&offered.offers, &cut_offers));
    // Another policy: the run's first view is let go (one set of offers kept, not two).
    assert!(fitted.first.lock().unwrap().is_none());
    assert_eq!(Arc::strong_count(&cut_offers), 1);
    assert_eq!(
        *offered.offers,
        expected
            .view(&fitted.prepared)
            .recommend(&rules, Some(&fitted.propensity))
    );
    let best = segment_customers(&fitted, None);
    assert!(!Arc::ptr_eq(&best.segmentation, &cut_segmentation));
    assert_eq!(
        *best.segmentation,
        segment(&fitted.prepared, &fitted.selection, None)
    );
}

/// Helpers that fit the even K's (as workers that answered only some pieces would).
struct EvenKs;

impl FitHelpers for EvenKs {
    type Pool = ();

    fn pool(&self) -> Option<()> {
        Some(())
    }

    async fn fit(
        _pool: &(),
        prepared: &Arc<Prepared>,
        ks: &[usize],
        restarts: usize,
        seed: u64,
        on_fit: impl Fn(usize),
        _keep_going: impl Fn() -> bool,
    ) -> HelperFits {
        let samples = Samples::new(prepared.x.view()).unwrap();
        let mut fits = BTreeMap::new();
        for &k in ks.iter().filter(|k| *k % 2 == 0) {
            fits.insert(k, fit_k(&samples, k, 0..restarts, seed).unwrap().fit);
            on_fit(fits.len());
        }
        HelperFits { fits, workers: 2 }
    }

    /// Fits the first product only.
    async fn propensity(
        _pool: &(),
        prepared: &Arc<Prepared>,
        _keep_going: impl Fn() -> bool,
    ) -> Vec<ProductFit> {
        let first = Owned::ALL[0];
        vec![fit_product(&Design::of(
            &prepared.rows,
            &prepared.features,
            first,
        ))]
    }
}

#[test]
fn fits_the_helpers_do_not_return_are_made_here() {
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let (alone, _) = run_with(request(), &cache, &NoHelpers);
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let (helped, reports) = run_with(request(), &cache, &EvenKs);
    let (alone, helped) = (alone.unwrap(), helped.unwrap());
    assert_eq!(helped.selection, alone.selection);
    assert_eq!(helped.propensity, alone.propensity);
    assert_eq!(helped.timings.fit_workers, 2);
    assert_eq!(helped.timings.propensity_on_workers, 1);
    assert_eq!(helped.timings.fit_on_page, 3, "K = 3, 5, 7");
    let labels: Vec<&str> = reports.iter().map(|p| p.label.as_str()).collect();
    assert!(labels.contains(&"Fitting K = 2…8…"), "{labels:?}");
    assert!(
        labels.contains(&"Fitting K = 2…8: 4 of 7 done…"),
        "{labels:?}"
    );
    assert!(labels.contains(&"Fitting K = 7 of 8…"), "{labels:?}");
    assert!(!labels.contains(&"Fitting K = 4 of 8…"), "{labels:?}");
    assert!(
        labels.contains(&"Fitting the propensity models…"),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"Fitting the propensity model: credit card…"),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Fitting the propensity model: loan…"),
        "{labels:?}"
    );
    // Another restarts count on the same data: the models come from the cache, and so does
    // where they were fitted (it read "0 of 3 models on workers").
    let again = RunRequest {
        restarts: 1,
        ..request()
    };
    let (cached, reports) = run_with(again, &cache, &EvenKs);
    let cached = cached.unwrap();
    assert_eq!(cached.propensity, helped.propensity);
    assert_eq!(cached.timings.propensity_on_workers, 1);
    assert_eq!(cached.timings.propensity, helped.timings.propensity);
    assert!(
        !reports.iter().any(|p| p.label.contains("propensity")),
        "the models are not fitted again"
    );
}

#[test]
fn a_superseded_run_stops_without_a_result() {
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let checks = Cell::new(0);
    let out = block_on(run_analysis(
        request(),
        None,
        cache,
        &Immediate::default(),
        &NoHelpers,
        |_| {},
        || {
            checks.set(checks.get() + 1);
            checks.get() < 4
        },
    ));
    assert!(matches!(out, Err(RunError::Superseded)));
}

#[test]
fn bad_parameters_fail_before_any_work() {
    let cache = Rc::new(RefCell::new(DataCache::default()));
    let req = RunRequest {
        restarts: 0,
        ..request()
    };
    let (out, reports) = run_with(req, &cache, &NoHelpers);
    match out {
        Err(RunError::Failed(e)) => assert!(e.summary.contains("restarts"), "{e:?}"),
        other => panic!("{other:?}"),
    }
    assert!(reports.is_empty());
}

/// The lookup finds a customer by the exact id (each id once), and nothing for another text.
#[test]
fn the_lookup_finds_each_customer_by_its_exact_id() {
    use c360::app::jobs::find_customer;
    use c360::core::synth::{DataProfile, SynthParams, synthesize};
    let ds = synthesize(
        &SynthParams {
            customers: 700,
            seed: 3,
            profile: DataProfile::Seed,
        }
        .check()
        .unwrap(),
    );
    let prepared = c360::core::pipeline::prepare(&ds).unwrap();
    for (i, c) in prepared.rows.iter().enumerate() {
        assert_eq!(find_customer(&prepared, &c.customer_id), Some(i));
    }
    assert_eq!(find_customer(&prepared, "701"), None);
    assert_eq!(find_customer(&prepared, " 7"), None);
    assert_eq!(find_customer(&prepared, ""), None);
}
