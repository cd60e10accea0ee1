//! Where a running import is.

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// "Reading transactions.csv — 45 %" with a progress bar, while an import runs; nothing
/// otherwise.
#[component]
pub fn ImportProgressBar() -> impl IntoView {
    let status = use_app_state().import;
    move || {
        status.progress.get().map(|p| {
            let percent = (100.0 * p.fraction).round().clamp(0.0, 100.0);
            view! {
                <div class="import-progress" role="status" aria-live="polite" data-testid="import-progress">
                    <span class="progress-label">{p.label}</span>
                    <progress max=100 value=percent aria-label="Import progress"></progress>
                </div>
            }
        })
    }
}
