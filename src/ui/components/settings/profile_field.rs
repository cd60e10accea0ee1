//! Which synthetic profile to generate.

use leptos::prelude::*;

use crate::core::synth::DataProfile;
use crate::ui::state::use_app_state;

/// Realistic (hidden personas) or the original's independent draws. Disabled while the data
/// is imported.
#[component]
pub fn ProfileField() -> impl IntoView {
    let state = use_app_state();
    let profile = state.settings.profile;
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(p) = DataProfile::parse(&event_target_value(&ev)) {
            profile.set(p);
        }
    };
    view! {
        <div class="field">
            <label for="set-profile">"Data profile"</label>
            <select id="set-profile" disabled=move || state.is_imported() on:change=on_change prop:value=move || profile.get().as_str()>
                <option value="realistic" selected=move || profile.get() == DataProfile::Realistic>
                    "Realistic"
                </option>
                <option value="seed" selected=move || profile.get() == DataProfile::Seed>
                    "Seed (original draws)"
                </option>
            </select>
            <p class="field-help">"Realistic plants three personas; seed draws every column independently."</p>
        </div>
    }
}
