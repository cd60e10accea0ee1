//! Errors of the chart modules.

use plotters::drawing::DrawingAreaErrorKind;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// The drawing backend failed (message from plotters).
    #[error("the chart could not be drawn: {0}")]
    Drawing(String),
    /// No canvas to draw on (not mounted, or its 2-D context is unavailable).
    #[error("the chart's canvas is not available")]
    NoCanvas,
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Drawing(e.to_string())
    }
}
