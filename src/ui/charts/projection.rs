//! The customer map: customers on the first two principal components, coloured by segment.
//! Large populations are drawn from an even subsample (the data says how many are shown).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::core::pca::Projection;

use super::theme::{self, AXIS, GRID, INK, MUTED, Theme, anchored};
use super::{ChartError, Hit, HitShape};

/// Most points drawn; above this an even subsample is drawn.
pub const MAX_POINTS: usize = 4_000;

/// A segment in the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct MapGroup {
    /// Persona name.
    pub label: String,
    pub color: RGBColor,
}

/// The chart's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectionData {
    /// `(pc1, pc2, group)` of each drawn customer.
    pub points: Vec<(f64, f64, usize)>,
    /// Indexed by `group`.
    pub groups: Vec<MapGroup>,
    /// Share of variance explained by PC1 and PC2 (0–1).
    pub explained: [f64; 2],
    /// Customers that passed the filters (before subsampling).
    pub total: usize,
    /// The row index of each drawn customer, in the order of `points`.
    pub rows: Vec<usize>,
    /// The customer id of each drawn customer (tooltips and clicks); empty = none given.
    pub ids: Vec<String>,
    /// A customer to mark (the one looked up): `(pc1, pc2, id)`.
    pub marked: Option<(f64, f64, String)>,
}

impl ProjectionData {
    /// The customers at `indices` (ascending), at most [`MAX_POINTS`] of them evenly spaced;
    /// `labels[i]` is customer i's segment, an index into `groups`.
    pub fn from_projection(
        projection: &Projection,
        labels: &[usize],
        indices: &[usize],
        groups: Vec<MapGroup>,
    ) -> Self {
        let total = indices.len();
        let step = total.div_ceil(MAX_POINTS).max(1);
        let rows: Vec<usize> = indices
            .iter()
            .step_by(step)
            .copied()
            .filter(|&i| i < projection.points.nrows() && i < labels.len())
            .collect();
        let points = rows
            .iter()
            .map(|&i| {
                (
                    projection.points[[i, 0]],
                    projection.points[[i, 1]],
                    labels[i],
                )
            })
            .collect();
        Self {
            points,
            groups,
            explained: projection.explained,
            total,
            rows,
            ids: Vec::new(),
            marked: None,
        }
    }

    /// True when only a subsample is drawn.
    pub fn is_subsampled(&self) -> bool {
        self.points.len() < self.total
    }
}

/// Draws the scatter (left) and a legend of segments (right), and the marked customer; each
/// point with an id can be pointed at (`customer:ID` is picked).
pub fn draw_projection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ProjectionData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let finite: Vec<(f64, f64, usize)> = data
        .points
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    if finite.is_empty() {
        theme::clear(area, Some("No customers match the filters"), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let (w, _) = area.dim_in_pixel();
    // A narrow chart (a phone) gives the legend a larger share, so names are not cut short.
    let share = if (w as i32) < theme.px(520.0) {
        0.42
    } else {
        0.3
    };
    let legend_w = ((w as f64 * share) as i32).min(theme.px(210.0)) as u32;
    let (plot, legend) = area.split_horizontally(w.saturating_sub(legend_w));

    let span = |sel: fn(&(f64, f64, usize)) -> f64| {
        let (lo, hi) = finite
            .iter()
            .map(sel)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        // Points all in one place (identical customers): a unit range around them, so the axis
        // reads -1 … 1 rather than five labels of "0.0".
        let pad = if hi - lo < 1e-9 {
            1.0
        } else {
            (hi - lo) * 0.05
        };
        (lo - pad)..(hi + pad)
    };
    let mut chart = ChartBuilder::on(&plot)
        .margin(theme.px(8.0))
        .x_label_area_size(theme.px(36.0))
        .y_label_area_size(theme.px(48.0))
        .build_cartesian_2d(span(|p| p.0), span(|p| p.1))?;
    let fmt = |v: &f64| format!("{v:.1}");
    chart
        .configure_mesh()
        .bold_line_style(theme.line(GRID, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(theme.line(AXIS, 1.0))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&fmt)
        .y_label_formatter(&fmt)
        .label_style(theme.label())
        .axis_desc_style(theme.text(12.0, INK))
        .x_desc(format!(
            "PC1 ({:.0} % of variance)",
            data.explained[0] * 100.0
        ))
        .y_desc(format!(
            "PC2 ({:.0} % of variance)",
            data.explained[1] * 100.0
        ))
        .draw()?;
    let r = theme.px(if finite.len() > 1_500 { 2.0 } else { 3.0 });
    let fallback = theme::ACCENT;
    chart.draw_series(finite.iter().map(|&(x, y, g)| {
        let c = data.groups.get(g).map(|g| g.color).unwrap_or(fallback);
        Circle::new((x, y), r, c.mix(0.6).filled())
    }))?;
    let mut hits = Vec::new();
    for (k, &(x, y, g)) in data.points.iter().enumerate() {
        let Some(id) = data.ids.get(k).filter(|_| x.is_finite() && y.is_finite()) else {
            continue;
        };
        let (px, py) = chart.backend_coord(&(x, y));
        let segment = data.groups.get(g).map_or("", |g| g.label.as_str());
        hits.push(Hit {
            shape: HitShape::Point {
                x: f64::from(px),
                y: f64::from(py),
                r: f64::from(theme.px(6.0)),
            },
            tip: format!("Customer {id} · {segment} — click to look up"),
            pick: Some(format!("customer:{id}")),
        });
    }
    if let Some((x, y, id)) = data
        .marked
        .as_ref()
        .filter(|m| m.0.is_finite() && m.1.is_finite())
    {
        let (px, py) = chart.backend_coord(&(*x, *y));
        area.draw(&Circle::new((px, py), theme.px(9.0), theme.line(INK, 2.5)))?;
        area.draw(&Circle::new((px, py), theme.px(3.0), INK.filled()))?;
        let label = anchored(&theme.bold(12.0, INK), HPos::Left, VPos::Bottom);
        area.draw_text(
            &format!("Customer {id}"),
            &label,
            (px + theme.px(10.0), py - theme.px(8.0)),
        )?;
    }

    draw_legend(&legend, data, theme)?;
    Ok(hits)
}

/// One swatch and name per segment, vertically centred.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ProjectionData,
    theme: &Theme,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let style = anchored(&theme.text(12.0, INK), HPos::Left, VPos::Top);
    let sw = theme.px(5.0);
    let text_left = theme.px(18.0);
    let line_h = theme.px(15.0);
    let mut blocks = Vec::new();
    for g in &data.groups {
        blocks.push((
            g,
            theme::wrap(
                area,
                &g.label,
                &style,
                w as i32 - text_left - theme.px(4.0),
                3,
            ),
        ));
    }
    let height: i32 = blocks
        .iter()
        .map(|(_, l)| l.len() as i32 * line_h + theme.px(8.0))
        .sum();
    let mut y = ((h as i32 - height) / 2).max(theme.px(4.0));
    for (g, lines) in blocks {
        area.draw(&Circle::new(
            (theme.px(8.0), y + line_h / 2),
            sw,
            g.color.filled(),
        ))?;
        for line in &lines {
            area.draw_text(line, &style, (text_left, y))?;
            y += line_h;
        }
        y += theme.px(8.0);
    }
    if data.is_subsampled() {
        let note = anchored(&theme.text(11.0, MUTED), HPos::Left, VPos::Bottom);
        area.draw_text(
            &format!("{} of {} shown", data.points.len(), data.total),
            &note,
            (theme.px(2.0), h as i32 - theme.px(4.0)),
        )?;
    }
    Ok(())
}
