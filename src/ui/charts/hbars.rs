//! A horizontal bar chart with wrapped category labels on the left and a value label at the end
//! of each bar: the shared drawing of the campaign-mix and revenue charts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, AXIS, GRID, INK, MUTED, Theme, anchored};
use super::{ChartError, Hit, HitShape};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category (drawn left of the bar, wrapped).
    pub label: String,
    /// Length of the bar (≥ 0).
    pub value: f64,
    /// Text at the end of the bar.
    pub value_label: String,
    pub color: RGBColor,
    /// The tooltip when pointed at.
    pub tip: String,
    /// What a click picks, if anything.
    pub pick: Option<String>,
}

/// What the value axis measures, which decides where its ticks may fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Any amount (e.g. rupees): quarters of a round maximum.
    Amount,
    /// Whole things (e.g. customers): every tick a distinct whole number.
    Count,
}

/// Draws `bars` top to bottom; `scale` places the axis ticks and `tick` formats them; `empty` is
/// shown when there are no bars.
pub fn draw_hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    scale: Scale,
    tick: &dyn Fn(f64) -> String,
    empty: &str,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    if bars.is_empty() {
        theme::clear(area, Some(empty), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let label_style = anchored(&theme.text(12.0, INK), HPos::Right, VPos::Center);
    let value_style = anchored(&theme.text(11.5, MUTED), HPos::Left, VPos::Center);
    let tick_style = anchored(&theme.label(), HPos::Center, VPos::Top);

    let widest_label = bars
        .iter()
        .map(|b| theme::text_width(area, &b.label, &label_style))
        .max()
        .unwrap_or(0);
    let label_w = widest_label.min((w as f64 * 0.36) as i32) + theme.px(4.0);
    let widest_value = bars
        .iter()
        .map(|b| theme::text_width(area, &b.value_label, &value_style))
        .max()
        .unwrap_or(0);
    let left = label_w + theme.px(10.0);
    let right = w - widest_value - theme.px(14.0);
    let top = theme.px(6.0);
    let bottom = h - theme.px(24.0);
    if right - left < theme.px(30.0) || bottom - top < theme.px(20.0) {
        return Ok(Vec::new());
    }

    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let ticks = axis_ticks(max, scale);
    let axis_max = ticks.last().copied().unwrap_or(1.0);
    let x_of =
        |v: f64| left + ((right - left) as f64 * (v / axis_max).clamp(0.0, 1.0)).round() as i32;
    // Labels every `every`-th tick (and the last), so that none run into the next: on a narrow
    // chart "₹0 ₹2.5 L ₹5 L" rather than "₹0₹1.25 L₹2.5 L…".
    let widest_tick = ticks
        .iter()
        .map(|&v| theme::text_width(area, &tick(v), &tick_style))
        .max()
        .unwrap_or(0);
    let gap = if ticks.len() > 1 {
        x_of(ticks[1]) - x_of(ticks[0])
    } else {
        i32::MAX
    };
    let every = (1..=ticks.len().max(1))
        .find(|&e| gap.saturating_mul(e as i32) >= widest_tick + theme.px(10.0))
        .unwrap_or(ticks.len().max(1));
    let last = ticks.len().saturating_sub(1);
    for (i, &v) in ticks.iter().enumerate() {
        let x = x_of(v);
        let color = if i == 0 { AXIS } else { GRID };
        area.draw(&PathElement::new(
            vec![(x, top), (x, bottom)],
            theme.line(color, 1.0),
        ))?;
        // The last label is drawn when it has room beside the previous one drawn.
        let shown = i % every == 0 || (i == last && last % every >= every.div_ceil(2));
        if shown {
            area.draw_text(&tick(v), &tick_style, (x, bottom + theme.px(5.0)))?;
        }
    }

    let row = (bottom - top) / bars.len() as i32;
    let bar_h = ((row as f64 * 0.62) as i32).clamp(1, theme.px(30.0));
    let line_h = theme.px(14.0);
    let mut hits = Vec::new();
    for (i, b) in bars.iter().enumerate() {
        let cy = top + i as i32 * row + row / 2;
        // The whole row (label, bar and value) points at the bar.
        hits.push(Hit {
            shape: HitShape::Rect {
                x0: 0,
                y0: top + i as i32 * row,
                x1: w,
                y1: top + (i as i32 + 1) * row - 1,
            },
            tip: b.tip.clone(),
            pick: b.pick.clone(),
        });
        area.draw(&Rectangle::new(
            [
                (left, cy - bar_h / 2),
                (x_of(b.value).max(left + 1), cy + bar_h / 2),
            ],
            b.color.filled(),
        ))?;
        area.draw_text(
            &b.value_label,
            &value_style,
            (x_of(b.value) + theme.px(6.0), cy),
        )?;
        let max_lines = ((row / line_h).max(1) as usize).min(3);
        let lines = theme::wrap(area, &b.label, &label_style, label_w, max_lines);
        let first = cy - (lines.len() as i32 - 1) * line_h / 2;
        for (li, line) in lines.iter().enumerate() {
            area.draw_text(
                line,
                &label_style,
                (left - theme.px(8.0), first + li as i32 * line_h),
            )?;
        }
    }
    Ok(hits)
}

/// The axis ticks for bars up to `max`: ascending from 0, the last one the axis maximum.
///
/// [`Scale::Amount`]: 0 and quarters of [`nice_ceiling`]. [`Scale::Count`]: the same when the
/// quarters are whole numbers (1,470 → 0, 500, …, 2,000); otherwise multiples of the smallest
/// whole step of 1, 2 or 5 times a power of ten that reaches `max` in at most five intervals
/// (2 → 0, 1, 2; 29 → 0, 10, 20, 30), so no two ticks round to the same label.
pub fn axis_ticks(max: f64, scale: Scale) -> Vec<f64> {
    let quarter = nice_ceiling(max) / 4.0;
    if scale == Scale::Amount || quarter.fract() == 0.0 {
        return (0..=4).map(|i| quarter * i as f64).collect();
    }
    // Ends by the power of ten of the round maximum (≤ 10 × that power): a step of 5 × it needs
    // at most two intervals. Below 1, a step of 1 needs one.
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        0.0
    };
    let mut power = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            let step = m * power;
            let intervals = (max / step).ceil().max(1.0);
            if intervals <= 5.0 {
                return (0..=intervals as usize).map(|i| step * i as f64).collect();
            }
        }
        power *= 10.0;
    }
}

/// A round axis maximum at or above `max` (1, 2, 2.5 or 5 times a power of ten); 1 for 0.
pub fn nice_ceiling(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|v| *v >= max * 0.999_999)
        .unwrap_or(10.0 * p)
}
