//! What a campaign manager's change costs at 100,000 customers, after the segments are fitted:
//! a plan lever (budget, holdout, capacity) re-plans; a policy edit decides every offer again and
//! re-plans; the propensity models are fitted once per data set.
//!
//! Run: `make bench BENCHES=campaign` (or `cargo bench --bench campaign`).

use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::plan::plan;
use c360::core::policy::Policy;
use c360::core::propensity::fit_propensities;
use c360::core::synth::{SynthParams, synthesize};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn bench_campaign(c: &mut Criterion) {
    let mut g = c.benchmark_group("campaign");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let n = 100_000;
    let params = SynthParams {
        customers: n,
        ..Default::default()
    }
    .check()
    .unwrap();
    let ds = synthesize(&params);
    let a = analyze(
        &ds,
        &AnalysisParams {
            k_min: 3,
            k_max: 4,
            restarts: 2,
            ..Default::default()
        },
        &Policy::default(),
    )
    .unwrap();
    let rows = &a.prepared.rows;
    let mut budget = a.policy.clone();
    budget.plan.budget = Some(500_000.0);
    g.bench_function(format!("replan/{n}"), |b| {
        b.iter(|| plan(rows, &a.offers, &budget, Some(&a.propensity), &budget.plan))
    });
    let mut edited = budget.clone();
    edited.offers[5].conversion = 0.5;
    edited.suitability[1].enabled = true;
    let view = a.segmentation.view(&a.prepared);
    g.bench_function(format!("decide_and_replan/{n}"), |b| {
        b.iter(|| {
            let offers = view.recommend(&edited, Some(&a.propensity));
            plan(rows, &offers, &edited, Some(&a.propensity), &edited.plan)
        })
    });
    let mut ranked = edited.clone();
    ranked.arbitration = c360::core::policy::Arbitration::PropensityRanked;
    g.bench_function(format!("rank_and_replan/{n}"), |b| {
        b.iter(|| {
            let offers = view.recommend(&ranked, Some(&a.propensity));
            plan(rows, &offers, &ranked, Some(&a.propensity), &ranked.plan)
        })
    });
    g.bench_function(format!("fit_propensities/{n}"), |b| {
        b.iter(|| fit_propensities(rows, &a.prepared.features))
    });
    g.finish();
}

criterion_group!(benches, bench_campaign);
criterion_main!(benches);
