//! The page header: product name and the privacy note.

use leptos::prelude::*;

/// Product name, tagline and "Your data never leaves this browser".
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"C360"</span>
                <div>
                    <h1>"Customer 360 & Cross-Sell"</h1>
                    <p class="tagline">"Segmentation and next-best offers for retail banking"</p>
                </div>
            </div>
            <p class="privacy">
                <span class="lock" aria-hidden="true">"🔒"</span>
                "Your data never leaves this browser"
            </p>
        </header>
    }
}
