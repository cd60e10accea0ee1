//! Small hand-made datasets shared by the integration tests.
#![allow(dead_code)]

use c360::core::data::*;

pub fn customer(id: &str, age: f64, income: f64) -> Customer {
    Customer {
        customer_id: id.into(),
        age,
        gender: Gender::Female,
        income,
        occupation: Occupation::Salaried,
        city: "Pune".into(),
        tenure_years: 5.0,
    }
}

pub fn account(id: &str, bal: f64, dep: f64, wd: f64, digital: f64) -> Account {
    Account {
        customer_id: id.into(),
        avg_balance: bal,
        monthly_deposits: dep,
        monthly_withdrawals: wd,
        digital_txn_ratio: digital,
    }
}

pub fn txn(id: &str, month: u8, s: f64, t: f64, u: f64, w: f64) -> Transaction {
    Transaction {
        customer_id: id.into(),
        month,
        shopping_spend: s,
        travel_spend: t,
        utility_spend: u,
        wallet_spend: w,
    }
}

/// Three customers:
/// - "A": card (limit 100k, util 0.8, delinquent), loan (EMI 12,000), investments (MF 40k, FD 20k)
/// - "B": nothing but an account
/// - "C": investments only (FD 250k, no MF), overdue loan
pub fn three_customers() -> Dataset {
    let mut transactions = Vec::new();
    for m in 1..=6u8 {
        transactions.push(txn("A", m, 1000.0, 500.0, 200.0, 100.0));
        transactions.push(txn("B", m, 2000.0, 0.0, 600.0, 0.0));
        transactions.push(txn("C", m, 100.0, 100.0, 100.0, 100.0));
    }
    Dataset {
        customers: vec![
            customer("A", 30.0, 600_000.0),
            customer("B", 45.0, 240_000.0),
            customer("C", 60.0, 1_200_000.0),
        ],
        accounts: vec![
            account("A", 50_000.0, 10.0, 12.0, 0.5),
            account("B", 8_000.0, 3.0, 4.0, 0.9),
            account("C", 400_000.0, 15.0, 1.0, 0.2),
        ],
        credit_cards: vec![CreditCard {
            customer_id: "A".into(),
            card_limit: 100_000.0,
            utilization_ratio: 0.8,
            delinquency_12m: 1,
        }],
        loans: vec![
            Loan {
                customer_id: "A".into(),
                loan_type: LoanType::Personal,
                monthly_emi: 12_000.0,
                overdue_flag: 0,
            },
            Loan {
                customer_id: "C".into(),
                loan_type: LoanType::Home,
                monthly_emi: 30_000.0,
                overdue_flag: 1,
            },
        ],
        investments: vec![
            Investment {
                customer_id: "A".into(),
                mf_investment: 40_000.0,
                fd_amount: 20_000.0,
                insurance_policy: 1,
            },
            Investment {
                customer_id: "C".into(),
                mf_investment: 0.0,
                fd_amount: 250_000.0,
                insurance_policy: 0,
            },
        ],
        transactions,
        planted: None,
    }
}

/// A segment of `archetype` called `name`, with an empty profile (for offer and policy tests).
pub fn segment(
    cluster: usize,
    archetype: c360::core::personas::Archetype,
    name: &str,
) -> c360::core::personas::Segment {
    c360::core::personas::Segment {
        cluster,
        archetype,
        naming: c360::core::personas::Naming::Archetype,
        name: name.to_string(),
        description: archetype.description().to_string(),
        size: 0,
        share: 0.0,
        penetration: Default::default(),
        centroid: vec![0.0; 12],
        z_centroid: vec![0.0; 12],
        evidence: vec![],
    }
}
