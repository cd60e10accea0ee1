//! What the analyst's workbench costs at 100,000 customers, after the analysis: applying a
//! combination of filters, and the customer table's search and sort on the filtered customers.
//!
//! Run: `make bench BENCHES=workbench` (or `cargo bench --bench workbench`).

use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;
use c360::core::summary::{Filter, Has};
use c360::core::synth::{SynthParams, synthesize};
use c360::core::table::{Column, table_rows};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn bench_workbench(c: &mut Criterion) {
    let mut g = c.benchmark_group("workbench");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let n = 100_000;
    let ds = synthesize(
        &SynthParams {
            customers: n,
            ..Default::default()
        }
        .check()
        .unwrap(),
    );
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
    let view = a.view();
    let everyone = view.filter(&Filter::default());
    let group = Filter {
        age: (51.0, 100.0),
        products: [Has::No, Has::Yes, Has::Any],
        ..Filter::default()
    };
    g.bench_function(format!("filter_and_summarize/{n}"), |b| {
        b.iter(|| {
            let i = view.filter(&group);
            view.summarize(&i)
        })
    });
    g.bench_function(format!("table_by_id/{n}"), |b| {
        b.iter(|| table_rows(&view, &everyone, "", Column::Id, false))
    });
    g.bench_function(format!("table_by_expected_desc/{n}"), |b| {
        b.iter(|| table_rows(&view, &everyone, "", Column::Expected, true))
    });
    g.bench_function(format!("table_by_segment/{n}"), |b| {
        b.iter(|| table_rows(&view, &everyone, "", Column::Segment, false))
    });
    g.bench_function(format!("table_search/{n}"), |b| {
        b.iter(|| table_rows(&view, &everyone, "123", Column::Id, false))
    });
    g.finish();
}

criterion_group!(benches, bench_workbench);
criterion_main!(benches);
