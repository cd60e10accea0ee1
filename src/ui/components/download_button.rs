//! "Download CSV": the filtered, segmented customers as `customers_segmented.csv`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::error::UiError;
use crate::ui::format;
use crate::ui::jobs;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

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
            Some(f) => jobs::export_csv(f).and_then(|bytes| save_file(&bytes, CSV_FILE_NAME)),
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

/// Saves `bytes` through a Blob, an object URL and a temporary `<a download>`.
fn save_file(bytes: &[u8], name: &str) -> Result<(), UiError> {
    let fail = |what: &str| {
        UiError::new(
            format!("The download could not start ({what})."),
            "Allow downloads for this page and try again.",
        )
    };
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("the file could not be created"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("no link element"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_attribute("hidden", "").ok();
    if let Some(body) = document.body() {
        body.append_child(&anchor).ok();
        anchor.click();
        anchor.remove();
    }
    // Revoke after the click has been handled.
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(1),
    );
    Ok(())
}
