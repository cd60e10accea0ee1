//! Expected revenue by offer.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::revenue::{self, RevenueData};
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// Conversion × average revenue, summed per offer over the filtered customers.
#[component]
pub fn RevenueChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results
            .filtered
            .with(|f| f.as_ref().map(|f| RevenueData::from_summary(&f.summary)))
    });
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    let mut rows: Vec<Vec<String>> = d
                        .rows
                        .iter()
                        .map(|r| {
                            let e = results.analysis.with(|a| {
                                a.as_ref().and_then(|a| {
                                    a.policy.offers.iter().find(|o| o.name == r.offer).cloned()
                                })
                            });
                            vec![
                                r.offer.clone(),
                                format::count(r.customers),
                                e.as_ref()
                                    .map(|e| format::percent(e.conversion, 0))
                                    .unwrap_or_default(),
                                e.as_ref()
                                    .map(|e| format::inr(e.revenue))
                                    .unwrap_or_default(),
                                format::inr(r.revenue),
                            ]
                        })
                        .collect();
                    rows.push(vec![
                        "Total".to_string(),
                        format::count(d.rows.iter().map(|r| r.customers).sum()),
                        String::new(),
                        String::new(),
                        format::inr(d.total()),
                    ]);
                    rows
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) if !d.rows.is_empty() => format!(
                "total {}; {}",
                format::inr(d.total()),
                d.rows
                    .iter()
                    .map(|r| format!("{} {}", r.offer, format::inr(r.revenue)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(_) => "no customers match the filters".to_string(),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Expected revenue by offer"
            label=Signal::derive(label)
            data=data
            draw={revenue::draw_revenue::<Canvas>}
            on_pick=super::picks::pick_offer()
        >
            <DataTable
                headers=vec!["Offer", "Customers", "Conversion", "Revenue if converted", "Expected revenue"]
                rows=Signal::derive(rows)
            />
        </ChartCard>
    }
}
