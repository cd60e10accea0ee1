//! Each customer's offer under a decision [`Policy`]: the first rule that applies to the
//! customer, whose conditions hold and whose offer is switched on and open to them, chooses the
//! offer; a suitability rule that fires (the guardrail) replaces an offer it blocks with the
//! rule's safe offer. The reason says which conditions held, in the policy's words.

use serde::Serialize;

use super::policy::{Condition, Policy, Subject, all_hold};

/// One customer's offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    /// The offer made: an index into the policy's `offers`; `None` when no offer can be made.
    pub offer: Option<usize>,
    /// The rule that chose it (index into the policy's `rules`), if any.
    pub rule: Option<usize>,
    /// The suitability rule that moved the customer off the rule's offer (index into the
    /// policy's `suitability`), if any.
    pub moved_by: Option<usize>,
    /// Why, in words.
    pub reason: String,
    /// Expected revenue of the offer (conversion × revenue per conversion), INR; 0 without one.
    pub expected_revenue: f64,
}

impl Offer {
    /// True when a suitability rule replaced the rule's offer.
    pub fn guarded(&self) -> bool {
        self.moved_by.is_some()
    }
}

/// A policy made ready to decide: the offer ids of its rules resolved once.
#[derive(Debug, Clone)]
pub struct Decider<'p> {
    policy: &'p Policy,
    rule_offer: Vec<Option<usize>>,
    rule_safe: Vec<Option<usize>>,
}

impl<'p> Decider<'p> {
    /// Prepares `policy` (which [`Policy::check`] has accepted; a rule naming an unknown offer
    /// never fires).
    pub fn new(policy: &'p Policy) -> Self {
        Self {
            policy,
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

    fn made(
        &self,
        offer: Option<usize>,
        rule: Option<usize>,
        moved_by: Option<usize>,
        reason: String,
    ) -> Offer {
        Offer {
            offer,
            rule,
            moved_by,
            reason,
            expected_revenue: offer.map_or(0.0, |o| self.policy.offers[o].expected_revenue()),
        }
    }

    /// The offer for one customer.
    pub fn decide(&self, s: &Subject) -> Offer {
        let segment = &s.segment.name;
        for (ri, r) in self.policy.rules.iter().enumerate() {
            let Some(o) = self.rule_offer[ri] else {
                continue;
            };
            if !(all_hold(&r.applies_to, s) && all_hold(&r.when, s) && self.open_to(o, s)) {
                continue;
            }
            let mut reason = if r.when.is_empty() {
                format!("{segment}: default offer")
            } else {
                let why: Vec<String> = r.when.iter().map(Condition::text).collect();
                format!("{segment}, {}", why.join(", "))
            };
            let Some((si, held)) = self.blocker(o, s) else {
                return self.made(Some(o), Some(ri), None, reason);
            };
            let rule = &self.policy.suitability[si];
            let held: Vec<String> = held.iter().map(|c| c.text()).collect();
            reason = format!(
                "{reason} → would be {}, but {}: {}; {}",
                self.policy.offers[o].name,
                rule.name,
                held.join(" and "),
                rule.blocks.text()
            );
            let safe = self.rule_safe[ri]
                .filter(|&safe| self.open_to(safe, s) && self.blocker(safe, s).is_none());
            if safe.is_none() {
                reason.push_str(", and no safe offer is open");
            }
            return self.made(safe, Some(ri), Some(si), reason);
        }
        self.made(None, None, None, format!("{segment}: no rule applies"))
    }
}
