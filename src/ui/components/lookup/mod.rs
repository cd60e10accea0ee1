//! The customer lookup and its 360 card.

mod customer_card;
mod lookup_panel;

pub use customer_card::{CustomerCard, CustomerProfile, Lookup};
pub use lookup_panel::LookupPanel;
