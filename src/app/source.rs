//! Where the analysed data comes from: synthesized from the settings, or imported by the user.
//! Plain data, free of Leptos.

use std::sync::Arc;

use crate::core::data::Dataset;
use crate::core::import::ImportSummary;
use crate::core::pipeline::Prepared;
use crate::core::synth::SynthParams;

use super::shared::Shared;

/// A successful import: the six tables, joined and prepared, and what the import read.
#[derive(Debug)]
pub struct ImportedData {
    /// The tables as read (kept for "Export data").
    pub dataset: Arc<Dataset>,
    /// Joined, engineered and scaled; its `join_report` is shown after the import.
    pub prepared: Arc<Prepared>,
    /// Rows per file and ignored columns.
    pub summary: ImportSummary,
    /// What to call the data, e.g. "6 files, 3,000 customers".
    pub name: String,
    /// Counts the imports of a page (1 for the first), so each import is analysed afresh.
    pub generation: u64,
    /// Time to read, parse, join and prepare, in milliseconds.
    pub import_ms: f64,
    /// The join-and-prepare part of `import_ms`.
    pub prepare_ms: f64,
}

impl ImportedData {
    /// Number of customers.
    pub fn customers(&self) -> usize {
        self.prepared.rows.len()
    }

    /// The problems the join met that did not stop the import, one sentence each (empty when
    /// there were none): [`crate::core::c360::JoinReport::warnings`].
    pub fn join_problems(&self) -> Vec<String> {
        self.prepared.join_report.warnings()
    }
}

/// The data one analysis runs on.
#[derive(Debug, Clone, PartialEq)]
pub enum RunData {
    /// Generated from these parameters.
    Synthetic(SynthParams),
    /// Imported by the user (equal when it is the same import).
    Imported(Shared<ImportedData>),
}

/// What identifies prepared data in the runner's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKey {
    Synthetic(SynthParams),
    /// An import's generation.
    Imported(u64),
}

impl RunData {
    /// The cache key of this data.
    pub fn key(&self) -> DataKey {
        match self {
            RunData::Synthetic(p) => DataKey::Synthetic(*p),
            RunData::Imported(d) => DataKey::Imported(d.generation),
        }
    }

    /// Number of customers.
    pub fn customers(&self) -> usize {
        match self {
            RunData::Synthetic(p) => p.customers,
            RunData::Imported(d) => d.customers(),
        }
    }
}
