//! "Load your data": a file input for the six CSV files (or the ZIP from "Export data"), and the
//! import it starts.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::app::import::{ImportProgress, import_loaded_with};
use crate::app::shared::Shared;
use crate::core::import::{ColumnMapping, ImportOptions};
use crate::ui::state::{AppState, use_app_state};
use crate::web::files::read_files;
use crate::web::host::BrowserHost;
use crate::web::host::now_ms;

/// What the file input accepts (CSV files, and the ZIP "Export data" saves).
pub const ACCEPT: &str = ".csv,text/csv,.zip,application/zip";

/// A labelled file input (several files at once); disabled while an import runs.
#[component]
pub fn FilePicker() -> impl IntoView {
    let state = use_app_state();
    if state.import.mappings.with_untracked(Vec::is_empty) {
        let remembered = load_mappings();
        if !remembered.is_empty() {
            state.import.mappings.set(remembered);
        }
    }
    let mappings = move || {
        let m = state.import.mappings.get();
        (!m.is_empty()).then(|| {
            let shown: Vec<String> = m
                .iter()
                .map(|m| format!("{}.{} → {}", m.table.name(), m.header, m.column))
                .collect();
            view! {
                <p class="field-help" data-testid="column-mappings">
                    "Your columns read as ours: " {shown.join(", ")} " "
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| {
                            state.import.mappings.set(Vec::new());
                            save_mappings(&[]);
                        }
                    >
                        "Forget"
                    </button>
                </p>
            }
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
        // Cleared so that choosing the same files again imports them again.
        input.set_value("");
        handle_import(state, files);
    };
    view! {
        <div class="field file-picker">
            <label for="data-files">"Load your data"</label>
            <input
                id="data-files"
                type="file"
                multiple
                accept=ACCEPT
                aria-describedby="data-files-help"
                disabled=move || state.import.busy()
                on:change=on_change
            />
            <p id="data-files-help" class="field-help">
                "The six CSV files — customers, accounts, credit_cards, loans, investments, "
                "transactions (any file names) — or the ZIP from “Export data”. You can also drop "
                "them on this panel. The files stay in your browser."
            </p>
            {mappings}
        </div>
    }
}

/// The files of a `FileList`, copied out (the list empties when its input is cleared).
pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Imports `files` in the background. On success the imported data replaces the current data
/// (and the analysis re-runs); on failure the error is shown and the current data stays.
/// Ignored while another import runs.
pub fn handle_import(state: AppState, files: Vec<web_sys::File>) {
    run_import(state, files, false);
}

/// Downloads the extract a `?data=` link names (same site only; see [`crate::web::fetch`]) and
/// imports it like picked files, with progress; a refusal or a failed download is shown as an
/// import error, and the data shown before stays.
pub fn import_from_link(state: AppState, url: String) {
    let status = state.import;
    status.error.set(None);
    status.progress.set(Some(ImportProgress {
        label: "Downloading the extract…".to_string(),
        fraction: 0.0,
    }));
    leptos::task::spawn_local(async move {
        let host = BrowserHost::new(move |p| status.progress.set(Some(p)));
        let fetched = crate::web::fetch::fetch_extract(&url, &host).await;
        status.progress.set(None);
        match fetched {
            Ok(files) => run_import(state, files, false),
            Err(e) => status.error.set(Some(e.into())),
        }
    });
}

/// Where the column mappings are remembered in the browser.
const MAPPINGS_KEY: &str = "c360.column-mappings";

/// The column mappings remembered from earlier imports (none natively, or if unreadable).
pub fn load_mappings() -> Vec<ColumnMapping> {
    crate::web::storage::get(MAPPINGS_KEY)
        .and_then(|t| crate::core::import::parse_mappings(&t).ok())
        .unwrap_or_default()
}

/// Remembers the column mappings for the next imports (best effort: a page that may not use
/// local storage keeps them for this visit only).
pub fn save_mappings(mappings: &[ColumnMapping]) {
    if let Ok(text) = serde_json::to_string(mappings) {
        crate::web::storage::set(MAPPINGS_KEY, &text);
    }
}

/// Adds `mapping` (replacing one for the same table and column), remembers it, and imports the
/// files of the last import again with it.
pub fn map_column_and_import_again(state: AppState, mapping: ColumnMapping) {
    state.import.mappings.update(|v| {
        v.retain(|m| !(m.table == mapping.table && m.column == mapping.column));
        v.push(mapping);
        save_mappings(v);
    });
    let files = state.import.files.get_value();
    run_import(state, files, false);
}

/// Imports the files of the last import again, leaving out the rows in error (listed, counted
/// and downloadable in the join report).
pub fn import_skipping_bad_rows(state: AppState) {
    let files = state.import.files.get_value();
    run_import(state, files, true);
}

fn run_import(state: AppState, files: Vec<web_sys::File>, skip_bad_rows: bool) {
    let status = state.import;
    if files.is_empty() || status.progress.get_untracked().is_some() {
        return;
    }
    status.files.set_value(files.clone());
    let options = ImportOptions {
        skip_bad_rows,
        mappings: status.mappings.get_untracked(),
        ..ImportOptions::default()
    };
    status.error.set(None);
    status.progress.set(Some(ImportProgress {
        label: "Opening the files…".to_string(),
        fraction: 0.0,
    }));
    leptos::task::spawn_local(async move {
        let host = BrowserHost::new(move |p| status.progress.set(Some(p)));
        let t0 = now_ms();
        let result = match read_files(&files, &host).await {
            Ok(loaded) => import_loaded_with(loaded, &host, &options).await,
            Err(e) => Err(e),
        };
        status.progress.set(None);
        match result {
            Ok(mut data) => {
                data.import_ms = now_ms() - t0;
                web_sys::console::info_1(
                    &format!(
                        "c360: imported {} customers in {:.0} ms (join and prepare {:.0} ms)",
                        data.customers(),
                        data.import_ms,
                        data.prepare_ms
                    )
                    .into(),
                );
                status.files.set_value(Vec::new());
                // Notices about the data shown before are stale now.
                state.notice.set(None);
                status.error.set(None);
                state.imported.set(Some(Shared::new(data)));
            }
            Err(e) => status.error.set(Some(e)),
        }
    });
}
