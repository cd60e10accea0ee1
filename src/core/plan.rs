//! The campaign plan: which customers to contact with their offer, under a budget (total contact
//! cost) and a capacity per offer, at most one contact per customer, highest expected net value
//! per rupee of contact cost first; a seeded random holdout group is kept out of the contact list
//! so the campaign can be measured.
//!
//! Each customer's take-up probability is the offer's conversion rate times their propensity
//! lift for the offer's product (their probability of holding it over the share that does, from
//! [`super::propensity`]; 1 for deposits and insurance), at most 1. Expected value = take-up ×
//! revenue per conversion; net = that − cost per contact.

use serde::{Deserialize, Serialize};

use super::c360::Customer360;
use super::offers::Offer;
use super::policy::{Policy, Product};
use super::propensity::{Owned, Propensities};

/// The campaign levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// Total contact cost allowed, INR (`null`: no limit).
    #[serde(default)]
    pub budget: Option<f64>,
    /// Most contacts per offer, by offer id (an offer not listed has no limit).
    #[serde(default)]
    pub capacity: std::collections::BTreeMap<String, usize>,
    /// Share of the chosen customers kept out of the campaign as a control group, 0–0.5.
    #[serde(default = "default_holdout")]
    pub holdout: f64,
    /// Seeds the holdout draw.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_holdout() -> f64 {
    0.1
}

fn default_seed() -> u64 {
    super::defaults::SEED
}

impl Default for PlanSettings {
    fn default() -> Self {
        Self {
            budget: None,
            capacity: Default::default(),
            holdout: default_holdout(),
            seed: default_seed(),
        }
    }
}

/// The propensity model for an offer's product, if one is fitted.
pub fn owned_of(product: Product) -> Option<Owned> {
    match product {
        Product::Card => Some(Owned::CreditCard),
        Product::Loan => Some(Owned::Loan),
        Product::Investment => Some(Owned::Investments),
        Product::Deposit | Product::Insurance => None,
    }
}

/// One customer considered for the campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    /// Customer index.
    pub customer: usize,
    /// Offer index in the policy.
    pub offer: usize,
    /// Take-up probability.
    pub take_up: f64,
    /// Take-up × revenue per conversion, INR.
    pub value: f64,
    /// Value − cost per contact, INR.
    pub net: f64,
    /// Net per rupee of contact cost (the ranking; infinite for a free contact).
    pub priority: f64,
    /// Kept out as control.
    pub holdout: bool,
}

/// The plan's totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanTotals {
    /// Customers contacted.
    pub contacts: usize,
    /// Customers kept out as the control group.
    pub holdout: usize,
    /// Σ take-up over the contacts.
    pub expected_conversions: f64,
    /// Σ value, INR.
    pub expected_revenue: f64,
    /// Σ contact cost, INR.
    pub cost: f64,
    /// Revenue − cost, INR.
    pub net: f64,
    /// Net / cost (0 when nothing is spent).
    pub return_on_cost: f64,
}

/// The chosen customers, best first, and the totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Chosen customers (contacts and holdout), in ranking order.
    pub chosen: Vec<Contact>,
    /// Totals over the contacts.
    pub totals: PlanTotals,
}

/// A deterministic uniform draw in [0, 1) for a customer id and a seed (FNV-1a, then SplitMix64).
pub fn holdout_draw(id: &str, seed: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Every customer with an offer and a positive expected net value, valued.
pub fn candidates(
    rows: &[Customer360],
    offers: &[Offer],
    policy: &Policy,
    propensity: Option<&Propensities>,
    settings: &PlanSettings,
) -> Vec<Contact> {
    offers
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let k = o.offer?;
            let spec = &policy.offers[k];
            let take_up = super::offers::take_up(spec, i, propensity);
            let value = take_up * spec.revenue;
            let net = value - spec.cost_per_contact;
            (net > 0.0).then(|| Contact {
                customer: i,
                offer: k,
                take_up,
                value,
                net,
                priority: if spec.cost_per_contact > 0.0 {
                    net / spec.cost_per_contact
                } else {
                    f64::INFINITY
                },
                holdout: holdout_draw(&rows[i].customer_id, settings.seed) < settings.holdout,
            })
        })
        .collect()
}

/// Chooses from `candidates`: best priority first (then larger net, then lower index), each taken
/// when its cost fits the budget left and its offer's capacity; a holdout customer who would be
/// taken is kept as control without using budget or capacity.
pub fn choose(mut candidates: Vec<Contact>, policy: &Policy, settings: &PlanSettings) -> Plan {
    candidates.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(b.net.total_cmp(&a.net))
            .then(a.customer.cmp(&b.customer))
    });
    let mut left = settings.budget.unwrap_or(f64::INFINITY);
    let mut cap: Vec<usize> = policy
        .offers
        .iter()
        .map(|o| settings.capacity.get(&o.id).copied().unwrap_or(usize::MAX))
        .collect();
    let mut chosen = Vec::new();
    let mut t = PlanTotals::default();
    for c in candidates {
        let cost = policy.offers[c.offer].cost_per_contact;
        if cap[c.offer] == 0 || cost > left + 1e-9 {
            continue;
        }
        if c.holdout {
            t.holdout += 1;
        } else {
            cap[c.offer] -= 1;
            left -= cost;
            t.contacts += 1;
            t.expected_conversions += c.take_up;
            t.expected_revenue += c.value;
            t.cost += cost;
        }
        chosen.push(c);
    }
    t.net = t.expected_revenue - t.cost;
    t.return_on_cost = if t.cost > 0.0 { t.net / t.cost } else { 0.0 };
    Plan { chosen, totals: t }
}

/// The plan for these offers.
pub fn plan(
    rows: &[Customer360],
    offers: &[Offer],
    policy: &Policy,
    propensity: Option<&Propensities>,
    settings: &PlanSettings,
) -> Plan {
    choose(
        candidates(rows, offers, policy, propensity, settings),
        policy,
        settings,
    )
}
