//! One view of an analysed dataset: each customer's row, features and segment
//! ([`SegmentedView`]), plus their offer ([`AnalysedView`]). Built with named fields, so slices
//! cannot be passed in the wrong order; every method checks that they describe the same
//! customers (a mismatch is a bug, and panics with the lengths rather than stopping silently at
//! the shortest).

use super::c360::Customer360;
use super::export::write_customers_csv;
use super::features::Features;
use super::offers::{Decider, Offer};
use super::personas::Segment;
use super::policy::{Policy, Subject};
use super::propensity::Propensities;
use super::summary::{Filter, Summary, filter_summarize_view, summarize_view};

/// The customers with their segments: `labels[i]` is the cluster of customer `i`, `segments` is
/// indexed by cluster.
#[derive(Debug, Clone, Copy)]
pub struct SegmentedView<'a> {
    /// One Customer 360 row per customer.
    pub rows: &'a [Customer360],
    /// Their engineered features, in the same order.
    pub features: &'a [Features],
    /// Their cluster, in the same order.
    pub labels: &'a [usize],
    /// The segments, indexed by cluster.
    pub segments: &'a [Segment],
}

impl<'a> SegmentedView<'a> {
    /// The number of customers.
    ///
    /// # Panics
    /// When the rows, features and labels are not of one length.
    pub fn len(&self) -> usize {
        let n = self.rows.len();
        assert!(
            self.features.len() == n && self.labels.len() == n,
            "a view of {n} customers with {} features and {} labels",
            self.features.len(),
            self.labels.len()
        );
        n
    }

    /// True when there is no customer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indices of the customers that pass `filter`'s customer filters (every one but the
    /// offer filters, which need offers: [`AnalysedView::filter`]), ascending.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.passes(filter, i))
            .collect()
    }

    /// True when customer `i` passes `filter`'s customer filters.
    #[inline]
    pub fn passes(&self, filter: &Filter, i: usize) -> bool {
        filter.passes_customer(&self.rows[i], &self.features[i], self.labels[i])
    }

    /// Customer `i` as the policy's conditions see them.
    pub fn subject(&self, i: usize) -> Subject<'a> {
        Subject {
            row: &self.rows[i],
            features: &self.features[i],
            segment: &self.segments[self.labels[i]],
        }
    }

    /// Every customer's offer under `policy`, their take-up scaled by `propensity` when given
    /// (what "Propensity ranked" arbitration ranks by).
    pub fn recommend(&self, policy: &Policy, propensity: Option<&Propensities>) -> Vec<Offer> {
        let decider = Decider::new(policy, propensity);
        let mut offers = Vec::with_capacity(self.len());
        self.recommend_into(&decider, 0..self.len(), &mut offers);
        offers
    }

    /// The offers of the customers in `range`, appended to `out`: what [`Self::recommend`] gives
    /// them, for a caller that makes every offer in pieces (the browser's run).
    pub fn recommend_into(
        &self,
        decider: &Decider,
        range: std::ops::Range<usize>,
        out: &mut Vec<Offer>,
    ) {
        out.extend(range.map(|i| decider.decide(i, &self.subject(i))));
    }

    /// The view with every customer's offer, made under `policy`.
    pub fn with_offers(self, offers: &'a [Offer], policy: &'a Policy) -> AnalysedView<'a> {
        AnalysedView {
            segmented: self,
            offers,
            policy,
        }
    }
}

/// The customers with their segments and offers.
#[derive(Debug, Clone, Copy)]
pub struct AnalysedView<'a> {
    /// Rows, features, labels and segments.
    pub segmented: SegmentedView<'a>,
    /// Every customer's offer, in the same order.
    pub offers: &'a [Offer],
    /// The policy the offers were made under (their names and economics).
    pub policy: &'a Policy,
}

impl AnalysedView<'_> {
    /// The number of customers.
    ///
    /// # Panics
    /// When the parts are not of one length.
    pub fn len(&self) -> usize {
        let n = self.segmented.len();
        assert_eq!(
            self.offers.len(),
            n,
            "a view of {n} customers with {} offers",
            self.offers.len()
        );
        n
    }

    /// True when there is no customer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indices of the customers that pass `filter` (every filter), ascending.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        self.len();
        (0..self.len())
            .filter(|&i| self.passes(filter, i))
            .collect()
    }

    /// True when customer `i` passes every filter of `filter`.
    #[inline]
    pub fn passes(&self, filter: &Filter, i: usize) -> bool {
        self.segmented.passes(filter, i) && filter.passes_offer(&self.offers[i])
    }

    /// [`filter`](Self::filter) and [`summarize`](Self::summarize) of the customers passing
    /// it, in one pass over the customers.
    pub fn filter_summarize(&self, filter: &Filter) -> (Vec<usize>, Summary) {
        self.len();
        filter_summarize_view(self, filter)
    }

    /// The aggregates over the customers at `indices` (KPIs, segments, offers).
    pub fn summarize(&self, indices: &[usize]) -> Summary {
        self.len();
        summarize_view(self, indices)
    }

    /// The customers at `indices` as CSV bytes (header first), the columns of `customers.csv`.
    pub fn to_csv(&self, indices: &[usize]) -> Result<Vec<u8>, csv::Error> {
        self.len();
        write_customers_csv(self, indices)
    }

    /// How the policy routes the customers at `indices`: one row per segment, offer, rule and
    /// suitability rule that moved them, with its count; by segment, then most customers first.
    pub fn routes(&self, indices: &[usize]) -> Vec<Route> {
        self.len();
        // (segment, offer, rule, moved by) → customers.
        let mut counts: std::collections::BTreeMap<RouteKey, usize> = Default::default();
        for &i in indices {
            let o = &self.offers[i];
            *counts
                .entry((self.segmented.labels[i], o.offer, o.rule, o.moved_by))
                .or_default() += 1;
        }
        let mut rows: Vec<Route> = counts
            .into_iter()
            .map(|((segment, offer, rule, moved_by), customers)| Route {
                segment,
                offer,
                rule,
                moved_by,
                customers,
            })
            .collect();
        rows.sort_by(|a, b| {
            a.segment
                .cmp(&b.segment)
                .then(b.customers.cmp(&a.customers))
        });
        rows
    }

    /// What each suitability rule costs over the customers at `indices`: the customers it moved
    /// and the expected revenue forgone (the blocked offer's expected revenue less that of the
    /// offer made instead), in the policy's order.
    pub fn suitability_costs(&self, indices: &[usize]) -> Vec<RuleCost> {
        self.len();
        let mut costs: Vec<RuleCost> = (0..self.policy.suitability.len())
            .map(|rule| RuleCost {
                rule,
                customers: 0,
                revenue_forgone: 0.0,
            })
            .collect();
        for &i in indices {
            let o = &self.offers[i];
            if let Some(c) = o.moved_by.and_then(|s| costs.get_mut(s)) {
                c.customers += 1;
                c.revenue_forgone += o.forgone;
            }
        }
        costs
    }

    /// The name of customer `i`'s offer ("" when none can be made).
    pub fn offer_name(&self, i: usize) -> &str {
        self.offers[i]
            .offer
            .map_or("", |o| self.policy.offers[o].name.as_str())
    }
}

/// Segment, offer, rule and suitability rule of a [`Route`].
type RouteKey = (usize, Option<usize>, Option<usize>, Option<usize>);

/// A group of customers the policy treats alike ([`AnalysedView::routes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Their cluster.
    pub segment: usize,
    /// The offer they get (index in the policy), if any.
    pub offer: Option<usize>,
    /// The rule that chose it, if any.
    pub rule: Option<usize>,
    /// The suitability rule that moved them, if any.
    pub moved_by: Option<usize>,
    /// How many customers.
    pub customers: usize,
}

/// What a suitability rule costs ([`AnalysedView::suitability_costs`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCost {
    /// The suitability rule (index in the policy).
    pub rule: usize,
    /// Customers it moved off a blocked offer.
    pub customers: usize,
    /// Expected revenue forgone, INR.
    pub revenue_forgone: f64,
}
