//! The suitability rules: on/off, whether all or any condition must hold, the conditions, and
//! how many customers each moved off a blocked offer. The guardrail's switch is the guardrail
//! setting (kept in the URL).

use leptos::prelude::*;

use super::{ConditionList, apply_edit};
use crate::app::format;
use crate::app::policy_edit::ConditionsAt;
use crate::core::policy::{GUARDRAIL, Match};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// One card per suitability rule.
#[component]
pub fn SuitabilityEditor() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let error = RwSignal::new(None::<String>);
    let count = move || state.policy.with(|p| p.suitability.len());
    let rule = move |i: usize| state.policy.with(|p| p.suitability.get(i).cloned());
    // Customers moved and revenue forgone, over all customers.
    let moved = Memo::new(move |_| {
        results.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    let all: Vec<usize> = (0..a.offers.len()).collect();
                    a.view()
                        .suitability_costs(&all)
                        .into_iter()
                        .map(|c| (c.customers, c.revenue_forgone))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let row = move |i: usize| {
        let name = move || rule(i).map(|r| r.name).unwrap_or_default();
        let is_guardrail = move || name() == GUARDRAIL;
        let enabled = move || {
            if is_guardrail() {
                state.settings.guardrail.get()
            } else {
                rule(i).is_some_and(|r| r.enabled)
            }
        };
        let on_enabled = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            if is_guardrail() {
                state.settings.guardrail.set(on);
            } else {
                error.set(
                    apply_edit(state, |p| {
                        if let Some(r) = p.suitability.get_mut(i) {
                            r.enabled = on;
                        }
                    })
                    .err(),
                );
            }
        };
        let on_match = move |ev: leptos::ev::Event| {
            let any = event_target_value(&ev) == "any";
            error.set(
                apply_edit(state, |p| {
                    if let Some(r) = p.suitability.get_mut(i) {
                        r.combine = if any { Match::Any } else { Match::All };
                    }
                })
                .err(),
            );
        };
        let any = move || rule(i).is_some_and(|r| r.combine == Match::Any);
        view! {
            <li class="rule-card">
                <div class="rule-head">
                    <label class="rule-switch">
                        <input type="checkbox" prop:checked=enabled on:change=on_enabled/>
                        <strong>{name}</strong>
                    </label>
                    <span class="field-help">"blocks new credit when"</span>
                    <select aria-label=move || format!("{}: how conditions combine", name()) on:change=on_match>
                        <option value="all" selected=move || !any()>"all hold"</option>
                        <option value="any" selected=any>"any holds"</option>
                    </select>
                    <span class="rule-count">
                        {move || moved.with(|m| m.get(i).map(|&(n, r)| format!(
                            "{} customers moved · {}",
                            format::count(n),
                            // The offers it moves customers to may earn more than those blocked.
                            if r < 0.0 {
                                format!("{} more expected revenue", format::inr(-r))
                            } else {
                                format!("{} expected revenue forgone", format::inr(r))
                            }
                        )).unwrap_or_default())}
                    </span>
                </div>
                <ConditionList at=ConditionsAt::Suitability(i) empty="No condition: add one." label=format!("{} condition", name())/>
            </li>
        }
    };
    view! {
        <p class="field-help">
            "A customer for whom a rule fires gets no offer it blocks, but the offer rule's "
            "“if unsuitable, instead” offer."
        </p>
        <ul class="rule-list" data-testid="suitability-editor">
            <For each=move || 0..count() key=|i| *i children=row/>
        </ul>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}
