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

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::web::canvas::{CanvasArea, canvas_area};

/// A chart function drawing `T` on a canvas.
pub type DrawFn<T> = fn(&DrawingArea<CanvasBackend, Shift>, &T, &Theme) -> Result<(), ChartError>;

/// Draws `data` on `canvas` (its CSS width × `css_height`, sharp at the screen's pixel ratio,
/// with a [`Theme`] scaled to match). A canvas not laid out yet (width 0) is left alone.
pub fn draw_chart<T>(
    canvas: &HtmlCanvasElement,
    css_height: f64,
    data: &T,
    draw: DrawFn<T>,
) -> Result<(), ChartError> {
    match canvas_area(canvas, css_height) {
        CanvasArea::NotLaidOut => Ok(()),
        CanvasArea::Unavailable => Err(ChartError::NoCanvas),
        CanvasArea::Ready(root, dpr) => {
            draw(&root, data, &Theme::scaled(dpr))?;
            root.present()?;
            Ok(())
        }
    }
}
