//! The offer rules, in the order they are tried: name, offer, safe offer, who it applies to and
//! when it fires, with how many customers it decides; move, add and remove rules.

use leptos::prelude::*;

use super::{ConditionList, PolicyField, apply_edit};
use crate::app::format;
use crate::app::policy_edit::{ConditionsAt, new_rule};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// One card per rule of the policy in force.
#[component]
pub fn RulesEditor() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let error = RwSignal::new(None::<String>);
    let count = move || state.policy.with(|p| p.rules.len());
    let rule = move |i: usize| state.policy.with(|p| p.rules.get(i).cloned());
    let offers = move || {
        state.policy.with(|p| {
            p.offers
                .iter()
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    // Customers decided by each rule (all customers, not only the filtered ones).
    let decided = Memo::new(move |_| {
        results.analysis.with(|a| {
            let mut n = vec![0usize; a.as_ref().map_or(0, |a| a.policy.rules.len())];
            if let Some(a) = a {
                for o in a.offers.iter() {
                    if let Some(r) = o.rule.and_then(|r| n.get_mut(r)) {
                        *r += 1;
                    }
                }
            }
            n
        })
    });
    let add = move |_| {
        error.set(
            apply_edit(state, |p| {
                let r = new_rule(p);
                p.rules.insert(0, r);
            })
            .err(),
        );
    };
    let row = move |i: usize| {
        let name = move || rule(i).map(|r| r.name).unwrap_or_default();
        let shift = move |by: isize| {
            let j = i as isize + by;
            error.set(
                apply_edit(state, |p| {
                    if j >= 0 && (j as usize) < p.rules.len() && i < p.rules.len() {
                        p.rules.swap(i, j as usize);
                    }
                })
                .err(),
            );
        };
        let remove = move |_| {
            error.set(
                apply_edit(state, |p| {
                    if i < p.rules.len() {
                        p.rules.remove(i);
                    }
                })
                .err(),
            );
        };
        let on_offer = move |ev: leptos::ev::Event| {
            let id = event_target_value(&ev);
            error.set(
                apply_edit(state, |p| {
                    if let Some(r) = p.rules.get_mut(i) {
                        r.offer = id;
                    }
                })
                .err(),
            );
        };
        let on_safe = move |ev: leptos::ev::Event| {
            let id = event_target_value(&ev);
            error.set(
                apply_edit(state, |p| {
                    if let Some(r) = p.rules.get_mut(i) {
                        r.safe_offer = (!id.is_empty()).then_some(id);
                    }
                })
                .err(),
            );
        };
        let chosen = move || rule(i).map(|r| r.offer).unwrap_or_default();
        let safe = move || rule(i).and_then(|r| r.safe_offer).unwrap_or_default();
        view! {
            <li class="rule-card">
                <div class="rule-head">
                    <span class="rule-number">{i + 1}"."</span>
                    <PolicyField label=format!("Rule {} name", i + 1) hide_label=true value=name
                        commit=move |t: String| apply_edit(state, |p| if let Some(r) = p.rules.get_mut(i) { r.name = t.trim().to_string() })/>
                    <span class="rule-count" title="Customers this rule decides">
                        {move || decided.with(|d| d.get(i).map(|n| format!("{} customers", format::count(*n))).unwrap_or_default())}
                    </span>
                    <button type="button" class="icon-button" title="Move up" aria-label=move || format!("Move {} up", name())
                        disabled=move || i == 0 on:click=move |_| shift(-1)>"↑"</button>
                    <button type="button" class="icon-button" title="Move down" aria-label=move || format!("Move {} down", name())
                        disabled=move || { i + 1 >= count() } on:click=move |_| shift(1)>"↓"</button>
                    <button type="button" class="icon-button" title="Remove rule" aria-label=move || format!("Remove {}", name())
                        on:click=remove>"×"</button>
                </div>
                <div class="rule-body">
                    <div class="rule-conditions">
                        <div class="rule-part">
                            <span class="policy-label">"Applies to"</span>
                            <ConditionList at=ConditionsAt::AppliesTo(i) empty="Every customer." label=format!("Rule {} applies to", i + 1)/>
                        </div>
                        <div class="rule-part">
                            <span class="policy-label">"When"</span>
                            <ConditionList at=ConditionsAt::When(i) empty="Always." label=format!("Rule {} when", i + 1)/>
                        </div>
                    </div>
                    <div class="rule-part rule-offers">
                        <label class="policy-field">
                            <span class="policy-label">"Offer"</span>
                            <select on:change=on_offer>
                                {move || offers().into_iter().map(|(id, n)| {
                                    let sel = id == chosen();
                                    view! { <option value=id selected=sel>{n}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="policy-field">
                            <span class="policy-label">"If unsuitable, instead"</span>
                            <select on:change=on_safe>
                                <option value="" selected=move || safe().is_empty()>"No offer"</option>
                                {move || offers().into_iter().map(|(id, n)| {
                                    let sel = id == safe();
                                    view! { <option value=id selected=sel>{n}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                </div>
            </li>
        }
    };
    view! {
        <p class="field-help">
            "Tried from the top: the first rule that applies to a customer, whose conditions hold and "
            "whose offer is on and open to them, makes the offer. New rules go first; move them with ↑ ↓."
        </p>
        <div class="toolbar">
            <button type="button" class="button small secondary" on:click=add>"+ Rule"</button>
        </div>
        <ol class="rule-list" data-testid="rules-editor">
            <For each=move || 0..count() key=|i| *i children=row/>
        </ol>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}
