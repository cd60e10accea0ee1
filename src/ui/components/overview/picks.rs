//! What a click on a chart does with what it picks: narrow the filters to one segment or one
//! offer, or look a customer up.

use leptos::prelude::*;

use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// Keeps only the segment a click names.
pub fn pick_segment() -> Callback<String> {
    let state = use_app_state();
    let results = use_results();
    Callback::new(move |name: String| {
        let all: Vec<String> = results.segmented.with_untracked(|s| {
            s.as_ref()
                .map(|s| {
                    s.segmentation
                        .segments
                        .iter()
                        .map(|g| g.name.clone())
                        .collect()
                })
                .unwrap_or_default()
        });
        state
            .filters
            .update(|f| f.only_segment(&name, all.iter().map(String::as_str)));
    })
}

/// Keeps only the offer a click names.
pub fn pick_offer() -> Callback<String> {
    let state = use_app_state();
    let results = use_results();
    Callback::new(move |name: String| {
        let all = results.offer_names.get_untracked();
        state
            .filters
            .update(|f| f.only_offer(&name, all.iter().map(String::as_str)));
    })
}

/// Looks up the customer a click names (`customer:ID`).
pub fn pick_customer() -> Callback<String> {
    let state = use_app_state();
    Callback::new(move |key: String| {
        if let Some(id) = key.strip_prefix("customer:") {
            state.lookup.set(Some(id.to_string()));
        }
    })
}
