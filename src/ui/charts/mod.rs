//! One module per chart. Each takes its data (plain structs built from the core's results) and
//! a plotters drawing area, and returns a `Result`. They are generic over the plotters backend:
//! the browser draws them on a `<canvas>` (plotters-canvas), native tests draw them to SVG text.

pub mod campaign_mix;
pub mod donut;
pub mod error;
pub mod gains;
pub mod hbars;
pub mod model_selection;
pub mod penetration;
pub mod projection;
pub mod revenue;
pub mod theme;

pub use error::ChartError;
pub use theme::Theme;

use crate::web::canvas::Canvas;
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::web::canvas::{CanvasArea, canvas_area};

/// A chart function drawing `T` on a canvas; it returns what can be pointed at.
pub type DrawFn<T> = fn(&DrawingArea<Canvas, Shift>, &T, &Theme) -> Result<Vec<Hit>, ChartError>;

/// Something drawn that can be pointed at: its shape in the drawing's pixels, the tooltip it
/// shows and what a click on it picks (a segment's or offer's name, `customer:ID`), if anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub shape: HitShape,
    pub tip: String,
    pub pick: Option<String>,
}

/// The shape of a [`Hit`], in the drawing's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HitShape {
    /// A rectangle, corners included.
    Rect { x0: i32, y0: i32, x1: i32, y1: i32 },
    /// A ring segment around `(cx, cy)` from angle `a0` to `a1` (radians, clockwise on screen
    /// from the x axis, `a0 < a1`).
    Ring {
        cx: f64,
        cy: f64,
        r_in: f64,
        r_out: f64,
        a0: f64,
        a1: f64,
    },
    /// A point, reached within `r` pixels.
    Point { x: f64, y: f64, r: f64 },
}

impl HitShape {
    /// How far `(x, y)` is from the shape: 0 inside a rectangle or ring, the distance to a
    /// point; `None` when it is out of reach.
    pub fn reach(&self, x: f64, y: f64) -> Option<f64> {
        match *self {
            HitShape::Rect { x0, y0, x1, y1 } => {
                let inside = x >= f64::from(x0.min(x1))
                    && x <= f64::from(x0.max(x1))
                    && y >= f64::from(y0.min(y1))
                    && y <= f64::from(y0.max(y1));
                inside.then_some(0.0)
            }
            HitShape::Ring {
                cx,
                cy,
                r_in,
                r_out,
                a0,
                a1,
            } => {
                let (dx, dy) = (x - cx, y - cy);
                let r = dx.hypot(dy);
                if r < r_in || r > r_out {
                    return None;
                }
                // The angle, brought into [a0, a0 + 2π).
                let a = a0 + (dy.atan2(dx) - a0).rem_euclid(std::f64::consts::TAU);
                (a <= a1).then_some(0.0)
            }
            HitShape::Point { x: px, y: py, r } => {
                let d = (x - px).hypot(y - py);
                (d <= r).then_some(d)
            }
        }
    }
}

/// The hit under `(x, y)`: the nearest one in reach (the first of equals).
pub fn hit_at(hits: &[Hit], x: f64, y: f64) -> Option<&Hit> {
    hits.iter()
        .filter_map(|h| h.shape.reach(x, y).map(|d| (d, h)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| h)
}

/// Draws `data` on `canvas` (its CSS width × `css_height`, sharp at the screen's pixel ratio,
/// with a [`Theme`] scaled to match). A canvas not laid out yet (width 0) is left alone.
///
/// Returns what can be pointed at, in CSS pixels, and the screen's pixel ratio.
pub fn draw_chart<T>(
    canvas: &HtmlCanvasElement,
    css_height: f64,
    data: &T,
    draw: DrawFn<T>,
) -> Result<Vec<Hit>, ChartError> {
    match canvas_area(canvas, css_height) {
        CanvasArea::NotLaidOut => Ok(Vec::new()),
        CanvasArea::Unavailable => Err(ChartError::NoCanvas),
        CanvasArea::Ready(root, dpr) => {
            let hits = draw(&root, data, &Theme::scaled(dpr))?;
            root.present()?;
            Ok(hits.into_iter().map(|h| h.scaled(1.0 / dpr)).collect())
        }
    }
}

impl Hit {
    /// The hit with its shape scaled by `f` (device pixels to CSS pixels).
    pub fn scaled(self, f: f64) -> Hit {
        let shape = match self.shape {
            HitShape::Rect { x0, y0, x1, y1 } => {
                let s = |v: i32| (f64::from(v) * f).round() as i32;
                HitShape::Rect {
                    x0: s(x0),
                    y0: s(y0),
                    x1: s(x1),
                    y1: s(y1),
                }
            }
            HitShape::Ring {
                cx,
                cy,
                r_in,
                r_out,
                a0,
                a1,
            } => HitShape::Ring {
                cx: cx * f,
                cy: cy * f,
                r_in: r_in * f,
                r_out: r_out * f,
                a0,
                a1,
            },
            HitShape::Point { x, y, r } => HitShape::Point {
                x: x * f,
                y: y * f,
                r: r * f,
            },
        };
        Hit { shape, ..self }
    }
}
