//! Conditions on named customer fields: `field op value`, evaluated on one customer.

use serde::{Deserialize, Serialize};

use crate::core::c360::Customer360;
use crate::core::features::Features;
use crate::core::personas::Segment;

/// What kind of value a field holds (which operators and values it accepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A number (INR, years, ratios, scores, counts).
    Number,
    /// Yes or no.
    Flag,
    /// A name: the segment, its persona, the wealth tier.
    Text,
}

/// A customer field a rule can test, named as in `customers.csv` where it appears there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Age, years.
    Age,
    /// Annual income, INR.
    Income,
    /// Years with the bank.
    TenureYears,
    /// Average balance, INR.
    AvgBalance,
    /// Holds a credit card.
    HasCreditCard,
    /// Holds a loan.
    HasLoan,
    /// Holds investments (mutual funds or fixed deposits).
    HasInvestments,
    /// Card utilisation, 0–1.
    UtilizationRatio,
    /// Card spend / income.
    SpendToIncome,
    /// EMI / income (monthly EMI × 12 over annual income).
    EmiToIncome,
    /// 1 when card utilisation is above 0.8.
    HighCreditUtil,
    /// Digital engagement score.
    DigitalEngagementScore,
    /// Transaction activity score.
    TxnActivityScore,
    /// Mutual funds + fixed deposits, INR.
    TotalInvestments,
    /// Card delinquencies in the last 12 months.
    #[serde(rename = "card_delinquency_12m")]
    CardDelinquency12m,
    /// 1 when a loan is overdue.
    LoanOverdue,
    /// A card delinquency or an overdue loan.
    RiskFlag,
    /// Risk score.
    RiskScore,
    /// Products held, 0–3.
    ProductCount,
    /// "Low", "Medium" or "High".
    WealthTier,
    /// The segment's name (as shown on the page).
    Segment,
    /// The segment's persona (one of the eight archetype names).
    Persona,
}

impl Field {
    /// Every field, in the order the rule editor lists them.
    pub const ALL: [Field; 22] = [
        Field::Age,
        Field::Income,
        Field::TenureYears,
        Field::AvgBalance,
        Field::HasCreditCard,
        Field::HasLoan,
        Field::HasInvestments,
        Field::UtilizationRatio,
        Field::SpendToIncome,
        Field::EmiToIncome,
        Field::HighCreditUtil,
        Field::DigitalEngagementScore,
        Field::TxnActivityScore,
        Field::TotalInvestments,
        Field::CardDelinquency12m,
        Field::LoanOverdue,
        Field::RiskFlag,
        Field::RiskScore,
        Field::ProductCount,
        Field::WealthTier,
        Field::Segment,
        Field::Persona,
    ];

    /// The field's name in a policy file.
    pub fn name(self) -> &'static str {
        match self {
            Field::Age => "age",
            Field::Income => "income",
            Field::TenureYears => "tenure_years",
            Field::AvgBalance => "avg_balance",
            Field::HasCreditCard => "has_credit_card",
            Field::HasLoan => "has_loan",
            Field::HasInvestments => "has_investments",
            Field::UtilizationRatio => "utilization_ratio",
            Field::SpendToIncome => "spend_to_income",
            Field::EmiToIncome => "emi_to_income",
            Field::HighCreditUtil => "high_credit_util",
            Field::DigitalEngagementScore => "digital_engagement_score",
            Field::TxnActivityScore => "txn_activity_score",
            Field::TotalInvestments => "total_investments",
            Field::CardDelinquency12m => "card_delinquency_12m",
            Field::LoanOverdue => "loan_overdue",
            Field::RiskFlag => "risk_flag",
            Field::RiskScore => "risk_score",
            Field::ProductCount => "product_count",
            Field::WealthTier => "wealth_tier",
            Field::Segment => "segment",
            Field::Persona => "persona",
        }
    }

    /// The field named `name` in a policy file.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What kind of value it holds.
    pub fn kind(self) -> FieldKind {
        match self {
            Field::HasCreditCard | Field::HasLoan | Field::HasInvestments | Field::RiskFlag => {
                FieldKind::Flag
            }
            Field::WealthTier | Field::Segment | Field::Persona => FieldKind::Text,
            _ => FieldKind::Number,
        }
    }

    /// The values a text field may take, when they are fixed (the segment names are not).
    pub fn allowed_texts(self) -> Option<Vec<&'static str>> {
        match self {
            Field::WealthTier => Some(vec!["Low", "Medium", "High"]),
            Field::Persona => Some(
                crate::core::personas::Archetype::ALL
                    .iter()
                    .map(|a| a.name())
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Equal.
    #[serde(rename = "=")]
    Eq,
    /// Not equal.
    #[serde(rename = "!=")]
    Ne,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// At most.
    #[serde(rename = "<=")]
    Le,
    /// More than.
    #[serde(rename = ">")]
    Gt,
    /// At least.
    #[serde(rename = ">=")]
    Ge,
    /// One of a list.
    #[serde(rename = "in")]
    In,
    /// None of a list.
    #[serde(rename = "not in")]
    NotIn,
}

impl Op {
    /// Every operator, in the order the rule editor lists them.
    pub const ALL: [Op; 8] = [
        Op::Eq,
        Op::Ne,
        Op::Lt,
        Op::Le,
        Op::Gt,
        Op::Ge,
        Op::In,
        Op::NotIn,
    ];

    /// As written in a policy file.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
            Op::NotIn => "not in",
        }
    }

    /// As shown in words on the page.
    pub fn display(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::In => "is one of",
            Op::NotIn => "is none of",
        }
    }

    /// The operators a kind of field accepts.
    pub fn accepts(self, kind: FieldKind) -> bool {
        match kind {
            FieldKind::Number => true,
            FieldKind::Flag => matches!(self, Op::Eq | Op::Ne),
            FieldKind::Text => matches!(self, Op::Eq | Op::Ne | Op::In | Op::NotIn),
        }
    }
}

/// A value in a condition: a number, yes/no, a name, or a list of them (for `in`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// Yes or no.
    Flag(bool),
    /// A number.
    Number(f64),
    /// A name.
    Text(String),
    /// A list (for `in` and `not in`).
    List(Vec<Value>),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Flag(true) => f.write_str("yes"),
            Value::Flag(false) => f.write_str("no"),
            Value::Number(x) => write!(f, "{x}"),
            Value::Text(s) => write!(f, "\"{s}\""),
            Value::List(items) => {
                let parts: Vec<String> = items.iter().map(|v| v.to_string()).collect();
                write!(f, "[{}]", parts.join(", "))
            }
        }
    }
}

/// One condition: `field op value`, with an optional label used in reasons ("no investments").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The customer field tested.
    pub field: Field,
    /// The comparison.
    pub op: Op,
    /// The value compared with.
    pub value: Value,
    /// Words for the condition in a customer's reason; without one, the condition is written out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// One customer, as the conditions see it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The Customer 360 row.
    pub row: &'a Customer360,
    /// Its features.
    pub features: &'a Features,
    /// Its segment.
    pub segment: &'a Segment,
}

/// A field's value for one customer.
enum Actual<'a> {
    Number(f64),
    Flag(bool),
    Text(&'a str),
}

impl<'a> Subject<'a> {
    fn get(&self, field: Field) -> Actual<'a> {
        let (c, f) = (self.row, self.features);
        let n = Actual::Number;
        match field {
            Field::Age => n(c.age),
            Field::Income => n(c.income),
            Field::TenureYears => n(c.tenure_years),
            Field::AvgBalance => n(c.avg_balance),
            Field::HasCreditCard => Actual::Flag(c.has_credit_card),
            Field::HasLoan => Actual::Flag(c.has_loan),
            Field::HasInvestments => Actual::Flag(c.has_investments),
            Field::UtilizationRatio => n(c.utilization_ratio),
            Field::SpendToIncome => n(f.spend_to_income),
            Field::EmiToIncome => n(f.emi_to_income),
            Field::HighCreditUtil => n(f.high_credit_util),
            Field::DigitalEngagementScore => n(f.digital_engagement_score),
            Field::TxnActivityScore => n(f.txn_activity_score),
            Field::TotalInvestments => n(f.total_investments),
            Field::CardDelinquency12m => n(c.delinquency_12m),
            Field::LoanOverdue => n(c.overdue_flag),
            Field::RiskFlag => Actual::Flag(f.risk_flag),
            Field::RiskScore => n(f.risk_score),
            Field::ProductCount => n(f.product_count),
            Field::WealthTier => Actual::Text(f.wealth_tier.label()),
            Field::Segment => Actual::Text(&self.segment.name),
            Field::Persona => Actual::Text(self.segment.archetype.name()),
        }
    }
}

fn equal(actual: &Actual, value: &Value) -> bool {
    match (actual, value) {
        (Actual::Number(a), Value::Number(b)) => a == b,
        (Actual::Flag(a), Value::Flag(b)) => a == b,
        (Actual::Text(a), Value::Text(b)) => *a == b,
        _ => false,
    }
}

impl Condition {
    /// True when the condition holds for the customer. A value of the wrong kind never holds
    /// (validation refuses such a policy before it is used).
    pub fn holds(&self, s: &Subject) -> bool {
        let actual = s.get(self.field);
        let num = |cmp: fn(f64, f64) -> bool| match (&actual, &self.value) {
            (Actual::Number(a), Value::Number(b)) => cmp(*a, *b),
            _ => false,
        };
        match self.op {
            Op::Eq => equal(&actual, &self.value),
            Op::Ne => !equal(&actual, &self.value),
            Op::Lt => num(|a, b| a < b),
            Op::Le => num(|a, b| a <= b),
            Op::Gt => num(|a, b| a > b),
            Op::Ge => num(|a, b| a >= b),
            Op::In | Op::NotIn => {
                let found = match &self.value {
                    Value::List(items) => items.iter().any(|v| equal(&actual, v)),
                    _ => false,
                };
                found == (self.op == Op::In)
            }
        }
    }

    /// The condition in words: its label, or `field op value` written out.
    pub fn text(&self) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None => format!("{} {} {}", self.field.name(), self.op.display(), self.value),
        }
    }
}

/// True when every condition holds (an empty list always holds).
pub fn all_hold(conditions: &[Condition], s: &Subject) -> bool {
    conditions.iter().all(|c| c.holds(s))
}
