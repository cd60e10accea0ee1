//! The whole pipeline: persona recovery on the realistic profile, determinism, K override,
//! degenerate data.

use c360::core::data::PlantedPersona;
use c360::core::personas::{Archetype, Naming, segment_profiles};
use c360::core::policy::Policy;
use std::sync::Arc;

use c360::core::error::CoreError;
use c360::core::kmeans::Samples;
use c360::core::pipeline::{
    AnalysisParams, Preparing, analyze, analyze_observed, prepare, segment,
};
use c360::core::selection::fit_k;
use c360::core::stages::{
    Input, JOIN_PIECE, RunOutput, SCORE_PIECE, SYNTH_PIECE, Stage, StagedRun,
};
use c360::core::synth::{DataProfile, SynthParams, synthesize};

fn data(customers: usize, seed: u64, profile: DataProfile) -> c360::core::data::Dataset {
    synthesize(
        &SynthParams {
            customers,
            seed,
            profile,
        }
        .check()
        .unwrap(),
    )
}

#[test]
fn realistic_profile_personas_come_back() {
    for seed in [42, 7] {
        let ds = data(3_000, seed, DataProfile::Realistic);
        let a = analyze(
            &ds,
            &AnalysisParams {
                seed,
                ..Default::default()
            },
            &Policy::default(),
        )
        .unwrap();
        let seg = &a.segmentation;
        let scores: Vec<_> = a
            .selection
            .scores
            .iter()
            .map(|s| (s.k, (s.silhouette * 1e3).round() / 1e3))
            .collect();
        assert_eq!(seg.chosen_k, 3, "seed {seed}: silhouettes {scores:?}");
        let ari = seg.planted_ari.unwrap();
        assert!(ari >= 0.8, "seed {seed}: ARI {ari}");
        // Each segment is named after the planted persona most of its members come from.
        let planted = ds.planted.as_ref().unwrap();
        for s in &seg.segments {
            let mut counts = [0usize; 3];
            for (l, p) in seg.labels.iter().zip(planted) {
                if *l == s.cluster {
                    counts[*p as usize] += 1;
                }
            }
            let majority = PlantedPersona::ALL[(0..3).max_by_key(|&i| counts[i]).unwrap()];
            assert_eq!(
                s.archetype.planted(),
                Some(majority),
                "seed {seed}: {} has {counts:?}",
                s.name
            );
        }
    }
}

#[test]
fn every_k_gets_distinct_names_with_evidence() {
    for profile in [DataProfile::Realistic, DataProfile::Seed] {
        distinct_true_names(profile);
    }
}

/// For K = 2…8: K distinct names, each agreeing with its own segment's numbers — a segment named
/// after an archetype (alone or as a variant) shows that archetype's profile, and one named from
/// its features fits no archetype.
fn distinct_true_names(profile: DataProfile) {
    let ds = data(2_000, 42, profile);
    let params = AnalysisParams {
        restarts: 3,
        ..Default::default()
    };
    let mut run = StagedRun::new(Input::Dataset(&ds), &params).unwrap();
    run.run_all().unwrap();
    let RunOutput {
        prepared,
        selection,
        ..
    } = run.finish().unwrap();
    assert_eq!(
        selection.scores.iter().map(|s| s.k).collect::<Vec<_>>(),
        (2..=8).collect::<Vec<_>>()
    );
    for k in 2..=8 {
        let seg = segment(&prepared, &selection, Some(k));
        assert_eq!(seg.chosen_k, k);
        assert_eq!(seg.segments.len(), k);
        let mut names: Vec<_> = seg.segments.iter().map(|s| &s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), k, "{profile:?} K={k}: names must be distinct");
        let mut mixed: Vec<Vec<&str>> = names
            .iter()
            .filter_map(|n| n.strip_prefix("Mixed: "))
            .map(|t| {
                let mut t: Vec<&str> = t.split(", ").collect();
                t.sort_unstable();
                t
            })
            .collect();
        let n_mixed = mixed.len();
        mixed.sort_unstable();
        mixed.dedup();
        assert_eq!(mixed.len(), n_mixed, "{profile:?} K={k}: {names:?}");
        let alone = seg
            .segments
            .iter()
            .filter(|s| s.naming == Naming::Archetype)
            .map(|s| s.archetype)
            .collect::<Vec<_>>();
        let (profiles, pop) = segment_profiles(
            &prepared.rows,
            prepared.x_raw.view(),
            prepared.x.view(),
            &seg.labels,
            k,
        );
        for s in &seg.segments {
            let p = &profiles[s.cluster];
            assert_eq!(p.z, s.z_centroid);
            match s.naming {
                Naming::Archetype | Naming::Variant => {
                    assert!(
                        s.archetype.fits(p, &pop),
                        "{profile:?} K={k}: {} does not show its profile: {p:?}",
                        s.name
                    );
                    assert!(s.name.starts_with(s.archetype.name()), "{}", s.name);
                }
                Naming::Features => assert!(
                    Archetype::ALL.iter().all(|a| !a.fits(p, &pop)),
                    "{profile:?} K={k}: {} fits an archetype",
                    s.name
                ),
            }
            // A variant's archetype is another segment's own name.
            if s.naming == Naming::Variant {
                assert!(alone.contains(&s.archetype), "{}", s.name);
            }
            assert_eq!(s.evidence.len(), 3);
            assert!(s.evidence.windows(2).all(|w| w[0].z.abs() >= w[1].z.abs()));
            assert_eq!(
                seg.labels.iter().filter(|&&l| l == s.cluster).count(),
                s.size
            );
        }
        assert_eq!(seg.segments.iter().map(|s| s.size).sum::<usize>(), ds.len());
    }
}

#[test]
fn handing_the_data_over_gives_the_same_analysis_as_lending_it() {
    // The CLI hands its import over (freed once prepared); the app and the tests lend theirs.
    let ds = data(900, 5, DataProfile::Realistic);
    let params = AnalysisParams {
        restarts: 3,
        ..Default::default()
    };
    let lent = analyze(&ds, &params, &Policy::default()).unwrap();
    let mut steps = Vec::new();
    let owned = analyze_observed(
        Input::OwnedDataset(ds),
        &params,
        &Policy::default(),
        &mut |s| steps.push(s),
    )
    .unwrap();
    assert_eq!(owned.prepared.rows, lent.prepared.rows);
    assert_eq!(owned.selection, lent.selection);
    assert_eq!(owned.segmentation.labels, lent.segmentation.labels);
    assert_eq!(owned.offers, lent.offers);
    assert_eq!(
        steps,
        [
            "prepare",
            "fit",
            "score",
            "project",
            "segment",
            "propensity",
            "offers"
        ]
    );
}

#[test]
fn the_same_seed_gives_identical_output() {
    let ds = data(800, 11, DataProfile::Seed);
    let p = AnalysisParams {
        seed: 11,
        restarts: 4,
        ..Default::default()
    };
    let a = analyze(&ds, &p, &Policy::default()).unwrap();
    let b = analyze(&ds, &p, &Policy::default()).unwrap();
    assert_eq!(a.selection, b.selection);
    assert_eq!(a.segmentation, b.segmentation);
    assert_eq!(a.offers, b.offers);
    assert_eq!(a.projection, b.projection);
}

#[test]
fn every_customer_gets_an_offer_with_a_reason_and_revenue() {
    let ds = data(1_500, 5, DataProfile::Realistic);
    let a = analyze(
        &ds,
        &AnalysisParams {
            restarts: 3,
            ..Default::default()
        },
        &Policy::default(),
    )
    .unwrap();
    assert_eq!(a.offers.len(), ds.len());
    let policy = Policy::default();
    for (o, f) in a.offers.iter().zip(&a.prepared.features) {
        assert!(!o.reason.is_empty());
        let spec = &policy.offers[o.offer.expect("the default policy always makes an offer")];
        assert_eq!(o.expected_revenue, spec.conversion * spec.revenue);
        if f.risk_flag {
            assert!(!spec.new_credit, "guardrail on by default");
        }
    }
    assert!(
        a.offers.iter().any(|o| o.guarded()),
        "some risky customers exist in 1,500"
    );
}

#[test]
fn parameters_are_validated() {
    for bad in [
        AnalysisParams {
            k: Some(9),
            ..Default::default()
        },
        AnalysisParams {
            k: Some(1),
            ..Default::default()
        },
        AnalysisParams {
            k_min: 1,
            ..Default::default()
        },
        AnalysisParams {
            k_min: 5,
            k_max: 4,
            ..Default::default()
        },
        AnalysisParams {
            restarts: 0,
            ..Default::default()
        },
    ] {
        assert!(bad.check().is_err(), "{bad:?}");
    }
}

#[test]
fn degenerate_data_is_an_error_not_a_panic() {
    let empty = c360::core::data::Dataset::default();
    assert!(prepare(&empty).is_err());
    // Fewer customers than K: k-means refuses K=3 on 2 customers.
    let ds = data(2, 1, DataProfile::Seed);
    let r = analyze(&ds, &AnalysisParams::default(), &Policy::default());
    assert!(r.is_err());
    // A NaN income is reported with the customer and the column.
    let mut ds = data(50, 1, DataProfile::Seed);
    ds.customers[3].income = f64::NAN;
    let err = prepare(&ds).unwrap_err().to_string();
    assert!(
        err.contains("customer 4") && err.contains("income"),
        "{err}"
    );
}

#[test]
fn identical_customers_do_not_break_the_pipeline() {
    let mut ds = data(40, 1, DataProfile::Seed);
    let first = ds.customers[0].clone();
    for c in ds.customers.iter_mut() {
        let id = c.customer_id.clone();
        *c = first.clone();
        c.customer_id = id;
    }
    let r = analyze(
        &ds,
        &AnalysisParams {
            restarts: 2,
            ..Default::default()
        },
        &Policy::default(),
    );
    assert!(r.is_ok(), "{:?}", r.err());
}

/// The stages run one at a time in the defined order, with progress counting up to a total that
/// is exact once the data is prepared, and give exactly what `analyze` gives.
#[test]
fn synthesis_and_preparing_run_in_pieces_above_a_piece_of_customers() {
    // More customers than one piece of synthesis: each stage takes several calls, the progress
    // moves once per stage, between pieces the run says how far the stage is, and the prepared
    // data is the data synthesized whole and prepared at once. Synthetic data is joined piece
    // by piece as it is made, so preparing is the rest alone.
    for profile in [DataProfile::Seed, DataProfile::Realistic] {
        let customers = SYNTH_PIECE + SYNTH_PIECE / 5;
        let synth = SynthParams {
            customers,
            seed: 4,
            profile,
        }
        .check()
        .unwrap();
        let ds = synthesize(&synth);
        let mut run = StagedRun::new(Input::Synthetic(synth), &AnalysisParams::default()).unwrap();
        let mut calls = Vec::new();
        let mut within = Vec::new();
        while let Some(stage @ (Stage::Synthesize | Stage::Prepare)) = run.next_stage() {
            let before = run.progress().0;
            assert_eq!(run.run_next().unwrap(), Some(stage));
            let moved = run.progress().0 - before;
            let last = run.next_stage() != Some(stage);
            assert_eq!(
                moved,
                usize::from(last),
                "{stage:?}: progress moves on its last piece"
            );
            // How far the stage is, between its pieces (what the page's label shows).
            match run.within_stage() {
                None => assert!(last, "{stage:?} says how far it is until its last piece"),
                Some((done, all)) => {
                    assert!(!last);
                    // Preparing in rows (Preparing::progress).
                    let of = if stage == Stage::Synthesize {
                        customers
                    } else {
                        Preparing::work(customers)
                    };
                    assert_eq!(all, of);
                    within.push((stage, done));
                }
            }
            match calls.last_mut() {
                Some((s, n)) if *s == stage => *n += 1,
                _ => calls.push((stage, 1)),
            }
        }
        let mut expected = vec![(Stage::Synthesize, SYNTH_PIECE)];
        // The features, the model matrix, the scaler, the scaled matrix (one piece each at this
        // size), then the distinct rows end the stage.
        let n = customers;
        expected
            .extend([n, 2 * n, 2 * n + n / 4, 3 * n + n / 4].map(|done| (Stage::Prepare, done)));
        assert_eq!(within, expected);
        assert_eq!(
            calls,
            [
                (Stage::Synthesize, customers.div_ceil(SYNTH_PIECE)),
                (Stage::Prepare, 5),
            ]
        );
        let at_once = prepare(&ds).unwrap();
        let prepared = run.prepared().unwrap();
        assert_eq!(prepared.rows, at_once.rows);
        assert_eq!(prepared.x, at_once.x);
        assert_eq!(prepared.join_report, at_once.join_report);
        assert_eq!(prepared.planted, at_once.planted);
        assert_eq!(
            prepared.planted.is_some(),
            profile == DataProfile::Realistic
        );
    }
}

/// Data joined piece by piece has no tables left to point into: a model input that is not a
/// finite number is located at the customer's row and the model input, and stops the run.
#[test]
fn a_bad_value_in_data_joined_piece_by_piece_names_the_customer_and_input() {
    use c360::core::c360::Join;
    use c360::core::synth::Synthesis;
    let params = SynthParams {
        customers: 600,
        seed: 2,
        profile: DataProfile::Seed,
    }
    .check()
    .unwrap();
    let mut synthesis = Synthesis::new(&params);
    let mut join = Join::of_customers(600);
    let mut first = true;
    while let Some(mut piece) = synthesis.next_piece(250) {
        if first {
            piece.customers[7].income = f64::INFINITY;
            first = false;
        }
        join.feed_whole(&piece);
    }
    let mut preparing = Preparing::of_join(join, None).unwrap();
    let err = loop {
        match preparing.step_rows(None, 100) {
            Ok(Some(_)) => panic!("an infinite income was prepared"),
            Ok(None) => {}
            Err(e) => break e,
        }
    };
    let CoreError::Data(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.location(), "customers.csv, row 9, column income");
    assert!(e.problem.contains("customer 8"), "{}", e.problem);
    assert!(e.problem.contains("not a finite number"), "{}", e.problem);
    // No customers at all: refused before any work.
    assert!(matches!(
        Preparing::of_join(Join::of_customers(0), None),
        Err(CoreError::NoCustomers)
    ));
}

/// Given data (an import) is joined in pieces of records while preparing.
#[test]
fn given_data_is_joined_in_pieces_of_records_while_preparing() {
    let customers = SYNTH_PIECE + SYNTH_PIECE / 5;
    let synth = SynthParams {
        customers,
        seed: 4,
        profile: DataProfile::Seed,
    };
    let ds = synthesize(&synth.check().unwrap());
    let records = ds.records();
    let mut run = StagedRun::new(Input::Dataset(&ds), &AnalysisParams::default()).unwrap();
    let mut within = Vec::new();
    let mut calls = 0;
    while run.next_stage() == Some(Stage::Prepare) {
        run.run_next().unwrap();
        calls += 1;
        if let Some((done, all)) = run.within_stage() {
            assert_eq!(all, records + Preparing::work(customers));
            within.push(done);
        }
    }
    let pieces = records.div_ceil(JOIN_PIECE);
    let n = customers;
    let mut expected: Vec<usize> = (1..pieces).map(|p| p * JOIN_PIECE).collect();
    expected.extend([0, n, 2 * n, 2 * n + n / 4, 3 * n + n / 4].map(|done| records + done));
    assert_eq!(within, expected);
    assert_eq!(calls, pieces + 5);
    let at_once = prepare(&ds).unwrap();
    assert_eq!(run.prepared().unwrap().x, at_once.x);
}

#[test]
fn staged_run_goes_through_every_stage_once_in_order() {
    let synth = SynthParams {
        customers: 900,
        seed: 3,
        profile: DataProfile::Seed,
    };
    let params = AnalysisParams {
        k_max: 4,
        restarts: 2,
        ..AnalysisParams::default()
    };
    let mut run = StagedRun::new(Input::Synthetic(synth.check().unwrap()), &params).unwrap();
    assert_eq!(run.progress(), (0, 2 + 3 + 2)); // synthesize, prepare, K = 2…4, score, project
    let mut seen = Vec::new();
    let mut pieces = 0;
    while let Some(stage) = run.next_stage() {
        assert_eq!(run.run_next().unwrap(), Some(stage));
        let (done, total) = run.progress();
        if run.within_stage().is_some() {
            // A piece of a stage that runs in pieces (scoring, projecting): it stays next.
            assert_eq!(run.next_stage(), Some(stage));
            assert_eq!((done, total), (seen.len(), 7), "within {stage:?}");
            pieces += 1;
            continue;
        }
        assert_eq!((done, total), (seen.len() + 1, 7), "after {stage:?}");
        seen.push(stage);
    }
    assert_eq!(seen, every_stage(4));
    assert!(pieces >= 2, "the projection's three passes at least");
    assert_eq!(run.run_next().unwrap(), None);
    let out = run.finish().unwrap();
    let whole = analyzed_at_once(synth, &params);
    assert_eq!(out.selection, whole.selection);
    assert_eq!(out.prepared.x, whole.prepared.x);
    assert_eq!(out.projection.points, whole.projection.points);
    assert_eq!(
        Stage::Fit(3).label(out.prepared.rows.len(), 4),
        "Fitting K = 3 of 4…"
    );
    assert_eq!(
        Stage::Prepare.label(123_456, 8),
        "Preparing features for 1,23,456 customers…"
    );
}

/// Scoring runs in pieces of distance tiles: every K is fitted once, the score stage stays next
/// until its last piece (saying how far it is), and the selection is the one scored at once.
#[test]
fn scoring_runs_in_pieces_after_every_k_is_fitted_once() {
    let synth = SynthParams {
        customers: 2_000,
        seed: 6,
        profile: DataProfile::Realistic,
    };
    let params = AnalysisParams {
        k_max: 5,
        restarts: 2,
        ..AnalysisParams::default()
    };
    let mut run = StagedRun::new(Input::Synthetic(synth.check().unwrap()), &params).unwrap();
    let blocks = 2_000_usize.div_ceil(32);
    let tiles = blocks * (blocks + 1) / 2; // 2,016
    let mut seen = Vec::new();
    let mut within = Vec::new();
    while let Some(stage) = run.next_stage() {
        let before = run.progress();
        assert_eq!(run.run_next().unwrap(), Some(stage));
        if stage == Stage::Score {
            match run.within_stage() {
                Some((done, all)) => {
                    assert_eq!(all, tiles);
                    assert_eq!(run.progress(), before, "a piece does not move the progress");
                    within.push(done);
                }
                None => assert_eq!(run.progress().0, before.0 + 1),
            }
        }
        if seen.last() != Some(&stage) {
            seen.push(stage);
        }
    }
    assert_eq!(seen, every_stage(5));
    // Whole rows of tiles per piece: at least SCORE_PIECE tiles, at most a row more.
    // The pieces before the last (the last one ends the stage).
    assert!((tiles / (SCORE_PIECE + blocks)..=tiles / SCORE_PIECE).contains(&within.len()));
    assert!(within.len() >= 2, "{within:?}");
    assert!(
        within
            .windows(2)
            .all(|w| w[1] - w[0] >= SCORE_PIECE && w[1] - w[0] < SCORE_PIECE + blocks)
    );
    let out = run.finish().unwrap();
    assert_eq!(out.selection, analyzed_at_once(synth, &params).selection);
}

/// A synthetic run's stages, each once, in order: K = 2…`k_max`.
fn every_stage(k_max: usize) -> Vec<Stage> {
    let mut stages = vec![Stage::Synthesize, Stage::Prepare];
    stages.extend((2..=k_max).map(Stage::Fit));
    stages.extend([Stage::Score, Stage::Project]);
    stages
}

/// The analysis of `synth`'s data in one go.
fn analyzed_at_once(synth: SynthParams, params: &AnalysisParams) -> c360::core::pipeline::Analysis {
    analyze(
        &synthesize(&synth.check().unwrap()),
        params,
        &Policy::default(),
    )
    .unwrap()
}

/// Fits made elsewhere (the browser's workers) count as their K's stage and give the same
/// result; prepared data and a projection kept from an earlier run skip their stages.
#[test]
fn staged_run_takes_fits_made_elsewhere_and_cached_stages() {
    let ds = data(700, 8, DataProfile::Realistic);
    let params = AnalysisParams {
        restarts: 3,
        seed: 5,
        ..AnalysisParams::default()
    };
    let mut alone = StagedRun::new(Input::Dataset(&ds), &params).unwrap();
    alone.run_all().unwrap();
    let alone = alone.finish().unwrap();

    let prepared = Arc::new(prepare(&ds).unwrap());
    let mut run = StagedRun::new(Input::Prepared(Arc::clone(&prepared)), &params)
        .unwrap()
        .with_projection(Arc::clone(&alone.projection));
    assert_eq!(run.fits_to_do(), (2..=8).collect::<Vec<_>>());
    assert_eq!(run.progress(), (0, 7 + 1));
    // K = 8 and 4 "from a worker", in pieces folded as the pool folds them.
    let samples = Samples::new(prepared.x.view()).unwrap();
    for k in [8, 4] {
        let a = fit_k(&samples, k, 0..1, 5).unwrap();
        let b = fit_k(&samples, k, 1..3, 5).unwrap();
        run.add_fit(k, a.better(b).fit);
    }
    run.add_fit(4, alone.selection.fits[0].clone()); // a K already done is ignored
    assert_eq!(run.fits_to_do(), vec![2, 3, 5, 6, 7]);
    assert_eq!(run.progress(), (2, 8));
    let mut stages = Vec::new();
    while let Some(s) = run.run_next().unwrap() {
        stages.push(s);
    }
    assert_eq!(
        stages.last(),
        Some(&Stage::Score),
        "the projection was given"
    );
    assert!(!stages.contains(&Stage::Prepare));
    let out = run.finish().unwrap();
    assert_eq!(out.selection, alone.selection);
    assert!(Arc::ptr_eq(&out.projection, &alone.projection));
}

/// Above `FIT_SAMPLE` customers the CLI's way (every K at once on the cores, `analyze`) and the
/// page's (one stage at a time, `run_next`) fit exactly the same models, and say they sampled.
#[test]
fn large_runs_fit_the_same_at_once_and_stage_by_stage() {
    use c360::core::selection::FIT_SAMPLE;
    let ds = synthesize(
        &SynthParams {
            customers: FIT_SAMPLE + 500,
            seed: 9,
            profile: DataProfile::Realistic,
        }
        .check()
        .unwrap(),
    );
    let params = AnalysisParams {
        restarts: 2,
        k_max: 4,
        ..Default::default()
    };
    let at_once = analyze(&ds, &params, &Policy::default()).unwrap();
    let mut run = StagedRun::new(Input::Dataset(&ds), &params).unwrap();
    while run.run_next().unwrap().is_some() {}
    let one_by_one = run.finish().unwrap();
    assert_eq!(one_by_one.selection.fits, at_once.selection.fits);
    assert_eq!(one_by_one.selection.scores, at_once.selection.scores);
    assert_eq!(at_once.selection.fit_sample, Some(FIT_SAMPLE));
    assert_eq!(at_once.selection.fits[0].labels.len(), FIT_SAMPLE + 500);
}

/// Preparing in pieces of a few rows gives what the steps give in one go: the features, the
/// model matrix and the scaled matrix computed whole (as `prepare` computed them before it was
/// cut into pieces), and the same prepared data as `prepare`; an error is still located.
#[test]
fn preparing_in_pieces_of_rows_is_preparing_at_once() {
    use c360::core::c360::build_customer_360;
    use c360::core::features::{engineer_all, model_matrix};
    use c360::core::scaling::StandardScaler;
    let ds = synthesize(
        &SynthParams {
            customers: 1_003,
            seed: 8,
            profile: DataProfile::Realistic,
        }
        .check()
        .unwrap(),
    );
    let at_once = prepare(&ds).unwrap();
    let (rows, _) = build_customer_360(&ds);
    let features = engineer_all(&rows);
    let x_raw = model_matrix(&rows, &features);
    let scaler = StandardScaler::fit(x_raw.view());
    let x = scaler.transform(x_raw.view());
    assert_eq!(at_once.features, features);
    assert_eq!(at_once.x_raw, x_raw);
    assert_eq!(at_once.x, x);
    for rows in [1, 7, 500, 1_003] {
        let mut p = Preparing::new(&ds, build_customer_360(&ds)).unwrap();
        let mut last = p.progress();
        let prepared = loop {
            if let Some(prepared) = p.step_rows(Some(&ds), rows).unwrap() {
                break prepared;
            }
            let now = p.progress();
            assert!(
                now.0 > last.0 && now.1 == Preparing::work(1_003),
                "{last:?} → {now:?}"
            );
            last = now;
        };
        assert_eq!(prepared.rows, at_once.rows, "{rows} rows a piece");
        assert_eq!(prepared.features, at_once.features);
        assert_eq!(prepared.x_raw, at_once.x_raw);
        assert_eq!(prepared.x, at_once.x);
        assert_eq!(prepared.scaler, at_once.scaler);
        assert_eq!(prepared.distinct_rows, at_once.distinct_rows);
        assert_eq!(prepared.join_report, at_once.join_report);
    }
    // A value that is not a number stops preparing at the matrix, named, in pieces too.
    // A second one in a later piece: the first in the matrix's order is the one named.
    let mut bad = ds.clone();
    bad.customers[600].income = f64::NAN;
    bad.customers[900].tenure_years = f64::INFINITY;
    let whole = prepare(&bad).unwrap_err().to_string();
    assert!(
        whole.contains("(customer 601)") && !whole.contains("customer 901"),
        "{whole}"
    );
    let mut p = Preparing::new(&bad, build_customer_360(&bad)).unwrap();
    let in_pieces = loop {
        match p.step_rows(Some(&bad), 64) {
            Ok(None) => {}
            Ok(Some(_)) => panic!("prepared a NaN income"),
            Err(e) => break e.to_string(),
        }
    };
    assert_eq!(in_pieces, whole);
    assert!(
        whole.contains("annual_income") || whole.contains("income"),
        "{whole}"
    );
}

/// A segment's profile and the population, computed here one cluster and one column at a
/// time, from the definitions: means of the raw and z-scored inputs, shares holding each
/// product, share with a delinquency or an overdue loan.
#[test]
fn profiles_and_population_are_their_definitions() {
    let ds = data(2_000, 11, DataProfile::Realistic);
    let prepared = prepare(&ds).unwrap();
    let n = prepared.rows.len();
    // Labels that cut across the personas, with one cluster left empty.
    let k = 4;
    let labels: Vec<usize> = (0..n).map(|i| [0, 1, 3][(i * 7 + i / 5) % 3]).collect();
    let (profiles, pop) = segment_profiles(
        &prepared.rows,
        prepared.x_raw.view(),
        prepared.x.view(),
        &labels,
        k,
    );
    let share = |members: &[usize], f: &dyn Fn(usize) -> bool| {
        if members.is_empty() {
            0.0
        } else {
            members.iter().filter(|&&i| f(i)).count() as f64 / members.len() as f64
        }
    };
    let rows = &prepared.rows;
    let risky = |i: usize| rows[i].delinquency_12m > 0.0 || rows[i].overdue_flag > 0.0;
    let everyone: Vec<usize> = (0..n).collect();
    for j in 0..prepared.x_raw.ncols() {
        let mean = (0..n).map(|i| prepared.x_raw[[i, j]]).sum::<f64>() / n as f64;
        assert_eq!(pop.mean[j], mean, "column {j}");
    }
    assert_eq!(pop.risky, share(&everyone, &risky));
    assert_eq!(
        pop.penetration.loan,
        share(&everyone, &|i: usize| rows[i].has_loan)
    );
    for (c, p) in profiles.iter().enumerate() {
        let members: Vec<usize> = (0..n).filter(|&i| labels[i] == c).collect();
        assert_eq!(members.is_empty(), c == 2);
        for j in 0..prepared.x.ncols() {
            let mean = |x: &ndarray::Array2<f64>| {
                if members.is_empty() {
                    0.0
                } else {
                    members.iter().map(|&i| x[[i, j]]).sum::<f64>() / members.len() as f64
                }
            };
            assert_eq!(p.mean[j], mean(&prepared.x_raw), "cluster {c} column {j}");
            assert_eq!(p.z[j], mean(&prepared.x), "cluster {c} column {j}");
        }
        assert_eq!(p.risky, share(&members, &risky), "cluster {c}");
        assert_eq!(
            p.penetration.credit_card,
            share(&members, &|i: usize| rows[i].has_credit_card)
        );
        assert_eq!(
            p.penetration.loan,
            share(&members, &|i: usize| rows[i].has_loan)
        );
        assert_eq!(
            p.penetration.investments,
            share(&members, &|i: usize| rows[i].has_investments)
        );
    }
}
