//! One module per chart. Each takes its data (plain structs built from the core's results) and
//! a plotters drawing area, and returns a `Result`. They are generic over the plotters backend:
//! the browser draws them on a `<canvas>` (plotters-canvas), native tests draw them to SVG text.

pub mod campaign_mix;
pub mod donut;
pub mod error;
pub mod hbars;
pub mod model_selection;
pub mod penetration;
pub mod projection;
pub mod revenue;
pub mod theme;

pub use error::ChartError;
pub use theme::Theme;
