//! The customer lookup (a field in the header) and the customer's 360 card (in a panel).

mod customer_card;
mod lookup_panel;

pub use customer_card::{CustomerCard, CustomerProfile, Lookup};
pub use lookup_panel::{CustomerDrawer, LookupForm};
