//! One editable value of the policy: a text or number input that commits on change, keeps
//! what the user typed when it is refused, and says why next to it.

use leptos::prelude::*;

/// An input bound to a policy value. `commit` returns what is wrong with the text, if anything.
#[component]
pub fn PolicyField(
    /// The accessible label (also the visible one unless `hide_label`).
    label: String,
    /// The value in force, as text.
    #[prop(into)]
    value: Signal<String>,
    /// Applies the text to the policy, or says what is wrong.
    #[prop(into)]
    commit: Callback<String, Result<(), String>>,
    /// `number` inputs get a numeric keyboard.
    #[prop(default = false)]
    numeric: bool,
    /// Show the label to screen readers only (in tables).
    #[prop(default = false)]
    hide_label: bool,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| match commit.run(event_target_value(&ev)) {
        Ok(()) => error.set(None),
        Err(e) => error.set(Some(e)),
    };
    let label_class = if hide_label {
        "visually-hidden"
    } else {
        "policy-label"
    };
    view! {
        <label class="policy-field">
            <span class=label_class>{label}</span>
            <input
                type="text"
                inputmode=if numeric { "decimal" } else { "text" }
                prop:value=value
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:change=on_change
            />
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </label>
    }
}
