//! "Download CSV": the filtered, segmented customers as `customers_segmented.csv`.

use leptos::prelude::*;

use crate::app::format;
use crate::app::jobs;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;
use crate::web::save::{CSV_MIME, save_file};

/// The file name of the download.
pub const CSV_FILE_NAME: &str = "customers_segmented.csv";

/// A button that saves the filtered customers (disabled until the analysis is ready, and when
/// no customer passes the filters).
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
                jobs::export_csv(f).and_then(|bytes| save_file(&bytes, CSV_FILE_NAME, CSV_MIME))
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
            disabled=move || count().unwrap_or(0) == 0
        >
            {move || match count() {
                Some(n) => format!("Download CSV ({} customers)", format::count(n)),
                None => "Download CSV".to_string(),
            }}
        </button>
    }
}
