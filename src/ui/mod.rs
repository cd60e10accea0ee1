//! The Leptos dashboard (client-side rendered). It calls the pure [`crate::core`] through
//! [`jobs`]; the core never calls it.
//!
//! - [`app`]: the page; [`components`]: one component per file.
//! - [`state`] (settings, filters, progress as signals) and [`results`] (the analysis as a local
//!   resource plus memos), each one context.
//! - [`runner`]: the staged run, yielding to the browser between stages (paced); [`jobs`]: every core
//!   call, free of Leptos so a Web Worker could host it.
//! - [`pool`]: the fit workers (from 10,000 customers); [`fit_plan`]: their bookkeeping (pure);
//!   [`fit_protocol`]: the messages; [`fit_worker`]: the worker side.
//! - [`charts`]: one plotters module per chart, generic over the backend; [`canvas`] draws them
//!   sharp on high-DPI screens.
//! - [`settings`]: defaults, limits and the URL query; [`format`]: INR and counts.
//! - [`import`]: reading the user's files (CSV or a ZIP of them) in chunks with progress;
//!   [`source`]: synthetic or imported data; [`archive`]: ZIP for "Export data"; [`save`]:
//!   saving bytes as a download. All free of Leptos.

pub mod app;
pub mod archive;
pub mod canvas;
pub mod charts;
pub mod components;
pub mod error;
pub mod fit_plan;
pub mod fit_protocol;
pub mod fit_worker;
pub mod format;
pub mod import;
pub mod jobs;
pub mod pool;
pub mod results;
pub mod runner;
pub mod save;
pub mod settings;
pub mod shared;
pub mod source;
pub mod state;
pub mod url;

pub use app::App;

/// Mounts the dashboard on `<body>` (the binary's whole job, after the panic hook).
pub fn mount() {
    runner::mark("c360:start");
    leptos::mount::mount_to_body(App);
    runner::mark("c360:mounted");
}
