//! Product penetration by segment.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::penetration::{self, PenetrationData};
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// Share of each segment's filtered customers holding a card, a loan, investments.
#[component]
pub fn PenetrationChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results.filtered.with(|f| {
            f.as_ref()
                .map(|f| PenetrationData::from_summary(&f.summary))
        })
    });
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.groups
                        .iter()
                        .map(|g| {
                            let mut row = vec![g.label.clone(), format::count(g.customers)];
                            row.extend(g.shares.iter().map(|s| format::percent(*s, 1)));
                            row
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) => d
                .groups
                .iter()
                .filter(|g| g.customers > 0)
                .map(|g| {
                    format!(
                        "{}: card {}, loan {}, investments {}",
                        g.label,
                        format::percent(g.shares[0], 0),
                        format::percent(g.shares[1], 0),
                        format::percent(g.shares[2], 0)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Product penetration by segment"
            label=Signal::derive(label)
            data=data
            draw={penetration::draw_penetration::<Canvas>}
            on_pick=super::picks::pick_segment()
        >
            <DataTable
                headers=vec!["Segment", "Customers", "Credit card", "Loan", "Investments"]
                rows=Signal::derive(rows)
            />
        </ChartCard>
    }
}
