//! One headline figure.

use leptos::prelude::*;

use crate::app::glossary::kpi_help;
use crate::ui::components::InfoTip;

use super::chart_card::slug;

/// A label, a big value and an optional line of detail.
#[component]
pub fn KpiCard(
    /// What the figure is, e.g. "Avg income".
    label: &'static str,
    /// The formatted figure ("—" before the analysis is ready).
    #[prop(into)]
    value: Signal<String>,
    /// A small line under the figure (e.g. "of 3,000").
    #[prop(optional, into)]
    detail: Option<Signal<String>>,
) -> impl IntoView {
    // The figure's length in characters: style/main.css sizes a long figure down to fit its card
    // (e.g. ₹18,27,00,000 at 1,280 px) instead of cutting it off.
    let chars = move || value.with(|v| v.chars().count().max(1).to_string());
    view! {
        <div class="kpi" role="group" aria-label=label>
            <p class="kpi-label">
                {label}
                <InfoTip id=slug(label) text=kpi_help(label) about=label/>
            </p>
            <p class="kpi-value" style=("--kpi-chars", chars) title=move || value.get()>{move || value.get()}</p>
            {detail.map(|d| view! { <p class="kpi-detail">{move || d.get()}</p> })}
        </div>
    }
}
