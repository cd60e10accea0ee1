//! The number of segments: automatic (best silhouette) or fixed. Never refits: every K is
//! already fitted.

use leptos::prelude::*;

use crate::app::settings::parse_k;
use crate::core::pipeline::K_RANGE;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// A select of "Auto (best: K = n)" and 2…8.
#[component]
pub fn KField() -> impl IntoView {
    let k = use_app_state().settings.k;
    let results = use_results();
    let best = move || {
        results
            .fitted
            .with(|f| f.as_ref().map(|f| f.selection.best_k))
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(v) = parse_k(&event_target_value(&ev)) {
            k.set(v);
        }
    };
    let value = move || {
        k.get()
            .map(|k| k.to_string())
            .unwrap_or_else(|| "auto".to_string())
    };
    view! {
        <div class="field">
            <label for="set-k">"Segments (K)"</label>
            <select id="set-k" on:change=on_change prop:value=value>
                <option value="auto" selected=move || k.get().is_none()>
                    {move || match best() {
                        // Identical customers: one segment, no K compared.
                        Some(1) => "Auto (one segment)".to_string(),
                        Some(b) => format!("Auto (best silhouette: {b})"),
                        None => "Auto (best silhouette)".to_string(),
                    }}
                </option>
                {(K_RANGE.0..=K_RANGE.1)
                    .map(|n| {
                        view! {
                            <option value=n.to_string() selected=move || k.get() == Some(n)>
                                {format!("K = {n}")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
