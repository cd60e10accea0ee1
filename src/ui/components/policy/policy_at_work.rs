//! The policy at work on the filtered customers: for each segment, which offer its customers get,
//! which rule sent them there and which suitability rule moved them.

use leptos::prelude::*;

use crate::app::format;
use crate::ui::components::DataTable;
use crate::ui::results::use_results;

/// A table: segment, offer, rule, moved by, customers, share of the segment's filtered customers.
#[component]
pub fn PolicyAtWork() -> impl IntoView {
    let results = use_results();
    let rows = move || {
        results.filtered.with(|f| {
            let Some(f) = f else { return vec![] };
            let view = f.analysis.view();
            let routes = view.routes(&f.indices);
            let segments = &f.analysis.segmented.segmentation.segments;
            let p = view.policy;
            let mut in_segment = vec![0usize; segments.len()];
            for r in &routes {
                in_segment[r.segment] += r.customers;
            }
            routes
                .iter()
                .map(|r| {
                    vec![
                        segments[r.segment].name.clone(),
                        r.offer
                            .map_or("No offer".into(), |o| p.offers[o].name.clone()),
                        r.rule.map_or("No rule applies".into(), |k| {
                            format!("{}. {}", k + 1, p.rules[k].name)
                        }),
                        r.moved_by
                            .map_or(String::new(), |k| p.suitability[k].name.clone()),
                        format::count(r.customers),
                        format::percent(
                            r.customers as f64 / in_segment[r.segment].max(1) as f64,
                            0,
                        ),
                    ]
                })
                .collect()
        })
    };
    view! {
        <div data-testid="policy-at-work">
            <DataTable
                headers=vec!["Segment", "Offer", "Chosen by rule", "Moved by", "Customers", "Of segment"]
                rows=Signal::derive(rows)
            />
        </div>
    }
}
