//! The page URL: initial settings come from its query string, and the query follows the settings
//! and the policy's levers (arbitration, budget, holdout; `crate::app::policy_edit::policy_query`)
//! — relative `?…` URLs only, so the page works from any sub-path.

use leptos::prelude::*;

use super::state::AppState;
use crate::app::error::AppError;
use crate::app::policy_edit::policy_query;
use crate::app::settings::SettingsValues;

/// The current `location.search` (empty outside a browser).
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Settings from the page URL, and what was wrong with it, if anything.
pub fn initial_settings() -> (SettingsValues, Option<AppError>) {
    SettingsValues::from_query(&location_query())
}

/// Keeps the query string in step with the settings (replaceState: no new history entry).
pub fn handle_url_sync(state: AppState) {
    Effect::new(move |_| {
        let mut parts = vec![state.settings.values().to_query()];
        parts.extend(state.policy.with(|p| policy_query(p)));
        parts.retain(|p| !p.is_empty());
        let query = parts.join("&");
        let wanted = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        if location_query() == wanted {
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            // An empty query needs a non-empty relative URL: "?" keeps the current path.
            let url = if wanted.is_empty() {
                "?".to_string()
            } else {
                wanted
            };
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}
