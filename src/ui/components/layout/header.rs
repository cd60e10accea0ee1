//! The page header: product name and the privacy note.

use leptos::prelude::*;

/// Product name, tagline and "Your data never leaves this browser". `embedded` (`?embed=1`, the
/// app in a frame of another page): only the tools — lookup, Filters, Help — in one slim bar; the
/// name stays for screen readers.
#[component]
pub fn Header(embedded: bool) -> impl IntoView {
    if embedded {
        return view! {
            <header class="topbar compact">
                <h1 class="visually-hidden">"Customer 360 & Cross-Sell"</h1>
                <crate::ui::components::LookupForm/>
                <a class="to-filters" href="#filters-title">"Filters"</a>
                <crate::ui::components::HelpPanel/>
            </header>
        }
        .into_any();
    }
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"C360"</span>
                <div>
                    <h1>"Customer 360 & Cross-Sell"</h1>
                    <p class="tagline">"Segmentation and next-best offers for retail banking"</p>
                </div>
            </div>
            <crate::ui::components::LookupForm/>
            <a class="to-filters" href="#filters-title">"Filters"</a>
            <crate::ui::components::HelpPanel/>
            <p class="privacy">
                <svg class="lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path
                        fill="currentColor"
                        d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z"
                    ></path>
                </svg>
                "Your data never leaves this browser"
            </p>
        </header>
    }
    .into_any()
}
