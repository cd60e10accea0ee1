//! Customer 360 lookup: type an id, press Enter.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::ui::state::use_app_state;

use crate::ui::components::CustomerCard;

/// A "Customer ID" field in a form (Enter submits) and the customer's card below.
#[component]
pub fn LookupPanel() -> impl IntoView {
    let state = use_app_state();
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get_untracked() {
            let el: HtmlInputElement = el;
            state.lookup.set(Some(el.value().trim().to_string()));
        }
    };
    view! {
        <section class="card lookup" aria-labelledby="lookup-title">
            <header class="card-head">
                <h2 id="lookup-title">"Customer 360 lookup"</h2>
                <p class="card-note">
                    {move || if state.is_imported() {
                        "Look up any customer_id of your customers file."
                    } else {
                        "Synthetic customers have IDs 1, 2, 3, … up to the number of customers."
                    }}
                </p>
            </header>
            <form class="lookup-form" on:submit=submit role="search">
                <label for="customer-id">"Customer ID"</label>
                <input id="customer-id" node_ref=input type="text" inputmode="numeric" autocomplete="off" placeholder="e.g. 42"/>
                <button type="submit" class="button primary">"Look up"</button>
            </form>
            <CustomerCard/>
        </section>
    }
}
