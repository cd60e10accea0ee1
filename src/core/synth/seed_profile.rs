//! The `seed` profile: the original project's independent draws.

use rand::rngs::StdRng;

use super::draw::{chance, int_in, normal, pick, pick_weighted, uniform};
use super::{CITIES, customer_id};
use crate::core::data::*;
use crate::core::numbers::round_to;

const INCOMES: [f64; 6] = [
    200_000.0,
    350_000.0,
    500_000.0,
    800_000.0,
    1_200_000.0,
    1_800_000.0,
];
const INCOME_P: [f64; 6] = [0.15, 0.25, 0.25, 0.20, 0.10, 0.05];
const CARD_LIMITS: [f64; 4] = [50_000.0, 100_000.0, 200_000.0, 300_000.0];
const FD_AMOUNTS: [f64; 4] = [0.0, 50_000.0, 100_000.0, 200_000.0];

/// The tables of `n` customers, empty (their capacity reserved).
pub fn empty_seed_profile(n: usize) -> Dataset {
    Dataset {
        customers: Vec::with_capacity(n),
        accounts: Vec::with_capacity(n),
        credit_cards: Vec::with_capacity(n * 6 / 10 + 16),
        loans: Vec::with_capacity(n / 2 + 16),
        investments: Vec::with_capacity(n * 4 / 10 + 16),
        transactions: Vec::with_capacity(n * 6),
        planted: None,
    }
}

/// Appends customer `i` (the next one) to every table.
pub fn push_seed_profile(ds: &mut Dataset, r: &mut StdRng, i: usize) {
    push_customer(ds, r, customer_id(i));
}

/// Appends one customer's rows to every table.
#[inline(never)]
fn push_customer(ds: &mut Dataset, r: &mut StdRng, id: CustomerId) {
    ds.customers.push(Customer {
        customer_id: id.clone(),
        age: int_in(r, 21, 65),
        gender: pick(r, &Gender::ALL),
        income: pick_weighted(r, &INCOMES, &INCOME_P),
        occupation: pick(r, &Occupation::ALL),
        city: pick(r, &CITIES).to_string(),
        tenure_years: int_in(r, 1, 20),
    });
    ds.accounts.push(Account {
        customer_id: id.clone(),
        avg_balance: normal(r, 80_000.0, 60_000.0).max(2_000.0).round(),
        monthly_deposits: int_in(r, 1, 15),
        monthly_withdrawals: int_in(r, 1, 20),
        digital_txn_ratio: round_to(uniform(r, 0.2, 1.0), 2),
    });
    if chance(r, 0.6) {
        ds.credit_cards.push(CreditCard {
            customer_id: id.clone(),
            card_limit: pick(r, &CARD_LIMITS),
            utilization_ratio: round_to(uniform(r, 0.1, 0.95), 2),
            delinquency_12m: u8::from(chance(r, 0.1)),
        });
    }
    if chance(r, 0.5) {
        ds.loans.push(Loan {
            customer_id: id.clone(),
            loan_type: pick(r, &LoanType::ALL),
            monthly_emi: int_in(r, 3_000, 40_000),
            overdue_flag: u8::from(chance(r, 0.12)),
        });
    }
    if chance(r, 0.4) {
        ds.investments.push(Investment {
            customer_id: id.clone(),
            mf_investment: int_in(r, 10_000, 300_000),
            fd_amount: pick(r, &FD_AMOUNTS),
            insurance_policy: u8::from(chance(r, 0.6)),
        });
    }
    for month in 1..=6u8 {
        ds.transactions.push(Transaction {
            customer_id: id.clone(),
            month,
            shopping_spend: int_in(r, 1_000, 15_000),
            travel_spend: int_in(r, 0, 12_000),
            utility_spend: int_in(r, 500, 5_000),
            wallet_spend: int_in(r, 0, 8_000),
        });
    }
}
