//! The campaign plan panel: budget, capacity and holdout levers, the plan's totals beside the
//! default policy's, the gains chart, the propensity models' quality and the contact list.

mod campaign_panel;

pub use campaign_panel::CampaignPanel;
