//! Segment profiles: each persona's centroid (means of the key features), the evidence for its
//! name and its description.

use leptos::prelude::*;

use crate::app::format;
use crate::core::features::Feature;
use crate::core::personas::Segment;
use crate::ui::charts::theme::{css_hex, segment_color};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// A column of the table: the feature, heading, formatter.
type Column = (Feature, &'static str, fn(f64) -> String);

/// Key model features shown in the table.
const COLUMNS: [Column; 8] = [
    (Feature::Age, "Age", |v| format!("{v:.0}")),
    (Feature::Income, "Income", format::inr_short),
    (Feature::AvgBalance, "Avg balance", format::inr_short),
    (Feature::DigitalEngagementScore, "Digital score", |v| {
        format!("{v:.2}")
    }),
    (Feature::EmiToIncome, "EMI / income", |v| {
        format::percent(v, 0)
    }),
    (Feature::UtilizationRatio, "Card utilization", |v| {
        format::percent(v, 0)
    }),
    (Feature::TotalInvestments, "Investments", format::inr_short),
    (Feature::ProductCount, "Products", |v| format!("{v:.2}")),
];

/// A readable name for a model feature, by its column name.
fn feature_label(feature: &str) -> &str {
    Feature::from_name(feature).map_or(feature, |f| f.label())
}

/// "income ↑ 1.8σ" for each piece of evidence, strongest first.
fn evidence_lines(s: &Segment) -> Vec<String> {
    s.evidence
        .iter()
        .map(|e| {
            let arrow = if e.z >= 0.0 { "↑" } else { "↓" };
            format!("{} {arrow} {:.1}σ", feature_label(e.feature), e.z.abs())
        })
        .collect()
}

/// One row per segment selected in the filter.
#[component]
pub fn SegmentProfiles() -> impl IntoView {
    let results = use_results();
    let filters = use_app_state().filters;
    let pick = super::picks::pick_segment();
    let rows = move || {
        results.segmented.with(|s| {
            let Some(s) = s.as_ref() else {
                return Vec::new();
            };
            let excluded = filters.with(|f| f.excluded_segments.clone());
            // Customers of each segment passing the other filters (income, age, holding).
            let passing: Vec<usize> = results.filtered.with(|f| {
                f.as_ref()
                    .map(|f| f.summary.segments.iter().map(|g| g.customers).collect())
                    .unwrap_or_default()
            });
            s.segmentation
                .segments
                .iter()
                .filter(|seg| !excluded.contains(&seg.name))
                .map(|seg| {
                    let color = css_hex(segment_color(&s.segmentation.segments, seg.cluster));
                    let cells = COLUMNS
                        .iter()
                        .map(|(feature, _, f)| f(seg.centroid.get(feature.index()).copied().unwrap_or(f64::NAN)))
                        .collect::<Vec<_>>();
                    let after = passing.get(seg.cluster).copied().unwrap_or(0);
                    view! {
                        <tr>
                            <th scope="row" class="persona">
                                <span class="swatch" style:background=color.clone() aria-hidden="true"></span>
                                <button
                                    type="button"
                                    class="persona-name link-button"
                                    title="Show only this segment"
                                    on:click={
                                        let name = seg.name.clone();
                                        move |_| pick.run(name.clone())
                                    }
                                >
                                    {seg.name.clone()}
                                </button>
                                <span class="persona-desc">{seg.description.clone()}</span>
                                <span class="evidence" role="group" aria-label="Evidence">
                                    {evidence_lines(seg).into_iter().map(|l| view! { <span class="chip">{l}</span> }).collect_view()}
                                </span>
                            </th>
                            <td>
                                {format::count(seg.size)}
                                <small>{format::percent(seg.share, 1)}</small>
                                <small>{format!("{} filtered", format::count(after))}</small>
                            </td>
                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" aria-labelledby="profiles-title">
            <header class="card-head">
                <h2 id="profiles-title">"Segment profiles"</h2>
                <p class="card-note">
                    "Centroid means of the key features over all of each segment's customers; “filtered” counts those passing the filters. Under each name, the evidence for it: the features that stand out most, in standard deviations (σ) from the average customer."
                </p>
            </header>
            <div class="table-wrap">
                <table class="data-table profiles">
                    <thead>
                        <tr>
                            <th scope="col">"Segment"</th>
                            <th scope="col">"Customers"</th>
                            {COLUMNS.iter().map(|(_, h, _)| view! { <th scope="col">{*h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
