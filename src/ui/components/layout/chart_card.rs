//! A card holding one chart: heading, canvas (an image with an accessible name), an optional
//! note, and the chart's numbers as a table in a `<details>`.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::ui::charts::{DrawFn, draw_chart};
use crate::ui::state::use_app_state;

/// Draws `data` with `draw` whenever the data or the window size changes.
#[component]
pub fn ChartCard<T>(
    /// The heading (also the start of the canvas' accessible name).
    title: &'static str,
    /// What the chart shows, in words (the canvas' `aria-label`).
    #[prop(into)]
    label: Signal<String>,
    /// The chart's data; `None` until the analysis is ready.
    #[prop(into)]
    data: Signal<Option<T>>,
    /// The chart function (a module of [`crate::ui::charts`]).
    draw: DrawFn<T>,
    /// Canvas height in CSS pixels. Default 320.
    #[prop(default = 320.0)]
    height: f64,
    /// A short note under the heading; `None` shows nothing.
    #[prop(optional, into)]
    note: Option<Signal<Option<String>>>,
    /// The table of the chart's numbers.
    children: Children,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let id = format!("chart-{}", slug(title));
    let canvas = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    handle_chart_drawing(canvas, data, draw, height, failure);
    let aria = move || format!("{title}: {}", label.get());
    view! {
        <section class="card chart-card" aria-labelledby=id.clone() data-chart=slug(title)>
            <header class="card-head">
                <h2 id=id.clone()>{title}</h2>
                {note.map(|n| move || n.get().map(|t| view! { <p class="card-note">{t}</p> }))}
            </header>
            <canvas node_ref=canvas class="chart-canvas" role="img" aria-label=aria style=format!("height:{height}px")>
                {move || label.get()}
            </canvas>
            {move || failure.get().map(|m| view! { <p class="chart-error" role="alert">{m}</p> })}
            <details class="chart-data">
                <summary>"Show the numbers"</summary>
                {children()}
            </details>
        </section>
    }
}

/// The drawing effect: redraws on new data and on window resize; a failure is shown in the card.
fn handle_chart_drawing<T: Clone + Send + Sync + 'static>(
    canvas: NodeRef<Canvas>,
    data: Signal<Option<T>>,
    draw: DrawFn<T>,
    height: f64,
    failure: RwSignal<Option<String>>,
) {
    let viewport = use_app_state().viewport;
    Effect::new(move |_| {
        viewport.track();
        let Some(el) = canvas.get() else { return };
        data.with(|d| {
            if let Some(d) = d {
                let outcome = draw_chart(&el, height, d, draw)
                    .err()
                    .map(|e| e.to_string());
                if failure.get_untracked() != outcome {
                    failure.set(outcome);
                }
            }
        });
    });
}

/// `"Segment distribution"` → `"segment-distribution"`.
fn slug(title: &str) -> String {
    title
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
