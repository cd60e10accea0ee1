//! "Export data": the six tables of the data shown, as CSV files in one ZIP — the import format,
//! so importing the ZIP (or the files inside) reproduces the same analysis.

use leptos::prelude::*;

use crate::app::error::AppError;
use crate::app::jobs::{self, EXPORT_FILE_NAME};
use crate::app::source::RunData;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;
use crate::web::host::yield_to_browser;
use crate::web::save::{ZIP_MIME, save_file};

/// A button that saves `c360_data.zip` (disabled until an analysis is shown, and while the
/// file is being written).
#[component]
pub fn ExportDataButton() -> impl IntoView {
    let results = use_results();
    let state = use_app_state();
    let busy = RwSignal::new(false);
    let export = move |_| {
        let Some(fitted) = results.fitted.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = export_zip(&fitted.data).await {
                state.notice.set(Some(e));
            }
            busy.set(false);
        });
    };
    view! {
        <button
            type="button"
            class="button secondary"
            on:click=export
            disabled=move || busy.get() || results.fitted.with(Option::is_none)
            aria-describedby="export-help"
        >
            {move || if busy.get() { "Exporting…" } else { "Export data" }}
        </button>
    }
}

/// Writes and saves the ZIP of the six tables of `data`, letting the page paint between the
/// steps (generating synthetic data again, writing the CSV files, compressing them).
async fn export_zip(data: &RunData) -> Result<(), AppError> {
    yield_to_browser().await;
    let ds = jobs::dataset_of(data)?;
    yield_to_browser().await;
    let files = jobs::export_tables(&ds)?;
    drop(ds);
    yield_to_browser().await;
    let zip = jobs::zip_tables(&files)?;
    drop(files);
    save_file(&zip, EXPORT_FILE_NAME, ZIP_MIME)
}
