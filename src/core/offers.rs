//! Cross-sell offers (docs/product.md, Offers): a rule per segment family picks each customer's offer; the
//! suitability guardrail keeps new credit away from customers with a risk flag; the economics
//! turn an offer into expected revenue (conversion × average revenue).

use serde::{Deserialize, Serialize};

use super::c360::Customer360;
use super::features::Features;
use super::personas::{OfferFamily, Segment};

/// The offers the bank can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum OfferKind {
    /// "Wealth Products (MF, PMS, Insurance)": by default for Affluent customers without
    /// investments; the Affluent family's safe alternative.
    WealthProducts,
    /// "Premium Credit Card / Portfolio Upgrade" (new credit): by default for Affluent customers
    /// who already invest.
    PremiumCard,
    /// "Credit Card" (new credit): by default for Credit Active customers without a card.
    CreditCard,
    /// "Personal / Auto Loan" (new credit): by default for Credit Active customers without a loan.
    PersonalAutoLoan,
    /// "Limit Enhancement / Cross Loan" (new credit): by default for Credit Active customers
    /// who hold both a card and a loan.
    LimitEnhancement,
    /// "Savings + FD + Micro Insurance": by default for Mass Retail customers; the safe
    /// alternative of the Credit Active and Mass Retail families.
    SavingsFdInsurance,
}

impl OfferKind {
    /// Every offer, in a fixed order (index into [`Economics::table`]).
    pub const ALL: [OfferKind; 6] = [
        OfferKind::WealthProducts,
        OfferKind::PremiumCard,
        OfferKind::CreditCard,
        OfferKind::PersonalAutoLoan,
        OfferKind::LimitEnhancement,
        OfferKind::SavingsFdInsurance,
    ];

    /// The offer's label.
    pub fn label(self) -> &'static str {
        match self {
            OfferKind::WealthProducts => "Wealth Products (MF, PMS, Insurance)",
            OfferKind::PremiumCard => "Premium Credit Card / Portfolio Upgrade",
            OfferKind::CreditCard => "Credit Card",
            OfferKind::PersonalAutoLoan => "Personal / Auto Loan",
            OfferKind::LimitEnhancement => "Limit Enhancement / Cross Loan",
            OfferKind::SavingsFdInsurance => "Savings + FD + Micro Insurance",
        }
    }

    /// True for offers that extend new credit (blocked by the guardrail for risky customers).
    pub fn is_new_credit(self) -> bool {
        matches!(
            self,
            OfferKind::PremiumCard
                | OfferKind::CreditCard
                | OfferKind::PersonalAutoLoan
                | OfferKind::LimitEnhancement
        )
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|o| *o == self).unwrap_or(0)
    }
}

/// Conversion rate and average revenue (INR) of one offer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OfferEconomics {
    /// 0–1.
    pub conversion: f64,
    /// INR per converted customer.
    pub revenue: f64,
}

/// Economics of every offer, indexed like [`OfferKind::ALL`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Economics {
    /// One entry per offer, in [`OfferKind::ALL`] order.
    pub table: [OfferEconomics; 6],
}

impl Default for Economics {
    /// The original's: Wealth 8 %/15,000; Premium 6 %/8,000; Card 10 %/5,000; Loan 7 %/12,000;
    /// Limit 5 %/6,000; Savings 4 %/3,000.
    fn default() -> Self {
        let e = |conversion, revenue| OfferEconomics {
            conversion,
            revenue,
        };
        Self {
            table: [
                e(0.08, 15_000.0),
                e(0.06, 8_000.0),
                e(0.10, 5_000.0),
                e(0.07, 12_000.0),
                e(0.05, 6_000.0),
                e(0.04, 3_000.0),
            ],
        }
    }
}

impl Economics {
    /// The economics of one offer.
    pub fn of(&self, offer: OfferKind) -> OfferEconomics {
        self.table[offer.index()]
    }

    /// conversion × revenue.
    pub fn expected_revenue(&self, offer: OfferKind) -> f64 {
        let e = self.of(offer);
        e.conversion * e.revenue
    }
}

/// When a rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The customer holds no investments (no MF and no FD).
    NoInvestments,
    /// The customer holds no credit card.
    NoCreditCard,
    /// The customer holds no loan.
    NoLoan,
    /// Fires for every customer (a family's default offer).
    Always,
}

impl Condition {
    fn holds(self, c: &Customer360) -> bool {
        match self {
            Condition::NoInvestments => !c.has_investments,
            Condition::NoCreditCard => !c.has_credit_card,
            Condition::NoLoan => !c.has_loan,
            Condition::Always => true,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Condition::NoInvestments => "no investments",
            Condition::NoCreditCard => "no credit card",
            Condition::NoLoan => "no loan",
            Condition::Always => "",
        }
    }
}

/// One rule: when the condition holds, make the offer. The first rule that fires wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// When the rule fires.
    pub when: Condition,
    /// The offer it makes.
    pub offer: OfferKind,
}

/// The rules of each family, tried in order; the last rule of each should be `Always`
/// (if none fires, the family's safe offer is made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Rules for the Affluent family (archetypes Affluent and Mature Savers).
    pub affluent: Vec<Rule>,
    /// Rules for the Credit Active family (archetypes Credit Active and Lifestyle Spenders).
    pub credit_active: Vec<Rule>,
    /// Rules for the Mass Retail family (every other archetype).
    pub mass_retail: Vec<Rule>,
}

impl Default for Rules {
    /// The original's rules (docs/product.md, Offers).
    fn default() -> Self {
        let r = |when, offer| Rule { when, offer };
        Self {
            affluent: vec![
                r(Condition::NoInvestments, OfferKind::WealthProducts),
                r(Condition::Always, OfferKind::PremiumCard),
            ],
            credit_active: vec![
                r(Condition::NoCreditCard, OfferKind::CreditCard),
                r(Condition::NoLoan, OfferKind::PersonalAutoLoan),
                r(Condition::Always, OfferKind::LimitEnhancement),
            ],
            mass_retail: vec![r(Condition::Always, OfferKind::SavingsFdInsurance)],
        }
    }
}

impl Rules {
    fn for_family(&self, f: OfferFamily) -> &[Rule] {
        match f {
            OfferFamily::Affluent => &self.affluent,
            OfferFamily::CreditActive => &self.credit_active,
            OfferFamily::MassRetail => &self.mass_retail,
        }
    }
}

/// Everything that decides offers. Defaults: the original's rules and economics, guardrail on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferConfig {
    /// The offer rules of each family.
    pub rules: Rules,
    /// Conversion rate and revenue of each offer.
    pub economics: Economics,
    /// When on, a customer with a risk flag gets no new-credit offer but the safe alternative.
    pub guardrail: bool,
}

impl Default for OfferConfig {
    fn default() -> Self {
        Self {
            rules: Rules::default(),
            economics: Economics::default(),
            guardrail: super::defaults::GUARDRAIL,
        }
    }
}

/// One customer's offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    /// The offer made.
    pub kind: OfferKind,
    /// The rule that fired, in words.
    pub reason: String,
    /// Expected revenue of the offer (conversion × average revenue), INR.
    pub expected_revenue: f64,
    /// True when the guardrail replaced a new-credit offer.
    pub guarded: bool,
}

/// The safe alternative to a new-credit offer for a family.
pub fn safe_alternative(family: OfferFamily) -> OfferKind {
    match family {
        OfferFamily::Affluent => OfferKind::WealthProducts,
        OfferFamily::CreditActive | OfferFamily::MassRetail => OfferKind::SavingsFdInsurance,
    }
}

/// The offer for one customer of a segment.
pub fn recommend_one(c: &Customer360, f: &Features, segment: &Segment, cfg: &OfferConfig) -> Offer {
    let family = segment.archetype.family();
    let fired = cfg
        .rules
        .for_family(family)
        .iter()
        .find(|r| r.when.holds(c));
    let (kind, mut reason) = match fired {
        Some(rule) => {
            let why = rule.when.text();
            let reason = if why.is_empty() {
                format!("{}: default offer", segment.name)
            } else {
                format!("{}, {}", segment.name, why)
            };
            (rule.offer, reason)
        }
        None => (
            safe_alternative(family),
            format!("{}: no rule fired, safe offer", segment.name),
        ),
    };
    let mut kind = kind;
    let mut guarded = false;
    if cfg.guardrail && f.risk_flag && kind.is_new_credit() {
        let why = match (c.delinquency_12m > 0.0, c.overdue_flag > 0.0) {
            (true, true) => "card delinquency in the last 12 months and an overdue loan",
            (true, false) => "card delinquency in the last 12 months",
            _ => "an overdue loan",
        };
        let alt = safe_alternative(family);
        reason = format!(
            "{reason} → would be {}, but guardrail: {why}; no new credit",
            kind.label()
        );
        kind = alt;
        guarded = true;
    }
    Offer {
        kind,
        reason,
        expected_revenue: cfg.economics.expected_revenue(kind),
        guarded,
    }
}
