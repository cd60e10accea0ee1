//! The data panel: synthetic or imported data, the file picker, import progress and errors, the join report, "Export data".

mod data_panel;
mod data_source;
mod export_button;
mod file_picker;
mod import_error;
mod import_note;
mod import_progress;
mod join_report;
mod join_warnings;
mod use_synthetic_button;

pub use data_panel::DataPanel;
pub use data_source::DataSource;
pub use export_button::ExportDataButton;
pub use file_picker::{FilePicker, import_from_link};
pub use import_error::ImportErrorPanel;
pub use import_note::ImportNote;
pub use import_progress::ImportProgressBar;
pub use join_report::JoinReportPanel;
pub use join_warnings::JoinWarnings;
pub use use_synthetic_button::UseSyntheticButton;
