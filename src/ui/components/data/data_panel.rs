//! "Data": where the analysed data comes from — generated from the settings, or the user's six
//! files — with the import (file input and drop zone), its progress, errors and join-quality
//! report, "Use synthetic data" and "Export data".

use leptos::prelude::*;

use crate::ui::state::use_app_state;

use super::file_picker::{files_of, handle_import};
use crate::ui::components::{
    DataSource, ExportDataButton, FilePicker, ImportErrorPanel, ImportProgressBar, JoinReportPanel,
    UseSyntheticButton,
};

/// The data panel; the whole panel is a drop zone for the files.
#[component]
pub fn DataPanel() -> impl IntoView {
    let state = use_app_state();
    // dragenter/dragleave also fire for the panel's children: count the depth.
    let drag_depth = RwSignal::new(0_i32);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        drag_depth.set(0);
        let files = ev
            .data_transfer()
            .and_then(|d| d.files())
            .map(|l| files_of(&l))
            .unwrap_or_default();
        handle_import(state, files);
    };
    let on_dragenter = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        drag_depth.update(|d| *d += 1);
    };
    let on_dragleave = move |_: leptos::ev::DragEvent| drag_depth.update(|d| *d = (*d - 1).max(0));
    let dragging = move || drag_depth.get() > 0;
    view! {
        <section
            class="panel data-panel"
            class=("drop-active", dragging)
            aria-labelledby="data-title"
            data-testid="data-panel"
            on:dragenter=on_dragenter
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:dragleave=on_dragleave
            on:drop=on_drop
        >
            <h2 id="data-title" class="panel-title">"Data"</h2>
            <DataSource/>
            <FilePicker/>
            <ImportProgressBar/>
            <ImportErrorPanel/>
            <JoinReportPanel/>
            <div class="data-actions">
                <UseSyntheticButton/>
                <ExportDataButton/>
            </div>
            <p id="export-help" class="field-help">
                "“Export data” saves the six tables shown as CSV files in one ZIP: the format to import."
            </p>
        </section>
    }
}
