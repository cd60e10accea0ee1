//! The decision policy panel: the offer catalogue, the offer rules and the suitability rules,
//! editable in place; download, load and reset. Every edit is checked as a whole policy before
//! it replaces the one in force ([`crate::app::policy_edit::edited`]).

mod condition_list;
mod offers_editor;
mod policy_at_work;
mod policy_field;
mod policy_panel;
mod rules_editor;
mod suitability_editor;

pub use condition_list::ConditionList;
pub use offers_editor::OffersEditor;
pub use policy_at_work::PolicyAtWork;
pub use policy_field::PolicyField;
pub use policy_panel::{PolicyPanel, keep_policy};
pub use rules_editor::RulesEditor;
pub use suitability_editor::SuitabilityEditor;

use leptos::prelude::*;

use crate::app::policy_edit::edited;
use crate::app::shared::Shared;
use crate::core::policy::Policy;
use crate::ui::state::AppState;

/// Applies `edit` to the policy in force when the result passes every check; otherwise the
/// policy stays and the message says what is wrong.
pub fn apply_edit(state: AppState, edit: impl FnOnce(&mut Policy)) -> Result<(), String> {
    let current = state.policy.get_untracked();
    let next = edited(&current, edit)?;
    state.policy.set(Shared::new(next));
    Ok(())
}
