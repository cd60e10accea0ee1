//! What the page's downloads are called: what is inside, the data source, the filters and
//! today's date ([`crate::app::filters::file_name`]).

use leptos::prelude::*;

use super::state::AppState;
use crate::app::filters::file_name;

/// Today's date in the browser's time zone, `YYYY-MM-DD`.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// The data source in a few words: "synthetic 3000 seed 42 realistic" or "imported 2500".
fn source(state: &AppState) -> String {
    state.imported.with_untracked(|d| match d {
        Some(d) => format!("imported {}", d.prepared.rows.len()),
        None => {
            let s = state.settings;
            format!(
                "synthetic {} seed {} {}",
                s.customers.get_untracked(),
                s.seed.get_untracked(),
                s.profile.get_untracked().as_str()
            )
        }
    })
}

/// The file name for a download of `what` (e.g. "customers", "segment-distribution") with the
/// extension `ext`, for the data and filters in force now.
pub fn download_name(state: &AppState, what: &str, ext: &str) -> String {
    let filters = state.filters.get_untracked();
    file_name(what, &source(state), &filters, &today(), ext)
}
