//! Page furniture and building blocks: header, footer, progress bar, error banner, the chart card, a data table, a KPI card.

mod chart_card;
mod data_table;
mod error_banner;
mod footer;
mod header;
mod help_panel;
mod info_tip;
mod kpi_card;
mod later;
mod progress_bar;

pub use chart_card::ChartCard;
pub use data_table::DataTable;
pub use error_banner::ErrorBanner;
pub use footer::Footer;
pub use header::Header;
pub use help_panel::HelpPanel;
pub use info_tip::InfoTip;
pub use kpi_card::KpiCard;
pub use later::{Later, Soon};
pub use progress_bar::ProgressBar;
