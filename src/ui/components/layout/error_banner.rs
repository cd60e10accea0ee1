//! Problems, each as a one-line summary plus what to do; results already shown stay.

use leptos::prelude::*;

use crate::app::error::AppError;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// The input notice (dismissable) and the last run's error, if any.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let line = |e: AppError| {
        view! {
            <strong class="error-summary">{e.summary}</strong>
            " "
            <span class="error-hint">{e.hint}</span>
        }
    };
    view! {
        {move || {
            state.notice.get().map(|e| {
                view! {
                    <div class="alert" role="alert" data-testid="notice">
                        <div class="alert-text">{line(e)}</div>
                        <button type="button" class="link-button" on:click=move |_| state.notice.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                }
            })
        }}
        {move || {
            results.error.get().map(|e| {
                view! {
                    <div class="alert" role="alert" data-testid="run-error">
                        <div class="alert-text">{line(e)}</div>
                    </div>
                }
            })
        }}
    }
}
