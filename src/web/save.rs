//! Saving bytes as a download: a Blob, an object URL and a temporary `<a download>`. Free of
//! Leptos (the URL is revoked a second later with a plain `setTimeout`).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::app::error::AppError;

/// MIME type of CSV downloads.
pub const CSV_MIME: &str = "text/csv;charset=utf-8";
/// MIME type of ZIP downloads.
pub const ZIP_MIME: &str = "application/zip";

/// Saves `bytes` as a file called `name` of type `mime`.
pub fn save_file(bytes: &[u8], name: &str, mime: &str) -> Result<(), AppError> {
    let fail = |what: &str| {
        AppError::new(
            format!("The download could not start ({what})."),
            "Allow downloads for this page and try again.",
        )
    };
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
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
    let revoke = Closure::once_into_js(move || drop(web_sys::Url::revoke_object_url(&url)));
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000);
    Ok(())
}

/// MIME type of PNG downloads.
pub const PNG_MIME: &str = "image/png";

/// Saves what `canvas` shows as a PNG file called `name`.
pub fn save_canvas_png(canvas: &web_sys::HtmlCanvasElement, name: &str) -> Result<(), AppError> {
    let url = canvas.to_data_url_with_type(PNG_MIME).map_err(|_| {
        AppError::new(
            "The chart could not be saved as an image.",
            "Try again once the chart is drawn.",
        )
    })?;
    // "data:image/png;base64,…" → the PNG's bytes.
    let b64 = url.split_once(',').map_or("", |(_, b)| b);
    let text = web_sys::window()
        .and_then(|w| w.atob(b64).ok())
        .unwrap_or_default();
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    save_file(&bytes, name, PNG_MIME)
}
