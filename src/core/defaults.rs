//! The product's defaults and limits, in one place: the CLI's option defaults, the app's
//! settings and the page URL (which lists only what differs from them) all read these. Limits
//! of one front end only (the dashboard's 500–10,00,000 customers) stay with it
//! (`crate::app::settings`).

use super::synth::DataProfile;

/// Customers synthesized unless asked otherwise.
pub const CUSTOMERS: usize = 3_000;
/// The seed of synthesis and of the model (k-means++ seeding, the silhouette sample).
pub const SEED: u64 = 42;
/// The synthetic data profile.
pub const PROFILE: DataProfile = DataProfile::Realistic;
/// Smallest and largest K the product offers (K is chosen by silhouette within it).
pub const K_RANGE: (usize, usize) = (2, 8);
/// K-Means restarts per K (k-means++ seeding each); the lowest inertia is kept.
pub const RESTARTS: usize = 10;
/// Restarts accepted (inclusive).
pub const RESTARTS_RANGE: (usize, usize) = (1, 100);
/// The suitability guardrail (no new credit for customers with a risk flag) is on.
pub const GUARDRAIL: bool = true;
