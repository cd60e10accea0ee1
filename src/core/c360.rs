//! The Customer 360 join (docs/product.md, Customer 360): one row per customer, every table left-joined on `customer_id`.

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::data::{CustomerId, Dataset, Gender, LoanType, Occupation};
use super::error::DataError;

/// One customer, seen whole. Product fields of non-holders are 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer360 {
    /// The customer's key, from the customers table.
    pub customer_id: CustomerId,
    /// Age in years.
    pub age: f64,
    /// Gender.
    pub gender: Gender,
    /// Annual income, INR.
    pub income: f64,
    /// Occupation.
    pub occupation: Occupation,
    /// City of residence.
    pub city: String,
    /// Years as a customer of the bank.
    pub tenure_years: f64,
    /// Average account balance, INR (0 without an accounts row).
    pub avg_balance: f64,
    /// Number of deposits per month.
    pub monthly_deposits: f64,
    /// Number of withdrawals per month.
    pub monthly_withdrawals: f64,
    /// Share of transactions made digitally, 0–1.
    pub digital_txn_ratio: f64,
    /// Total credit limit over the customer's cards, INR (0 = no card).
    pub card_limit: f64,
    /// Card utilisation, 0–1 (weighted by limit over several cards).
    pub utilization_ratio: f64,
    /// 1 when any card was delinquent in the last 12 months, else 0.
    pub delinquency_12m: f64,
    /// Type of the loan with the largest EMI; `None` without a loan.
    pub loan_type: Option<LoanType>,
    /// Total monthly EMI over the customer's loans, INR (0 = no loan).
    pub monthly_emi: f64,
    /// 1 when any loan is overdue, else 0.
    pub overdue_flag: f64,
    /// Mutual-fund holdings, INR.
    pub mf_investment: f64,
    /// Fixed-deposit amount, INR.
    pub fd_amount: f64,
    /// 1 when the customer holds an insurance policy, else 0.
    pub insurance_policy: f64,
    /// Shopping spend summed over the six months, INR.
    pub shopping_spend: f64,
    /// Travel spend summed over the six months, INR.
    pub travel_spend: f64,
    /// Utility-bill spend summed over the six months, INR.
    pub utility_spend: f64,
    /// Digital-wallet spend summed over the six months, INR.
    pub wallet_spend: f64,
    /// The four spends summed: total spend over the six months, INR.
    pub total_spend_6m: f64,
    /// card_limit > 0
    pub has_credit_card: bool,
    /// monthly_emi > 0
    pub has_loan: bool,
    /// mf_investment > 0 or fd_amount > 0
    pub has_investments: bool,
}

/// What the join noticed that did not stop it (shown to the user as the join-quality report;
/// [`JoinReport::warnings`] says it in sentences).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JoinReport {
    /// Rows per table whose customer_id is not among the customers (skipped).
    pub orphan_rows: Vec<(String, usize)>,
    /// Per table with orphan rows, the first such row's customer_id.
    pub orphan_examples: Vec<(String, String)>,
    /// Customers with no accounts row (account fields set to 0).
    pub customers_without_account: usize,
    /// Customers with fewer than six months of transactions (missing months count as 0 spend).
    pub customers_missing_months: usize,
    /// Rows per table beyond the first of their customer (transactions: of their customer and
    /// month), combined as described in `combined_how`.
    pub duplicate_rows: Vec<(String, usize)>,
    /// Per table with duplicates, the customer with the most rows, e.g. "customer 7, month 3:
    /// 10 rows".
    pub duplicate_examples: Vec<(String, String)>,
    /// How duplicate rows are combined, as "table: how".
    pub combined_how: Vec<String>,
    /// Per table with orphan rows whose example id names a customer when written another way
    /// ("0007" and "7"): what differs and what to do.
    pub orphan_forms: Vec<(String, String)>,
}

impl JoinReport {
    /// True when the join met nothing worth reporting.
    pub fn is_clean(&self) -> bool {
        self.orphan_rows.is_empty()
            && self.customers_without_account == 0
            && self.customers_missing_months == 0
            && self.duplicate_rows.is_empty()
    }

    /// The problems the join met that did not stop it, one sentence each (empty when there
    /// were none): what was skipped, counted as 0 or combined, how, and an example.
    pub fn warnings(&self) -> Vec<String> {
        let example = |list: &[(String, String)], table: &str| {
            list.iter()
                .find(|(t, _)| t == table)
                .map(|(_, e)| e.clone())
        };
        let mut out = Vec::new();
        for (table, n) in &self.orphan_rows {
            let eg = example(&self.orphan_examples, table)
                .map(|id| format!(", e.g. \"{id}\""))
                .unwrap_or_default();
            let form = example(&self.orphan_forms, table)
                .map(|f| format!("; {f}"))
                .unwrap_or_default();
            out.push(format!(
                "{table}: {} skipped (customer_id not in customers{eg}){form}",
                plural(*n, "row", "rows")
            ));
        }
        if self.customers_without_account > 0 {
            out.push(format!(
                "{} without an accounts row (balance and deposits counted as 0)",
                plural(self.customers_without_account, "customer", "customers")
            ));
        }
        if self.customers_missing_months > 0 {
            out.push(format!(
                "{} with fewer than six months of transactions (missing months counted as 0 spend)",
                plural(self.customers_missing_months, "customer", "customers")
            ));
        }
        for (table, n) in &self.duplicate_rows {
            let how = self
                .combined_how
                .iter()
                .find_map(|h| h.strip_prefix(&format!("{table}: ")))
                .unwrap_or("combined");
            let already = if table == "transactions" {
                "a customer and month"
            } else {
                "a customer"
            };
            let eg = example(&self.duplicate_examples, table)
                .map(|e| format!("; e.g. {e}"))
                .unwrap_or_default();
            out.push(format!(
                "{table}: {} for {already} already seen, combined ({how}{eg})",
                plural(*n, "row", "rows")
            ));
        }
        out
    }
}

/// "1 row", "1,200 rows", "1,00,000 rows" (grouped as the dashboard groups counts).
fn plural(n: usize, one: &str, many: &str) -> String {
    let unit = if n == 1 { one } else { many };
    format!("{} {unit}", super::numbers::group_indian(n as u64))
}

/// Left-joins the six tables into one row per customer, in the order of the customers table.
///
/// Duplicate rows are combined and counted in the report: an account keeps the last row, cards
/// sum their limits (utilization weighted by limit, delinquency if any), loans sum their EMIs
/// (overdue if any, type of the largest EMI), investments sum their amounts (insurance if any),
/// and transactions of the same customer and month sum their spends. Rows for unknown customers
/// are skipped and counted. Never fails: [`join_customer_360`] stops when a table mostly does not
/// join.
#[inline(never)]
pub fn build_customer_360(ds: &Dataset) -> (Vec<Customer360>, JoinReport) {
    let mut join = Join::new(ds);
    join.step(ds, usize::MAX);
    join.finish()
}

/// The tables in the order they are joined, after the customers.
const JOINED: [&str; 5] = [
    "accounts",
    "credit_cards",
    "loans",
    "investments",
    "transactions",
];

/// A Customer 360 join under way, a piece of records at a time ([`Join::step`]), so that a
/// browser can take turns while 10,00,000 customers are joined: the same rows and report as
/// [`build_customer_360`] however it is cut. Every call takes the same `ds`.
#[derive(Debug)]
pub struct Join {
    /// The customers' row per customer_id (with a repeated id, its last row).
    index: FxHashMap<CustomerId, usize>,
    rows: Vec<Customer360>,
    /// Rows per customer of accounts, credit_cards, loans, investments (saturating).
    count: Vec<[u16; 4]>,
    /// The largest EMI of each customer's loans so far.
    largest_emi: Vec<f64>,
    /// Rows per customer and month 1..=6 (saturating); months outside 1–6 are summed, not
    /// counted.
    months: Vec<[u16; 6]>,
    /// The table being joined: 0 the customers (their rows and the index), then [`JOINED`].
    table: usize,
    /// Records of that table done.
    done: usize,
    /// The row after the last matched one (tables in customer order skip the index).
    next: usize,
    /// The records of each of [`JOINED`] that named no customer, until the table is done.
    orphans: [Orphans; 5],
    report: JoinReport,
    /// Records fed per table ([`Join::feed`], [`Join::feed_whole`]).
    sizes: [usize; 6],
}

impl Join {
    /// A join of `ds`, nothing joined yet.
    pub fn new(ds: &Dataset) -> Self {
        Self::of_customers(ds.customers.len())
    }

    /// A join of `n` customers fed table by table ([`Join::feed`], [`Join::next_table`]): the
    /// customers first, then accounts, credit_cards, loans, investments and transactions, each
    /// in pieces of any size (`c360 score` reading its files a block at a time).
    pub fn of_customers(n: usize) -> Self {
        Self {
            index: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            rows: Vec::with_capacity(n),
            count: vec![[0; 4]; n],
            largest_emi: vec![0.0; n],
            months: vec![[0; 6]; n],
            table: 0,
            done: 0,
            next: 0,
            orphans: Default::default(),
            report: JoinReport::default(),
            sizes: [0; 6],
        }
    }

    /// Joins every record that `piece` holds of the table being fed (its other tables are not
    /// read). The customers' pieces together hold the `n` customers of [`Join::of_customers`].
    pub fn feed(&mut self, piece: &Dataset) {
        if self.table > JOINED.len() {
            return;
        }
        let len = table_len(piece, self.table);
        self.join_records(piece, 0..len);
        self.sizes[self.table] += len;
    }

    /// The table being fed is complete: the next one starts (after the transactions, the join
    /// is ready to [`Join::finish`]).
    pub fn next_table(&mut self) {
        if self.table <= JOINED.len() {
            self.end_table();
        }
    }

    /// Records fed of accounts, credit_cards, loans, investments and transactions (for
    /// [`check_rows`]).
    pub fn table_sizes(&self) -> [usize; 5] {
        std::array::from_fn(|t| self.sizes[t + 1])
    }

    /// Joins up to `records` more records (the customers first, then accounts, credit_cards,
    /// loans, investments and transactions); true once every table is joined. (At least one
    /// record per call, so that a loop of calls always ends.)
    pub fn step(&mut self, ds: &Dataset, records: usize) -> bool {
        debug_assert_eq!(
            self.count.len(),
            ds.customers.len(),
            "the same data every call"
        );
        let mut budget = records.max(1);
        while budget > 0 && self.table <= JOINED.len() {
            let len = table_len(ds, self.table);
            let (from, to) = (self.done, self.done.saturating_add(budget).min(len));
            self.join_records(ds, from..to);
            budget -= to - from;
            self.done = to;
            if to == len {
                self.end_table();
            }
        }
        self.table > JOINED.len()
    }

    fn join_records(&mut self, ds: &Dataset, range: std::ops::Range<usize>) {
        if self.table == 0 {
            for c in &ds.customers[range] {
                self.index.insert(c.customer_id.clone(), self.rows.len());
                self.rows.push(base_row(c));
            }
            return;
        }
        let Join {
            index,
            rows,
            count,
            largest_emi,
            months,
            next,
            orphans,
            table,
            ..
        } = self;
        let orphans = &mut orphans[*table - 1];
        let unique = index.len() == rows.len();
        let mut records = Records {
            index,
            unique,
            rows,
            next,
            orphans,
        };
        match self.table {
            1 => records.join(
                &ds.accounts[range],
                |a| &a.customer_id,
                |i, r, a| {
                    r.avg_balance = a.avg_balance;
                    r.monthly_deposits = a.monthly_deposits;
                    r.monthly_withdrawals = a.monthly_withdrawals;
                    r.digital_txn_ratio = a.digital_txn_ratio;
                    count[i][0] = count[i][0].saturating_add(1);
                },
            ),
            2 => records.join(
                &ds.credit_cards[range],
                |c| &c.customer_id,
                |i, r, c| {
                    if count[i][1] > 0 {
                        let total = r.card_limit + c.card_limit;
                        r.utilization_ratio = if total > 0.0 {
                            (r.utilization_ratio * r.card_limit
                                + c.utilization_ratio * c.card_limit)
                                / total
                        } else {
                            r.utilization_ratio.max(c.utilization_ratio)
                        };
                        r.card_limit = total;
                        r.delinquency_12m = r.delinquency_12m.max(c.delinquency_12m as f64);
                    } else {
                        r.card_limit = c.card_limit;
                        r.utilization_ratio = c.utilization_ratio;
                        r.delinquency_12m = c.delinquency_12m as f64;
                    }
                    count[i][1] = count[i][1].saturating_add(1);
                },
            ),
            3 => records.join(
                &ds.loans[range],
                |l| &l.customer_id,
                |i, r, l| {
                    count[i][2] = count[i][2].saturating_add(1);
                    r.monthly_emi += l.monthly_emi;
                    r.overdue_flag = r.overdue_flag.max(l.overdue_flag as f64);
                    if r.loan_type.is_none() || l.monthly_emi > largest_emi[i] {
                        r.loan_type = Some(l.loan_type);
                        largest_emi[i] = l.monthly_emi;
                    }
                },
            ),
            4 => records.join(
                &ds.investments[range],
                |v| &v.customer_id,
                |i, r, v| {
                    count[i][3] = count[i][3].saturating_add(1);
                    r.mf_investment += v.mf_investment;
                    r.fd_amount += v.fd_amount;
                    r.insurance_policy = r.insurance_policy.max(v.insurance_policy as f64);
                },
            ),
            _ => records.join(
                &ds.transactions[range],
                |t| &t.customer_id,
                |i, r, t| {
                    r.shopping_spend += t.shopping_spend;
                    r.travel_spend += t.travel_spend;
                    r.utility_spend += t.utility_spend;
                    r.wallet_spend += t.wallet_spend;
                    if (1..=6).contains(&t.month) {
                        let m = &mut months[i][usize::from(t.month - 1)];
                        *m = m.saturating_add(1);
                    }
                },
            ),
        }
    }

    /// The current table is joined: its orphans go to the report, the next table starts.
    fn end_table(&mut self) {
        if self.table > 0 {
            self.report_orphans(self.table);
        }
        self.table += 1;
        self.done = 0;
        self.next = 0;
    }

    /// Puts the orphans of table `t` (1 for accounts, …, 5 for transactions) in the report.
    fn report_orphans(&mut self, t: usize) {
        let table = JOINED[t - 1];
        let o = std::mem::take(&mut self.orphans[t - 1]);
        if o.count > 0 {
            self.report.orphan_rows.push((table.to_string(), o.count));
            if let Some(id) = o.first {
                self.report.orphan_examples.push((table.to_string(), id));
            }
        }
    }

    /// Joins a piece holding some customers and their records of every table, where every
    /// record names a customer of the same piece or of an earlier one, and no customer id
    /// repeats (a synthesis's pieces, [`crate::core::synth::Synthesis::next_piece`]): the same
    /// rows and report as [`build_customer_360`] of the pieces' tables put together, without the
    /// tables ever existing whole. Not mixed with [`Join::feed`] or [`Join::step`]; call
    /// [`Join::finish`] after the last piece.
    pub fn feed_whole(&mut self, piece: &Dataset) {
        debug_assert!(self.table == 0, "pieces of all tables only");
        let first = self.rows.len();
        for t in 0..=JOINED.len() {
            self.table = t;
            // The piece's records follow its customers.
            self.next = first;
            let len = table_len(piece, t);
            self.join_records(piece, 0..len);
            self.sizes[t] += len;
        }
        (self.table, self.next) = (0, 0);
        debug_assert_eq!(
            self.index.len(),
            self.rows.len(),
            "no customer id repeats across pieces"
        );
    }

    /// Records joined so far, and in all, of `ds` (the data every step is given).
    pub fn progress(&self, ds: &Dataset) -> (usize, usize) {
        let before: usize = (0..self.table.min(JOINED.len() + 1))
            .map(|t| table_len(ds, t))
            .sum();
        (before + self.done, ds.records())
    }

    /// The joined rows and the join's report (call once [`Join::step`] returned true).
    pub fn finish(mut self) -> (Vec<Customer360>, JoinReport) {
        // Pieces of all tables ([`Join::feed_whole`]) leave every table's orphans to the end.
        if self.table == 0 {
            for t in 1..=JOINED.len() {
                self.report_orphans(t);
            }
        }
        let Join {
            mut rows,
            count,
            months,
            mut report,
            ..
        } = self;
        for r in &mut rows {
            r.total_spend_6m = r.shopping_spend + r.travel_spend + r.utility_spend + r.wallet_spend;
            r.has_credit_card = r.card_limit > 0.0;
            r.has_loan = r.monthly_emi > 0.0;
            r.has_investments = r.mf_investment > 0.0 || r.fd_amount > 0.0;
        }
        report.customers_without_account = count.iter().filter(|c| c[0] == 0).count();
        report.customers_missing_months = months.iter().filter(|m| m.contains(&0)).count();
        let how = [
            ("accounts", "the last row kept"),
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
        for (t, (table, text)) in how.into_iter().enumerate() {
            let extra: usize = count.iter().map(|c| usize::from(c[t].max(1)) - 1).sum();
            if extra > 0 {
                let (i, most) = count
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i, c[t]))
                    .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))
                    .expect("a duplicate has a customer");
                report.duplicate_rows.push((table.to_string(), extra));
                report.duplicate_examples.push((
                    table.to_string(),
                    format!("customer {} has {most} rows", rows[i].customer_id),
                ));
                report.combined_how.push(format!("{table}: {text}"));
            }
        }
        let extra: usize = months
            .iter()
            .flatten()
            .map(|&n| usize::from(n.max(1)) - 1)
            .sum();
        if extra > 0 {
            let (i, m, most) = months
                .iter()
                .enumerate()
                .flat_map(|(i, ms)| ms.iter().enumerate().map(move |(m, &n)| (i, m, n)))
                .max_by_key(|&(i, m, n)| (n, std::cmp::Reverse((i, m))))
                .expect("a duplicate has a customer");
            report
                .duplicate_rows
                .push(("transactions".to_string(), extra));
            report.duplicate_examples.push((
                "transactions".to_string(),
                format!(
                    "customer {}, month {}: {most} rows",
                    rows[i].customer_id,
                    m + 1
                ),
            ));
            report
                .combined_how
                .push("transactions: the spends of a customer's month summed".to_string());
        }
        (rows, report)
    }
}

/// Rows in table `t` of the join's order (0 the customers, then [`JOINED`]).
fn table_len(ds: &Dataset, t: usize) -> usize {
    match t {
        0 => ds.customers.len(),
        1 => ds.accounts.len(),
        2 => ds.credit_cards.len(),
        3 => ds.loans.len(),
        4 => ds.investments.len(),
        _ => ds.transactions.len(),
    }
}

/// A table whose rows mostly (more than this share) name no customer stops the join.
pub const MOSTLY_UNMATCHED: f64 = 0.5;

/// [`build_customer_360`], stopping with a [`DataError`] when more than half
/// ([`MOSTLY_UNMATCHED`]) of a table's rows match no customer: that is ids written differently in
/// two files ("0007" and "7", "7.0", other letter case), not a few unknown customers, and the
/// analysis would run as if nobody held that product. The error names the table, shows an id of
/// each form and says what to do. Smaller mismatches stay in the join report.
pub fn join_customer_360(ds: &Dataset) -> Result<(Vec<Customer360>, JoinReport), Box<DataError>> {
    check_joined(ds, build_customer_360(ds))
}

/// The checks of [`join_customer_360`] on rows already joined (by [`build_customer_360`] or a
/// [`Join`] of the same `ds`).
pub fn check_joined(
    ds: &Dataset,
    joined: (Vec<Customer360>, JoinReport),
) -> Result<(Vec<Customer360>, JoinReport), Box<DataError>> {
    let sizes = std::array::from_fn(|t| table_len(ds, t + 1));
    check_rows(&sizes, joined)
}

/// The checks of [`join_customer_360`] on rows joined from tables of `sizes` records (accounts,
/// credit_cards, loans, investments, transactions: [`Join::table_sizes`] for a join fed piece by
/// piece); the ids of the customers are the rows' own.
pub fn check_rows(
    sizes: &[usize; 5],
    (rows, mut report): (Vec<Customer360>, JoinReport),
) -> Result<(Vec<Customer360>, JoinReport), Box<DataError>> {
    let ids = || rows.iter().map(|r| r.customer_id.as_str());
    report.orphan_forms = report
        .orphan_examples
        .iter()
        .filter_map(|(table, id)| {
            let (customer, form, fix) = id_form(ids(), id)?;
            Some((
                table.clone(),
                format!("customers has \"{customer}\" ({form}): {fix}"),
            ))
        })
        .collect();
    for (table, orphans) in &report.orphan_rows {
        let total = JOINED
            .iter()
            .position(|t| t == table)
            .map_or(0, |t| sizes[t]);
        if total > 0 && *orphans as f64 > MOSTLY_UNMATCHED * total as f64 {
            let example = report
                .orphan_examples
                .iter()
                .find(|(t, _)| t == table)
                .map(|(_, id)| id.as_str())
                .unwrap_or("");
            return Err(Box::new(unjoinable(ids, table, *orphans, total, example)));
        }
    }
    Ok((rows, report))
}

/// The error for a table whose ids mostly match no customer: which form each file writes ids in,
/// with an example of each, and what to do.
fn unjoinable<'a, I: Iterator<Item = &'a str>>(
    ids: impl Fn() -> I,
    table: &str,
    orphans: usize,
    total: usize,
    example: &str,
) -> DataError {
    let pct = (orphans as f64 / total as f64 * 100.0).round();
    let problem_of = |detail: String| {
        format!(
            "{orphans} of its {total} rows ({pct} %) match no customer_id of the customers table; {detail}"
        )
    };
    let Some((customer, form, fix)) = id_form(ids(), example) else {
        let first = ids().next().unwrap_or("");
        return DataError::table(
            table,
            problem_of(format!(
                "customers has ids like \"{first}\", {table} has \"{example}\", which no customer has"
            )),
            format!(
                "Check that {table} comes from the same extract as customers, and that its customer_id column holds the customers' ids; then import again."
            ),
        );
    };
    DataError::table(
        table,
        problem_of(format!(
            "the ids are written differently: customers has \"{customer}\", {table} has \"{example}\" ({form})"
        )),
        format!("In {table} or customers, {fix}; then import again."),
    )
}

/// The customer an unmatched id names when written another way (spaces, ".0", leading zeros,
/// letter case): that customer's id, what differs, and what to do.
fn id_form<'a>(
    mut ids: impl Iterator<Item = &'a str>,
    example: &str,
) -> Option<(&'a str, &'static str, &'static str)> {
    // The customer this id would be under another way of writing it.
    let key = |id: &str| -> String {
        let t = id.trim();
        let t = t
            .strip_suffix(".0")
            .or_else(|| t.strip_suffix(".00"))
            .unwrap_or(t);
        let t = t.trim_start_matches('0');
        t.to_lowercase()
    };
    let wanted = key(example);
    if wanted.is_empty() {
        return None;
    }
    let customer = ids.find(|id| key(id) == wanted)?;
    let (form, fix) = if example.trim() != example || customer.trim() != customer {
        ("spaces around the id", "remove the spaces around the ids")
    } else if example.ends_with(".0") || example.ends_with(".00") {
        (
            "the ids saved as decimal numbers",
            "save the ids as whole numbers or text (no \".0\")",
        )
    } else if customer.ends_with(".0") || customer.ends_with(".00") {
        (
            "the customers' ids saved as decimal numbers",
            "save the ids as whole numbers or text (no \".0\")",
        )
    } else if example.starts_with('0') || customer.starts_with('0') {
        (
            "leading zeros in one file only",
            "write the ids with the same leading zeros in both files (a spreadsheet drops them unless the column is text)",
        )
    } else {
        (
            "a different letter case",
            "write the ids in the same letter case in both files (ids are matched exactly)",
        )
    };
    Some((customer, form, fix))
}

/// How many records of a table named no known customer, and the first one's id.
#[derive(Debug, Default)]
struct Orphans {
    count: usize,
    first: Option<String>,
}

/// What joining a table's records works on: the parts of a [`Join`] every table shares.
struct Records<'a> {
    index: &'a FxHashMap<CustomerId, usize>,
    /// Whether the customer ids are unique (else only the index may say which row an id has).
    unique: bool,
    rows: &'a mut [Customer360],
    next: &'a mut usize,
    orphans: &'a mut Orphans,
}

impl Records<'_> {
    /// Calls `apply(i, row, record)` for every record of `table` whose customer id is in the
    /// index (`i` its row); counts the records that name no known customer (and keeps the
    /// first one's id).
    ///
    /// Extracts usually list every table in customer order: when the customer ids are unique,
    /// a record is first compared with the customer of the previous record and the one after
    /// it, and looked up in the index only when it is neither (the same row either way;
    /// measured in docs/PERFORMANCE.md).
    ///
    /// One function per table, out of line: a browser compiles a long-running function's
    /// optimised code in the background while it runs, and small functions are cheaper to
    /// compile (see ARCHITECTURE.md, "Speed in the browser").
    #[inline(never)]
    fn join<T>(
        &mut self,
        table: &[T],
        id: impl Fn(&T) -> &str,
        mut apply: impl FnMut(usize, &mut Customer360, &T),
    ) {
        let is = |rows: &[Customer360], i: usize, key: &str| {
            rows.get(i).is_some_and(|r| r.customer_id == key)
        };
        let next = &mut *self.next;
        for record in table {
            let key = id(record);
            let found = if self.unique && *next > 0 && is(self.rows, *next - 1, key) {
                Some(*next - 1)
            } else if self.unique && is(self.rows, *next, key) {
                Some(*next)
            } else {
                self.index.get(key).copied()
            };
            match found {
                Some(i) => {
                    *next = i + 1;
                    apply(i, &mut self.rows[i], record)
                }
                None => {
                    if self.orphans.count == 0 {
                        self.orphans.first = Some(key.to_string());
                    }
                    self.orphans.count += 1;
                }
            }
        }
    }
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
