//! "Download CSV": the filtered, segmented customers, in a file named after the data, the
//! filters and the date (`c360_customers_synthetic-3000-seed-42-realistic_loan_2026-12-06.csv`).

use leptos::prelude::*;

use crate::app::format;
use crate::app::jobs;
use crate::ui::downloads::download_name;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;
use crate::web::save::{CSV_MIME, save_file};

/// A button that saves the filtered customers (disabled until the analysis is ready, while a
/// new one runs, and when no customer passes the filters).
#[component]
pub fn DownloadButton() -> impl IntoView {
    let results = use_results();
    let state = use_app_state();
    let count = move || {
        results
            .filtered
            .with(|f| f.as_ref().map(|f| f.indices.len()))
    };
    let download = move |_| {
        let outcome = results.filtered.with_untracked(|f| match f {
            Some(f) => {
                let name = download_name(&state, "customers", "csv");
                jobs::export_csv(f).and_then(|bytes| save_file(&bytes, &name, CSV_MIME))
            }
            None => Ok(()),
        });
        if let Err(e) = outcome {
            state.notice.set(Some(e));
        }
    };
    view! {
        <button
            type="button"
            class="button primary download"
            on:click=download
            disabled=move || count().unwrap_or(0) == 0 || state.progress.with(Option::is_some)
        >
            {move || match count() {
                _ if state.progress.with(Option::is_some) => "Download CSV (waiting for the new results)".to_string(),
                Some(n) => format!("Download CSV ({} customers)", format::count(n)),
                None => "Download CSV".to_string(),
            }}
        </button>
    }
}
