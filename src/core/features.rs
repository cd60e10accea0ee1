//! Engineered features, exactly as docs/product.md (Features) defines them, and the model matrix.

use ndarray::Array2;
use serde::Serialize;

use super::c360::Customer360;

/// Wealth tier from total investments: Low (≤ 50,000), Medium (≤ 200,000), High.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WealthTier {
    Low,
    Medium,
    High,
}

impl WealthTier {
    /// The tier of a total investment amount.
    pub fn of(total_investments: f64) -> Self {
        if total_investments <= 50_000.0 {
            WealthTier::Low
        } else if total_investments <= 200_000.0 {
            WealthTier::Medium
        } else {
            WealthTier::High
        }
    }

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            WealthTier::Low => "Low",
            WealthTier::Medium => "Medium",
            WealthTier::High => "High",
        }
    }
}

/// The engineered features of one customer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Features {
    /// total_spend_6m / (income + 1)
    pub spend_to_income: f64,
    /// monthly_emi / (income / 12 + 1)
    pub emi_to_income: f64,
    /// 1 if utilization_ratio > 0.7
    pub high_credit_util: f64,
    /// 0.6 · digital_txn_ratio + 0.4 · (monthly_deposits / 15)
    pub digital_engagement_score: f64,
    /// monthly_deposits + monthly_withdrawals
    pub txn_activity_score: f64,
    /// mf_investment + fd_amount
    pub total_investments: f64,
    pub wealth_tier: WealthTier,
    /// delinquency_12m or overdue_flag
    pub risk_flag: bool,
    /// 2·high_credit_util + 3·delinquency_12m + 3·overdue_flag
    pub risk_score: f64,
    /// has_credit_card + has_loan + has_investments
    pub product_count: f64,
}

/// Engineers the features of one Customer 360 row.
pub fn engineer(c: &Customer360) -> Features {
    let high_credit_util = if c.utilization_ratio > 0.7 { 1.0 } else { 0.0 };
    let total_investments = c.mf_investment + c.fd_amount;
    Features {
        spend_to_income: c.total_spend_6m / (c.income + 1.0),
        emi_to_income: c.monthly_emi / (c.income / 12.0 + 1.0),
        high_credit_util,
        digital_engagement_score: 0.6 * c.digital_txn_ratio + 0.4 * (c.monthly_deposits / 15.0),
        txn_activity_score: c.monthly_deposits + c.monthly_withdrawals,
        total_investments,
        wealth_tier: WealthTier::of(total_investments),
        risk_flag: c.delinquency_12m > 0.0 || c.overdue_flag > 0.0,
        risk_score: 2.0 * high_credit_util + 3.0 * c.delinquency_12m + 3.0 * c.overdue_flag,
        product_count: f64::from(u8::from(c.has_credit_card))
            + f64::from(u8::from(c.has_loan))
            + f64::from(u8::from(c.has_investments)),
    }
}

/// Engineers the features of every row.
#[inline(never)]
pub fn engineer_all(rows: &[Customer360]) -> Vec<Features> {
    rows.iter().map(engineer).collect()
}

/// The model inputs, in this order (docs/product.md, Features).
pub const MODEL_FEATURES: [&str; 12] = [
    "age",
    "income",
    "tenure_years",
    "avg_balance",
    "digital_engagement_score",
    "spend_to_income",
    "emi_to_income",
    "utilization_ratio",
    "txn_activity_score",
    "total_investments",
    "risk_score",
    "product_count",
];

/// The model input values of one customer, in [`MODEL_FEATURES`] order.
pub fn model_inputs(c: &Customer360, f: &Features) -> [f64; 12] {
    [
        c.age,
        c.income,
        c.tenure_years,
        c.avg_balance,
        f.digital_engagement_score,
        f.spend_to_income,
        f.emi_to_income,
        c.utilization_ratio,
        f.txn_activity_score,
        f.total_investments,
        f.risk_score,
        f.product_count,
    ]
}

/// The unscaled model matrix. Shape `(n_customers, 12)`.
#[inline(never)]
pub fn model_matrix(rows: &[Customer360], features: &[Features]) -> Array2<f64> {
    let n = rows.len();
    let mut x = Array2::<f64>::zeros((n, MODEL_FEATURES.len()));
    for (i, (c, f)) in rows.iter().zip(features).enumerate() {
        for (j, v) in model_inputs(c, f).into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    x
}
