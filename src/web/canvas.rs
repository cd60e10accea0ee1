//! A `<canvas>` as a plotters drawing area, sized in device pixels (CSS width ×
//! `devicePixelRatio`) so what is drawn stays sharp on high-DPI screens.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas ready to draw on.
pub enum CanvasArea {
    /// The canvas is not laid out yet (width 0): nothing to draw.
    NotLaidOut,
    /// Its 2-D context is unavailable.
    Unavailable,
    /// The drawing area, and the device pixels per CSS pixel it was sized at.
    Ready(DrawingArea<Canvas, Shift>, f64),
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
    match Canvas::new(canvas) {
        Some(backend) => CanvasArea::Ready(backend.into_drawing_area(), dpr),
        None => CanvasArea::Unavailable,
    }
}

/// plotters' canvas backend, measuring text with the canvas itself.
///
/// plotters measures text on the web by adding a `<span>` with a `style` attribute to the page
/// and reading its size: a forced layout per label, and refused by the page's
/// Content-Security-Policy (`style-src 'self'`), which left labels measured in the wrong font.
/// `measureText` on the canvas's own 2-D context, in the font `draw_text` uses, needs neither.
///
/// Filled circles (the customer map's points) are drawn here too, with each colour's CSS
/// string made once and handed to the canvas as the same JavaScript string: plotters formats
/// and passes a new one per circle, which was half of the map's drawing time (4,000 points:
/// 11 of 20 ms in a profile, docs/PERFORMANCE.md).
pub struct Canvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The colours of filled circles drawn so far, as the canvas's strings.
    fills: Vec<(ColorKey, JsValue)>,
    /// The fill style last set here, while nothing else has set one since.
    fill_set: Option<ColorKey>,
}

/// A colour as plotters gives it: red, green, blue, and the alpha's bits.
type ColorKey = ((u8, u8, u8), u64);

impl Canvas {
    /// The backend for `canvas`, or `None` when it has no 2-D context.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Canvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        Some(Canvas {
            inner,
            context,
            fills: Vec::new(),
            fill_set: None,
        })
    }

    /// plotters-canvas's backend, which may set its own fill style.
    fn inner(&mut self) -> &mut CanvasBackend {
        self.fill_set = None;
        &mut self.inner
    }

    /// Sets the fill style to `color` (the string plotters-canvas would set).
    #[allow(deprecated)] // set_fill_style_str would decode the string again at every call
    fn set_fill(&mut self, color: BackendColor) {
        let key = (color.rgb, color.alpha.to_bits());
        if self.fill_set == Some(key) {
            return;
        }
        let value = match self.fills.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => v.clone(),
            None => {
                let (r, g, b) = color.rgb;
                let v = JsValue::from(format!("rgba({r},{g},{b},{})", color.alpha));
                self.fills.push((key, v.clone()));
                v
            }
        };
        self.context.set_fill_style(&value);
        self.fill_set = Some(key);
    }
}

type CanvasResult = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl DrawingBackend for Canvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> CanvasResult {
        self.inner().ensure_prepared()
    }
    fn present(&mut self) -> CanvasResult {
        self.inner().present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult {
        self.inner().draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> CanvasResult {
        self.inner().draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.inner()
            .draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> CanvasResult {
        self.inner().draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        let color = style.color();
        if !fill || color.alpha == 0.0 {
            return self.inner().draw_circle(center, radius, style, fill);
        }
        self.set_fill(color);
        self.context.begin_path();
        let (x, y, r) = (f64::from(center.0), f64::from(center.1), f64::from(radius));
        if self
            .context
            .arc(x, y, r, 0.0, std::f64::consts::TAU)
            .is_err()
        {
            // Its error, as plotters-canvas reports it (an arc of a u32 radius does not fail).
            return self.inner().draw_circle(center, radius, style, fill);
        }
        self.context.fill();
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> CanvasResult {
        self.inner().fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> CanvasResult {
        self.inner().draw_text(text, style, pos)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> CanvasResult {
        self.inner().blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        // The font string plotters-canvas's draw_text sets.
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        self.context.set_font(&font);
        let (width, height) = match self.context.measure_text(text) {
            Ok(m) => (
                m.width(),
                m.font_bounding_box_ascent() + m.font_bounding_box_descent(),
            ),
            Err(_) => (
                style.size() * 0.6 * text.chars().count() as f64,
                style.size() * 1.2,
            ),
        };
        Ok((width.ceil().max(0.0) as u32, height.ceil().max(0.0) as u32))
    }
}
