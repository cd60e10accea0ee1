//! "Help": the words on the page explained, in a panel opened from the header.

use leptos::prelude::*;

use crate::app::glossary::GLOSSARY;

/// A "Help" button in the header and the glossary it opens (a `<details>`, read in order by
/// screen readers). The glossary is built when the panel is first opened, and kept: the page's
/// first task (its mount) does not pay for a panel most visits never open.
#[component]
pub fn HelpPanel() -> impl IntoView {
    let opened = RwSignal::new(false);
    let glossary = move || {
        opened.get().then(|| {
            view! {
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
            }
        })
    };
    view! {
        <details class="help" data-testid="help" on:toggle=move |_| {
            if !opened.get_untracked() {
                opened.set(true);
            }
        }>
            <summary>"Help"</summary>
            {glossary}
        </details>
    }
}
