//! The filter panel: segments, income band, age range, product holding.

mod age_filter;
mod filter_panel;
mod holding_filter;
mod income_filter;
mod segment_filter;

pub use age_filter::AgeFilter;
pub use filter_panel::FilterPanel;
pub use holding_filter::HoldingFilter;
pub use income_filter::IncomeFilter;
pub use segment_filter::SegmentFilter;
