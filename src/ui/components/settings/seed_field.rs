//! The random seed (same seed, same data and segments), with a button for a fresh one.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::app::error::AppError;
use crate::app::settings::parse_seed;
use crate::ui::state::use_app_state;

/// Seeds drawn by the button stay below this, to be easy to read and type.
const RANDOM_SEED_BOUND: u64 = 1_000_000_000;

/// A number input and "New random seed" (from the browser's secure random source).
#[component]
pub fn SeedField() -> impl IntoView {
    let state = use_app_state();
    let seed = state.settings.seed;
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        match parse_seed(&input.value()) {
            Ok(v) => {
                state.notice.set(None);
                seed.set(v);
            }
            Err(msg) => {
                state.notice.set(Some(AppError::new(
                    format!("Seed: {msg}."),
                    "Enter a whole number (for example 42), or press “New random seed”.",
                )));
                input.set_value(&seed.get_untracked().to_string());
            }
        }
    };
    let randomize = move |_| match getrandom::u64() {
        Ok(r) => {
            state.notice.set(None);
            seed.set(r % RANDOM_SEED_BOUND);
        }
        Err(e) => state.notice.set(Some(AppError::new(
            format!("No random seed: the browser's random source failed ({e})."),
            "Type a seed instead.",
        ))),
    };
    view! {
        <div class="field">
            <label for="set-seed">"Seed"</label>
            <div class="field-row">
                <input
                    id="set-seed"
                    type="number"
                    inputmode="numeric"
                    min=0
                    prop:value=move || seed.get().to_string()
                    on:change=on_change
                />
                <button type="button" class="button secondary" on:click=randomize>
                    "New random seed"
                </button>
            </div>
        </div>
    }
}
