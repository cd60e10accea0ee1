//! The pure analysis core: no Leptos, no web-sys. Runs natively (CLI, tests, benchmarks) and in
//! WebAssembly alike. Data flows: synthesis or import → [`c360`] join → [`features`] →
//! [`scaling`] → [`selection`] ([`kmeans`] + [`silhouette`]) → [`personas`] → [`offers`] →
//! [`summary`] (filtered views) and [`export`].

#![warn(missing_docs)]

pub mod archive;
pub mod c360;
pub mod data;
pub mod defaults;
pub mod error;
pub mod export;
pub mod features;
pub mod import;
pub mod kmeans;
pub(crate) mod lanes;
pub mod metrics;
pub mod model;
pub mod numbers;
pub mod offers;
pub mod parallel;
pub mod pca;
pub mod personas;
pub mod pipeline;
pub mod plan;
pub mod policy;
pub mod propensity;
pub mod scaling;
pub mod selection;
pub mod silhouette;
pub mod sql;
pub mod stages;
pub mod summary;
pub mod synth;
pub mod table;
pub mod view;
