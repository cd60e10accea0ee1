//! A card holding one chart: heading, canvas (an image with an accessible name), an optional
//! note, and the chart's numbers as a table in a `<details>`.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::app::error::AppError;
use crate::app::glossary::chart_help;
use crate::core::export::text_table_csv;
use crate::ui::charts::{DrawFn, Hit, draw_chart, hit_at};
use crate::ui::components::InfoTip;
use crate::ui::downloads::download_name;
use crate::ui::state::use_app_state;
use crate::web::save::{CSV_MIME, save_canvas_png, save_file};

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
    /// What a click on a slice, bar or point does with what it picks (a segment's or offer's
    /// name, `customer:ID`); without it clicks do nothing.
    #[prop(optional)]
    on_pick: Option<Callback<String>>,
    /// The table of the chart's numbers.
    children: Children,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let id = format!("chart-{}", slug(title));
    let canvas = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    let hits = StoredValue::new(Vec::<Hit>::new());
    handle_chart_drawing(canvas, data, draw, height, failure, hits);
    let aria = move || format!("{title}: {}", label.get());
    // The tooltip: text and where (CSS pixels in the canvas); `None` hides it.
    let tip = RwSignal::new(None::<(String, f64, f64, bool)>);
    let pointed = move |ev: &leptos::ev::MouseEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        hits.with_value(|h| hit_at(h, x, y).cloned())
            .map(|h| (h, x, y))
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let next =
            pointed(&ev).map(|(h, x, y)| (h.tip, x, y, h.pick.is_some() && on_pick.is_some()));
        if tip.get_untracked() != next {
            tip.set(next);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let (Some(pick), Some((h, _, _))) = (on_pick, pointed(&ev))
            && let Some(key) = h.pick
        {
            tip.set(None);
            pick.run(key);
        }
    };
    let card = NodeRef::<leptos::html::Section>::new();
    let state = use_app_state();
    let save_png = move |_| {
        if let Some(c) = canvas.get_untracked() {
            let name = download_name(&state, &slug(title), "png");
            if let Err(e) = save_canvas_png(&c, &name) {
                state.notice.set(Some(e));
            }
        }
    };
    let save_csv = move |_| {
        if let Some(el) = card.get_untracked() {
            let (headers, rows) = table_text(&el);
            let name = download_name(&state, &slug(title), "csv");
            let saved = text_table_csv(&headers, &rows)
                .map_err(|e| {
                    AppError::new(
                        format!("The numbers could not be written ({e})."),
                        "Try again.",
                    )
                })
                .and_then(|bytes| save_file(&bytes, &name, CSV_MIME));
            if let Err(e) = saved {
                state.notice.set(Some(e));
            }
        }
    };
    view! {
        <section class="card chart-card" aria-labelledby=id.clone() data-chart=slug(title) node_ref=card>
            <header class="card-head">
                <div class="card-title-row">
                    <h2 id=id.clone()>
                        {title}
                        <InfoTip id=slug(title) text=chart_help(title) about=title/>
                    </h2>
                    <span class="chart-actions">
                        <button type="button" class="link-button" on:click=save_png aria-label=format!("Save {title} as a PNG image")>"PNG"</button>
                        <button type="button" class="link-button" on:click=save_csv aria-label=format!("Save the numbers of {title} as CSV")>"CSV"</button>
                    </span>
                </div>
                {note.map(|n| move || n.get().map(|t| view! { <p class="card-note">{t}</p> }))}
            </header>
            <div class="chart-frame">
                <canvas
                    node_ref=canvas
                    class="chart-canvas"
                    class:pickable=move || tip.with(|t| t.as_ref().is_some_and(|t| t.3))
                    role="img"
                    aria-label=aria
                    style:height=format!("{height}px")
                    on:mousemove=on_move
                    on:mouseleave=move |_| tip.set(None)
                    on:click=on_click
                >
                    {move || label.get()}
                </canvas>
                {move || {
                    tip.get()
                        .map(|(text, x, y, _)| {
                            view! {
                                <div
                                    class={if x > 260.0 { "chart-tip flip" } else { "chart-tip" }}
                                    role="tooltip"
                                    style:left=format!("{x:.0}px") style:top=format!("{y:.0}px")
                                >
                                    {text}
                                </div>
                            }
                        })
                }}
            </div>
            {move || failure.get().map(|m| view! { <p class="chart-error" role="alert">{m}</p> })}
            <details class="chart-data">
                <summary>"Show the numbers"</summary>
                {children()}
            </details>
        </section>
    }
}

/// The drawing effect: redraws on new data and on window resize; a failure is shown in the card.
/// Each drawing runs in a task of its own (a timer of 0 ms), so that the page's charts are drawn
/// one per task rather than all in the task that brought the results; a drawing overtaken by
/// newer data before it runs is skipped.
fn handle_chart_drawing<T: Clone + Send + Sync + 'static>(
    canvas: NodeRef<Canvas>,
    data: Signal<Option<T>>,
    draw: DrawFn<T>,
    height: f64,
    failure: RwSignal<Option<String>>,
    hits: StoredValue<Vec<Hit>>,
) {
    let viewport = use_app_state().viewport;
    let asked = StoredValue::new(0_u64);
    Effect::new(move |_| {
        viewport.track();
        data.track();
        if canvas.get().is_none() {
            return;
        }
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        set_timeout(
            move || {
                if asked.try_get_value() != Some(this) {
                    return; // newer data came, or the card is gone
                }
                let Some(el) = canvas.get_untracked() else {
                    return;
                };
                crate::web::host::mark("c360:draw");
                let outcome = data.try_with_untracked(|d| {
                    d.as_ref().map(|d| match draw_chart(&el, height, d, draw) {
                        Ok(h) => {
                            hits.set_value(h);
                            None
                        }
                        Err(e) => Some(e.to_string()),
                    })
                });
                if let Some(Some(outcome)) = outcome
                    && failure.try_get_untracked() != Some(outcome.clone())
                {
                    failure.try_set(outcome);
                }
            },
            std::time::Duration::ZERO,
        );
    });
}

/// The header and rows of the card's table of numbers, as text.
fn table_text(card: &web_sys::HtmlElement) -> (Vec<String>, Vec<Vec<String>>) {
    let cells = |row: &web_sys::Element| -> Vec<String> {
        let list = row.query_selector_all("th, td").ok();
        (0..list.as_ref().map_or(0, |l| l.length()))
            .filter_map(|k| list.as_ref()?.item(k)?.text_content())
            .map(|t| t.trim().to_string())
            .collect()
    };
    let rows_of = |sel: &str| -> Vec<Vec<String>> {
        let Ok(list) = card.query_selector_all(sel) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|k| list.item(k))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .map(|e| cells(&e))
            .collect()
    };
    let header = rows_of(".chart-data thead tr")
        .into_iter()
        .next()
        .unwrap_or_default();
    (header, rows_of(".chart-data tbody tr"))
}

/// `"Segment distribution"` → `"segment-distribution"`.
pub(super) fn slug(title: &str) -> String {
    title
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
