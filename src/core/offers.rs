//! Each customer's offer under a decision [`Policy`]. Under "Segment rules" arbitration (the
//! original's) the first rule that applies to the customer, whose conditions hold and whose offer
//! is switched on and open to them, chooses the offer; a suitability rule that fires (the
//! guardrail) replaces an offer it blocks with the rule's safe offer. Under "Propensity ranked"
//! every offer some applying rule makes (or keeps as its safe offer), open to the customer and
//! not blocked, is ranked by priority = take-up × revenue × weight, and the highest wins (ties to
//! the earlier offer of the catalogue). The reason says which conditions held, in the policy's
//! words; [`Decider::explain`] says, for every other offer, why not.

use serde::Serialize;

use super::numbers::group_indian;
use super::plan::owned_of;
use super::policy::{
    Arbitration, Condition, OfferSpec, Policy, Subject, SuitabilityRule, all_hold,
};
use super::propensity::Propensities;

/// One customer's offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    /// The offer made: an index into the policy's `offers`; `None` when no offer can be made.
    pub offer: Option<usize>,
    /// The rule that chose it (index into the policy's `rules`), if any.
    pub rule: Option<usize>,
    /// The suitability rule that moved the customer off the offer they would otherwise get
    /// (index into the policy's `suitability`), if any.
    pub moved_by: Option<usize>,
    /// Why, in words.
    pub reason: String,
    /// Expected revenue of the offer, INR; 0 without one. Under "Segment rules" it is the
    /// offer's conversion × revenue per conversion (the original's figure); under "Propensity
    /// ranked" the customer's take-up × revenue per conversion.
    pub expected_revenue: f64,
    /// When a suitability rule moved the customer: the expected revenue of the offer it blocked
    /// less that of the offer made (what the rule costs); 0 otherwise.
    pub forgone: f64,
}

impl Offer {
    /// True when a suitability rule replaced the rule's offer.
    pub fn guarded(&self) -> bool {
        self.moved_by.is_some()
    }
}

/// Customer `i`'s probability of taking up `spec`: the offer's conversion rate times the
/// customer's propensity lift for its product (1 for products without a model, or without
/// propensities), at most 1.
pub fn take_up(spec: &OfferSpec, i: usize, propensity: Option<&Propensities>) -> f64 {
    let lift = match (owned_of(spec.product), propensity) {
        (Some(p), Some(pr)) => pr.lift(i, p),
        _ => 1.0,
    };
    (spec.conversion * lift).clamp(0.0, 1.0)
}

/// Where an offer stands for one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Standing {
    /// The offer made.
    Made,
    /// Open to the customer but not made: another rule came first (segment rules) or another
    /// offer has a higher priority (propensity ranked).
    Passed,
    /// Switched off in the catalogue.
    Off,
    /// No rule that applies to the customer makes it.
    NoRule,
    /// The customer fails the offer's eligibility: the first condition that does not hold.
    NotEligible(String),
    /// A suitability rule stops it: the rule's index and the conditions that held.
    Blocked(usize, String),
}

/// One offer of the catalogue, for one customer: its numbers and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// Index into the policy's offers.
    pub offer: usize,
    /// The customer's take-up probability ([`take_up`]).
    pub take_up: f64,
    /// Take-up × revenue per conversion, INR.
    pub value: f64,
    /// Value × the offer's weight (what "Propensity ranked" ranks by).
    pub priority: f64,
    /// The first rule that applies to the customer and makes it (or keeps it as the safe offer).
    pub rule: Option<usize>,
    /// Made, passed over, or why not.
    pub standing: Standing,
}

/// A policy made ready to decide: the offer ids of its rules resolved once.
#[derive(Debug, Clone)]
pub struct Decider<'p> {
    policy: &'p Policy,
    propensity: Option<&'p Propensities>,
    rule_offer: Vec<Option<usize>>,
    rule_safe: Vec<Option<usize>>,
}

impl<'p> Decider<'p> {
    /// Prepares `policy` (which [`Policy::check`] has accepted; a rule naming an unknown offer
    /// never fires). `propensity` scales each customer's take-up; without it every customer of
    /// an offer has its conversion rate.
    pub fn new(policy: &'p Policy, propensity: Option<&'p Propensities>) -> Self {
        Self {
            policy,
            propensity,
            rule_offer: policy
                .rules
                .iter()
                .map(|r| policy.offer_index(&r.offer))
                .collect(),
            rule_safe: policy
                .rules
                .iter()
                .map(|r| r.safe_offer.as_deref().and_then(|s| policy.offer_index(s)))
                .collect(),
        }
    }

    /// True when offer `o` is switched on and the customer meets its eligibility.
    fn open_to(&self, o: usize, s: &Subject) -> bool {
        let spec = &self.policy.offers[o];
        spec.enabled && all_hold(&spec.eligibility, s)
    }

    /// The first suitability rule that fires for the customer and blocks offer `o`, with the
    /// conditions that held.
    fn blocker(&self, o: usize, s: &Subject) -> Option<(usize, Vec<&'p Condition>)> {
        let spec = &self.policy.offers[o];
        self.policy
            .suitability
            .iter()
            .enumerate()
            .filter(|(_, r)| r.blocks(spec))
            .find_map(|(i, r)| r.fires(s).map(|held| (i, held)))
    }

    /// "would be X, but guardrail: held; no new credit".
    fn moved_text(&self, o: usize, si: usize, held: &[&Condition]) -> String {
        let rule = &self.policy.suitability[si];
        let held: Vec<String> = held.iter().map(|c| c.text()).collect();
        format!(
            "would be {}, but {}: {}; {}",
            self.policy.offers[o].name,
            rule.name,
            held.join(" and "),
            rule.blocks.text()
        )
    }

    /// True when rule `ri` applies to the customer and its conditions hold.
    fn fires(&self, ri: usize, s: &Subject) -> bool {
        let r = &self.policy.rules[ri];
        all_hold(&r.applies_to, s) && all_hold(&r.when, s)
    }

    /// The offer for customer `i`.
    pub fn decide(&self, i: usize, s: &Subject) -> Offer {
        match self.policy.arbitration {
            Arbitration::SegmentRules => self.by_rules(s),
            Arbitration::PropensityRanked => self.ranked(i, s),
        }
    }

    fn by_rules(&self, s: &Subject) -> Offer {
        let segment = &s.segment.name;
        let value = |o: Option<usize>| o.map_or(0.0, |o| self.policy.offers[o].expected_revenue());
        let made = |offer: Option<usize>, rule, moved_by: Option<usize>, reason, blocked| Offer {
            offer,
            rule,
            moved_by,
            reason,
            expected_revenue: value(offer),
            forgone: if moved_by.is_some() {
                value(blocked) - value(offer)
            } else {
                0.0
            },
        };
        for (ri, r) in self.policy.rules.iter().enumerate() {
            let Some(o) = self.rule_offer[ri] else {
                continue;
            };
            if !(self.fires(ri, s) && self.open_to(o, s)) {
                continue;
            }
            let mut reason = if r.when.is_empty() {
                format!("{segment}: default offer")
            } else {
                let why: Vec<String> = r.when.iter().map(Condition::text).collect();
                format!("{segment}, {}", why.join(", "))
            };
            let Some((si, held)) = self.blocker(o, s) else {
                return made(Some(o), Some(ri), None, reason, None);
            };
            reason = format!("{reason} → {}", self.moved_text(o, si, &held));
            let safe = self.rule_safe[ri]
                .filter(|&safe| self.open_to(safe, s) && self.blocker(safe, s).is_none());
            if safe.is_none() {
                reason.push_str(", and no safe offer is open");
            }
            return made(safe, Some(ri), Some(si), reason, Some(o));
        }
        made(
            None,
            None,
            None,
            format!("{segment}: no rule applies"),
            None,
        )
    }

    /// The first rule that applies to the customer and makes offer `o` or keeps it as its safe
    /// offer.
    fn applying_rule(&self, o: usize, s: &Subject) -> Option<usize> {
        (0..self.policy.rules.len()).find(|&ri| {
            (self.rule_offer[ri] == Some(o) || self.rule_safe[ri] == Some(o)) && self.fires(ri, s)
        })
    }

    /// Take-up, value and priority of offer `o` for customer `i`.
    fn numbers(&self, o: usize, i: usize) -> (f64, f64, f64) {
        let spec = &self.policy.offers[o];
        let t = take_up(spec, i, self.propensity);
        let value = t * spec.revenue;
        (t, value, value * spec.weight)
    }

    fn ranked(&self, i: usize, s: &Subject) -> Offer {
        let segment = &s.segment.name;
        // The best offer with suitability ignored, and the best that no suitability rule blocks.
        // Each rule and suitability rule is evaluated once for the customer.
        let fired: Vec<bool> = (0..self.policy.rules.len())
            .map(|ri| self.fires(ri, s))
            .collect();
        let stopping: Vec<&SuitabilityRule> = self
            .policy
            .suitability
            .iter()
            .filter(|r| r.holds_for(s))
            .collect();
        let mut best_any: Option<(usize, usize, f64)> = None;
        let mut best_ok: Option<(usize, usize, f64)> = None;
        for o in 0..self.policy.offers.len() {
            let Some(ri) = (0..fired.len()).find(|&ri| {
                fired[ri] && (self.rule_offer[ri] == Some(o) || self.rule_safe[ri] == Some(o))
            }) else {
                continue;
            };
            if !self.open_to(o, s) {
                continue;
            }
            let (_, _, p) = self.numbers(o, i);
            if best_any.is_none_or(|b| p > b.2) {
                best_any = Some((o, ri, p));
            }
            let spec = &self.policy.offers[o];
            if best_ok.is_none_or(|b| p > b.2) && !stopping.iter().any(|r| r.blocks(spec)) {
                best_ok = Some((o, ri, p));
            }
        }
        let Some((top, top_rule, _)) = best_any else {
            return Offer {
                offer: None,
                rule: None,
                moved_by: None,
                reason: format!("{segment}: no rule applies"),
                expected_revenue: 0.0,
                forgone: 0.0,
            };
        };
        let ranked_text = |o: usize, how: &str| {
            let (t, _, p) = self.numbers(o, i);
            let spec = &self.policy.offers[o];
            let inr = |x: f64| format!("₹{}", group_indian(x.round().max(0.0) as u64));
            format!(
                "{} {how} (take-up {:.1} % × {} × weight {} = {})",
                spec.name,
                t * 100.0,
                inr(spec.revenue),
                spec.weight,
                inr(p)
            )
        };
        let (offer, rule, moved_by, reason) = match self.blocker(top, s) {
            None => (
                Some(top),
                Some(top_rule),
                None,
                ranked_text(top, "ranks first"),
            ),
            Some((si, held)) => {
                let moved = self.moved_text(top, si, &held);
                match best_ok {
                    Some((o, ri, _)) => (
                        Some(o),
                        Some(ri),
                        Some(si),
                        format!("{moved}; {}", ranked_text(o, "is the best offer left")),
                    ),
                    None => (
                        None,
                        Some(top_rule),
                        Some(si),
                        format!("{moved}, and no other offer is open"),
                    ),
                }
            }
        };
        let value = |o: Option<usize>| o.map_or(0.0, |o| self.numbers(o, i).1);
        Offer {
            offer,
            rule,
            moved_by,
            reason: format!("{segment}: {reason}"),
            expected_revenue: value(offer),
            forgone: if moved_by.is_some() {
                value(Some(top)) - value(offer)
            } else {
                0.0
            },
        }
    }

    /// Every offer of the catalogue for customer `i`, with its numbers and where it stands: the
    /// offer made first, then the others open to the customer by priority (highest first), then
    /// those that are not, in catalogue order.
    pub fn explain(&self, i: usize, s: &Subject) -> Vec<Choice> {
        let made = self.decide(i, s).offer;
        let mut all: Vec<Choice> = (0..self.policy.offers.len())
            .map(|o| {
                let spec = &self.policy.offers[o];
                let (take_up, value, priority) = self.numbers(o, i);
                let rule = self.applying_rule(o, s);
                let standing = if made == Some(o) {
                    Standing::Made
                } else if !spec.enabled {
                    Standing::Off
                } else if let Some(c) = spec.eligibility.iter().find(|c| !c.holds(s)) {
                    Standing::NotEligible(c.text())
                } else if let Some((si, held)) = self.blocker(o, s) {
                    let held: Vec<String> = held.iter().map(|c| c.text()).collect();
                    Standing::Blocked(si, held.join(" and "))
                } else if rule.is_none() {
                    Standing::NoRule
                } else {
                    Standing::Passed
                };
                Choice {
                    offer: o,
                    take_up,
                    value,
                    priority,
                    rule,
                    standing,
                }
            })
            .collect();
        let rank = |o: &Choice| match o.standing {
            Standing::Made => 0,
            Standing::Passed => 1,
            _ => 2,
        };
        all.sort_by(|a, b| {
            let by_priority = if rank(a) == 1 {
                b.priority.total_cmp(&a.priority)
            } else {
                std::cmp::Ordering::Equal
            };
            rank(a)
                .cmp(&rank(b))
                .then(by_priority)
                .then(a.offer.cmp(&b.offer))
        });
        all
    }
}
