//! K-Means restarts (more restarts: a lower inertia, a longer run).

use leptos::prelude::*;

use crate::app::settings::{RESTARTS_RANGE, parse_restarts};
use crate::ui::components::CheckedInput;
use crate::ui::state::use_app_state;

/// 1–100; a new value refits every K on the same data.
#[component]
pub fn RestartsField() -> impl IntoView {
    let state = use_app_state();
    let (lo, hi) = RESTARTS_RANGE;
    view! {
        <CheckedInput
            id="set-restarts"
            label="K-Means restarts"
            value=state.settings.restarts
            parse=parse_restarts
            help=format!("{lo} to {hi}: how many fresh starts each K gets; the tightest is kept (10 is usual).")
        />
    }
}
