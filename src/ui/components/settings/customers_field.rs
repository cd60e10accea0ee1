//! Number of customers to generate.

use leptos::prelude::*;

use crate::app::format;
use crate::app::settings::{CUSTOMERS_RANGE, parse_customers};
use crate::ui::components::CheckedInput;
use crate::ui::state::use_app_state;

/// 500–10,00,000; a new value re-runs the whole analysis. While the data is imported it is
/// disabled and shows the imported customers' count.
#[component]
pub fn CustomersField() -> impl IntoView {
    let state = use_app_state();
    let (lo, hi) = CUSTOMERS_RANGE;
    let imported = Signal::derive(move || state.is_imported());
    let imported_count = Signal::derive(move || {
        state
            .imported
            .with(|d| d.as_ref().map(|d| d.prepared.rows.len()))
            .map(|n| format!("{} (your file)", format::count(n)))
            .unwrap_or_default()
    });
    let help = Signal::derive(move || {
        if state.is_imported() {
            "Synthetic data only: your file sets the customers.".to_string()
        } else {
            format!("{} to {}.", format::count(lo), format::count(hi))
        }
    });
    view! {
        <CheckedInput
            id="set-customers"
            label="Number of customers"
            value=state.settings.customers
            parse=parse_customers
            help=help
            disabled=imported
            shown_when_disabled=imported_count
        />
    }
}
