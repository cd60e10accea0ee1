//! The filter panel: segments, products held, risk and suitability, income band, age range,
//! offers; and the chips that show the active filters above the views.

mod age_filter;
mod check_list;
mod filter_chips;
mod filter_panel;
mod flag_filters;
mod income_filter;
mod offer_filter;
mod segment_filter;

pub use age_filter::AgeFilter;
pub use check_list::CheckList;
pub use filter_chips::FilterChips;
pub use filter_panel::FilterPanel;
pub use flag_filters::FlagFilters;
pub use income_filter::IncomeFilter;
pub use offer_filter::OfferFilter;
pub use segment_filter::SegmentFilter;
