//! The Leptos dashboard (client-side rendered): nothing here but components, signals and the
//! charts they draw. The app's logic is [`crate::app`] (plain Rust, tested natively), the browser
//! glue [`crate::web`], the analysis [`crate::core`].
//!
//! - [`page`]: the page; [`components`]: one component per file, in a folder per panel.
//! - [`state`] (settings, filters, progress as signals) and [`results`] (the run as a local
//!   resource plus memos), each one context; [`url`]: the page URL follows the settings.
//! - [`charts`]: one plotters module per chart, generic over the backend (native tests draw SVG).

pub mod charts;
pub mod components;
pub mod downloads;
pub mod page;
pub mod results;
pub mod state;
pub mod url;

pub use page::App;

/// Mounts the dashboard on `<body>` (the binary's whole job, after the panic hook).
pub fn mount() {
    crate::web::host::mark("c360:start");
    leptos::mount::mount_to_body(App);
    crate::web::host::mark("c360:mounted");
}
