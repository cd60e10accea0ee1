//! The six input tables (docs/product.md, Data), one row struct per table, and the [`Dataset`] that holds them.
//!
//! Column names and order are the data contract: the serde field names below are the CSV headers.

use serde::{Deserialize, Serialize};

/// Customer gender as recorded in the extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

/// Occupation as recorded in the extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Occupation {
    Salaried,
    #[serde(rename = "Self-Employed")]
    SelfEmployed,
    Student,
    Retired,
}

/// Loan product type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LoanType {
    Personal,
    Auto,
    Home,
}

impl Gender {
    /// All values, in a fixed order (used for uniform draws).
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];
    /// The label written in CSV files.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "Male",
            Gender::Female => "Female",
        }
    }
}

impl Occupation {
    /// All values, in a fixed order (used for uniform draws).
    pub const ALL: [Occupation; 4] = [
        Occupation::Salaried,
        Occupation::SelfEmployed,
        Occupation::Student,
        Occupation::Retired,
    ];
    /// The label written in CSV files.
    pub fn label(self) -> &'static str {
        match self {
            Occupation::Salaried => "Salaried",
            Occupation::SelfEmployed => "Self-Employed",
            Occupation::Student => "Student",
            Occupation::Retired => "Retired",
        }
    }
}

impl LoanType {
    /// All values, in a fixed order (used for uniform draws).
    pub const ALL: [LoanType; 3] = [LoanType::Personal, LoanType::Auto, LoanType::Home];
    /// The label written in CSV files.
    pub fn label(self) -> &'static str {
        match self {
            LoanType::Personal => "Personal",
            LoanType::Auto => "Auto",
            LoanType::Home => "Home",
        }
    }
}

/// `customers` table: one row per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub customer_id: String,
    pub age: f64,
    pub gender: Gender,
    /// Annual income, INR.
    pub income: f64,
    pub occupation: Occupation,
    pub city: String,
    pub tenure_years: f64,
}

/// `accounts` table: one row per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub customer_id: String,
    pub avg_balance: f64,
    pub monthly_deposits: f64,
    pub monthly_withdrawals: f64,
    /// Share of transactions made digitally, 0–1.
    pub digital_txn_ratio: f64,
}

/// `credit_cards` table: card holders only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditCard {
    pub customer_id: String,
    pub card_limit: f64,
    /// 0–1.
    pub utilization_ratio: f64,
    /// 0/1.
    pub delinquency_12m: u8,
}

/// `loans` table: loan holders only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loan {
    pub customer_id: String,
    pub loan_type: LoanType,
    pub monthly_emi: f64,
    /// 0/1.
    pub overdue_flag: u8,
}

/// `investments` table: investors only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Investment {
    pub customer_id: String,
    pub mf_investment: f64,
    pub fd_amount: f64,
    /// 0/1.
    pub insurance_policy: u8,
}

/// `transactions` table: one row per customer and month (1–6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    pub customer_id: String,
    pub month: u8,
    pub shopping_spend: f64,
    pub travel_spend: f64,
    pub utility_spend: f64,
    pub wallet_spend: f64,
}

/// The persona a synthetic customer was generated from (realistic profile only).
/// Kept beside the data to measure recovery; never a model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlantedPersona {
    MassRetail,
    CreditActive,
    Affluent,
}

impl PlantedPersona {
    /// All planted personas, in a fixed order.
    pub const ALL: [PlantedPersona; 3] = [
        PlantedPersona::MassRetail,
        PlantedPersona::CreditActive,
        PlantedPersona::Affluent,
    ];
}

/// The six tables of one customer extract.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub customers: Vec<Customer>,
    pub accounts: Vec<Account>,
    pub credit_cards: Vec<CreditCard>,
    pub loans: Vec<Loan>,
    pub investments: Vec<Investment>,
    pub transactions: Vec<Transaction>,
    /// Hidden persona per customer, aligned with `customers` (synthetic realistic data only).
    pub planted: Option<Vec<PlantedPersona>>,
}

impl Dataset {
    /// Number of customers.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// True when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }
}
