//! Why the last import stopped: what is wrong, where, and what to do.

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// The summary ("Value out of range: 1.2 is not a ratio between 0 and 1."), the location
/// ("accounts.csv, row 3, column digital_txn_ratio"), the hint, and that the data shown before
/// is unchanged. Dismissable; nothing when the last import succeeded.
#[component]
pub fn ImportErrorPanel() -> impl IntoView {
    let error = use_app_state().import.error;
    move || {
        error.get().map(|e| {
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
                    </div>
                    <button type="button" class="link-button" on:click=move |_| error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
