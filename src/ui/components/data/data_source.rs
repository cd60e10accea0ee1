//! Which data the dashboard analyses.

use leptos::prelude::*;

use crate::app::format;
use crate::ui::state::use_app_state;

/// Above this many customers the panel warns that stages take a while (the page's own stages,
/// synthesis or import and preparing, each run as one task).
const LARGE: usize = 100_000;

/// What is analysed: "Synthetic: 3,000 customers" or "Your data: 6 files, 3,000 customers",
/// and how long the import took (`data-testid="import-time"`, `data-ms`).
#[component]
pub fn DataSource() -> impl IntoView {
    let state = use_app_state();
    let s = state.settings;
    move || {
        match state.imported.get() {
        None => view! {
            <p class="data-source" data-testid="data-source">
                <span class="data-source-kind">"Synthetic data: "</span>
                {format!("{} customers, seed {}", format::count(s.customers.get()), s.seed.get())}
            </p>
        }
        .into_any(),
        Some(data) => view! {
            <p class="data-source" data-testid="data-source">
                <span class="data-source-kind">"Your data: "</span>
                {data.name.clone()}
            </p>
            <p class="import-time" data-testid="import-time" data-ms=format!("{:.1}", data.import_ms)>
                {format!(
                    "Imported {} customers in {}",
                    format::count(data.customers()),
                    format::millis(data.import_ms),
                )}
            </p>
            {(data.customers() > LARGE).then(|| view! {
                <p class="field-help data-large" data-testid="data-large">
                    {format!(
                        "More customers than the {} the dashboard is tuned for: the analysis takes \
                         longer, and the page may pause for a few seconds at each stage.",
                        format::count(LARGE)
                    )}
                </p>
            })}
        }
        .into_any(),
    }
    }
}
