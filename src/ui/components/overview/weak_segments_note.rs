//! A warning when the segments overlap (best silhouette below 0.25).

use leptos::prelude::*;

use crate::app::glossary::weak_segments;
use crate::ui::results::use_results;

/// "Segments overlap (best silhouette 0.21 …): treat them as a rough guide", or nothing.
#[component]
pub fn WeakSegmentsNote() -> impl IntoView {
    let results = use_results();
    let text = move || {
        results.fitted.with(|f| {
            f.as_ref().and_then(|f| {
                let sel = &f.selection;
                let best = sel.scores.iter().find(|s| s.k == sel.best_k)?.silhouette;
                weak_segments(best)
            })
        })
    };
    move || {
        text().map(|t| {
            view! { <p class="weak-note" role="status" data-testid="weak-segments">{t}</p> }
        })
    }
}
