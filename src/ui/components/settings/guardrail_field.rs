//! The suitability guardrail (changing it only recomputes the offers).

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// A checkbox: no new-credit offers to customers with a risk flag.
#[component]
pub fn GuardrailField() -> impl IntoView {
    let guardrail = use_app_state().settings.guardrail;
    view! {
        <div class="field checkbox-field">
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || guardrail.get()
                    on:change=move |ev| guardrail.set(event_target_checked(&ev))
                />
                " Suitability guardrail"
            </label>
            <p class="field-help">"No new credit for customers with a delinquency or an overdue loan."</p>
        </div>
    }
}
