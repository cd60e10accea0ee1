//! The `realistic` profile: every customer belongs to a hidden persona (the original's three, at
//! its published shares and product holdings), and attributes are correlated within it.
//! The persona is kept in [`Dataset::planted`] to measure recovery; it is never a model input.

use rand::rngs::StdRng;

use super::draw::{chance, int_in, lognormal, pick, pick_weighted, uniform};
use super::{CITIES, customer_id};
use crate::core::data::*;
use crate::core::numbers::round_to;

/// Published shares: Mass Retail 49 %, Credit Active 24 %, Affluent 27 %.
const SHARES: [f64; 3] = [0.49, 0.24, 0.27];

/// How one persona draws its attributes.
struct PersonaSpec {
    age: (i64, i64),
    /// Median yearly income, its log-sd, and the band it is kept in (a continuous draw, to the
    /// nearest ₹1,000).
    income: (f64, f64, (f64, f64)),
    tenure: (i64, i64),
    /// Median balance as a multiple of monthly income, and its log-sd.
    balance_months: f64,
    balance_sigma: f64,
    deposits: (i64, i64),
    withdrawals: (i64, i64),
    digital: (f64, f64),
    card_p: f64,
    card_limits: &'static [f64],
    utilization: (f64, f64),
    delinquency_p: f64,
    loan_p: f64,
    loan_types: &'static [LoanType],
    /// EMI as a share of monthly income.
    emi_share: (f64, f64),
    overdue_p: f64,
    invest_p: f64,
    mf: (i64, i64),
    fd: &'static [f64],
    insurance_p: f64,
    /// Monthly spend ranges: shopping, travel, utility, wallet.
    spend: [(i64, i64); 4],
    occupations: &'static [Occupation],
}

const MASS_RETAIL: PersonaSpec = PersonaSpec {
    age: (21, 60),
    income: (320_000.0, 0.35, (120_000.0, 750_000.0)),
    tenure: (1, 10),
    balance_months: 1.0,
    balance_sigma: 0.45,
    deposits: (1, 6),
    withdrawals: (2, 9),
    digital: (0.2, 0.5),
    card_p: 0.35,
    card_limits: &[50_000.0, 100_000.0],
    utilization: (0.15, 0.55),
    delinquency_p: 0.04,
    loan_p: 0.33,
    loan_types: &[LoanType::Personal, LoanType::Auto],
    emi_share: (0.08, 0.2),
    overdue_p: 0.05,
    invest_p: 0.30,
    mf: (10_000, 60_000),
    fd: &[0.0, 25_000.0, 50_000.0],
    insurance_p: 0.4,
    spend: [(1_000, 5_000), (0, 2_000), (500, 2_000), (0, 2_000)],
    occupations: &[
        Occupation::Salaried,
        Occupation::SelfEmployed,
        Occupation::Student,
        Occupation::Retired,
    ],
};

const CREDIT_ACTIVE: PersonaSpec = PersonaSpec {
    age: (24, 48),
    income: (500_000.0, 0.30, (250_000.0, 1_100_000.0)),
    tenure: (2, 12),
    balance_months: 0.8,
    balance_sigma: 0.45,
    deposits: (9, 16),
    withdrawals: (13, 21),
    digital: (0.55, 0.85),
    card_p: 0.65,
    card_limits: &[100_000.0, 200_000.0],
    utilization: (0.68, 0.95),
    delinquency_p: 0.10,
    loan_p: 0.79,
    loan_types: &[LoanType::Personal, LoanType::Auto, LoanType::Home],
    emi_share: (0.35, 0.65),
    overdue_p: 0.12,
    invest_p: 0.50,
    mf: (15_000, 90_000),
    fd: &[0.0, 25_000.0, 50_000.0],
    insurance_p: 0.5,
    spend: [
        (6_000, 15_000),
        (1_000, 6_000),
        (1_500, 4_000),
        (3_000, 8_000),
    ],
    occupations: &[Occupation::Salaried, Occupation::SelfEmployed],
};

const AFFLUENT: PersonaSpec = PersonaSpec {
    age: (36, 65),
    income: (1_600_000.0, 0.33, (900_000.0, 4_000_000.0)),
    tenure: (8, 21),
    balance_months: 3.0,
    balance_sigma: 0.4,
    deposits: (4, 10),
    withdrawals: (3, 10),
    digital: (0.6, 1.0),
    card_p: 0.98,
    card_limits: &[300_000.0, 500_000.0],
    utilization: (0.1, 0.4),
    delinquency_p: 0.02,
    loan_p: 0.51,
    loan_types: &[LoanType::Home, LoanType::Auto],
    emi_share: (0.1, 0.25),
    overdue_p: 0.02,
    invest_p: 0.53,
    mf: (300_000, 1_500_000),
    fd: &[100_000.0, 200_000.0, 500_000.0],
    insurance_p: 0.7,
    spend: [
        (8_000, 25_000),
        (5_000, 20_000),
        (2_000, 5_000),
        (1_000, 6_000),
    ],
    occupations: &[
        Occupation::Salaried,
        Occupation::SelfEmployed,
        Occupation::Retired,
    ],
};

/// The ages an occupation is believable at: students 18–26, retired people 56 and over,
/// everyone else of working age (21–65 on a salary, 23–70 self-employed).
pub fn fits_age(o: Occupation, age: f64) -> bool {
    match o {
        Occupation::Student => (18.0..=26.0).contains(&age),
        Occupation::Retired => age >= 56.0,
        Occupation::Salaried => (21.0..=65.0).contains(&age),
        Occupation::SelfEmployed => (23.0..=70.0).contains(&age),
    }
}

/// One of the persona's `occupations` that fits `age`, at random (a salary when none does).
fn occupation_for(r: &mut StdRng, occupations: &[Occupation], age: f64) -> Occupation {
    let fitting: Vec<Occupation> = occupations
        .iter()
        .copied()
        .filter(|o| fits_age(*o, age))
        .collect();
    if fitting.is_empty() {
        Occupation::Salaried
    } else {
        pick(r, &fitting)
    }
}

fn spec(p: PlantedPersona) -> &'static PersonaSpec {
    match p {
        PlantedPersona::MassRetail => &MASS_RETAIL,
        PlantedPersona::CreditActive => &CREDIT_ACTIVE,
        PlantedPersona::Affluent => &AFFLUENT,
    }
}

/// The tables of `n` customers, empty (their capacity reserved).
pub fn empty_realistic(n: usize) -> Dataset {
    Dataset {
        customers: Vec::with_capacity(n),
        accounts: Vec::with_capacity(n),
        credit_cards: Vec::with_capacity(n * 2 / 3 + 16),
        loans: Vec::with_capacity(n / 2 + 16),
        investments: Vec::with_capacity(n / 2 + 16),
        transactions: Vec::with_capacity(n * 6),
        planted: Some(Vec::with_capacity(n)),
    }
}

/// Appends customer `i` (the next one) to every table.
pub fn push_realistic(ds: &mut Dataset, r: &mut StdRng, i: usize) {
    let persona = pick_weighted(r, &PlantedPersona::ALL, &SHARES);
    push_customer(ds, r, customer_id(i), spec(persona));
    if let Some(planted) = ds.planted.as_mut() {
        planted.push(persona);
    }
}

#[inline(never)]
fn push_customer(ds: &mut Dataset, r: &mut StdRng, id: CustomerId, s: &PersonaSpec) {
    let (median, sigma, (lo, hi)) = s.income;
    let income = (lognormal(r, median, sigma).clamp(lo, hi) / 1_000.0).round() * 1_000.0;
    let monthly_income = income / 12.0;
    let age = int_in(r, s.age.0, s.age.1);
    ds.customers.push(Customer {
        customer_id: id.clone(),
        age,
        gender: pick(r, &Gender::ALL),
        income,
        occupation: occupation_for(r, s.occupations, age),
        city: pick(r, &CITIES).to_string(),
        tenure_years: int_in(r, s.tenure.0, s.tenure.1),
    });
    ds.accounts.push(Account {
        customer_id: id.clone(),
        avg_balance: lognormal(r, s.balance_months * monthly_income, s.balance_sigma)
            .max(2_000.0)
            .round(),
        monthly_deposits: int_in(r, s.deposits.0, s.deposits.1),
        monthly_withdrawals: int_in(r, s.withdrawals.0, s.withdrawals.1),
        digital_txn_ratio: round_to(uniform(r, s.digital.0, s.digital.1), 2),
    });
    if chance(r, s.card_p) {
        ds.credit_cards.push(CreditCard {
            customer_id: id.clone(),
            card_limit: pick(r, s.card_limits),
            utilization_ratio: round_to(uniform(r, s.utilization.0, s.utilization.1), 2),
            delinquency_12m: u8::from(chance(r, s.delinquency_p)),
        });
    }
    if chance(r, s.loan_p) {
        ds.loans.push(Loan {
            customer_id: id.clone(),
            loan_type: pick(r, s.loan_types),
            monthly_emi: (uniform(r, s.emi_share.0, s.emi_share.1) * monthly_income).round(),
            overdue_flag: u8::from(chance(r, s.overdue_p)),
        });
    }
    if chance(r, s.invest_p) {
        ds.investments.push(Investment {
            customer_id: id.clone(),
            mf_investment: int_in(r, s.mf.0, s.mf.1),
            fd_amount: pick(r, s.fd),
            insurance_policy: u8::from(chance(r, s.insurance_p)),
        });
    }
    for month in 1..=6u8 {
        let [shop, travel, utility, wallet] = s.spend;
        ds.transactions.push(Transaction {
            customer_id: id.clone(),
            month,
            shopping_spend: int_in(r, shop.0, shop.1),
            travel_spend: int_in(r, travel.0, travel.1),
            utility_spend: int_in(r, utility.0, utility.1),
            wallet_spend: int_in(r, wallet.0, wallet.1),
        });
    }
}
