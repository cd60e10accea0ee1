//! Customer 360 lookup: a "Customer ID" field at the top of the page (Enter looks up), and the
//! customer's card in a panel that opens beside whatever the user is looking at.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::ui::state::use_app_state;

use crate::ui::components::CustomerCard;

/// The lookup field, in the header: Enter or "Look up" opens the customer's panel.
#[component]
pub fn LookupForm() -> impl IntoView {
    let state = use_app_state();
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get_untracked() {
            let el: HtmlInputElement = el;
            state.lookup.set(Some(el.value().trim().to_string()));
        }
    };
    let hint = move || {
        if state.is_imported() {
            "Any customer_id of your customers file"
        } else {
            "Synthetic customers have IDs 1, 2, 3, …"
        }
    };
    view! {
        <form class="lookup-form" on:submit=submit role="search" aria-label="Customer lookup">
            <label for="customer-id">"Customer ID"</label>
            <input
                id="customer-id"
                node_ref=input
                type="text"
                inputmode="numeric"
                autocomplete="off"
                placeholder="e.g. 42"
                title=hint
                prop:value=move || state.lookup.get().unwrap_or_default()
            />
            <button type="submit" class="button primary">"Look up"</button>
        </form>
    }
}

/// The looked-up customer's 360 view, in a panel on the right (a sheet at the bottom on narrow
/// screens) that stays in view while the page scrolls; "Close" or Escape closes it.
#[component]
pub fn CustomerDrawer() -> impl IntoView {
    let state = use_app_state();
    let heading = NodeRef::<leptos::html::H2>::new();
    let open = move || state.lookup.with(Option::is_some);
    let close = move || {
        state.lookup.set(None);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("customer-id"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    };
    // Focus moves to the panel when it opens or shows another customer.
    Effect::new(move |_| {
        if state.lookup.get().is_some()
            && let Some(h) = heading.get()
        {
            let h: web_sys::HtmlElement = h.into();
            let _ = h.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    view! {
        <Show when=open>
            <aside class="customer-drawer" aria-labelledby="lookup-title" on:keydown=on_key data-testid="customer-drawer">
                <header class="drawer-head">
                    <h2 id="lookup-title" tabindex="-1" node_ref=heading>"Customer 360"</h2>
                    <button type="button" class="link-button" on:click=move |_| close() aria-label="Close the customer panel">
                        "Close ×"
                    </button>
                </header>
                <CustomerCard/>
            </aside>
        </Show>
    }
}
