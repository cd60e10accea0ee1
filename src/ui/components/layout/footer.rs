//! The footer: how long the analysis took (read by the browser benchmark), and what ran it.

use leptos::prelude::*;

use crate::app::format;
use crate::app::source::RunData;
use crate::ui::results::use_results;

/// "3,000 customers analysed in N ms" (`data-testid="analysis-time"`, `data-ms` = N), measured
/// as the sum of the run's stages through the first view's segments and offers (the page's
/// turns between pieces and chart drawing excluded);
/// `data-fit-workers` = how many Web Workers answered at least one K-Means piece (0 = every K on
/// the page's own thread; the title says how many K the page fitted besides).
#[component]
pub fn Footer() -> impl IntoView {
    let results = use_results();
    let timing = move || {
        results.fitted.get().map(|f| {
            let t = f.timings;
            let ms = t.total();
            let fitted_on = match (t.fit_workers, t.fit_on_page) {
                (0, _) => "on this page's thread".to_string(),
                (w, 0) => format!("on {w} worker{}", if w == 1 { "" } else { "s" }),
                (w, p) => format!(
                    "on {w} worker{}; {p} K on this page's thread",
                    if w == 1 { "" } else { "s" }
                ),
            };
            let breakdown = format!(
                "synthesize {} · prepare {} · fit K {} ({fitted_on}) · score {} · project {} · propensity {} ({} of 3 models on workers) · segments and offers {} (charts not included)",
                format::millis(t.synthesize),
                format::millis(t.prepare),
                format::millis(t.fit),
                format::millis(t.score),
                format::millis(t.project),
                format::millis(t.propensity),
                t.propensity_on_workers,
                format::millis(t.first_view),
            );
            view! {
                <p class="analysis-time" data-testid="analysis-time" data-ms=format!("{ms:.1}") data-fit-workers=t.fit_workers data-propensity-workers=t.propensity_on_workers title=breakdown>
                    {format!("{} customers analysed in {}", format::count(f.prepared.rows.len()), format::millis(ms))}
                </p>
            }
        })
    };
    view! {
        <footer class="footer">
            {timing}
            <p class="built">
                "Computed in your browser with Rust and WebAssembly · "
                {move || match results.fitted.with(|f| f.as_ref().map(|f| matches!(f.data, RunData::Imported(_)))) {
                    Some(true) => "your imported data",
                    _ => "synthetic data",
                }}
            </p>
        </footer>
    }
}
