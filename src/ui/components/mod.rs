//! One component per file, in a folder per panel of the page. Panels read the [`AppState`](super::state::AppState) and
//! [`Results`](super::results::Results) contexts; small building blocks take props.

mod campaign;
mod customers;
mod data;
mod filters;
mod layout;
mod lookup;
mod overview;
mod policy;
mod settings;

pub use campaign::*;
pub use customers::*;
pub use data::*;
pub use filters::*;
pub use layout::*;
pub use lookup::*;
pub use overview::*;
pub use policy::*;
pub use settings::*;
