//! Engineered features, exactly as docs/product.md (Features) defines them, and the model matrix.

use ndarray::Array2;
use serde::Serialize;

use super::c360::Customer360;

/// Wealth tier from total investments: Low (≤ 50,000), Medium (≤ 200,000), High.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WealthTier {
    /// Total investments up to 50,000 INR.
    Low,
    /// Total investments above 50,000 and up to 200,000 INR.
    Medium,
    /// Total investments above 200,000 INR.
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
    /// Low, Medium or High by total_investments.
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

/// One model input. The variants are in the model's order (docs/product.md, Features): a
/// feature's position in [`Feature::ALL`], in the columns of the model matrix and in every
/// centroid is [`Feature::index`]. Everything else said of a feature — its column name, its unit,
/// its value for a customer, what its high and low values say of a segment — is said here, once.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum Feature {
    /// Age in years.
    Age,
    /// Annual income, ₹.
    Income,
    /// Years with the bank.
    TenureYears,
    /// Average account balance, ₹.
    AvgBalance,
    /// 0.6 · digital_txn_ratio + 0.4 · (monthly_deposits / 15).
    DigitalEngagementScore,
    /// total_spend_6m / (income + 1).
    SpendToIncome,
    /// monthly_emi / (income / 12 + 1).
    EmiToIncome,
    /// Credit card utilisation, 0–1.
    UtilizationRatio,
    /// monthly_deposits + monthly_withdrawals: transactions a month.
    TxnActivityScore,
    /// mf_investment + fd_amount, ₹.
    TotalInvestments,
    /// 2 · high_credit_util + 3 · delinquency_12m + 3 · overdue_flag.
    RiskScore,
    /// has_credit_card + has_loan + has_investments.
    ProductCount,
}

/// The unit a feature's values are in, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    /// Indian rupees.
    Rupees,
    /// Years.
    Years,
    /// A ratio of two amounts (or a share, 0–1).
    Ratio,
    /// A score made of weighted parts (no unit of its own).
    Score,
    /// A count.
    Count,
}

impl Unit {
    /// The unit as written next to a value: "₹", "years", "ratio", "score", "count".
    pub const fn label(self) -> &'static str {
        match self {
            Unit::Rupees => "₹",
            Unit::Years => "years",
            Unit::Ratio => "ratio",
            Unit::Score => "score",
            Unit::Count => "count",
        }
    }
}

impl Feature {
    /// Every model input, in the model's order (`Feature::ALL[f.index()] == f`).
    pub const ALL: [Feature; 12] = [
        Feature::Age,
        Feature::Income,
        Feature::TenureYears,
        Feature::AvgBalance,
        Feature::DigitalEngagementScore,
        Feature::SpendToIncome,
        Feature::EmiToIncome,
        Feature::UtilizationRatio,
        Feature::TxnActivityScore,
        Feature::TotalInvestments,
        Feature::RiskScore,
        Feature::ProductCount,
    ];

    /// The feature's position in the model: its column in the model matrix and in centroids.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The column name, as in the customers CSV and the summary's centroids ("income").
    pub const fn name(self) -> &'static str {
        match self {
            Feature::Age => "age",
            Feature::Income => "income",
            Feature::TenureYears => "tenure_years",
            Feature::AvgBalance => "avg_balance",
            Feature::DigitalEngagementScore => "digital_engagement_score",
            Feature::SpendToIncome => "spend_to_income",
            Feature::EmiToIncome => "emi_to_income",
            Feature::UtilizationRatio => "utilization_ratio",
            Feature::TxnActivityScore => "txn_activity_score",
            Feature::TotalInvestments => "total_investments",
            Feature::RiskScore => "risk_score",
            Feature::ProductCount => "product_count",
        }
    }

    /// The feature whose [`Feature::name`] is `name`.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// A short readable name, as the page writes it next to a value ("digital use", "EMI
    /// burden").
    pub const fn label(self) -> &'static str {
        match self {
            Feature::Age => "age",
            Feature::Income => "income",
            Feature::TenureYears => "tenure",
            Feature::AvgBalance => "balance",
            Feature::DigitalEngagementScore => "digital use",
            Feature::SpendToIncome => "spend / income",
            Feature::EmiToIncome => "EMI burden",
            Feature::UtilizationRatio => "card utilization",
            Feature::TxnActivityScore => "transactions",
            Feature::TotalInvestments => "investments",
            Feature::RiskScore => "risk score",
            Feature::ProductCount => "products held",
        }
    }

    /// The unit of the feature's values, for display.
    pub const fn unit(self) -> Unit {
        match self {
            Feature::Age | Feature::TenureYears => Unit::Years,
            Feature::Income | Feature::AvgBalance | Feature::TotalInvestments => Unit::Rupees,
            Feature::SpendToIncome | Feature::EmiToIncome | Feature::UtilizationRatio => {
                Unit::Ratio
            }
            Feature::DigitalEngagementScore | Feature::RiskScore => Unit::Score,
            Feature::TxnActivityScore | Feature::ProductCount => Unit::Count,
        }
    }

    /// What a segment's high and low values of the feature say about it, as persona names and
    /// descriptions write it: `(high, low)`, e.g. `("higher income", "lower income")`.
    pub const fn traits(self) -> (&'static str, &'static str) {
        match self {
            Feature::Age => ("older", "younger"),
            Feature::Income => ("higher income", "lower income"),
            Feature::TenureYears => ("longer tenure", "newer to the bank"),
            Feature::AvgBalance => ("higher balances", "lower balances"),
            Feature::DigitalEngagementScore => ("more digital", "less digital"),
            Feature::SpendToIncome => ("bigger spenders", "lighter spenders"),
            Feature::EmiToIncome => ("higher EMI burden", "lower EMI burden"),
            Feature::UtilizationRatio => ("heavier card use", "lighter card use"),
            Feature::TxnActivityScore => ("more transactions", "fewer transactions"),
            Feature::TotalInvestments => ("more invested", "less invested"),
            Feature::RiskScore => ("riskier", "cleaner record"),
            Feature::ProductCount => ("more products", "fewer products"),
        }
    }

    /// The feature's value for one customer (its Customer 360 row and engineered features).
    pub fn value(self, c: &Customer360, f: &Features) -> f64 {
        match self {
            Feature::Age => c.age,
            Feature::Income => c.income,
            Feature::TenureYears => c.tenure_years,
            Feature::AvgBalance => c.avg_balance,
            Feature::DigitalEngagementScore => f.digital_engagement_score,
            Feature::SpendToIncome => f.spend_to_income,
            Feature::EmiToIncome => f.emi_to_income,
            Feature::UtilizationRatio => c.utilization_ratio,
            Feature::TxnActivityScore => f.txn_activity_score,
            Feature::TotalInvestments => f.total_investments,
            Feature::RiskScore => f.risk_score,
            Feature::ProductCount => f.product_count,
        }
    }
}

/// The column names of the model inputs, in the model's order: [`Feature::name`] of each of
/// [`Feature::ALL`].
pub const MODEL_FEATURES: [&str; 12] = {
    let mut names = [""; 12];
    let mut j = 0;
    while j < names.len() {
        names[j] = Feature::ALL[j].name();
        j += 1;
    }
    names
};

/// The model input values of one customer, in [`Feature::ALL`] order.
pub fn model_inputs(c: &Customer360, f: &Features) -> [f64; 12] {
    Feature::ALL.map(|feature| feature.value(c, f))
}

/// The unscaled model matrix. Shape `(n_customers, 12)`.
#[inline(never)]
pub fn model_matrix(rows: &[Customer360], features: &[Features]) -> Array2<f64> {
    let n = rows.len();
    let mut x = Array2::<f64>::zeros((n, Feature::ALL.len()));
    for (i, (c, f)) in rows.iter().zip(features).enumerate() {
        for (j, v) in model_inputs(c, f).into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_is_at_its_index() {
        for (j, f) in Feature::ALL.into_iter().enumerate() {
            assert_eq!(f.index(), j, "{f:?}");
            assert_eq!(MODEL_FEATURES[j], f.name());
        }
    }

    #[test]
    fn a_feature_is_found_by_its_column_name_only() {
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
        assert_eq!(Feature::from_name("Income"), None);
        assert_eq!(
            Feature::from_name("tenure"),
            None,
            "a label is not a column name"
        );
    }

    #[test]
    fn the_model_order_is_the_documented_one() {
        // docs/product.md, Features: "The model inputs, in this order: age, income, …;".
        let doc = include_str!("../../docs/product.md");
        let words: Vec<&str> = doc.split_whitespace().collect();
        let text = words.join(" ");
        let listed = text
            .split_once("The model inputs, in this order: ")
            .and_then(|(_, rest)| rest.split_once(';'))
            .expect("docs/product.md lists the model inputs")
            .0;
        assert_eq!(listed, MODEL_FEATURES.join(", "));
    }
}
