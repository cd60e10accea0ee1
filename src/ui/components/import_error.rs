//! Why the last import stopped: what is wrong, where, and what to do.

use leptos::prelude::*;

use super::file_picker::import_skipping_bad_rows;
use crate::ui::import::can_skip_rows;
use crate::ui::state::use_app_state;

/// The summary ("Value out of range: 1.2 is not a ratio between 0 and 1."), the location
/// ("accounts.csv, row 3, column digital_txn_ratio"), the hint, and that the data shown before
/// is unchanged. Dismissable; nothing when the last import succeeded.
#[component]
pub fn ImportErrorPanel() -> impl IntoView {
    let state = use_app_state();
    let error = state.import.error;
    move || {
        error.get().map(|e| {
            // A problem in a row: offer to leave such rows out and import the rest.
            let skip = can_skip_rows(&e).then(|| {
                view! {
                    <p class="import-error-skip">
                        <button
                            type="button"
                            data-testid="import-skip-rows"
                            disabled=move || state.import.busy()
                            on:click=move |_| import_skipping_bad_rows(state)
                        >
                            "Skip the rows with a problem and import the rest"
                        </button>
                    </p>
                }
            });
            let location = e.location().map(|l| {
                view! {
                    <p class="import-error-location">
                        <span class="import-error-key">"Where: "</span>
                        <span data-testid="import-error-location">{l}</span>
                    </p>
                }
            });
            view! {
                <div class="alert import-error" role="alert" data-testid="import-error">
                    <div class="alert-text">
                        <p>
                            <strong class="error-summary">"The import stopped. "</strong>
                            <span data-testid="import-error-summary">{e.summary()}</span>
                        </p>
                        {location}
                        <p class="error-hint">{e.hint()}</p>
                        <p class="import-error-kept">"The data shown before is unchanged."</p>
                        {skip}
                    </div>
                    <button type="button" class="link-button" on:click=move |_| error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
