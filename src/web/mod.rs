//! The browser glue (web-sys, js-sys, wasm-bindgen), free of Leptos: the [`host::WebHost`] the app
//! runs on (clock, yielding a frame, performance marks), reading picked files ([`files`]), saving
//! downloads ([`save`]), remembering settings in local storage ([`storage`]), drawing on a canvas ([`canvas`]) and the fit [`workers`].

pub mod canvas;
pub mod fetch;
pub mod files;
pub mod host;
pub mod save;
pub mod storage;
pub mod workers;
