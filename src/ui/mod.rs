//! The Leptos dashboard (client-side rendered). It calls the pure [`crate::core`] through
//! [`jobs`]; the core never calls it.
//!
//! - [`app`]: the page; [`components`]: one component per file.
//! - [`state`] (settings, filters, progress as signals) and [`results`] (the analysis as a local
//!   resource plus memos), each one context.
//! - [`runner`]: the staged run with a yield to the browser between stages; [`jobs`]: every core
//!   call, free of Leptos so a Web Worker could host it.
//! - [`charts`]: one plotters module per chart, generic over the backend; [`canvas`] draws them
//!   sharp on high-DPI screens.
//! - [`settings`]: defaults, limits and the URL query; [`format`]: INR and counts.

pub mod app;
pub mod canvas;
pub mod charts;
pub mod components;
pub mod error;
pub mod format;
pub mod jobs;
pub mod results;
pub mod runner;
pub mod settings;
pub mod shared;
pub mod state;
pub mod url;

pub use app::App;

/// Mounts the dashboard on `<body>` (the binary's whole job, after the panic hook).
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
