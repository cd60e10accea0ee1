//! The join's warnings on imported data, above the dashboard, where they cannot be missed: rows
//! skipped, customers counted without an account or months, duplicate rows combined. (The
//! join-quality report in the Data panel lists them too, with the rows read per file.)

use leptos::prelude::*;

use crate::app::format;
use crate::ui::state::use_app_state;

/// An alert above the KPIs while imported data has join problems; nothing otherwise.
#[component]
pub fn JoinWarnings() -> impl IntoView {
    let imported = use_app_state().imported;
    move || {
        imported.get().and_then(|data| {
            let problems = data.join_problems();
            if problems.is_empty() {
                return None;
            }
            let n = problems.len();
            let title = format!(
                "Your data has {} {} that the analysis below works around:",
                format::count(n),
                if n == 1 {
                    "join problem"
                } else {
                    "join problems"
                }
            );
            Some(view! {
                <div class="alert join-warnings" role="alert" data-testid="join-warnings">
                    <div class="alert-text">
                        <strong class="error-summary">{title}</strong>
                        <ul class="join-warnings-list">
                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                        <span class="error-hint">
                            "Correct the files and load them again if that is not what you meant."
                        </span>
                    </div>
                </div>
            })
        })
    }
}
