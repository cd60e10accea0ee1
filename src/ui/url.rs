//! The page URL: initial settings, filters and the looked-up customer come from its query
//! string, and the query follows them and the policy's levers (arbitration, budget, holdout; `crate::app::policy_edit::policy_query`)
//! — relative `?…` URLs only, so the page works from any sub-path.

use leptos::prelude::*;

use super::state::AppState;
use crate::app::error::AppError;
use crate::app::filters::FilterValues;
use crate::app::policy_edit::policy_query;
use crate::app::settings::SettingsValues;

/// The current `location.search` (empty outside a browser).
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// What the page opens with, read from its URL.
pub struct Initial {
    pub settings: SettingsValues,
    pub filters: FilterValues,
    /// The customer looked up (`customer=ID`).
    pub lookup: Option<String>,
    /// What was wrong with the link, if anything (settings and filters in one message).
    pub notice: Option<AppError>,
    /// `embed=1`: the compact layout for a frame in another page (no header).
    pub embed: bool,
    /// `data=URL`: an extract on this site to load on open.
    pub data: Option<String>,
}

impl Initial {
    /// The page's own parameters (`embed`, `data`), which the query keeps as the settings change.
    pub fn page_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if self.embed {
            q.append_pair("embed", "1");
        }
        if let Some(d) = &self.data {
            q.append_pair("data", d);
        }
        q.finish()
    }
}

/// Settings, filters and the looked-up customer from the page URL, and what was wrong with it.
pub fn initial_state() -> Initial {
    let query = location_query();
    let (settings, notice) = SettingsValues::from_query(&query);
    let (filters, problems) = FilterValues::from_query(&query);
    let param = |name: &str| {
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let lookup = param("customer");
    let embed = param("embed").is_some_and(|v| v != "0" && v != "false");
    let data = param("data").filter(|d| !d.is_empty());
    let notice = match (notice, problems.is_empty()) {
        (notice, true) => notice,
        (None, false) => Some(AppError::new(
            format!(
                "The link has filters that cannot be used ({}).",
                problems.join("; ")
            ),
            "Those filters are left open; set them under Filters, or fix the link.",
        )),
        (Some(e), false) => Some(AppError::new(
            format!("{} Filters too: {}.", e.summary, problems.join("; ")),
            e.hint,
        )),
    };
    Initial {
        settings,
        filters,
        lookup,
        notice,
        embed,
        data,
    }
}

/// Keeps the query string in step with the settings (replaceState: no new history entry);
/// `page_query` (the page's own parameters, [`Initial::page_query`]) stays first.
pub fn handle_url_sync(state: AppState, page_query: String) {
    Effect::new(move |_| {
        let mut parts = vec![page_query.clone(), state.settings.values().to_query()];
        parts.extend(state.policy.with(|p| policy_query(p)));
        parts.push(state.filters.with(FilterValues::to_query));
        if let Some(id) = state.lookup.get().filter(|id| !id.is_empty()) {
            parts.push(
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("customer", &id)
                    .finish(),
            );
        }
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
            // An empty query: the current path alone (a bare "?" would stay in the address).
            let url = if wanted.is_empty() {
                web_sys::window()
                    .and_then(|w| w.location().pathname().ok())
                    .unwrap_or_else(|| "?".to_string())
            } else {
                wanted
            };
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}
