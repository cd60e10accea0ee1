//! The settings: data (seed, size, profile), model (K, restarts) and offers (guardrail).

use leptos::prelude::*;

use crate::ui::state::use_app_state;

use crate::ui::components::{
    CustomersField, GuardrailField, KField, ProfileField, RestartsField, SeedField,
};

/// Every setting; changing one recomputes only what depends on it. While the data is imported,
/// the synthesis settings (customers, profile) are disabled, with a note saying why.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_app_state();
    let note = move || {
        state.is_imported().then(|| {
            view! {
                <p class="field-help settings-note" data-testid="settings-note">
                    "Analysing your imported data: number of customers and data profile apply to "
                    "synthetic data only (“Use synthetic data” turns them back on). The seed still "
                    "seeds the segmentation."
                </p>
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title" class="panel-title">"Settings"</h2>
            {note}
            <CustomersField/>
            <SeedField/>
            <ProfileField/>
            <KField/>
            <RestartsField/>
            <GuardrailField/>
        </section>
    }
}
