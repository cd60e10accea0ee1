//! Segment multi-select: one checkbox per persona (all checked at first).

use leptos::prelude::*;

use crate::ui::charts::theme::{css_hex, segment_color};
use crate::ui::components::filters::CheckList;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// Checkboxes labelled with the persona names and a colour swatch.
#[component]
pub fn SegmentFilter() -> impl IntoView {
    let filters = use_app_state().filters;
    let results = use_results();
    let items = Signal::derive(move || {
        results.segmented.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.segmentation
                        .segments
                        .iter()
                        .map(|seg| {
                            (
                                seg.name.clone(),
                                Some(css_hex(segment_color(
                                    &s.segmentation.segments,
                                    seg.cluster,
                                ))),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <CheckList
            legend="Segments"
            class="segment-filter"
            empty="Segments appear once the analysis is ready."
            items=items
            excluded=move |f| &f.excluded_segments
            excluded_mut=move |f| &mut f.excluded_segments
            filters=filters
        />
    }
}
