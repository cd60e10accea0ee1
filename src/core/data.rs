//! The six input tables (docs/product.md, Data), one row struct per table, and the [`Dataset`] that holds them.
//!
//! Column names and order are the data contract: the serde field names below are the CSV headers.

use serde::{Deserialize, Serialize};

/// A customer id as the extract writes it (matched exactly). Short ids are kept inline, without
/// a heap allocation of their own: every row of every table carries one.
pub type CustomerId = compact_str::CompactString;

/// Customer gender as recorded in the extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// Male (CSV label `Male`).
    Male,
    /// Female (CSV label `Female`).
    Female,
}

/// Occupation as recorded in the extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Occupation {
    /// Employed on a salary (CSV label `Salaried`).
    Salaried,
    /// Runs their own business or practice (CSV label `Self-Employed`).
    #[serde(rename = "Self-Employed")]
    SelfEmployed,
    /// In education (CSV label `Student`).
    Student,
    /// Retired from work (CSV label `Retired`).
    Retired,
}

/// Loan product type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LoanType {
    /// Unsecured personal loan.
    Personal,
    /// Vehicle loan.
    Auto,
    /// Home loan (mortgage).
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
    /// The customer's key; every other table refers to it (matched exactly).
    pub customer_id: CustomerId,
    /// Age in years.
    pub age: f64,
    /// Gender.
    pub gender: Gender,
    /// Annual income, INR.
    pub income: f64,
    /// Occupation.
    pub occupation: Occupation,
    /// City of residence (free text; not a model input).
    pub city: String,
    /// Years as a customer of the bank.
    pub tenure_years: f64,
}

/// `accounts` table: one row per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The customer this account row belongs to.
    pub customer_id: CustomerId,
    /// Average account balance, INR.
    pub avg_balance: f64,
    /// Number of deposits per month.
    pub monthly_deposits: f64,
    /// Number of withdrawals per month.
    pub monthly_withdrawals: f64,
    /// Share of transactions made digitally, 0–1.
    pub digital_txn_ratio: f64,
}

/// `credit_cards` table: card holders only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreditCard {
    /// The card holder.
    pub customer_id: CustomerId,
    /// Credit limit, INR.
    pub card_limit: f64,
    /// 0–1.
    pub utilization_ratio: f64,
    /// 0/1.
    pub delinquency_12m: u8,
}

/// `loans` table: loan holders only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loan {
    /// The borrower.
    pub customer_id: CustomerId,
    /// What the loan is for.
    pub loan_type: LoanType,
    /// Monthly instalment (EMI), INR.
    pub monthly_emi: f64,
    /// 0/1.
    pub overdue_flag: u8,
}

/// `investments` table: investors only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Investment {
    /// The investor.
    pub customer_id: CustomerId,
    /// Mutual-fund holdings, INR.
    pub mf_investment: f64,
    /// Fixed-deposit amount, INR.
    pub fd_amount: f64,
    /// 0/1.
    pub insurance_policy: u8,
}

/// `transactions` table: one row per customer and month (1–6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// The customer who spent.
    pub customer_id: CustomerId,
    /// Month of the six-month window, 1–6.
    pub month: u8,
    /// Shopping spend in the month, INR.
    pub shopping_spend: f64,
    /// Travel spend in the month, INR.
    pub travel_spend: f64,
    /// Utility-bill spend in the month, INR.
    pub utility_spend: f64,
    /// Digital-wallet spend in the month, INR.
    pub wallet_spend: f64,
}

/// The persona a synthetic customer was generated from (realistic profile only).
/// Kept beside the data to measure recovery; never a model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlantedPersona {
    /// Mass Retail (49 % of realistic data): modest income, few products, basic banking.
    MassRetail,
    /// Credit Active (24 %): most hold a loan, with a high EMI burden and card utilisation.
    CreditActive,
    /// Affluent (27 %): high income and balances, nearly all hold a card, large investments if any.
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
    /// `customers` rows: one per customer, the order every per-customer output follows.
    pub customers: Vec<Customer>,
    /// `accounts` rows: one per customer (a missing row counts as 0s).
    pub accounts: Vec<Account>,
    /// `credit_cards` rows: card holders only.
    pub credit_cards: Vec<CreditCard>,
    /// `loans` rows: loan holders only.
    pub loans: Vec<Loan>,
    /// `investments` rows: investors only.
    pub investments: Vec<Investment>,
    /// `transactions` rows: one per customer and month.
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

    /// Rows in the six tables together.
    pub fn records(&self) -> usize {
        self.customers.len()
            + self.accounts.len()
            + self.credit_cards.len()
            + self.loans.len()
            + self.investments.len()
            + self.transactions.len()
    }
}
