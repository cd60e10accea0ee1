//! Product holding filter.

use leptos::prelude::*;

use crate::core::summary::Holding;
use crate::ui::state::use_app_state;

/// A select over [`Holding::ALL`].
#[component]
pub fn HoldingFilter() -> impl IntoView {
    let holding = use_app_state().filters.holding;
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(h) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| Holding::ALL.get(i))
        {
            holding.set(*h);
        }
    };
    let index = move || {
        Holding::ALL
            .iter()
            .position(|h| *h == holding.get())
            .unwrap_or(0)
            .to_string()
    };
    view! {
        <div class="field">
            <label for="filter-holding">"Product holding"</label>
            <select id="filter-holding" on:change=on_change prop:value=index>
                {Holding::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, h)| {
                        let h = *h;
                        view! {
                            <option value=i.to_string() selected=move || holding.get() == h>{h.label()}</option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
