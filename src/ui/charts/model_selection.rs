//! Model selection: silhouette (left axis) and inertia (right axis) against K, with the chosen K
//! marked by a dashed line and the best silhouette by a ring.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::app::format;
use crate::core::selection::ModelSelection;

use super::theme::{self, ACCENT, ACCENT_2, AXIS, BACKGROUND, GRID, INK, Theme, anchored};
use super::{ChartError, Hit, HitShape};

/// One K's scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KPoint {
    pub k: usize,
    pub silhouette: f64,
    pub inertia: f64,
}

/// The chart's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelSelectionData {
    /// Ascending K.
    pub points: Vec<KPoint>,
    /// The K in use (best or the user's override).
    pub chosen_k: usize,
    /// The K with the best silhouette.
    pub best_k: usize,
}

impl ModelSelectionData {
    /// The scores of every fitted K, and which K is in use.
    pub fn from_selection(selection: &ModelSelection, chosen_k: usize) -> Self {
        Self {
            points: selection
                .scores
                .iter()
                .map(|s| KPoint {
                    k: s.k,
                    silhouette: s.silhouette,
                    inertia: s.inertia,
                })
                .collect(),
            chosen_k,
            best_k: selection.best_k,
        }
    }
}

/// A padded `(min, max)` of finite values (`(0, 1)` when there are none; never zero-width).
fn padded_range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(1.0) {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - d, hi + d);
    }
    (lo - span * pad, hi + span * pad)
}

/// Draws both curves, their legend and the chosen-K marker; each K's column can be pointed at.
pub fn draw_model_selection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ModelSelectionData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    if data.points.is_empty() {
        theme::clear(area, Some("No K to compare"), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let k_lo = data.points.iter().map(|p| p.k).min().unwrap_or(2) as f64;
    let k_hi = data.points.iter().map(|p| p.k).max().unwrap_or(2) as f64;
    let x_range = (k_lo - 0.5)..(k_hi + 0.5);
    let (s_lo, s_hi) = padded_range(data.points.iter().map(|p| p.silhouette), 0.15);
    let (i_lo, i_hi) = padded_range(data.points.iter().map(|p| p.inertia), 0.15);

    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(30.0))
        .margin_left(theme.px(6.0))
        .margin_right(theme.px(6.0))
        .margin_bottom(theme.px(4.0))
        .x_label_area_size(theme.px(40.0))
        .y_label_area_size(theme.px(60.0))
        .right_y_label_area_size(theme.px(64.0))
        .build_cartesian_2d(x_range.clone(), s_lo..s_hi)?
        .set_secondary_coord(x_range, i_lo..i_hi);

    let x_fmt = |v: &f64| format!("{v:.0}");
    let s_fmt = |v: &f64| format!("{v:.3}");
    let i_fmt = |v: &f64| short_number(*v);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(theme.line(GRID, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(theme.line(AXIS, 1.0))
        .x_labels(data.points.len().max(1))
        .y_labels(5)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&s_fmt)
        .label_style(theme.label())
        .axis_desc_style(theme.text(12.0, INK))
        .x_desc("K (number of segments)")
        .y_desc("Silhouette (higher is better)")
        .draw()?;
    chart
        .configure_secondary_axes()
        .axis_style(theme.line(AXIS, 1.0))
        .y_labels(5)
        .y_label_formatter(&i_fmt)
        .label_style(theme.label())
        .axis_desc_style(theme.text(12.0, INK))
        .y_desc("Inertia (lower is tighter)")
        .draw()?;

    // Chosen K: a dashed vertical line with a caption above the plot.
    let ck = data.chosen_k as f64;
    if ck >= k_lo && ck <= k_hi {
        chart.draw_series(DashedLineSeries::new(
            vec![(ck, s_lo), (ck, s_hi)],
            theme.px(5.0),
            theme.px(4.0),
            theme.line(INK, 1.0),
        ))?;
        let (px, py) = chart.backend_coord(&(ck, s_hi));
        let what = if data.chosen_k == data.best_k {
            "best silhouette"
        } else {
            "your choice"
        };
        let text = format!("Chosen K = {} ({what})", data.chosen_k);
        // Centred on the line, or, when that would run off the chart (the chosen K at either
        // end), aligned to the chart's edge: an edge-aligned text stays whole even where the
        // width estimate is a little short (a canvas's fonts are measured only roughly).
        let centred = anchored(&theme.bold(12.0, INK), HPos::Center, VPos::Bottom);
        let half = theme::text_width(area, &text, &centred) / 2 + theme.px(8.0);
        let width = area.dim_in_pixel().0 as i32;
        let margin = theme.px(4.0);
        let (x, h) = if px - half < 0 {
            (margin, HPos::Left)
        } else if px + half > width {
            (width - margin, HPos::Right)
        } else {
            (px, HPos::Center)
        };
        let caption = anchored(&theme.bold(12.0, INK), h, VPos::Bottom);
        area.draw_text(&text, &caption, (x, py - theme.px(6.0)))?;
    }

    let sil_style = theme.line(ACCENT, 2.5);
    let ine_style = theme.line(ACCENT_2, 2.0);
    let pts_s: Vec<(f64, f64)> = data
        .points
        .iter()
        .filter(|p| p.silhouette.is_finite())
        .map(|p| (p.k as f64, p.silhouette))
        .collect();
    let pts_i: Vec<(f64, f64)> = data
        .points
        .iter()
        .filter(|p| p.inertia.is_finite())
        .map(|p| (p.k as f64, p.inertia))
        .collect();
    let r = theme.px(4.0);
    chart.draw_series(LineSeries::new(pts_s.iter().copied(), sil_style))?;
    chart.draw_series(pts_s.iter().map(|&p| Circle::new(p, r, ACCENT.filled())))?;
    chart.draw_secondary_series(LineSeries::new(pts_i.iter().copied(), ine_style))?;
    chart.draw_secondary_series(
        pts_i
            .iter()
            .map(|&p| Circle::new(p, r - 1, BACKGROUND.filled())),
    )?;
    chart.draw_secondary_series(
        pts_i
            .iter()
            .map(|&p| Circle::new(p, r - 1, theme.line(ACCENT_2, 1.5))),
    )?;

    // Best silhouette: a ring around its point.
    if let Some(best) = data
        .points
        .iter()
        .find(|p| p.k == data.best_k && p.silhouette.is_finite())
    {
        chart.draw_series(std::iter::once(Circle::new(
            (best.k as f64, best.silhouette),
            theme.px(8.0),
            theme.line(ACCENT, 1.5),
        )))?;
    }

    theme::legend(
        area,
        chart.plotting_area(),
        &[("Silhouette", sil_style), ("Inertia", ine_style)],
        theme::Corner::UpperRight,
        theme,
    )?;
    let hits = data
        .points
        .iter()
        .map(|p| {
            let k = p.k as f64;
            let (x0, y0) = chart.backend_coord(&(k - 0.5, s_hi));
            let (x1, y1) = chart.backend_coord(&(k + 0.5, s_lo));
            let mut tip = format!(
                "K = {}: silhouette {:.3}, inertia {}",
                p.k,
                p.silhouette,
                format::number(p.inertia)
            );
            if p.k == data.best_k {
                tip.push_str(" — the best silhouette");
            }
            Hit {
                shape: HitShape::Rect { x0, y0, x1, y1 },
                tip,
                pick: None,
            }
        })
        .collect();
    Ok(hits)
}

/// Compact numbers for the inertia axis: 950, 12.5k, 1.2M.
fn short_number(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format::number(v)
    }
}
