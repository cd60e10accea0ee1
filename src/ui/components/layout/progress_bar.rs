//! Shows that an analysis is running, and which stage.

use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// "Fitting K = 2…8: 3 of 7 done…" (on workers) or "Fitting K = 5 of 8…" (on the page's thread)
/// with a progress bar, while a run is under way; nothing when idle. It lies over the top of the
/// (dimmed) figures in a slot of no height, so that its coming and going moves nothing on the page.
#[component]
pub fn ProgressBar() -> impl IntoView {
    let state = use_app_state();
    let results = crate::ui::results::use_results();
    // Only a recompute has earlier figures to show meanwhile.
    let earlier = move || results.fitted.with(Option::is_some);
    let bar = move || {
        state.progress.get().map(|p| {
            view! {
                <div class="progress" role="status" aria-live="polite" data-testid="progress">
                    <span class="progress-label">{p.label.clone()}</span>
                    <progress max=p.total value=p.done aria-label="Analysis progress"></progress>
                    <span class="progress-count">{format!("{} / {}", p.done, p.total)}</span>
                    <Show when=earlier>
                        <span class="progress-stale">"The figures below are the previous results until this finishes."</span>
                    </Show>
                </div>
            }
        })
    };
    view! { <div class="progress-slot">{bar}</div> }
}
