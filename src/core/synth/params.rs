//! Synthesis parameters, validated once.

use crate::core::defaults;
use serde::{Deserialize, Serialize};

/// Which generator to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DataProfile {
    /// Hidden personas with correlated attributes, so segmentation finds something real (default).
    #[default]
    Realistic,
    /// The original project's independent draws.
    Seed,
}

impl DataProfile {
    /// Lower-case name used in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DataProfile::Realistic => "realistic",
            DataProfile::Seed => "seed",
        }
    }

    /// Parses `realistic` or `seed` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "realistic" => Some(DataProfile::Realistic),
            "seed" => Some(DataProfile::Seed),
            _ => None,
        }
    }
}

/// Synthesis parameters. Defaults: [`crate::core::defaults`] (3,000 customers, seed 42,
/// realistic profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthParams {
    /// Number of customers to generate, 1 to `MAX_CUSTOMERS`.
    pub customers: usize,
    /// Random seed: the same seed, size and profile give the same data.
    pub seed: u64,
    /// Which generator draws the data.
    pub profile: DataProfile,
}

impl Default for SynthParams {
    fn default() -> Self {
        Self {
            customers: defaults::CUSTOMERS,
            seed: defaults::SEED,
            profile: defaults::PROFILE,
        }
    }
}

/// Largest number of customers synthesis accepts.
pub const MAX_CUSTOMERS: usize = 1_000_000;

/// Why synthesis parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynthError {
    /// The number of customers is 0 or above `MAX_CUSTOMERS`.
    #[error("number of customers must be between 1 and {max}, got {got}")]
    CustomersOutOfRange {
        /// The number asked for.
        got: usize,
        /// The largest number accepted (`MAX_CUSTOMERS`).
        max: usize,
    },
}

/// Parameters that passed [`SynthParams::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedSynthParams(SynthParams);

impl SynthParams {
    /// Validates the parameters.
    pub fn check(self) -> Result<CheckedSynthParams, SynthError> {
        if self.customers == 0 || self.customers > MAX_CUSTOMERS {
            return Err(SynthError::CustomersOutOfRange {
                got: self.customers,
                max: MAX_CUSTOMERS,
            });
        }
        Ok(CheckedSynthParams(self))
    }
}

impl CheckedSynthParams {
    /// The checked parameters.
    pub fn get(&self) -> &SynthParams {
        &self.0
    }
}
