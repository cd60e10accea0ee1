//! Seeded synthesis of the six tables (docs/product.md, Synthesis). The same parameters give the same data,
//! natively and in WebAssembly: every draw comes from one `StdRng` (ChaCha12) stream, in a fixed
//! order, using only fixed-width types.

mod draw;
mod params;
mod realistic;
mod seed_profile;

pub use params::{CheckedSynthParams, DataProfile, MAX_CUSTOMERS, SynthError, SynthParams};
pub use realistic::fits_age;

use super::data::{CustomerId, Dataset};

/// Synthesizes a dataset with checked parameters.
pub fn synthesize(params: &CheckedSynthParams) -> Dataset {
    let p = params.get();
    match p.profile {
        DataProfile::Seed => seed_profile::generate_seed_profile(p.customers, p.seed),
        DataProfile::Realistic => realistic::generate_realistic(p.customers, p.seed),
    }
}

/// Cities drawn uniformly for the `city` column.
pub const CITIES: [&str; 10] = [
    "Mumbai",
    "Delhi",
    "Bengaluru",
    "Chennai",
    "Hyderabad",
    "Pune",
    "Kolkata",
    "Ahmedabad",
    "Jaipur",
    "Lucknow",
];

/// The customer id of the i-th synthetic customer (0-based): "1", "2", …
pub fn customer_id(i: usize) -> CustomerId {
    compact_str::ToCompactString::to_compact_string(&(i + 1))
}
