//! Reading the files the user picked (or dropped) into memory.

use crate::app::error::AppError;
use crate::app::import::{ImportFailure, ImportHost, ImportProgress, LoadedFile, READ_SHARE};

/// Reads the chosen files into memory, one after the other, reporting each.
pub async fn read_files(
    files: &[web_sys::File],
    host: &impl ImportHost,
) -> Result<Vec<LoadedFile>, ImportFailure> {
    let total: f64 = files.iter().map(|f| f.size()).sum::<f64>().max(1.0);
    let mut done = 0.0;
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let name = f.name();
        host.report(ImportProgress {
            label: format!("Opening {name}…"),
            fraction: READ_SHARE * done / total,
        });
        host.pause().await;
        let buffer = wasm_bindgen_futures::JsFuture::from(f.array_buffer())
            .await
            .map_err(|_| unreadable(&name))?;
        out.push(LoadedFile::new(
            name,
            js_sys::Uint8Array::new(&buffer).to_vec(),
        ));
        done += f.size();
    }
    Ok(out)
}

/// Reads a small text file (a policy) the user picked.
pub async fn read_text(file: &web_sys::File) -> Result<String, AppError> {
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| unreadable(&name))?;
    text.as_string().ok_or_else(|| {
        AppError::new(
            format!("{name} is not a text file."),
            "Choose a policy file (JSON) written by Download policy or c360 policy.",
        )
    })
}

/// A picked file the browser could not read.
fn unreadable(name: &str) -> AppError {
    AppError::new(
        format!("{name} could not be read."),
        "Check that the file still exists and can be opened, then choose it again.",
    )
}
