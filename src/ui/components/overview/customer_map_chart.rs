//! The customer map: 2-D PCA projection coloured by segment.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::ui::charts::projection::{self, MapGroup, ProjectionData};
use crate::ui::charts::theme::segment_color;
use crate::ui::results::use_results;

use crate::ui::components::{ChartCard, DataTable};

/// The filtered customers on the first two principal components (subsampled when many).
#[component]
pub fn CustomerMapChart() -> impl IntoView {
    let results = use_results();
    let data = Memo::new(move |_| {
        results.filtered.with(|f| {
            f.as_ref().map(|f| {
                let s = &f.analysis.segmented;
                let groups = s
                    .segmentation
                    .segments
                    .iter()
                    .map(|seg| MapGroup {
                        label: seg.name.to_string(),
                        color: segment_color(&s.segmentation.segments, seg.cluster),
                    })
                    .collect();
                let mut d = ProjectionData::from_projection(
                    &s.fitted.projection,
                    &s.segmentation.labels,
                    &f.indices,
                    groups,
                );
                let rows = f.analysis.rows();
                d.ids = d
                    .rows
                    .iter()
                    .map(|&i| rows[i].customer_id.to_string())
                    .collect();
                // The customer looked up, wherever they are (filtered out or not).
                d.marked = results.looked_up.get().and_then(|i| {
                    let p = &s.fitted.projection.points;
                    let id = rows.get(i)?.customer_id.to_string();
                    (i < p.nrows()).then(|| (p[[i, 0]], p[[i, 1]], id))
                });
                d
            })
        })
    });
    let note = move || {
        data.with(|d| {
            d.as_ref().filter(|d| d.is_subsampled()).map(|d| {
                format!(
                    "Showing an even sample of {} of {} customers.",
                    format::count(d.points.len()),
                    format::count(d.total)
                )
            })
        })
    };
    let rows = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    let mut rows = vec![
                        vec!["PC1".to_string(), format::percent(d.explained[0], 1)],
                        vec!["PC2".to_string(), format::percent(d.explained[1], 1)],
                    ];
                    for (g, group) in d.groups.iter().enumerate() {
                        let n = d.points.iter().filter(|p| p.2 == g).count();
                        rows.push(vec![
                            format!("{} (points drawn)", group.label),
                            format::count(n),
                        ]);
                    }
                    rows
                })
                .unwrap_or_default()
        })
    };
    let label = move || {
        data.with(|d| match d {
            Some(d) => format!(
                "{} customers on the first two principal components ({} and {} of variance), coloured by segment{}",
                format::count(d.total),
                format::percent(d.explained[0], 0),
                format::percent(d.explained[1], 0),
                d.marked
                    .as_ref()
                    .map(|m| format!("; customer {} marked", m.2))
                    .unwrap_or_default()
            ),
            None => "loading".to_string(),
        })
    };
    view! {
        <ChartCard
            title="Customer map (PCA)"
            label=Signal::derive(label)
            data=data
            draw={projection::draw_projection::<Canvas>}
            on_pick=super::picks::pick_customer()
            note=Signal::derive(note)
        >
            <DataTable headers=vec!["Item", "Value"] rows=Signal::derive(rows)/>
        </ChartCard>
    }
}
