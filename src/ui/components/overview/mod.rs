//! The results: KPIs, the charts, the segment profiles, "Download CSV".

mod campaign_mix_chart;
mod customer_map_chart;
mod download_button;
mod kpi_row;
mod model_selection_chart;
mod penetration_chart;
mod picks;
mod revenue_chart;
mod segment_donut_chart;
mod segment_profiles;
mod weak_segments_note;

pub use campaign_mix_chart::CampaignMixChart;
pub use customer_map_chart::CustomerMapChart;
pub use download_button::DownloadButton;
pub use kpi_row::KpiRow;
pub use model_selection_chart::ModelSelectionChart;
pub use penetration_chart::PenetrationChart;
pub use revenue_chart::RevenueChart;
pub use segment_donut_chart::SegmentDonutChart;
pub use segment_profiles::SegmentProfiles;
pub use weak_segments_note::WeakSegmentsNote;
