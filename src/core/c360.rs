//! The Customer 360 join (SPEC §2): one row per customer, every table left-joined on `customer_id`.

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::data::{Dataset, Gender, LoanType, Occupation};

/// One customer, seen whole. Product fields of non-holders are 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer360 {
    pub customer_id: String,
    pub age: f64,
    pub gender: Gender,
    pub income: f64,
    pub occupation: Occupation,
    pub city: String,
    pub tenure_years: f64,
    pub avg_balance: f64,
    pub monthly_deposits: f64,
    pub monthly_withdrawals: f64,
    pub digital_txn_ratio: f64,
    pub card_limit: f64,
    pub utilization_ratio: f64,
    pub delinquency_12m: f64,
    pub loan_type: Option<LoanType>,
    pub monthly_emi: f64,
    pub overdue_flag: f64,
    pub mf_investment: f64,
    pub fd_amount: f64,
    pub insurance_policy: f64,
    pub shopping_spend: f64,
    pub travel_spend: f64,
    pub utility_spend: f64,
    pub wallet_spend: f64,
    pub total_spend_6m: f64,
    /// card_limit > 0
    pub has_credit_card: bool,
    /// monthly_emi > 0
    pub has_loan: bool,
    /// mf_investment > 0 or fd_amount > 0
    pub has_investments: bool,
}

/// What the join noticed that did not stop it (shown to the user as the join-quality report).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JoinReport {
    /// Rows per table whose customer_id is not among the customers (skipped).
    pub orphan_rows: Vec<(String, usize)>,
    /// Customers with no accounts row (account fields set to 0).
    pub customers_without_account: usize,
    /// Customers with fewer than six months of transactions (missing months count as 0 spend).
    pub customers_missing_months: usize,
    /// Duplicate rows per product table, combined as described in `combined_how`.
    pub duplicate_rows: Vec<(String, usize)>,
    /// How duplicate product rows are combined.
    pub combined_how: Vec<String>,
}

impl JoinReport {
    /// True when the join met nothing worth reporting.
    pub fn is_clean(&self) -> bool {
        self.orphan_rows.is_empty()
            && self.customers_without_account == 0
            && self.customers_missing_months == 0
            && self.duplicate_rows.is_empty()
    }
}

/// Left-joins the six tables into one row per customer, in the order of the customers table.
///
/// Duplicate product rows are combined: cards sum their limits (utilization weighted by limit,
/// delinquency if any), loans sum their EMIs (overdue if any, type of the largest EMI),
/// investments sum their amounts (insurance if any). Rows for unknown customers are skipped.
#[inline(never)]
pub fn build_customer_360(ds: &Dataset) -> (Vec<Customer360>, JoinReport) {
    let mut report = JoinReport::default();
    let index: FxHashMap<&str, usize> = ds
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.customer_id.as_str(), i))
        .collect();
    let mut rows: Vec<Customer360> = ds.customers.iter().map(base_row).collect();

    let mut orphans = |table: &str, n: usize| {
        if n > 0 {
            report.orphan_rows.push((table.to_string(), n));
        }
    };

    // accounts (one per customer; a duplicate overwrites the first — import rejects them)
    let mut has_account = vec![false; rows.len()];
    let orphan = join_table(
        &index,
        &mut rows,
        &ds.accounts,
        |a| &a.customer_id,
        |i, r, a| {
            r.avg_balance = a.avg_balance;
            r.monthly_deposits = a.monthly_deposits;
            r.monthly_withdrawals = a.monthly_withdrawals;
            r.digital_txn_ratio = a.digital_txn_ratio;
            has_account[i] = true;
        },
    );
    orphans("accounts", orphan);

    let mut dup = [0usize; 3];
    let mut seen = vec![[false; 3]; rows.len()];

    let orphan = join_table(
        &index,
        &mut rows,
        &ds.credit_cards,
        |c| &c.customer_id,
        |i, r, c| {
            if seen[i][0] {
                dup[0] += 1;
                let total = r.card_limit + c.card_limit;
                r.utilization_ratio = if total > 0.0 {
                    (r.utilization_ratio * r.card_limit + c.utilization_ratio * c.card_limit)
                        / total
                } else {
                    r.utilization_ratio.max(c.utilization_ratio)
                };
                r.card_limit = total;
                r.delinquency_12m = r.delinquency_12m.max(c.delinquency_12m as f64);
            } else {
                seen[i][0] = true;
                r.card_limit = c.card_limit;
                r.utilization_ratio = c.utilization_ratio;
                r.delinquency_12m = c.delinquency_12m as f64;
            }
        },
    );
    orphans("credit_cards", orphan);

    let mut largest_emi = vec![0.0f64; rows.len()];
    let orphan = join_table(
        &index,
        &mut rows,
        &ds.loans,
        |l| &l.customer_id,
        |i, r, l| {
            if seen[i][1] {
                dup[1] += 1;
            }
            seen[i][1] = true;
            r.monthly_emi += l.monthly_emi;
            r.overdue_flag = r.overdue_flag.max(l.overdue_flag as f64);
            if r.loan_type.is_none() || l.monthly_emi > largest_emi[i] {
                r.loan_type = Some(l.loan_type);
                largest_emi[i] = l.monthly_emi;
            }
        },
    );
    orphans("loans", orphan);

    let orphan = join_table(
        &index,
        &mut rows,
        &ds.investments,
        |v| &v.customer_id,
        |i, r, v| {
            if seen[i][2] {
                dup[2] += 1;
            }
            seen[i][2] = true;
            r.mf_investment += v.mf_investment;
            r.fd_amount += v.fd_amount;
            r.insurance_policy = r.insurance_policy.max(v.insurance_policy as f64);
        },
    );
    orphans("investments", orphan);

    let mut months = vec![0u8; rows.len()]; // bit m-1 set when month m seen
    let orphan = join_table(
        &index,
        &mut rows,
        &ds.transactions,
        |t| &t.customer_id,
        |i, r, t| {
            r.shopping_spend += t.shopping_spend;
            r.travel_spend += t.travel_spend;
            r.utility_spend += t.utility_spend;
            r.wallet_spend += t.wallet_spend;
            if (1..=6).contains(&t.month) {
                months[i] |= 1 << (t.month - 1);
            }
        },
    );
    orphans("transactions", orphan);

    for r in &mut rows {
        r.total_spend_6m = r.shopping_spend + r.travel_spend + r.utility_spend + r.wallet_spend;
        r.has_credit_card = r.card_limit > 0.0;
        r.has_loan = r.monthly_emi > 0.0;
        r.has_investments = r.mf_investment > 0.0 || r.fd_amount > 0.0;
    }

    report.customers_without_account = has_account.iter().filter(|&&h| !h).count();
    report.customers_missing_months = months.iter().filter(|&&m| m != 0b11_1111).count();
    let how = [
        (
            "credit_cards",
            "card limits summed, utilization weighted by limit, delinquent if any card is",
        ),
        (
            "loans",
            "EMIs summed, overdue if any loan is, type of the largest EMI",
        ),
        (
            "investments",
            "MF and FD amounts summed, insured if any row is",
        ),
    ];
    for (n, (table, text)) in dup.iter().zip(how) {
        if *n > 0 {
            report.duplicate_rows.push((table.to_string(), *n));
            report.combined_how.push(format!("{table}: {text}"));
        }
    }
    (rows, report)
}

/// Calls `apply(i, row, record)` for every record of `table` whose customer id is in `index`
/// (`i` its row); returns how many records name no known customer.
///
/// One function per table, out of line: a browser compiles a long-running function's optimised
/// code in the background while it runs, and small functions are cheaper to compile (see
/// ARCHITECTURE.md, "Speed in the browser").
#[inline(never)]
fn join_table<T>(
    index: &FxHashMap<&str, usize>,
    rows: &mut [Customer360],
    table: &[T],
    id: impl Fn(&T) -> &str,
    mut apply: impl FnMut(usize, &mut Customer360, &T),
) -> usize {
    let mut orphans = 0;
    for record in table {
        match index.get(id(record)) {
            Some(&i) => apply(i, &mut rows[i], record),
            None => orphans += 1,
        }
    }
    orphans
}

fn base_row(c: &super::data::Customer) -> Customer360 {
    Customer360 {
        customer_id: c.customer_id.clone(),
        age: c.age,
        gender: c.gender,
        income: c.income,
        occupation: c.occupation,
        city: c.city.clone(),
        tenure_years: c.tenure_years,
        avg_balance: 0.0,
        monthly_deposits: 0.0,
        monthly_withdrawals: 0.0,
        digital_txn_ratio: 0.0,
        card_limit: 0.0,
        utilization_ratio: 0.0,
        delinquency_12m: 0.0,
        loan_type: None,
        monthly_emi: 0.0,
        overdue_flag: 0.0,
        mf_investment: 0.0,
        fd_amount: 0.0,
        insurance_policy: 0.0,
        shopping_spend: 0.0,
        travel_spend: 0.0,
        utility_spend: 0.0,
        wallet_spend: 0.0,
        total_spend_6m: 0.0,
        has_credit_card: false,
        has_loan: false,
        has_investments: false,
    }
}
