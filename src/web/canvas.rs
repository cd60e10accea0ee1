//! A `<canvas>` as a plotters drawing area, sized in device pixels (CSS width ×
//! `devicePixelRatio`) so what is drawn stays sharp on high-DPI screens.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// A canvas ready to draw on.
pub enum CanvasArea {
    /// The canvas is not laid out yet (width 0): nothing to draw.
    NotLaidOut,
    /// Its 2-D context is unavailable.
    Unavailable,
    /// The drawing area, and the device pixels per CSS pixel it was sized at.
    Ready(DrawingArea<CanvasBackend, Shift>, f64),
}

/// The screen's device pixels per CSS pixel (1 when unknown).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Sizes `canvas` to its CSS width × `css_height` at the screen's pixel ratio and returns it as
/// a drawing area.
pub fn canvas_area(canvas: &HtmlCanvasElement, css_height: f64) -> CanvasArea {
    let css_width = canvas.get_bounding_client_rect().width();
    if css_width < 1.0 {
        return CanvasArea::NotLaidOut;
    }
    let dpr = device_pixel_ratio();
    canvas.set_width((css_width * dpr).round() as u32);
    canvas.set_height((css_height * dpr).round() as u32);
    match CanvasBackend::with_canvas_object(canvas.clone()) {
        Some(backend) => CanvasArea::Ready(backend.into_drawing_area(), dpr),
        None => CanvasArea::Unavailable,
    }
}
