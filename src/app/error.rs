//! What the user sees when something goes wrong: a one-line summary plus what to do about it.

use crate::core::error::CoreError;
use crate::core::synth::SynthError;

/// A user-facing error: one-line `summary` and a `hint` saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{summary} — {hint}")]
pub struct AppError {
    pub summary: String,
    pub hint: String,
}

impl AppError {
    /// An error with its hint.
    pub fn new(summary: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            hint: hint.into(),
        }
    }
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        if let CoreError::Data(d) = &e {
            return AppError::new(
                format!("The analysis stopped: {}: {}.", d.location(), d.problem),
                d.hint.clone(),
            );
        }
        let hint = match &e {
            CoreError::NoCustomers => "Increase the number of customers in Settings.",
            CoreError::KMeans(_) => "Use more customers or a smaller K in Settings.",
            CoreError::InvalidParam(_) => "Correct the setting and the analysis runs again.",
            CoreError::Data(d) => &d.hint,
        };
        AppError::new(format!("The analysis stopped: {e}."), hint)
    }
}

impl From<SynthError> for AppError {
    fn from(e: SynthError) -> Self {
        AppError::new(
            format!("The data could not be generated: {e}."),
            "Enter a number of customers in the allowed range.",
        )
    }
}
