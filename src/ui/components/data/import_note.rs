//! The import's progress and failure at the top of the results, for a page whose data panel is
//! out of sight: embedded in a frame (`?embed=1`, the panel is far below the figures) or opened on
//! a `?data=` link (no one picked files, so no one looks at the panel).

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// "Loading your data: Downloading night.zip… 1.2 MB (45 %)" while an import runs, and "Your data
/// was not loaded: …" with a link to the details after one failed; nothing otherwise.
#[component]
pub fn ImportNote() -> impl IntoView {
    let status = use_app_state().import;
    view! {
        {move || {
            status.progress.get().map(|p| {
                let percent = (100.0 * p.fraction).round().clamp(0.0, 100.0);
                view! {
                    <p class="import-note" role="status" data-testid="import-note">
                        {format!("Loading your data: {} ({percent:.0} %)", p.label)}
                    </p>
                }
            })
        }}
        {move || {
            status.error.get().map(|e| {
                view! {
                    <div class="alert" role="alert" data-testid="import-note-error">
                        <div class="alert-text">
                            <strong class="error-summary">"Your data was not loaded: " {e.summary()}</strong>
                            " The figures below are for the data shown before. "
                            <a href="#data-title">"Details under Data"</a>
                        </div>
                    </div>
                }
            })
        }}
    }
}
