//! The app's logic without a browser: settings and their URL form, the data source, the staged
//! run loop and the import, written against small host traits ([`host::Host`],
//! [`import::ImportHost`], [`run::FitHelpers`]) that `crate::web` implements for the browser and
//! tests implement natively. No Leptos, no web-sys, no js-sys (`make lint` checks).
//!
//! - [`settings`]: defaults, limits, validation, the URL query; [`format`](mod@format): INR and counts.
//! - [`source`]: synthetic or imported data; [`import`]: reading the six files (or a ZIP) in
//!   chunks with progress, then joining and preparing.
//! - [`run`]: the heavy stages of one run (the core's [`crate::core::stages::StagedRun`]) with pacing,
//!   progress, a cache and fits handed to helpers; [`fit_plan`]: which fit pieces the helpers hold.
//! - [`jobs`]: the light steps (segments for a K, offers, filters, exports) over plain data.
//! - [`error`]: what the user reads when something fails; [`shared`]: an `Arc` compared by identity.

pub mod error;
pub mod explain;
pub mod filters;
pub mod fit_plan;
pub mod format;
pub mod glossary;
pub mod host;
pub mod import;
pub mod jobs;
pub mod policy_edit;
pub mod run;
pub mod settings;
pub mod shared;
pub mod source;
