//! The settings panel: customers, seed, profile, K, restarts, guardrail.

mod checked_input;
mod customers_field;
mod guardrail_field;
mod k_field;
mod profile_field;
mod restarts_field;
mod seed_field;
mod settings_panel;

pub use checked_input::CheckedInput;
pub use customers_field::CustomersField;
pub use guardrail_field::GuardrailField;
pub use k_field::KField;
pub use profile_field::ProfileField;
pub use restarts_field::RestartsField;
pub use seed_field::SeedField;
pub use settings_panel::SettingsPanel;
