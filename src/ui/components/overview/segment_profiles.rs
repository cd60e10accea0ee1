//! Segment profiles: each persona's centroid (means of the key features), the evidence for its
//! name and its description.

use leptos::prelude::*;

use crate::app::format;
use crate::core::personas::Segment;
use crate::ui::charts::theme::{css_hex, segment_color};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// A column of the table: index in MODEL_FEATURES, heading, formatter.
type Column = (usize, &'static str, fn(f64) -> String);

/// Key model features shown in the table.
const COLUMNS: [Column; 8] = [
    (0, "Age", |v| format!("{v:.0}")),
    (1, "Income", format::inr_short),
    (3, "Avg balance", format::inr_short),
    (4, "Digital score", |v| format!("{v:.2}")),
    (6, "EMI / income", |v| format::percent(v, 0)),
    (7, "Card utilization", |v| format::percent(v, 0)),
    (9, "Investments", format::inr_short),
    (11, "Products", |v| format!("{v:.2}")),
];

/// A readable name for a model feature.
pub fn feature_label(feature: &str) -> &str {
    match feature {
        "age" => "age",
        "income" => "income",
        "tenure_years" => "tenure",
        "avg_balance" => "balance",
        "digital_engagement_score" => "digital use",
        "spend_to_income" => "spend / income",
        "emi_to_income" => "EMI burden",
        "utilization_ratio" => "card utilization",
        "txn_activity_score" => "transactions",
        "total_investments" => "investments",
        "risk_score" => "risk score",
        "product_count" => "products held",
        other => other,
    }
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
    let excluded = use_app_state().filters.excluded;
    let rows = move || {
        results.segmented.with(|s| {
            let Some(s) = s.as_ref() else {
                return Vec::new();
            };
            let excluded = excluded.get();
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
                        .map(|(j, _, f)| f(seg.centroid.get(*j).copied().unwrap_or(f64::NAN)))
                        .collect::<Vec<_>>();
                    let after = passing.get(seg.cluster).copied().unwrap_or(0);
                    view! {
                        <tr>
                            <th scope="row" class="persona">
                                <span class="swatch" style=format!("background:{color}") aria-hidden="true"></span>
                                <span class="persona-name">{seg.name.clone()}</span>
                                <span class="persona-desc">{seg.description.clone()}</span>
                                <span class="evidence" aria-label="Evidence">
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
