//! Shared look of every chart: fonts, colours, and the pixel scale that keeps canvases sharp on
//! high-DPI screens (the canvas is sized in device pixels and every length is multiplied by
//! [`Theme::scale`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::core::personas::{Archetype, Naming, Segment};

use super::ChartError;

/// The system font stack (no web fonts: nothing is fetched from another origin).
pub const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/// Body text.
pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
/// Secondary text (axis labels, notes).
pub const MUTED: RGBColor = RGBColor(0x5b, 0x67, 0x78);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe3, 0xe8, 0xef);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(0xb8, 0xc2, 0xcf);
/// Chart background.
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);
/// The accent (single-series bars, markers).
pub const ACCENT: RGBColor = RGBColor(0x1d, 0x4e, 0x89);
/// A second accent (inertia line, revenue bars).
pub const ACCENT_2: RGBColor = RGBColor(0xc2, 0x6b, 0x2b);

/// Product colours: credit card, loan, investments.
pub const PRODUCT_COLORS: [RGBColor; 3] = [
    RGBColor(0x1d, 0x4e, 0x89),
    RGBColor(0xd9, 0x82, 0x2b),
    RGBColor(0x2e, 0x8b, 0x57),
];

/// One colour per archetype, in [`Archetype::ALL`] order (Tableau 10, colour-blind aware).
pub const SEGMENT_COLORS: [RGBColor; 8] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0x9c, 0x75, 0x5f),
];

/// The colour of a persona: fixed per archetype, so a persona keeps its colour whatever K is.
pub fn archetype_color(a: Archetype) -> RGBColor {
    SEGMENT_COLORS[archetype_slot(a)]
}

fn archetype_slot(a: Archetype) -> usize {
    Archetype::ALL.iter().position(|x| *x == a).unwrap_or(0) % SEGMENT_COLORS.len()
}

/// One distinct colour per segment (K ≤ 8): a segment named after its archetype has that
/// archetype's colour; the others (variants, mixed profiles) take the colours no segment uses.
pub fn segment_colors(segments: &[Segment]) -> Vec<RGBColor> {
    let own = |s: &Segment| (s.naming == Naming::Archetype).then(|| archetype_slot(s.archetype));
    let mut used = [false; SEGMENT_COLORS.len()];
    segments.iter().filter_map(own).for_each(|i| used[i] = true);
    segments
        .iter()
        .enumerate()
        .map(|(c, s)| {
            let slot = own(s).unwrap_or_else(|| {
                let free = (0..used.len()).find(|&i| !used[i]);
                let i = free.unwrap_or(c % SEGMENT_COLORS.len());
                used[i] = true;
                i
            });
            SEGMENT_COLORS[slot]
        })
        .collect()
}

/// The colour of segment `cluster` among `segments` ([`segment_colors`]).
pub fn segment_color(segments: &[Segment], cluster: usize) -> RGBColor {
    segment_colors(segments)
        .get(cluster)
        .copied()
        .unwrap_or(SEGMENT_COLORS[0])
}

/// CSS `#rrggbb` of a colour (for HTML legends and tables beside the canvas).
pub fn css_hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Sizes and fonts at a pixel scale. `Theme::default()` is scale 1 (SVG tests, 1× screens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Device pixels per CSS pixel (the browser's `devicePixelRatio`). Default 1.
    pub scale: f64,
}

impl Default for Theme {
    fn default() -> Self {
        Self { scale: 1.0 }
    }
}

impl Theme {
    /// A theme for a canvas whose pixels are `scale` times smaller than CSS pixels.
    pub fn scaled(scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Self { scale }
    }

    /// A CSS length in device pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// A CSS length in device pixels, unsigned (at least 1).
    pub fn upx(&self, css: f64) -> u32 {
        ((css * self.scale).round() as u32).max(1)
    }

    /// Text of `size` CSS pixels in `color`.
    pub fn text(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        (FONT, size * self.scale).into_font().color(&color)
    }

    /// Bold text of `size` CSS pixels in `color`.
    pub fn bold(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        (FONT, size * self.scale, FontStyle::Bold)
            .into_font()
            .color(&color)
    }

    /// Axis-label text (12 px, muted).
    pub fn label(&self) -> TextStyle<'static> {
        self.text(12.0, MUTED)
    }

    /// A line of `width` CSS pixels.
    pub fn line(&self, color: RGBColor, width: f64) -> ShapeStyle {
        color.stroke_width(self.upx(width))
    }
}

/// Text anchored at a point.
pub fn anchored(style: &TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Fills the area with the background and, when `message` is given, writes it in the centre
/// (used when there is nothing to draw, e.g. no customer passes the filters).
pub fn clear<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    message: Option<&str>,
    theme: &Theme,
) -> Result<(), ChartError> {
    area.fill(&BACKGROUND)?;
    if let Some(m) = message {
        let (w, h) = area.dim_in_pixel();
        let style = anchored(&theme.text(14.0, MUTED), HPos::Center, VPos::Center);
        area.draw_text(m, &style, (w as i32 / 2, h as i32 / 2))?;
    }
    Ok(())
}

/// Which corner of the plot a legend sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    UpperRight,
    LowerRight,
}

/// A legend box in a corner of a chart's plot: a line sample and a label per entry. (Drawn here,
/// not with plotters' series labels: in the browser those measure their text by adding a styled
/// `<span>` to the page, which the Content-Security-Policy refuses.)
pub fn legend<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    area: &DrawingArea<DB, Shift>,
    plot: &DrawingArea<DB, Cartesian2d<X, Y>>,
    entries: &[(&str, ShapeStyle)],
    corner: Corner,
    theme: &Theme,
) -> Result<(), ChartError> {
    if entries.is_empty() {
        return Ok(());
    }
    let font = theme.text(12.0, INK);
    let (pad, sample, gap, row) = (theme.px(6.0), theme.px(18.0), theme.px(6.0), theme.px(18.0));
    let widest = entries
        .iter()
        .map(|(label, _)| text_width(area, label, &font))
        .max()
        .unwrap_or(0);
    let (w, h) = (
        pad + sample + gap + widest + pad,
        2 * pad + row * entries.len() as i32,
    );
    let (base_x, base_y) = area.get_base_pixel();
    let (xs, ys) = plot.get_pixel_range();
    let x0 = xs.end - base_x - theme.px(8.0) - w;
    let y0 = match corner {
        Corner::UpperRight => ys.start - base_y + theme.px(8.0),
        Corner::LowerRight => ys.end - base_y - theme.px(8.0) - h,
    };
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        BACKGROUND.mix(0.9).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        theme.line(GRID, 1.0),
    ))?;
    let text = anchored(&font, HPos::Left, VPos::Center);
    for (i, (label, style)) in entries.iter().enumerate() {
        let y = y0 + pad + row * i as i32 + row / 2;
        area.draw(&PathElement::new(
            vec![(x0 + pad, y), (x0 + pad + sample, y)],
            *style,
        ))?;
        area.draw_text(label, &text, (x0 + pad + sample + gap, y))?;
    }
    Ok(())
}

/// Width in pixels of `text` in `style` (an estimate natively, measured in the browser).
pub fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'static>,
) -> i32 {
    area.estimate_text_size(text, style)
        .map(|(w, _)| w as i32)
        .unwrap_or_else(|_| (text.chars().count() as f64 * style.font.get_size() * 0.55) as i32)
}

/// Splits `text` into lines no wider than `max_width` pixels, breaking at spaces (a single word
/// longer than the width gets its own line, cut with `…`). At most `max_lines`; the last is cut with `…`.
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'static>,
    max_width: i32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(area, &candidate, style) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    // `line` shortened until it fits with a `…` after it.
    let ellipsis = |mut line: String| {
        while line.chars().count() > 1 && text_width(area, &format!("{line}…"), style) > max_width
        {
            line.pop();
        }
        format!("{}…", line.trim_end())
    };
    let keep = max_lines.max(1);
    let overflow = lines.len() > keep;
    if overflow {
        let rest = lines.split_off(keep - 1).join(" ");
        lines.push(rest);
    }
    let last = lines.len().saturating_sub(1);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if (overflow && i == last) || text_width(area, &l, style) > max_width {
                ellipsis(l)
            } else {
                l
            }
        })
        .collect()
}
