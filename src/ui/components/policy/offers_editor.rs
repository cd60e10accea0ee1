//! The offer catalogue as an editable table: on/off, name, product, new credit, conversion,
//! revenue per conversion, cost per contact, eligibility; add and remove offers.

use leptos::prelude::*;

use super::{ConditionList, PolicyField, apply_edit};
use crate::app::format;
use crate::app::policy_edit::{
    ConditionsAt, new_offer, parse_amount, parse_percent, parse_weight, percent_text, rules_using,
};
use crate::core::policy::{OfferSpec, Product};
use crate::ui::state::use_app_state;

/// One row per offer of the policy in force.
#[component]
pub fn OffersEditor() -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<usize>);
    let count = move || state.policy.with(|p| p.offers.len());
    let offer = move |i: usize| state.policy.with(|p| p.offers.get(i).cloned());
    let edit = move |i: usize, f: Box<dyn FnOnce(&mut OfferSpec)>| -> Result<(), String> {
        apply_edit(state, |p| {
            if let Some(o) = p.offers.get_mut(i) {
                f(o);
            }
        })
    };
    let add = move |_| {
        error.set(
            apply_edit(state, |p| {
                let o = new_offer(p);
                p.offers.push(o);
            })
            .err(),
        );
    };
    let row = move |i: usize| {
        let name = move || offer(i).map(|o| o.name).unwrap_or_default();
        let label = move |what: &str| format!("{} {what}", name());
        let on_enabled = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            error.set(edit(i, Box::new(move |o| o.enabled = on)).err());
        };
        let on_credit = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            error.set(edit(i, Box::new(move |o| o.new_credit = on)).err());
        };
        let on_product = move |ev: leptos::ev::Event| {
            let chosen = event_target_value(&ev);
            if let Some(p) = Product::ALL.into_iter().find(|p| p.name() == chosen) {
                error.set(edit(i, Box::new(move |o| o.product = p)).err());
            }
        };
        let remove = move |_| {
            let Some(o) = offer(i) else { return };
            let users = state.policy.with_untracked(|p| rules_using(p, &o.id));
            if !users.is_empty() {
                error.set(Some(format!(
                    "{} is used by the rule{} {}; change or remove {} first, or switch the offer off.",
                    o.name,
                    if users.len() == 1 { "" } else { "s" },
                    users.join(", "),
                    if users.len() == 1 { "it" } else { "them" }
                )));
                return;
            }
            open.set(None);
            error.set(
                apply_edit(state, |p| {
                    if i < p.offers.len() {
                        p.offers.remove(i);
                    }
                })
                .err(),
            );
        };
        let product = move || offer(i).map(|o| o.product);
        let eligibility = move || offer(i).map_or(0, |o| o.eligibility.len());
        view! {
            <tr>
                <td>
                    <input type="checkbox" aria-label=move || label("on")
                        prop:checked=move || offer(i).is_some_and(|o| o.enabled) on:change=on_enabled/>
                </td>
                <td class="offer-name">
                    <PolicyField label=format!("Offer {} name", i + 1) hide_label=true value=name
                        commit=move |t: String| edit(i, Box::new(move |o| o.name = t.trim().to_string()))/>
                </td>
                <td>
                    <select aria-label=move || label("product") on:change=on_product>
                        {Product::ALL.into_iter().map(|p| view! {
                            <option value=p.name() selected=move || product() == Some(p)>{p.name()}</option>
                        }).collect_view()}
                    </select>
                </td>
                <td>
                    <input type="checkbox" aria-label=move || label("extends new credit")
                        prop:checked=move || offer(i).is_some_and(|o| o.new_credit) on:change=on_credit/>
                </td>
                <td class="num">
                    <PolicyField label=format!("Offer {} conversion, %", i + 1) hide_label=true numeric=true
                        value=move || offer(i).map(|o| percent_text(o.conversion)).unwrap_or_default()
                        commit=move |t: String| { let x = parse_percent(&t)?; edit(i, Box::new(move |o| o.conversion = x)) }/>
                </td>
                <td class="num">
                    <PolicyField label=format!("Offer {} revenue per conversion, ₹", i + 1) hide_label=true numeric=true
                        value=move || offer(i).map(|o| format::number(o.revenue)).unwrap_or_default()
                        commit=move |t: String| { let x = parse_amount(&t)?; edit(i, Box::new(move |o| o.revenue = x)) }/>
                </td>
                <td class="num">
                    <PolicyField label=format!("Offer {} cost per contact, ₹", i + 1) hide_label=true numeric=true
                        value=move || offer(i).map(|o| format::number(o.cost_per_contact)).unwrap_or_default()
                        commit=move |t: String| { let x = parse_amount(&t)?; edit(i, Box::new(move |o| o.cost_per_contact = x)) }/>
                </td>
                <td class="num">{move || offer(i).map(|o| format::inr(o.expected_revenue())).unwrap_or_default()}</td>
                <td class="num">
                    <PolicyField label=format!("Offer {} weight", i + 1) hide_label=true numeric=true
                        value=move || offer(i).map(|o| format::number(o.weight)).unwrap_or_default()
                        commit=move |t: String| { let x = parse_weight(&t)?; edit(i, Box::new(move |o| o.weight = x)) }/>
                </td>
                <td>
                    <button type="button" class="button small secondary"
                        aria-expanded=move || (open.get() == Some(i)).to_string()
                        on:click=move |_| open.update(|o| *o = if *o == Some(i) { None } else { Some(i) })>
                        {move || match eligibility() { 0 => "Everyone".to_string(), 1 => "1 condition".to_string(), n => format!("{n} conditions") }}
                    </button>
                </td>
                <td>
                    <button type="button" class="icon-button" title="Remove offer" aria-label=move || format!("Remove {}", name()) on:click=remove>"×"</button>
                </td>
            </tr>
            {move || (open.get() == Some(i)).then(|| view! {
                <tr class="expanded">
                    <td colspan="11">
                        <p class="field-help">"Who may get this offer at all (every condition must hold):"</p>
                        <ConditionList at=ConditionsAt::Eligibility(i) empty="Everyone is eligible." label=format!("{} eligibility", name())/>
                    </td>
                </tr>
            })}
        }
    };
    view! {
        <div class="table-wrap">
            <table class="data-table policy-table" data-testid="offers-editor">
                <thead>
                    <tr>
                        <th scope="col">"On"</th>
                        <th scope="col">"Offer"</th>
                        <th scope="col">"Product"</th>
                        <th scope="col">"New credit"</th>
                        <th scope="col">"Conversion, %"</th>
                        <th scope="col">"Revenue if converted, ₹"</th>
                        <th scope="col">"Cost per contact, ₹"</th>
                        <th scope="col">"Expected revenue"</th>
                        <th scope="col" title="Propensity ranked: priority = take-up × revenue × weight">"Weight"</th>
                        <th scope="col">"Eligible"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count() key=|i| *i children=row/>
                </tbody>
            </table>
        </div>
        <div class="toolbar">
            <button type="button" class="button small secondary" on:click=add>"+ Offer"</button>
        </div>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}
