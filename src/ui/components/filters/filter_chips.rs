//! The active filters as removable chips above the views, with how many customers pass.

use leptos::prelude::*;

use crate::app::filters::FilterValues;
use crate::app::format;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// "Showing 361 of 3,000 customers", one chip per active filter (× removes it), "Clear all".
/// Nothing while no filter is active.
#[component]
pub fn FilterChips() -> impl IntoView {
    let filters = use_app_state().filters;
    let results = use_results();
    let chips = move || {
        results.segment_names.with(|segments| {
            results.offer_names.with(|offers| {
                filters.with(|f| {
                    f.chips(
                        segments.iter().map(String::as_str),
                        offers.iter().map(String::as_str),
                    )
                })
            })
        })
    };
    let counts = move || {
        results.filtered.with(|f| {
            f.as_ref()
                .map(|f| (f.indices.len(), f.analysis.rows().len()))
        })
    };
    move || {
        let list = chips();
        if list.is_empty() {
            return ().into_any();
        }
        let shown = counts().map(|(n, all)| {
            format!(
                "Showing {} of {} customers",
                format::count(n),
                format::count(all)
            )
        });
        view! {
            <div class="filter-chips" role="region" aria-label="Active filters" data-testid="filter-chips">
                <span class="chips-count" aria-live="polite">{shown}</span>
                <ul class="chip-list">
                    {list
                        .into_iter()
                        .map(|chip| {
                            let kind = chip.kind;
                            let label = chip.label.clone();
                            view! {
                                <li class="filter-chip">
                                    <span>{chip.label}</span>
                                    <button
                                        type="button"
                                        class="chip-remove"
                                        aria-label=format!("Remove filter: {label}")
                                        title="Remove this filter"
                                        on:click=move |_| filters.update(|f| *f = f.without(kind))
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <button type="button" class="link-button" on:click=move |_| filters.set(FilterValues::default())>
                    "Clear all"
                </button>
            </div>
        }
        .into_any()
    }
}
