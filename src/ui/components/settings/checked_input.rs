//! A text field whose value is checked before it is used: a bad entry stays in the field with a
//! message beside it (what is wrong, and the range), and the setting keeps its last good value
//! until the entry is fixed.

use leptos::prelude::*;

/// An input for a setting held in `value`; `parse` turns the text into a value or says what is
/// wrong ("10 is below 500"); `help` states the range under the field.
#[component]
pub fn CheckedInput<T>(
    id: &'static str,
    label: &'static str,
    value: RwSignal<T>,
    parse: fn(&str) -> Result<T, String>,
    /// Shown under the field (the range).
    #[prop(into)]
    help: Signal<String>,
    /// True when the field does not apply (it is then disabled).
    #[prop(optional, into)]
    disabled: Option<Signal<bool>>,
    /// What the field shows instead of the value while disabled.
    #[prop(optional, into)]
    shown_when_disabled: Option<Signal<String>>,
    /// Extra content beside the input (a button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + ToString + Send + Sync + 'static,
{
    let typed = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    // A good value set elsewhere (a link, a button, an import) clears a pending bad entry.
    Effect::new(move |_| {
        value.track();
        typed.set(None);
        problem.set(None);
    });
    let off = move || disabled.is_some_and(|d| d.get());
    let shown = move || {
        if off()
            && let Some(s) = shown_when_disabled
        {
            return s.get();
        }
        typed.get().unwrap_or_else(|| value.get().to_string())
    };
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match parse(&text) {
            Ok(v) => {
                if value.get_untracked() == v {
                    typed.set(None);
                    problem.set(None);
                } else {
                    value.set(v);
                }
            }
            Err(e) => {
                typed.set(Some(text));
                problem.set(Some(format!(
                    "{e}; the analysis keeps {} until this is fixed.",
                    value.get_untracked().to_string()
                )));
            }
        }
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="field-row">
                <input
                    id=id
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    aria-describedby=error_id.clone()
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    disabled=off
                    prop:value=shown
                    on:change=on_change
                />
                {children.map(|c| c())}
            </div>
            <span id=error_id class="field-error" role="alert">{move || problem.get()}</span>
            <p class="field-help">{move || help.get()}</p>
        </div>
    }
}
