//! Number of customers to generate.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::app::error::AppError;
use crate::app::format;
use crate::app::settings::{CUSTOMERS_RANGE, parse_customers};
use crate::ui::state::use_app_state;

/// A number input (500–100,000); a new value re-runs the whole analysis. Disabled while the
/// data is imported.
#[component]
pub fn CustomersField() -> impl IntoView {
    let state = use_app_state();
    let customers = state.settings.customers;
    let (lo, hi) = CUSTOMERS_RANGE;
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        match parse_customers(&input.value()) {
            Ok(v) => {
                state.notice.set(None);
                customers.set(v);
            }
            Err(msg) => {
                state.notice.set(Some(AppError::new(
                    format!("Customers: {msg}."),
                    format!(
                        "Enter a whole number from {} to {}; the results shown are unchanged.",
                        format::count(lo),
                        format::count(hi)
                    ),
                )));
                input.set_value(&customers.get_untracked().to_string());
            }
        }
    };
    view! {
        <div class="field">
            <label for="set-customers">"Number of customers"</label>
            <input
                id="set-customers"
                type="number"
                inputmode="numeric"
                min=lo
                max=hi
                step=500
                disabled=move || state.is_imported()
                prop:value=move || customers.get().to_string()
                on:change=on_change
            />
        </div>
    }
}
