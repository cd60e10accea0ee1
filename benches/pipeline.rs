//! The whole analysis natively: synthesis → Customer 360 → features → K-Means for K = 2…8 with
//! 10 restarts → silhouette → personas → offers, at 3,000 and 30,000 customers.
//!
//! Run: `make bench` (or `cargo bench --bench pipeline`).

use c360::core::pipeline::{AnalysisParams, analyze, prepare};
use c360::core::policy::Policy;
use c360::core::synth::{SynthParams, synthesize};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn bench_pipeline(c: &mut Criterion) {
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [3_000usize, 30_000] {
        let params = SynthParams {
            customers: n,
            ..Default::default()
        }
        .check()
        .unwrap();
        g.bench_function(format!("synthesize/{n}"), |b| {
            b.iter(|| synthesize(&params))
        });
        let ds = synthesize(&params);
        g.bench_function(format!("prepare/{n}"), |b| b.iter(|| prepare(&ds).unwrap()));
        g.bench_function(format!("analyze/{n}"), |b| {
            b.iter(|| {
                let ds = synthesize(&params);
                analyze(&ds, &AnalysisParams::default(), &Policy::default()).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_pipeline);
criterion_main!(benches);
