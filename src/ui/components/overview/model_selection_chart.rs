//! Model selection: silhouette and inertia against K.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::model_selection::{self, ModelSelectionData};
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// Both scores for every fitted K, the chosen K marked; says when the K range was capped by the
/// data (or every customer is the same: one segment) and when the silhouette was estimated on a
/// sample.
#[component]
pub fn ModelSelectionChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results.segmented.with(|s| {
            s.as_ref().map(|s| {
                ModelSelectionData::from_selection(&s.fitted.selection, s.segmentation.chosen_k)
            })
        })
    });
    // Why K is capped (few or identical customers) or there is one segment, then the sample.
    let note = move || {
        results.fitted.with(|f| {
            f.as_ref().and_then(|f| {
                let cap = f.selection.k_note.as_ref().map(|n| {
                    let mut n = n.clone();
                    if let Some(c) = n.get_mut(0..1) {
                        c.make_ascii_uppercase();
                    }
                    format!("{n}.")
                });
                let n = format::count(f.prepared.rows.len());
                let sample = f.selection.silhouette_sample.map(|m| {
                    format!(
                        "Silhouette estimated on a sample of {} of {n} customers.",
                        format::count(m)
                    )
                });
                let fit_sample = f.selection.fit_sample.map(|m| {
                    format!(
                        "Each K's {} ran on a sample of {} customers; the best was then \
                         refined on all {n}.",
                        if f.restarts == 1 {
                            "restart".to_string()
                        } else {
                            format!("{} restarts", f.restarts)
                        },
                        format::count(m)
                    )
                });
                let parts: Vec<String> = cap.into_iter().chain(fit_sample).chain(sample).collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            })
        })
    };
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.points
                        .iter()
                        .map(|p| {
                            let mark = match (p.k == d.chosen_k, p.k == d.best_k) {
                                (true, true) => "chosen · best",
                                (true, false) => "chosen",
                                (false, true) => "best",
                                _ => "",
                            };
                            vec![
                                p.k.to_string(),
                                format!("{:.4}", p.silhouette),
                                format::number(p.inertia),
                                mark.to_string(),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) => format!(
                "chosen K = {}, best silhouette at K = {}; {}",
                d.chosen_k,
                d.best_k,
                d.points
                    .iter()
                    .map(|p| format!("K {} silhouette {:.3}", p.k, p.silhouette))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Model selection"
            label=Signal::derive(label)
            data=data
            draw={model_selection::draw_model_selection::<Canvas>}
            note=Signal::derive(note)
        >
            <DataTable headers=vec!["K", "Silhouette", "Inertia", ""] rows=Signal::derive(rows)/>
        </ChartCard>
    }
}
