//! Yes / no / either filters: each product held, the risk flag, an offer moved by a suitability
//! rule.

use leptos::prelude::*;

use crate::app::filters::FilterValues;
use crate::core::summary::{Has, HeldProduct};
use crate::ui::state::use_app_state;

/// One select with three choices; `get` reads the filter, `set` writes it.
#[component]
fn TriSelect(
    id: &'static str,
    label: &'static str,
    /// The words for any, yes and no.
    words: [&'static str; 3],
    get: fn(&FilterValues) -> Has,
    set: fn(&mut FilterValues, Has),
) -> impl IntoView {
    let filters = use_app_state().filters;
    let current = move || {
        let h = filters.with(get);
        Has::ALL
            .iter()
            .position(|x| *x == h)
            .unwrap_or(0)
            .to_string()
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(h) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| Has::ALL.get(i))
        {
            filters.update(|f| set(f, *h));
        }
    };
    view! {
        <div class="tri">
            <label for=id>{label}</label>
            <select id=id on:change=on_change prop:value=current>
                {words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let w = *w;
                        view! { <option value=i.to_string() selected=move || current() == i.to_string()>{w}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Credit card, loan and investments (has / has not / any), risk flag, moved by a rule.
#[component]
pub fn FlagFilters() -> impl IntoView {
    view! {
        <fieldset class="field flags">
            <legend>"Products held"</legend>
            <TriSelect
                id="filter-card"
                label=HeldProduct::CreditCard.label()
                words=["Any", "Has", "Has not"]
                get=|f| f.products[0]
                set=|f, h| f.products[0] = h
            />
            <TriSelect
                id="filter-loan"
                label=HeldProduct::Loan.label()
                words=["Any", "Has", "Has not"]
                get=|f| f.products[1]
                set=|f, h| f.products[1] = h
            />
            <TriSelect
                id="filter-investments"
                label=HeldProduct::Investments.label()
                words=["Any", "Has", "Has not"]
                get=|f| f.products[2]
                set=|f, h| f.products[2] = h
            />
        </fieldset>
        <fieldset class="field flags">
            <legend>"Risk and suitability"</legend>
            <TriSelect
                id="filter-risk"
                label="Risk flag"
                words=["Any", "Flagged", "Not flagged"]
                get=|f| f.risk
                set=|f, h| f.risk = h
            />
            <TriSelect
                id="filter-moved"
                label="Offer moved by a suitability rule"
                words=["Any", "Moved", "Not moved"]
                get=|f| f.guarded
                set=|f, h| f.guarded = h
            />
            <p class="field-help">"Risk flag: a delinquency or an overdue payment in the last 12 months. Moved: a suitability rule (the guardrail among them) changed the customer's offer."</p>
        </fieldset>
    }
}
