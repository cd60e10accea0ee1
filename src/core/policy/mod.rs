//! The decision policy: the offer catalogue, the rules that choose a customer's offer and the
//! suitability rules that stop an unsuitable one. It is data — a JSON file with a version that
//! the page and the CLI read and write — and [`Policy::default`] is the original's behaviour
//! (its six offers, rules and economics, with the guardrail on).

mod condition;
mod validate;

pub use condition::{Condition, Field, FieldKind, Op, Subject, Value, all_hold};
pub use validate::PolicyError;

use serde::{Deserialize, Serialize};

/// The policy file format this build writes and reads.
pub const POLICY_VERSION: u32 = 1;

/// The product an offer sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// A credit card (or a better one).
    Card,
    /// A loan (or more credit on one).
    Loan,
    /// Mutual funds, PMS and similar.
    Investment,
    /// Savings and fixed deposits.
    Deposit,
    /// Insurance.
    Insurance,
}

impl Product {
    /// Every product.
    pub const ALL: [Product; 5] = [
        Product::Card,
        Product::Loan,
        Product::Investment,
        Product::Deposit,
        Product::Insurance,
    ];

    /// The product's name in a policy file.
    pub fn name(self) -> &'static str {
        match self {
            Product::Card => "card",
            Product::Loan => "loan",
            Product::Investment => "investment",
            Product::Deposit => "deposit",
            Product::Insurance => "insurance",
        }
    }
}

/// One offer of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferSpec {
    /// A short identifier rules refer to (letters, digits, `_` and `-`).
    pub id: String,
    /// The name shown on the page and written in `customers.csv`.
    pub name: String,
    /// The product it sells.
    pub product: Product,
    /// True when it extends new credit (what the guardrail stops).
    pub new_credit: bool,
    /// Share of contacted customers expected to take it up, 0–1.
    pub conversion: f64,
    /// Revenue per conversion, INR.
    pub revenue: f64,
    /// Cost of one contact, INR.
    pub cost_per_contact: f64,
    /// Switched off offers are never made.
    pub enabled: bool,
    /// The business weight "Propensity ranked" arbitration multiplies the offer's priority by
    /// (1: neutral; 0–100).
    #[serde(default = "neutral_weight")]
    pub weight: f64,
    /// Conditions a customer must meet to get this offer at all (empty: everyone).
    #[serde(default)]
    pub eligibility: Vec<Condition>,
}

fn neutral_weight() -> f64 {
    1.0
}

impl OfferSpec {
    /// conversion × revenue per conversion, INR.
    pub fn expected_revenue(&self) -> f64 {
        self.conversion * self.revenue
    }
}

/// A rule that chooses an offer: for the customers it applies to, when its conditions hold,
/// make its offer. Rules are tried in order; the first that can make its offer wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferRule {
    /// The rule's name, shown where the page says which rule sent a customer to an offer.
    pub name: String,
    /// Which customers it applies to, usually by segment or persona (empty: everyone).
    #[serde(default)]
    pub applies_to: Vec<Condition>,
    /// When it fires (empty: always); the conditions' labels make the customer's reason.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// The id of the offer it makes.
    pub offer: String,
    /// The id of the offer made instead when a suitability rule stops this one (none: no offer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_offer: Option<String>,
}

/// What a suitability rule stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocks {
    /// Every offer that extends new credit.
    NewCredit,
}

impl Blocks {
    /// In words, as the end of a reason.
    pub fn text(self) -> &'static str {
        match self {
            Blocks::NewCredit => "no new credit",
        }
    }
}

/// How a rule's conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// Every condition must hold.
    #[default]
    All,
    /// At least one must hold.
    Any,
}

/// A suitability rule: when its conditions hold, the offers it blocks are not made to the
/// customer, who gets the rule's safe offer instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuitabilityRule {
    /// The rule's name ("guardrail"), shown in reasons.
    pub name: String,
    /// Switched off rules stop nothing.
    pub enabled: bool,
    /// Whether all or any of the conditions must hold.
    #[serde(default, rename = "match")]
    pub combine: Match,
    /// The conditions (the labels of those that hold make the reason).
    pub when: Vec<Condition>,
    /// What it stops.
    pub blocks: Blocks,
}

impl SuitabilityRule {
    /// The conditions that hold for the customer when the rule fires, `None` when it does not.
    pub fn fires<'a>(&'a self, s: &Subject) -> Option<Vec<&'a Condition>> {
        if !self.enabled {
            return None;
        }
        let held: Vec<&Condition> = self.when.iter().filter(|c| c.holds(s)).collect();
        let fired = match self.combine {
            Match::All => held.len() == self.when.len(),
            Match::Any => !held.is_empty(),
        };
        fired.then_some(held)
    }

    /// True when the rule is on and fires for the customer ([`SuitabilityRule::fires`] without
    /// collecting the conditions).
    pub fn holds_for(&self, s: &Subject) -> bool {
        self.enabled
            && match self.combine {
                Match::All => self.when.iter().all(|c| c.holds(s)),
                Match::Any => self.when.iter().any(|c| c.holds(s)),
            }
    }

    /// True when the rule stops `offer`.
    pub fn blocks(&self, offer: &OfferSpec) -> bool {
        match self.blocks {
            Blocks::NewCredit => offer.new_credit,
        }
    }
}

/// How each customer's offer is chosen among the offers open to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arbitration {
    /// The original's: the first rule (in order) that applies and whose offer is open.
    #[default]
    SegmentRules,
    /// Every offer some rule makes (or keeps as its safe offer) for the customer, open to them
    /// and not blocked by a suitability rule, ranked by take-up × revenue × weight; the highest
    /// wins.
    PropensityRanked,
}

impl Arbitration {
    /// Both modes.
    pub const ALL: [Arbitration; 2] = [Arbitration::SegmentRules, Arbitration::PropensityRanked];

    /// The mode's name in a policy file and a URL.
    pub fn id(self) -> &'static str {
        match self {
            Arbitration::SegmentRules => "segment_rules",
            Arbitration::PropensityRanked => "propensity_ranked",
        }
    }

    /// The mode's name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Arbitration::SegmentRules => "Segment rules",
            Arbitration::PropensityRanked => "Propensity ranked",
        }
    }

    /// The mode with id `id`.
    pub fn from_id(id: &str) -> Option<Arbitration> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// The whole decision policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The file format's version ([`POLICY_VERSION`]).
    pub version: u32,
    /// How the offer is chosen among those open to a customer.
    #[serde(default)]
    pub arbitration: Arbitration,
    /// The offer catalogue.
    pub offers: Vec<OfferSpec>,
    /// The rules that choose each customer's offer, tried in order.
    pub rules: Vec<OfferRule>,
    /// The suitability rules, tried in order; the first that fires and blocks the offer moves it.
    pub suitability: Vec<SuitabilityRule>,
    /// The campaign levers: budget, capacity per offer, holdout.
    #[serde(default)]
    pub plan: crate::core::plan::PlanSettings,
}

/// The name of the default policy's suitability rule for risky customers.
pub const GUARDRAIL: &str = "guardrail";

fn cond(field: Field, op: Op, value: Value, label: Option<&str>) -> Condition {
    Condition {
        field,
        op,
        value,
        label: label.map(str::to_string),
    }
}

fn personas(names: &[crate::core::personas::Archetype]) -> Vec<Condition> {
    let list = names
        .iter()
        .map(|a| Value::Text(a.name().to_string()))
        .collect();
    vec![cond(Field::Persona, Op::In, Value::List(list), None)]
}

impl Default for Policy {
    /// The original's behaviour: six offers with its conversion rates and revenues, its rules
    /// per persona family, and the guardrail on. Contact costs are our own assumption (the
    /// original has none); they change no figure of the default analysis. The EMI-burden rule is
    /// there to be switched on.
    fn default() -> Self {
        use crate::core::personas::Archetype as A;
        let offer =
            |id: &str, name: &str, product, new_credit, conversion, revenue, cost| OfferSpec {
                id: id.into(),
                name: name.into(),
                product,
                new_credit,
                conversion,
                revenue,
                cost_per_contact: cost,
                enabled: true,
                weight: 1.0,
                eligibility: vec![],
            };
        let lacks = |field, label| vec![cond(field, Op::Eq, Value::Flag(false), Some(label))];
        let rule =
            |name: &str, applies_to: Vec<Condition>, when, offer: &str, safe: &str| OfferRule {
                name: name.into(),
                applies_to,
                when,
                offer: offer.into(),
                safe_offer: Some(safe.into()),
            };
        let affluent = || personas(&[A::Affluent, A::MatureSavers]);
        let credit = || personas(&[A::CreditActive, A::LifestyleSpenders]);
        Self {
            version: POLICY_VERSION,
            arbitration: Arbitration::SegmentRules,
            offers: vec![
                offer(
                    "wealth",
                    "Wealth Products (MF, PMS, Insurance)",
                    Product::Investment,
                    false,
                    0.08,
                    15_000.0,
                    150.0,
                ),
                offer(
                    "premium_card",
                    "Premium Credit Card / Portfolio Upgrade",
                    Product::Card,
                    true,
                    0.06,
                    8_000.0,
                    60.0,
                ),
                offer(
                    "credit_card",
                    "Credit Card",
                    Product::Card,
                    true,
                    0.10,
                    5_000.0,
                    40.0,
                ),
                offer(
                    "personal_loan",
                    "Personal / Auto Loan",
                    Product::Loan,
                    true,
                    0.07,
                    12_000.0,
                    80.0,
                ),
                offer(
                    "limit_enhancement",
                    "Limit Enhancement / Cross Loan",
                    Product::Loan,
                    true,
                    0.05,
                    6_000.0,
                    30.0,
                ),
                offer(
                    "savings",
                    "Savings + FD + Micro Insurance",
                    Product::Deposit,
                    false,
                    0.04,
                    3_000.0,
                    20.0,
                ),
            ],
            rules: vec![
                rule(
                    "Affluent without investments",
                    affluent(),
                    lacks(Field::HasInvestments, "no investments"),
                    "wealth",
                    "wealth",
                ),
                rule(
                    "Affluent, invested",
                    affluent(),
                    vec![],
                    "premium_card",
                    "wealth",
                ),
                rule(
                    "Credit active without a card",
                    credit(),
                    lacks(Field::HasCreditCard, "no credit card"),
                    "credit_card",
                    "savings",
                ),
                rule(
                    "Credit active without a loan",
                    credit(),
                    lacks(Field::HasLoan, "no loan"),
                    "personal_loan",
                    "savings",
                ),
                rule(
                    "Credit active with card and loan",
                    credit(),
                    vec![],
                    "limit_enhancement",
                    "savings",
                ),
                rule("Everyone else", vec![], vec![], "savings", "savings"),
            ],
            suitability: vec![
                SuitabilityRule {
                    name: GUARDRAIL.into(),
                    enabled: true,
                    combine: Match::Any,
                    when: vec![
                        cond(
                            Field::CardDelinquency12m,
                            Op::Gt,
                            Value::Number(0.0),
                            Some("card delinquency in the last 12 months"),
                        ),
                        cond(
                            Field::LoanOverdue,
                            Op::Gt,
                            Value::Number(0.0),
                            Some("an overdue loan"),
                        ),
                    ],
                    blocks: Blocks::NewCredit,
                },
                SuitabilityRule {
                    name: "EMI burden".into(),
                    enabled: false,
                    combine: Match::All,
                    when: vec![cond(
                        Field::EmiToIncome,
                        Op::Gt,
                        Value::Number(0.5),
                        Some("EMI above 50 % of income"),
                    )],
                    blocks: Blocks::NewCredit,
                },
            ],
            plan: Default::default(),
        }
    }
}

impl Policy {
    /// Reads and checks a policy file. Every problem names the field (`offers[2].conversion`)
    /// and what is wrong.
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        validate::parse(text)
    }

    /// The policy as a pretty-printed JSON file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Checks a policy built or edited in memory (the same checks as [`Policy::from_json`]).
    pub fn check(&self) -> Result<(), PolicyError> {
        validate::check(self)
    }

    /// The index of the offer with id `id`.
    pub fn offer_index(&self, id: &str) -> Option<usize> {
        self.offers.iter().position(|o| o.id == id)
    }

    /// The suitability rule named `name`.
    pub fn suitability_rule(&self, name: &str) -> Option<&SuitabilityRule> {
        self.suitability.iter().find(|r| r.name == name)
    }

    /// True when the guardrail rule exists and is on.
    pub fn guardrail(&self) -> bool {
        self.suitability_rule(GUARDRAIL).is_some_and(|r| r.enabled)
    }

    /// Switches the guardrail rule on or off (no change when the policy has none).
    pub fn set_guardrail(&mut self, on: bool) {
        if let Some(r) = self.suitability.iter_mut().find(|r| r.name == GUARDRAIL) {
            r.enabled = on;
        }
    }

    /// The policy with the guardrail on or off.
    pub fn with_guardrail(mut self, on: bool) -> Policy {
        self.set_guardrail(on);
        self
    }
}
