//! K-Means restarts (more restarts: a lower inertia, a longer run).

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::app::error::AppError;
use crate::app::settings::{RESTARTS_RANGE, parse_restarts};
use crate::ui::state::use_app_state;

/// A number input (1–100); a new value refits every K on the same data.
#[component]
pub fn RestartsField() -> impl IntoView {
    let state = use_app_state();
    let restarts = state.settings.restarts;
    let (lo, hi) = RESTARTS_RANGE;
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        match parse_restarts(&input.value()) {
            Ok(v) => {
                state.notice.set(None);
                restarts.set(v);
            }
            Err(msg) => {
                state.notice.set(Some(AppError::new(
                    format!("Restarts: {msg}."),
                    format!("Enter a whole number from {lo} to {hi} (10 is the usual choice)."),
                )));
                input.set_value(&restarts.get_untracked().to_string());
            }
        }
    };
    view! {
        <div class="field">
            <label for="set-restarts">"K-Means restarts"</label>
            <input
                id="set-restarts"
                type="number"
                inputmode="numeric"
                min=lo
                max=hi
                prop:value=move || restarts.get().to_string()
                on:change=on_change
            />
        </div>
    }
}
