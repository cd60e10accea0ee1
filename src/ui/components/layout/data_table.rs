//! A plain table of a chart's numbers (shown in the chart's `<details>`).

use leptos::prelude::*;

/// Headings and rows of text; every column after the first is right-aligned (numbers).
#[component]
pub fn DataTable(
    /// Column headings.
    headers: Vec<&'static str>,
    /// One `Vec` of cell texts per row.
    #[prop(into)]
    rows: Signal<Vec<Vec<String>>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap sticky-first">
            <table class="data-table">
                <thead>
                    <tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|row| {
                                view! { <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
