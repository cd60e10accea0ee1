//! The settings: data (seed, size, profile), model (K, restarts) and offers (guardrail).

use leptos::prelude::*;

use super::{CustomersField, GuardrailField, KField, ProfileField, RestartsField, SeedField};

/// Every setting; changing one recomputes only what depends on it.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title" class="panel-title">"Settings"</h2>
            <CustomersField/>
            <SeedField/>
            <ProfileField/>
            <KField/>
            <RestartsField/>
            <GuardrailField/>
        </section>
    }
}
