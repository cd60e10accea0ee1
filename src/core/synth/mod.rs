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

/// A synthesis under way, a piece of customers at a time, so that a browser can take turns
/// between pieces: the same data as [`synthesize`] however it is cut (one stream, drawn in the
/// same order). Either gathered into one dataset ([`Synthesis::step`], then
/// [`Synthesis::finish`]) or handed out piece by piece ([`Synthesis::next_piece`]), so that the
/// six tables of a large population never exist whole; not both in one synthesis.
#[derive(Debug)]
pub struct Synthesis {
    profile: DataProfile,
    customers: usize,
    /// Customers generated so far.
    generated: usize,
    ds: Dataset,
    rng: rand::rngs::StdRng,
}

impl Synthesis {
    /// A synthesis of `params`, nothing generated yet.
    pub fn new(params: &CheckedSynthParams) -> Self {
        let p = params.get();
        Self {
            profile: p.profile,
            customers: p.customers,
            generated: 0,
            // Reserved by the first `step` (pieces reserve their own).
            ds: Dataset::default(),
            rng: draw::rng(p.seed),
        }
    }

    /// The tables of `n` customers, empty (their capacity reserved).
    fn empty_tables(&self, n: usize) -> Dataset {
        match self.profile {
            DataProfile::Seed => seed_profile::empty_seed_profile(n),
            DataProfile::Realistic => realistic::empty_realistic(n),
        }
    }

    /// Generates up to `customers` more customers (at least one, so that a loop of calls always
    /// ends) into the synthesis's dataset; true once every customer is generated.
    pub fn step(&mut self, customers: usize) -> bool {
        if self.generated == 0 {
            self.ds = self.empty_tables(self.customers);
        }
        let mut ds = std::mem::take(&mut self.ds);
        self.generate(&mut ds, customers);
        self.ds = ds;
        self.is_done()
    }

    /// The next up to `customers` customers (at least one) with their rows of every table, as
    /// a dataset of their own; `None` once every customer is generated. Every record of a piece
    /// names a customer of that piece, and no id repeats across pieces (as
    /// [`crate::core::c360::Join::feed_whole`] needs).
    pub fn next_piece(&mut self, customers: usize) -> Option<Dataset> {
        if self.is_done() {
            return None;
        }
        let n = customers.max(1).min(self.customers - self.generated);
        let mut piece = self.empty_tables(n);
        self.generate(&mut piece, n);
        Some(piece)
    }

    /// Appends the next up to `customers` customers (at least one) to `ds`.
    fn generate(&mut self, ds: &mut Dataset, customers: usize) {
        let from = self.generated;
        let to = from.saturating_add(customers.max(1)).min(self.customers);
        for i in from..to {
            match self.profile {
                DataProfile::Seed => seed_profile::push_seed_profile(ds, &mut self.rng, i),
                DataProfile::Realistic => realistic::push_realistic(ds, &mut self.rng, i),
            }
        }
        self.generated = to;
    }

    /// Customers generated so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.generated, self.customers)
    }

    /// Whether every customer is generated.
    pub fn is_done(&self) -> bool {
        self.generated == self.customers
    }

    /// The data (complete once [`Synthesis::is_done`]).
    pub fn finish(self) -> Dataset {
        self.ds
    }
}

/// Synthesizes a dataset with checked parameters.
pub fn synthesize(params: &CheckedSynthParams) -> Dataset {
    let mut s = Synthesis::new(params);
    s.step(usize::MAX);
    s.finish()
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
