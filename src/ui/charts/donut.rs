//! Segment distribution: a donut of customers per segment, with a legend of counts and shares.

use std::f64::consts::{FRAC_PI_2, TAU};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::app::format;
use crate::core::summary::Summary;

use super::theme::{self, BACKGROUND, INK, MUTED, Theme, anchored};
use super::{ChartError, Hit, HitShape};

/// One slice.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// Persona name.
    pub label: String,
    /// Customers in the segment.
    pub value: usize,
    pub color: RGBColor,
}

/// The donut's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DonutData {
    /// One per segment, in segment order (empty segments included; they draw nothing).
    pub slices: Vec<Slice>,
}

impl DonutData {
    /// Customers per segment of a filtered summary; `colors[c]` is segment c's colour.
    pub fn from_summary(summary: &Summary, colors: &[RGBColor]) -> Self {
        let slices = summary
            .segments
            .iter()
            .map(|s| Slice {
                label: s.name.to_string(),
                value: s.customers,
                color: colors.get(s.cluster).copied().unwrap_or(theme::ACCENT),
            })
            .collect();
        Self { slices }
    }

    /// All customers in the chart.
    pub fn total(&self) -> usize {
        self.slices.iter().map(|s| s.value).sum()
    }

    /// Share of slice `i` in the total, 0–1 (0 when the total is 0).
    pub fn share(&self, i: usize) -> f64 {
        let t = self.total();
        if t == 0 {
            0.0
        } else {
            self.slices[i].value as f64 / t as f64
        }
    }
}

/// Draws the donut (left) and its legend (right); each slice and legend row can be pointed at
/// (its segment's name is picked).
pub fn draw_donut<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &DonutData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let total = data.total();
    if total == 0 {
        theme::clear(area, Some("No customers match the filters"), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let side = (w * 0.46).min(h);
    let (cx, cy) = (side / 2.0 + theme.px(4.0) as f64, h / 2.0);
    let r_out = side / 2.0 - theme.px(8.0) as f64;
    let r_in = r_out * 0.58;

    let mut hits = Vec::new();
    let mut start = -FRAC_PI_2;
    for (i, slice) in data.slices.iter().enumerate().filter(|(_, s)| s.value > 0) {
        let sweep = TAU * slice.value as f64 / total as f64;
        hits.push(Hit {
            shape: HitShape::Ring {
                cx,
                cy,
                r_in,
                r_out,
                a0: start,
                a1: start + sweep,
            },
            tip: tip(data, i),
            pick: Some(slice.label.clone()),
        });
        let ring = ring_segment((cx, cy), r_in, r_out, start, start + sweep);
        area.draw(&Polygon::new(ring.clone(), slice.color.filled()))?;
        if sweep < TAU - 1e-9 {
            let edge = |a: f64, r: f64| ((cx + r * a.cos()) as i32, (cy + r * a.sin()) as i32);
            area.draw(&PathElement::new(
                vec![edge(start, r_in), edge(start, r_out)],
                theme.line(BACKGROUND, 2.0),
            ))?;
        }
        start += sweep;
    }

    let centre = (cx as i32, cy as i32);
    let big = anchored(&theme.bold(20.0, INK), HPos::Center, VPos::Bottom);
    let small = anchored(&theme.text(12.0, MUTED), HPos::Center, VPos::Top);
    area.draw_text(
        &format::count(total),
        &big,
        (centre.0, centre.1 + theme.px(2.0)),
    )?;
    let noun = if total == 1 { "customer" } else { "customers" };
    area.draw_text(noun, &small, (centre.0, centre.1 + theme.px(4.0)))?;

    hits.extend(draw_legend(
        area,
        data,
        (side + theme.px(16.0) as f64) as i32,
        theme,
    )?);
    Ok(hits)
}

/// "Name: 1,234 customers (41.1 %)".
fn tip(data: &DonutData, i: usize) -> String {
    let s = &data.slices[i];
    format!(
        "{}: {} customers ({}) — click to show only this segment",
        s.label,
        format::count(s.value),
        format::percent(data.share(i), 1)
    )
}

/// The legend: a swatch, the persona name and "count · share" per segment.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &DonutData,
    left: i32,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let mut hits = Vec::new();
    let (w, h) = area.dim_in_pixel();
    let name_style = anchored(&theme.text(13.0, INK), HPos::Left, VPos::Top);
    let figure_style = anchored(&theme.text(12.0, MUTED), HPos::Left, VPos::Top);
    let swatch = theme.px(11.0);
    let text_left = left + swatch + theme.px(8.0);
    let max_width = (w as i32 - text_left - theme.px(4.0)).max(theme.px(40.0));
    // Each name on up to two lines (never cut short at ordinary widths), then its figures.
    let line = theme.px(16.0);
    let names: Vec<Vec<String>> = data
        .slices
        .iter()
        .map(|s| theme::wrap(area, &s.label, &name_style, max_width, 2))
        .collect();
    let row_of = |lines: usize| lines.max(1) as i32 * line + theme.px(22.0);
    let total: i32 = names.iter().map(|n| row_of(n.len())).sum();
    let mut y = ((h as i32 - total) / 2).max(theme.px(4.0));
    for (i, s) in data.slices.iter().enumerate() {
        let row = row_of(names[i].len());
        area.draw(&Rectangle::new(
            [
                (left, y + theme.px(2.0)),
                (left + swatch, y + theme.px(2.0) + swatch),
            ],
            s.color.filled(),
        ))?;
        for (k, part) in names[i].iter().enumerate() {
            area.draw_text(part, &name_style, (text_left, y + k as i32 * line))?;
        }
        let figure = format!(
            "{} · {}",
            format::count(s.value),
            format::percent(data.share(i), 1)
        );
        let figure_y = y + names[i].len().max(1) as i32 * line + theme.px(1.0);
        area.draw_text(&figure, &figure_style, (text_left, figure_y))?;
        if s.value > 0 {
            hits.push(Hit {
                shape: HitShape::Rect {
                    x0: left,
                    y0: y,
                    x1: w as i32,
                    y1: y + row - theme.px(2.0),
                },
                tip: tip(data, i),
                pick: Some(s.label.clone()),
            });
        }
        y += row;
    }
    Ok(hits)
}

/// The outline of a ring segment from angle `a0` to `a1` (radians, clockwise on screen).
fn ring_segment(c: (f64, f64), r_in: f64, r_out: f64, a0: f64, a1: f64) -> Vec<(i32, i32)> {
    let steps = (((a1 - a0).abs() / TAU) * 180.0).ceil().max(2.0) as usize;
    let at = |a: f64, r: f64| {
        (
            (c.0 + r * a.cos()).round() as i32,
            (c.1 + r * a.sin()).round() as i32,
        )
    };
    let outer = (0..=steps).map(|i| at(a0 + (a1 - a0) * i as f64 / steps as f64, r_out));
    let inner = (0..=steps)
        .rev()
        .map(|i| at(a0 + (a1 - a0) * i as f64 / steps as f64, r_in));
    outer.chain(inner).collect()
}
