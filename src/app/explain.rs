//! One customer's offers compared, for the lookup: every offer of the catalogue with the
//! customer's take-up, expected value and priority, the offer made first, then the others open to
//! them by priority, then the rest with why not — as text ready to show.

use super::format;
use super::jobs::Offered;
use crate::core::offers::{Decider, Standing};
use crate::core::policy::Arbitration;

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    /// The offer's name.
    pub offer: String,
    /// 1–3 for the three best offers open to the customer (the one made first); `None` below.
    pub rank: Option<usize>,
    /// "4.2 %".
    pub take_up: String,
    /// Take-up × revenue: "₹504".
    pub value: String,
    /// Value × weight: "₹504".
    pub priority: String,
    /// "Made", "Second by priority", or why not.
    pub standing: String,
    /// True for the offer made.
    pub made: bool,
}

/// How customer `i`'s expected revenue was worked out: "7.0 % × ₹12,000 = ₹840".
pub fn expected_revenue_sum(a: &Offered, i: usize) -> Option<String> {
    let k = a.offers[i].offer?;
    let spec = &a.policy.offers[k];
    let take_up = match a.policy.arbitration {
        Arbitration::SegmentRules => spec.conversion,
        Arbitration::PropensityRanked => {
            crate::core::offers::take_up(spec, i, Some(&a.segmented.fitted.propensity))
        }
    };
    Some(format!(
        "{} × {} = {}",
        format::percent(take_up, 1),
        format::inr(spec.revenue),
        format::inr(a.offers[i].expected_revenue)
    ))
}

/// Every offer for customer `i`, compared.
pub fn compare_offers(a: &Offered, i: usize) -> Vec<OfferRow> {
    let policy = &a.policy;
    let decider = Decider::new(policy, Some(&a.segmented.fitted.propensity));
    let view = a.segmented.view();
    let subject = view.subject(i);
    let made_rule = a.offers[i].rule.map(|r| policy.rules[r].name.as_str());
    let mut open = 0;
    decider
        .explain(i, &subject)
        .into_iter()
        .map(|c| {
            let open_here = matches!(c.standing, Standing::Made | Standing::Passed);
            if open_here {
                open += 1;
            }
            let rank = (open_here && open <= 3).then_some(open);
            let standing = match &c.standing {
                Standing::Made => "Made".to_string(),
                Standing::Passed => match (policy.arbitration, made_rule) {
                    (Arbitration::SegmentRules, Some(r)) => {
                        format!("Open; the rule “{r}” came first")
                    }
                    (Arbitration::SegmentRules, None) => "Open".to_string(),
                    (Arbitration::PropensityRanked, _) => "Open; lower priority".to_string(),
                },
                Standing::Off => "Switched off".to_string(),
                Standing::NoRule => format!("No rule offers it to {}", subject.segment.name),
                Standing::NotEligible(c) => format!("Not eligible: “{c}” does not hold"),
                Standing::Blocked(s, held) => {
                    let r = &policy.suitability[*s];
                    format!("Stopped by {}: {held}; {}", r.name, r.blocks.text())
                }
            };
            OfferRow {
                offer: policy.offers[c.offer].name.clone(),
                rank,
                take_up: format::percent(c.take_up, 1),
                value: format::inr(c.value),
                priority: format::inr(c.priority),
                standing,
                made: c.standing == Standing::Made,
            }
        })
        .collect()
}
