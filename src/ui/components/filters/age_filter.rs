//! Age range filter: two number inputs.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::app::error::AppError;
use crate::ui::state::{AGE_RANGE, use_app_state};

/// "From" and "To" ages (inclusive, 18–100).
#[component]
pub fn AgeFilter() -> impl IntoView {
    let state = use_app_state();
    let age = state.filters.age;
    let (lo, hi) = AGE_RANGE;
    // Applies a new bound (`is_from` = the lower one), refusing values out of range or crossed.
    let apply = move |ev: leptos::ev::Event, is_from: bool| {
        let input = event_target::<HtmlInputElement>(&ev);
        let (from, to) = age.get_untracked();
        let parsed = input
            .value()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (lo..=hi).contains(v));
        let next = parsed.map(|v| if is_from { (v, to) } else { (from, v) });
        match next {
            Some((a, b)) if a <= b => {
                state.notice.set(None);
                age.set((a, b));
            }
            _ => {
                state.notice.set(Some(AppError::new(
                    format!("Age range: “{}” cannot be used.", input.value().trim()),
                    format!(
                        "Ages are whole years from {lo} to {hi}, and “from” must not exceed “to”."
                    ),
                )));
                input.set_value(&(if is_from { from } else { to }).to_string());
            }
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Age"</legend>
            <div class="field-row">
                <label class="inline">
                    "From"
                    <input
                        type="number"
                        aria-label="Age from"
                        min=lo
                        max=hi
                        prop:value=move || age.get().0.to_string()
                        on:change=move |ev| apply(ev, true)
                    />
                </label>
                <label class="inline">
                    "To"
                    <input
                        type="number"
                        aria-label="Age to"
                        min=lo
                        max=hi
                        prop:value=move || age.get().1.to_string()
                        on:change=move |ev| apply(ev, false)
                    />
                </label>
            </div>
        </fieldset>
    }
}
