//! Cross-sell campaign mix.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::campaign_mix::{self, CampaignMixData};
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// Customers per recommended offer, most first.
#[component]
pub fn CampaignMixChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results.filtered.with(|f| {
            f.as_ref()
                .map(|f| CampaignMixData::from_summary(&f.summary))
        })
    });
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.offer.clone(),
                                format::count(r.customers),
                                format::percent(r.share, 1),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) if !d.rows.is_empty() => d
                .rows
                .iter()
                .map(|r| format!("{} {}", r.offer, format::count(r.customers)))
                .collect::<Vec<_>>()
                .join(", "),
            Some(_) => "no customers match the filters".to_string(),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Cross-sell campaign mix"
            label=Signal::derive(label)
            data=data
            draw={campaign_mix::draw_campaign_mix::<Canvas>}
            on_pick=super::picks::pick_offer()
        >
            <DataTable headers=vec!["Offer", "Customers", "Share"] rows=Signal::derive(rows)/>
        </ChartCard>
    }
}
