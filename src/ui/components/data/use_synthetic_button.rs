//! "Use synthetic data": back from imported data to data generated from the settings.

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// Goes back to data generated from the settings (shown while the data is imported).
#[component]
pub fn UseSyntheticButton() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.is_imported().then(|| {
            view! {
                <button type="button" class="button secondary" on:click=move |_| {
                    // The notices of the imported data are stale once it is gone.
                    state.import.error.set(None);
                    state.notice.set(None);
                    state.imported.set(None);
                }>
                    "Use synthetic data"
                </button>
            }
        })
    }
}
