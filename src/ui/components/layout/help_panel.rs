//! "Help": the words on the page explained, in a panel opened from the header.

use leptos::prelude::*;

use crate::app::glossary::GLOSSARY;

/// A "Help" button in the header and the glossary it opens (a `<details>` so it works without
/// script state and is read in order by screen readers).
#[component]
pub fn HelpPanel() -> impl IntoView {
    view! {
        <details class="help" data-testid="help">
            <summary>"Help"</summary>
            <div class="help-body" role="region" aria-label="What the words mean" tabindex="0">
                <h2>"What the words mean"</h2>
                <dl>
                    {GLOSSARY
                        .iter()
                        .map(|(term, text)| view! { <dt>{*term}</dt><dd>{*text}</dd> })
                        .collect_view()}
                </dl>
                <p class="field-help">"Point at or tab to any “i” beside a figure or chart for what it shows."</p>
            </div>
        </details>
    }
}
