//! The campaign's gains chart: cumulative expected net value (revenue − contact cost) against
//! customers contacted, best first, for the policy in force and for the default policy.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::app::format;
use crate::core::plan::Plan;

use super::theme::{self, ACCENT, ACCENT_2, AXIS, GRID, INK, Theme};
use super::{ChartError, Hit, HitShape};

/// One curve: `(customers contacted, cumulative net value)`, from (0, 0).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GainsCurve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// The chart's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GainsData {
    pub curves: Vec<GainsCurve>,
}

/// At most this many points per curve (every contact at small sizes).
const MAX_POINTS: usize = 400;

impl GainsCurve {
    /// The cumulative net value of a plan's contacts (the holdout left out), in plan order.
    pub fn of(label: &str, plan: &Plan) -> Self {
        let contacts: Vec<f64> = plan
            .chosen
            .iter()
            .filter(|c| !c.holdout)
            .map(|c| c.net)
            .collect();
        let step = contacts.len().div_ceil(MAX_POINTS).max(1);
        let mut points = vec![(0.0, 0.0)];
        let mut sum = 0.0;
        for (i, net) in contacts.iter().enumerate() {
            sum += net;
            if (i + 1) % step == 0 || i + 1 == contacts.len() {
                points.push(((i + 1) as f64, sum));
            }
        }
        Self {
            label: label.to_string(),
            points,
        }
    }
}

/// Draws both curves with a legend; points along each curve can be pointed at.
pub fn draw_gains<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GainsData,
    theme: &Theme,
) -> Result<Vec<Hit>, ChartError> {
    let x_max = data
        .curves
        .iter()
        .flat_map(|c| c.points.last().map(|p| p.0))
        .fold(0.0, f64::max);
    if x_max <= 0.0 {
        theme::clear(area, Some("No customer worth contacting"), theme)?;
        return Ok(Vec::new());
    }
    theme::clear(area, None, theme)?;
    let y_max = data
        .curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.1))
        .fold(0.0, f64::max)
        .max(1.0);
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(30.0))
        .margin_left(theme.px(6.0))
        .margin_right(theme.px(16.0))
        .margin_bottom(theme.px(4.0))
        .x_label_area_size(theme.px(40.0))
        .y_label_area_size(theme.px(70.0))
        .build_cartesian_2d(0.0..x_max * 1.02, 0.0..y_max * 1.08)?;
    let x_fmt = |v: &f64| format::count(v.round() as usize);
    let y_fmt = |v: &f64| format::inr_short(*v);
    chart
        .configure_mesh()
        .bold_line_style(theme.line(GRID, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(theme.line(AXIS, 1.0))
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(theme.label())
        .axis_desc_style(theme.text(12.0, INK))
        .x_desc("Customers contacted (best first)")
        .y_desc("Expected net value")
        .draw()?;
    let mut entries = Vec::new();
    for (k, curve) in data.curves.iter().enumerate() {
        let color = if k == 0 { ACCENT } else { ACCENT_2 };
        let style = theme.line(color, if k == 0 { 2.5 } else { 1.5 });
        chart.draw_series(LineSeries::new(curve.points.iter().copied(), style))?;
        entries.push((curve.label.as_str(), style));
    }
    theme::legend(
        area,
        chart.plotting_area(),
        &entries,
        theme::Corner::LowerRight,
        theme,
    )?;
    let mut hits = Vec::new();
    for curve in &data.curves {
        let step = curve.points.len().div_ceil(120).max(1);
        for &(x, y) in curve.points.iter().step_by(step) {
            let (px, py) = chart.backend_coord(&(x, y));
            hits.push(Hit {
                shape: HitShape::Point {
                    x: f64::from(px),
                    y: f64::from(py),
                    r: f64::from(theme.px(14.0)),
                },
                tip: format!(
                    "{}: the best {} customers bring {} net",
                    curve.label,
                    format::count(x.round() as usize),
                    format::inr(y)
                ),
                pick: None,
            });
        }
    }
    Ok(hits)
}
