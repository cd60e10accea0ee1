//! Segment distribution donut.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::donut::{self, DonutData};
use crate::ui::charts::theme::segment_colors;
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// Customers per segment over the filtered customers.
#[component]
pub fn SegmentDonutChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results.filtered.with(|f| {
            f.as_ref().map(|f| {
                DonutData::from_summary(
                    &f.summary,
                    &segment_colors(&f.analysis.segmented.segmentation.segments),
                )
            })
        })
    });
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.slices
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            vec![
                                s.label.clone(),
                                format::count(s.value),
                                format::percent(d.share(i), 1),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) if d.total() > 0 => d
                .slices
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{} {}", s.label, format::percent(d.share(i), 0)))
                .collect::<Vec<_>>()
                .join(", "),
            Some(_) => "no customers match the filters".to_string(),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Segment distribution"
            label=Signal::derive(label)
            data=data
            draw={donut::draw_donut::<Canvas>}
            on_pick=super::picks::pick_segment()
        >
            <DataTable headers=vec!["Segment", "Customers", "Share"] rows=Signal::derive(rows)/>
        </ChartCard>
    }
}
