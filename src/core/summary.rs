//! Filtered views: which customers pass the dashboard's filters, and the aggregates every view
//! shows (KPIs, segment sizes, penetration by segment, campaign mix, revenue by offer).

use serde::Serialize;

use super::c360::Customer360;
use super::features::Features;
use super::offers::Offer;
use super::personas::{Counts, Penetration};
use super::view::AnalysedView;

/// Annual income bands (INR; 1 L = 100,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum IncomeBand {
    /// No income filter (the default).
    #[default]
    All,
    /// Income up to ₹3 L (300,000 INR) a year.
    UpTo3L,
    /// Income above ₹3 L, up to ₹6 L a year.
    From3To6L,
    /// Income above ₹6 L, up to ₹10 L a year.
    From6To10L,
    /// Income above ₹10 L, up to ₹15 L a year.
    From10To15L,
    /// Income above ₹15 L (1,500,000 INR) a year.
    Above15L,
}

impl IncomeBand {
    /// Every band, `All` first.
    pub const ALL: [IncomeBand; 6] = [
        IncomeBand::All,
        IncomeBand::UpTo3L,
        IncomeBand::From3To6L,
        IncomeBand::From6To10L,
        IncomeBand::From10To15L,
        IncomeBand::Above15L,
    ];

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            IncomeBand::All => "All incomes",
            IncomeBand::UpTo3L => "Up to ₹3 L",
            IncomeBand::From3To6L => "₹3 L – ₹6 L",
            IncomeBand::From6To10L => "₹6 L – ₹10 L",
            IncomeBand::From10To15L => "₹10 L – ₹15 L",
            IncomeBand::Above15L => "Above ₹15 L",
        }
    }

    /// The URL's name for it ("" for `All`).
    pub fn key(self) -> &'static str {
        match self {
            IncomeBand::All => "",
            IncomeBand::UpTo3L => "0-3L",
            IncomeBand::From3To6L => "3-6L",
            IncomeBand::From6To10L => "6-10L",
            IncomeBand::From10To15L => "10-15L",
            IncomeBand::Above15L => "15L+",
        }
    }

    /// True when `income` falls in the band (lower bound exclusive, upper inclusive).
    pub fn contains(self, income: f64) -> bool {
        let (lo, hi) = match self {
            IncomeBand::All => return true,
            IncomeBand::UpTo3L => (f64::NEG_INFINITY, 300_000.0),
            IncomeBand::From3To6L => (300_000.0, 600_000.0),
            IncomeBand::From6To10L => (600_000.0, 1_000_000.0),
            IncomeBand::From10To15L => (1_000_000.0, 1_500_000.0),
            IncomeBand::Above15L => (1_500_000.0, f64::INFINITY),
        };
        income > lo && income <= hi
    }
}

/// A yes / no / either condition: whether a customer holds a product, carries a risk flag, or
/// was moved by a suitability rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum Has {
    /// Either (the default).
    #[default]
    Any,
    /// Only customers for whom it is true.
    Yes,
    /// Only customers for whom it is false.
    No,
}

impl Has {
    /// Every choice, `Any` first.
    pub const ALL: [Has; 3] = [Has::Any, Has::Yes, Has::No];

    /// True when `value` passes.
    pub fn passes(self, value: bool) -> bool {
        match self {
            Has::Any => true,
            Has::Yes => value,
            Has::No => !value,
        }
    }

    /// The URL's word for it ("" for `Any`).
    pub fn key(self) -> &'static str {
        match self {
            Has::Any => "",
            Has::Yes => "yes",
            Has::No => "no",
        }
    }

    /// The choice a URL word names.
    pub fn from_key(key: &str) -> Option<Has> {
        Has::ALL.into_iter().find(|h| h.key() == key)
    }
}

/// The three products the Customer 360 tracks, in the order of [`Filter::products`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum HeldProduct {
    /// A credit card.
    CreditCard,
    /// A loan.
    Loan,
    /// Investments (mutual funds or fixed deposits).
    Investments,
}

impl HeldProduct {
    /// Every product, in the order of [`Filter::products`].
    pub const ALL: [HeldProduct; 3] = [
        HeldProduct::CreditCard,
        HeldProduct::Loan,
        HeldProduct::Investments,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            HeldProduct::CreditCard => "Credit card",
            HeldProduct::Loan => "Loan",
            HeldProduct::Investments => "Investments",
        }
    }

    /// The URL's name for it.
    pub fn key(self) -> &'static str {
        match self {
            HeldProduct::CreditCard => "card",
            HeldProduct::Loan => "loan",
            HeldProduct::Investments => "inv",
        }
    }

    /// True when customer `c` holds it.
    pub fn held_by(self, c: &Customer360) -> bool {
        match self {
            HeldProduct::CreditCard => c.has_credit_card,
            HeldProduct::Loan => c.has_loan,
            HeldProduct::Investments => c.has_investments,
        }
    }
}

/// The dashboard's filters, all combined (a customer passes when they pass every one). The
/// default passes everyone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Filter {
    /// Selected clusters; `None` = all.
    pub clusters: Option<Vec<bool>>,
    /// Annual income band a customer must fall in.
    pub income: IncomeBand,
    /// Inclusive age range.
    pub age: (f64, f64),
    /// Whether a customer holds each product ([`HeldProduct::ALL`]'s order).
    pub products: [Has; 3],
    /// Selected offers, by index in the policy's catalogue, plus one last entry for "no offer";
    /// `None` = all.
    pub offers: Option<Vec<bool>>,
    /// Whether a customer carries the risk flag (a delinquency or an overdue in 12 months).
    pub risk: Has,
    /// Whether a suitability rule (the guardrail among them) moved the customer's offer.
    pub guarded: Has,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            clusters: None,
            income: IncomeBand::All,
            age: (f64::NEG_INFINITY, f64::INFINITY),
            products: [Has::Any; 3],
            offers: None,
            risk: Has::Any,
            guarded: Has::Any,
        }
    }
}

impl Filter {
    /// True when the filter looks at the offers (so a view without offers cannot apply it).
    pub fn needs_offers(&self) -> bool {
        self.offers.is_some() || self.guarded != Has::Any
    }

    /// True when customer `c` (features `f`, cluster `cluster`) passes every filter but the
    /// offer filters.
    ///
    /// The income, product and risk filters left at "any" read nothing of the customer (at
    /// 1,000,000 customers every field read costs); the age range is always checked (a
    /// missing age fails even the full range).
    #[inline]
    pub fn passes_customer(&self, c: &Customer360, f: &Features, cluster: usize) -> bool {
        self.clusters
            .as_ref()
            .is_none_or(|sel| sel.get(cluster).copied().unwrap_or(false))
            && (self.income == IncomeBand::All || self.income.contains(c.income))
            && c.age >= self.age.0
            && c.age <= self.age.1
            && HeldProduct::ALL
                .iter()
                .zip(self.products)
                .all(|(p, h)| h == Has::Any || h.passes(p.held_by(c)))
            && (self.risk == Has::Any || self.risk.passes(f.risk_flag))
    }

    /// True when a customer whose offer is `offer` passes the offer filters.
    #[inline]
    pub fn passes_offer(&self, offer: &Offer) -> bool {
        self.offers.as_ref().is_none_or(|sel| {
            // The last entry is "no offer".
            let none = sel.len().saturating_sub(1);
            let at = offer.offer.filter(|&o| o < none).unwrap_or(none);
            offer.offer.is_none_or(|o| o < none) && sel.get(at).copied().unwrap_or(false)
        }) && (self.guarded == Has::Any || self.guarded.passes(offer.guarded()))
    }
}

/// One segment's figures over the filtered customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSummary {
    /// The segment's cluster index.
    pub cluster: usize,
    /// The segment's persona name.
    pub name: String,
    /// Filtered customers in the segment.
    pub customers: usize,
    /// Their product penetration (card, loan, investments), 0–1 each.
    pub penetration: Penetration,
}

/// One offer's figures over the filtered customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferSummary {
    /// The offer: its index in the policy's catalogue.
    pub offer: usize,
    /// Its name.
    pub name: String,
    /// Filtered customers who get it.
    pub customers: usize,
    /// Their expected revenue summed, INR.
    pub expected_revenue: f64,
}

/// The aggregates every view shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Number of filtered customers.
    pub customers: usize,
    /// Their mean annual income, INR (0 when none).
    pub avg_income: f64,
    /// Their mean average balance, INR (0 when none).
    pub avg_balance: f64,
    /// Their mean number of products held, 0–3 (0 when none).
    pub avg_products: f64,
    /// Their expected revenue summed over every offer, INR.
    pub expected_revenue: f64,
    /// One per segment (cluster order), including segments with no filtered customers.
    pub segments: Vec<SegmentSummary>,
    /// Offers made to at least one filtered customer, most customers first.
    pub offers: Vec<OfferSummary>,
}

/// Aggregates the customers at `indices` ([`AnalysedView::summarize`]).
pub(crate) fn summarize_view(view: &AnalysedView, indices: &[usize]) -> Summary {
    let mut tally = Tally::new(view);
    indices.iter().for_each(|&i| tally.add(i));
    tally.finish()
}

/// The customers passing `filter` and their aggregates, in one pass over the customers
/// ([`AnalysedView::filter_summarize`]): what [`AnalysedView::filter`] then
/// [`summarize_view`] give, reading each customer once (at 1,000,000 customers the two passes
/// read every customer's row twice).
pub(crate) fn filter_summarize_view(view: &AnalysedView, filter: &Filter) -> (Vec<usize>, Summary) {
    let mut tally = Tally::new(view);
    let mut indices = Vec::new();
    for i in 0..view.segmented.rows.len() {
        if view.passes(filter, i) {
            indices.push(i);
            tally.add(i);
        }
    }
    (indices, tally.finish())
}

/// The sums a [`Summary`] is made of, customer by customer; every sum adds the customers in
/// the order they are added.
struct Tally<'v, 'a> {
    view: &'v AnalysedView<'a>,
    n: usize,
    counts: Vec<Counts>,
    income: f64,
    balance: f64,
    products: f64,
    expected: f64,
    by_offer: Vec<OfferSummary>,
}

impl<'v, 'a> Tally<'v, 'a> {
    fn new(view: &'v AnalysedView<'a>) -> Self {
        let by_offer = view
            .policy
            .offers
            .iter()
            .enumerate()
            .map(|(offer, spec)| OfferSummary {
                offer,
                name: spec.name.clone(),
                customers: 0,
                expected_revenue: 0.0,
            })
            .collect();
        Self {
            view,
            n: 0,
            counts: vec![Counts::default(); view.segmented.segments.len()],
            income: 0.0,
            balance: 0.0,
            products: 0.0,
            expected: 0.0,
            by_offer,
        }
    }

    /// Counts customer `i` in.
    fn add(&mut self, i: usize) {
        let s = &self.view.segmented;
        let r = &s.rows[i];
        self.n += 1;
        if let Some(c) = self.counts.get_mut(s.labels[i]) {
            c.add(r);
        }
        self.income += r.income;
        self.balance += r.avg_balance;
        self.products += s.features[i].product_count;
        let o = &self.view.offers[i];
        self.expected += o.expected_revenue;
        if let Some(s) = o.offer.and_then(|k| self.by_offer.get_mut(k)) {
            s.customers += 1;
            s.expected_revenue += o.expected_revenue;
        }
    }

    fn finish(self) -> Summary {
        let n = self.n;
        let mean = |sum: f64| if n == 0 { 0.0 } else { sum / n as f64 };
        let segments = self
            .view
            .segmented
            .segments
            .iter()
            .map(|s| {
                let c = self.counts.get(s.cluster).copied().unwrap_or_default();
                SegmentSummary {
                    cluster: s.cluster,
                    name: s.name.clone(),
                    customers: c.customers(),
                    penetration: c.penetration(),
                }
            })
            .collect();
        let mut offers = self.by_offer;
        offers.retain(|s| s.customers > 0);
        offers.sort_by(|a, b| b.customers.cmp(&a.customers).then(a.offer.cmp(&b.offer)));
        Summary {
            customers: n,
            avg_income: mean(self.income),
            avg_balance: mean(self.balance),
            avg_products: mean(self.products),
            expected_revenue: self.expected,
            segments,
            offers,
        }
    }
}
