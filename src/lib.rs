//! Customer 360 & Cross-Sell: synthesize or import a six-table customer extract, build one
//! Customer 360 row per customer, engineer features, segment with K-Means (K by silhouette),
//! name personas, and recommend a cross-sell offer to every customer.
//!
//! Four layers, each a folder; each may use only the layers listed before it (`tests/layers.rs`
//! checks):
//! - [`core`]: the pure analysis (native and WebAssembly; no UI, no browser, no global state);
//! - [`app`]: the app's logic without a browser (settings, data source, staged runs, import);
//! - [`web`]: the browser glue (host, files, downloads, canvas, fit workers);
//! - [`ui`]: the Leptos dashboard.
//!
//! The command-line tool ([`cli`], native only) uses [`core`] alone.

pub mod app;
pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod ui;
pub mod web;
