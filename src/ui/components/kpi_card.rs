//! One headline figure.

use leptos::prelude::*;

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
    view! {
        <div class="kpi" role="group" aria-label=label>
            <p class="kpi-label">{label}</p>
            <p class="kpi-value">{move || value.get()}</p>
            {detail.map(|d| view! { <p class="kpi-detail">{move || d.get()}</p> })}
        </div>
    }
}
