//! Segment multi-select: one checkbox per persona (all checked at first).

use leptos::prelude::*;

use crate::ui::charts::theme::{css_hex, segment_color};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// Checkboxes labelled with the persona names and a colour swatch.
#[component]
pub fn SegmentFilter() -> impl IntoView {
    let excluded = use_app_state().filters.excluded;
    let results = use_results();
    let segments = move || {
        results.segmented.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.segmentation
                        .segments
                        .iter()
                        .map(|seg| {
                            (
                                seg.name.clone(),
                                css_hex(segment_color(&s.segmentation.segments, seg.cluster)),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let toggle = move |name: &str, checked: bool| {
        excluded.update(|e| {
            if checked {
                e.remove(name);
            } else {
                e.insert(name.to_string());
            }
        })
    };
    view! {
        <fieldset class="field segment-filter">
            <legend>"Segments"</legend>
            {move || {
                let list = segments();
                if list.is_empty() {
                    return view! { <p class="field-help">"Segments appear once the analysis is ready."</p> }
                        .into_any();
                }
                list.into_iter()
                    .map(|(name, color)| {
                        let (checked_name, toggled_name) = (name.clone(), name.clone());
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || !excluded.with(|e| e.contains(&checked_name))
                                    on:change=move |ev| toggle(&toggled_name, event_target_checked(&ev))
                                />
                                <span class="swatch" style=format!("background:{color}") aria-hidden="true"></span>
                                <span>{name}</span>
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </fieldset>
    }
}
