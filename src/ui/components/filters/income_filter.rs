//! Income band filter.

use leptos::prelude::*;

use crate::core::summary::IncomeBand;
use crate::ui::state::use_app_state;

/// A select over [`IncomeBand::ALL`].
#[component]
pub fn IncomeFilter() -> impl IntoView {
    let filters = use_app_state().filters;
    let income = move || filters.with(|f| f.income);
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(b) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| IncomeBand::ALL.get(i))
        {
            filters.update(|f| f.income = *b);
        }
    };
    let index = move || {
        IncomeBand::ALL
            .iter()
            .position(|b| *b == income())
            .unwrap_or(0)
            .to_string()
    };
    view! {
        <div class="field">
            <label for="filter-income">"Annual income"</label>
            <select id="filter-income" on:change=on_change prop:value=index>
                {IncomeBand::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let b = *b;
                        view! {
                            <option value=i.to_string() selected=move || income() == b>{b.label()}</option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
