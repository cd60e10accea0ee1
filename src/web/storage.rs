//! The browser's `localStorage`, best effort: a page that may not use it (a sandboxed frame,
//! storage switched off) reads nothing and keeps what it would have saved for this visit only.
//! Natively (tests), there is no storage.

/// The text stored under `key`, if any.
pub fn get(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        call("getItem", &[key]).and_then(|v| v.as_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Stores `value` under `key` (ignored when the page may not store).
pub fn set(key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    let _ = call("setItem", &[key, value]);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, value);
}

/// Forgets `key`.
pub fn remove(key: &str) {
    #[cfg(target_arch = "wasm32")]
    let _ = call("removeItem", &[key]);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = key;
}

/// Calls `localStorage.<method>(args…)`; `None` when the page may not use the storage or the
/// call throws (quota, privacy mode). `localStorage` is read through `Reflect`, since reading it
/// can itself throw in a sandboxed frame.
#[cfg(target_arch = "wasm32")]
fn call(method: &str, args: &[&str]) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let storage = js_sys::Reflect::get(&window, &"localStorage".into())
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())?;
    let f: js_sys::Function = js_sys::Reflect::get(&storage, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args
        .iter()
        .map(|a| wasm_bindgen::JsValue::from_str(a))
        .collect();
    f.apply(&storage, &args).ok()
}
