//! Product penetration by segment: grouped vertical bars (credit card, loan, investments) on a
//! 0–100 % axis, one group per segment, persona names wrapped under each group.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::core::summary::Summary;

use super::theme::{self, AXIS, GRID, INK, MUTED, PRODUCT_COLORS, Theme, anchored};
use super::{ChartError, Hit, HitShape};

/// The three products, in bar order.
pub const PRODUCTS: [&str; 3] = ["Credit card", "Loan", "Investments"];

/// One segment's penetration (each 0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductGroup {
    /// Persona name.
    pub label: String,
    /// Customers behind the figures (a group with 0 draws no bars).
    pub customers: usize,
    /// Credit card, loan, investments; each 0–1.
    pub shares: [f64; 3],
}

/// The chart's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PenetrationData {
    pub groups: Vec<ProductGroup>,
}

impl PenetrationData {
    /// Penetration per segment over the filtered customers.
    pub fn from_summary(summary: &Summary) -> Self {
        let groups = summary
            .segments
            .iter()
            .map(|s| ProductGroup {
                label: s.name.to_string(),
                customers: s.customers,
                shares: [
                    s.penetration.credit_card,
                    s.penetration.loan,
                    s.penetration.investments,
                ],
            })
            .collect();
        Self { groups }
    }
}

/// Draws the grouped bars with a legend on top; each bar can be pointed at (its segment's name
/// is picked).
pub fn draw_penetration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &PenetrationData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    if data.groups.iter().all(|g| g.customers == 0) {
        theme::clear(area, Some("No customers match the filters"), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let label = theme.label();

    // Plot rectangle: room for the legend (top), % labels (left) and names (bottom).
    let left = theme::text_width(area, "100 %", &label) + theme.px(12.0);
    let top = theme.px(34.0);
    let right = w - theme.px(8.0);
    let bottom = h - theme.px(52.0);
    if right - left < theme.px(40.0) || bottom - top < theme.px(40.0) {
        return Ok(Vec::new());
    }
    let y_of = |share: f64| bottom - ((bottom - top) as f64 * share.clamp(0.0, 1.0)).round() as i32;

    draw_legend(area, theme)?;
    let right_label = anchored(&label, HPos::Right, VPos::Center);
    for pct in [0, 25, 50, 75, 100] {
        let y = y_of(pct as f64 / 100.0);
        let color = if pct == 0 { AXIS } else { GRID };
        area.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            theme.line(color, 1.0),
        ))?;
        area.draw_text(&format!("{pct} %"), &right_label, (left - theme.px(6.0), y))?;
    }

    let n = data.groups.len().max(1) as i32;
    let group_w = (right - left) / n;
    let gap = (group_w as f64 * 0.18) as i32;
    let bar_w = ((group_w - 2 * gap) / 3).max(1);
    let value_style = anchored(&theme.text(10.5, MUTED), HPos::Center, VPos::Bottom);
    let name_style = anchored(&theme.text(11.5, INK), HPos::Center, VPos::Top);
    let show_values = bar_w >= theme.px(22.0);
    let mut hits = Vec::new();
    for (gi, g) in data.groups.iter().enumerate() {
        let x0 = left + gi as i32 * group_w + gap;
        if g.customers > 0 {
            for (p, share) in g.shares.iter().enumerate() {
                let bx = x0 + p as i32 * bar_w;
                let y = y_of(*share);
                area.draw(&Rectangle::new(
                    [
                        (bx + theme.px(1.0), y),
                        (bx + bar_w - theme.px(1.0), bottom),
                    ],
                    PRODUCT_COLORS[p].filled(),
                ))?;
                hits.push(Hit {
                    shape: HitShape::Rect {
                        x0: bx,
                        y0: top,
                        x1: bx + bar_w - 1,
                        y1: bottom,
                    },
                    tip: format!(
                        "{}: {:.1} % hold {} ({} customers) — click to show only this segment",
                        g.label,
                        share * 100.0,
                        PRODUCTS[p].to_lowercase(),
                        crate::app::format::count(g.customers)
                    ),
                    pick: Some(g.label.clone()),
                });
                if show_values {
                    let text = format!("{:.0}%", share * 100.0);
                    area.draw_text(&text, &value_style, (bx + bar_w / 2, y - theme.px(2.0)))?;
                }
            }
        }
        let centre = left + gi as i32 * group_w + group_w / 2;
        // 10 % to spare: a canvas's text widths are estimated, and run a little short.
        let room = (f64::from(group_w - theme.px(6.0)) * 0.9) as i32;
        let lines = theme::wrap(area, &g.label, &name_style, room, 3);
        for (li, line) in lines.iter().enumerate() {
            let y = bottom + theme.px(6.0) + li as i32 * theme.px(14.0);
            area.draw_text(line, &name_style, (centre, y))?;
        }
    }
    Ok(hits)
}

/// Swatches for the three products, across the top.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
) -> Result<(), ChartError> {
    let style = anchored(&theme.text(12.0, INK), HPos::Left, VPos::Center);
    let mut x = theme.px(8.0);
    let y = theme.px(12.0);
    let sw = theme.px(11.0);
    for (p, name) in PRODUCTS.iter().enumerate() {
        area.draw(&Rectangle::new(
            [(x, y - sw / 2), (x + sw, y + sw / 2)],
            PRODUCT_COLORS[p].filled(),
        ))?;
        area.draw_text(name, &style, (x + sw + theme.px(6.0), y))?;
        x += sw + theme.px(18.0) + theme::text_width(area, name, &style);
    }
    Ok(())
}
