//! Drawing a chart on a `<canvas>`: sized in device pixels (CSS width × `devicePixelRatio`) so it
//! stays sharp on high-DPI screens, with a [`Theme`] scaled to match.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::charts::{ChartError, Theme};

/// A chart function drawing `T` on a canvas.
pub type DrawFn<T> = fn(&DrawingArea<CanvasBackend, Shift>, &T, &Theme) -> Result<(), ChartError>;

/// The screen's device pixels per CSS pixel (1 when unknown).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Sizes `canvas` to its CSS width × `css_height` at the screen's pixel ratio and draws `data`.
/// A canvas not laid out yet (width 0) is left alone.
pub fn draw_chart<T>(
    canvas: &HtmlCanvasElement,
    css_height: f64,
    data: &T,
    draw: DrawFn<T>,
) -> Result<(), ChartError> {
    let css_width = canvas.get_bounding_client_rect().width();
    if css_width < 1.0 {
        return Ok(());
    }
    let dpr = device_pixel_ratio();
    canvas.set_width((css_width * dpr).round() as u32);
    canvas.set_height((css_height * dpr).round() as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or(ChartError::NoCanvas)?;
    let root = backend.into_drawing_area();
    draw(&root, data, &Theme::scaled(dpr))?;
    root.present()?;
    Ok(())
}
