//! Customer 360 & Cross-Sell: synthesize or import a six-table customer extract, build one
//! Customer 360 row per customer, engineer features, segment with K-Means (K by silhouette),
//! name personas, and recommend a cross-sell offer to every customer.
//!
//! [`core`] is the pure pipeline (native and WebAssembly); [`ui`] is the Leptos dashboard.

pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod ui;
