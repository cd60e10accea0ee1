//! The random seed (same seed, same data and segments), with a button for a fresh one.

use leptos::prelude::*;

use crate::app::error::AppError;
use crate::app::settings::parse_seed;
use crate::ui::components::CheckedInput;
use crate::ui::state::use_app_state;

/// Seeds drawn by the button stay below this, to be easy to read and type.
const RANDOM_SEED_BOUND: u64 = 1_000_000_000;

/// A checked input and "New random seed" (from the browser's secure random source).
#[component]
pub fn SeedField() -> impl IntoView {
    let state = use_app_state();
    let seed = state.settings.seed;
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
        <CheckedInput
            id="set-seed"
            label="Seed"
            value=seed
            parse=parse_seed
            help="Any whole number: the same seed gives the same customers and segments."
        >
            <button type="button" class="button secondary" on:click=randomize>
                "New random seed"
            </button>
        </CheckedInput>
    }
}
