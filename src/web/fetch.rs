//! Fetching an extract named by the page's `?data=` link: the ZIP that "Export data" writes, or a
//! folder (a URL ending in `/`) holding the six CSV files. Same origin only: the page's
//! Content-Security-Policy (`connect-src 'self'`) would refuse another site anyway, and this says
//! so in words first.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::error::AppError;
use crate::app::import::{ImportHost, ImportProgress, READ_SHARE};
use crate::app::source::{DataLink, data_link, data_link_hint};
use crate::core::import::TableKind;

/// The files the link names, downloaded (as `File`s, so that the import and its "import again"
/// offers treat them like picked files), with progress.
pub async fn fetch_extract(
    given: &str,
    host: &impl ImportHost,
) -> Result<Vec<web_sys::File>, AppError> {
    let window = web_sys::window().ok_or_else(|| AppError::new("No browser window.", ""))?;
    let page = window.location().href().unwrap_or_default();
    let origin = window.location().origin().unwrap_or_default();
    let resolved = web_sys::Url::new_with_base(given, &page)
        .ok()
        .map(|u| (u.href(), u.origin(), u.pathname()));
    let link = data_link(
        given,
        resolved
            .as_ref()
            .map(|(h, o, p)| (h.as_str(), o.as_str(), p.as_str())),
        &origin,
    )?;
    let targets: Vec<(String, String)> = match &link {
        DataLink::File { url, name } => vec![(url.clone(), name.clone())],
        DataLink::Folder { url } => TableKind::ALL
            .iter()
            .map(|t| {
                (
                    format!("{url}{}.csv", t.name()),
                    format!("{}.csv", t.name()),
                )
            })
            .collect(),
    };
    let count = targets.len() as f64;
    let mut files = Vec::with_capacity(targets.len());
    for (i, (url, name)) in targets.iter().enumerate() {
        let file = fetch_one(
            &window,
            url,
            name,
            &link,
            host,
            i as f64 / count,
            1.0 / count,
        )
        .await?;
        files.push(file);
    }
    Ok(files)
}

/// Downloads `url` as a `File` called `name`, reporting the bytes as they arrive within
/// [`READ_SHARE`] × (`start` .. `start + share`) of the import's progress.
async fn fetch_one(
    window: &web_sys::Window,
    url: &str,
    name: &str,
    link: &DataLink,
    host: &impl ImportHost,
    start: f64,
    share: f64,
) -> Result<web_sys::File, AppError> {
    let failed = |why: String| {
        AppError::new(
            format!("{name} could not be downloaded from {url}: {why}."),
            data_link_hint(link),
        )
    };
    host.report(ImportProgress {
        label: format!("Downloading {name}…"),
        fraction: READ_SHARE * start,
    });
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| failed(describe(&e)))?
        .dyn_into()
        .map_err(|_| failed("no response".into()))?;
    if !response.ok() {
        return Err(failed(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v > 0.0);
    let parts = Array::new();
    let mut loaded = 0.0;
    if let Some(body) = response.body() {
        let reader = call(&body, "getReader").map_err(|e| failed(describe(&e)))?;
        loop {
            let chunk = JsFuture::from(
                call(&reader, "read")
                    .map_err(|e| failed(describe(&e)))?
                    .unchecked_into::<Promise>(),
            )
            .await
            .map_err(|e| failed(describe(&e)))?;
            if Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                == Some(true)
            {
                break;
            }
            let bytes: Uint8Array = Reflect::get(&chunk, &"value".into())
                .map_err(|e| failed(describe(&e)))?
                .unchecked_into();
            loaded += f64::from(bytes.length());
            parts.push(&bytes);
            let within = total.map_or(0.5, |t| (loaded / t).min(1.0));
            host.report(ImportProgress {
                label: format!("Downloading {name}… {:.1} MB", loaded / 1e6),
                fraction: READ_SHARE * (start + share * within),
            });
        }
    }
    web_sys::File::new_with_u8_array_sequence(&parts, name).map_err(|e| failed(describe(&e)))
}

/// Calls the method `name` of `target` with no arguments.
fn call(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &name.into())?
        .dyn_into::<Function>()?
        .call0(target)
}

/// A JavaScript error as text (saying so when the browser is offline).
fn describe(e: &JsValue) -> String {
    if web_sys::window().is_some_and(|w| !w.navigator().on_line()) {
        return "this browser is offline; connect to the network and open the link again"
            .to_string();
    }
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the network or the page's security policy refused it".to_string())
}
