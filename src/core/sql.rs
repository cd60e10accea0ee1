//! A fitted [`Model`] as one SQL query over the six tables, for the bank's own engine (Spark,
//! DuckDB, Trino, Snowflake, BigQuery): builds the Customer 360, computes the features, scales
//! them, assigns the nearest segment (ties to the lowest index) and applies the policy under
//! either arbitration ("Segment rules", or "Propensity ranked" with the products' logistic
//! models), returning `customer_id, segment, offer, reason, expected_value` — what
//! [`Model::score`] computes natively, reasons word for word. Plain SQL: CTEs, `CASE`, `GROUP
//! BY`, `LEFT JOIN`, `EXP`, `GREATEST`/`LEAST`, `SUBSTR`, `LENGTH`, `||`, and one formatting
//! function per dialect for the take-up the ranked reasons quote; no custom function.
//!
//! Every constant is written with an exponent (`6e-1`), which every one of these engines reads as
//! a double (without one, Spark, Trino and Snowflake read `0.6` as a decimal), in Rust's shortest
//! form that reads back to the same bits; the arithmetic is written in the order the core does
//! it, so a customer's inputs, distances and decision come out as [`Model::score`]'s.
//!
//! Where the engine cannot be told the files' row order, the query says how it combines
//! duplicate rows, which the data contract rules out: several `accounts` rows of one customer
//! give the largest of each column (the core keeps the last row), and several cards a
//! limit-weighted utilisation summed in the engine's order.

use std::fmt::Write;

use super::import::{Check, MAX_AMOUNT, MAX_TENURE_YEARS, TableKind};
use super::model::{Model, ModelError};
use super::numbers::group_indian;
use super::plan::owned_of;
use super::policy::{Arbitration, Condition, Field, Match, Op, Policy, Value};
use super::propensity::Owned;

/// The SQL engines the export writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Apache Spark SQL (and Databricks).
    Spark,
    /// DuckDB.
    Duckdb,
    /// Trino (and Presto).
    Trino,
    /// Snowflake.
    Snowflake,
    /// Google BigQuery (GoogleSQL).
    Bigquery,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 5] = [
        Dialect::Spark,
        Dialect::Duckdb,
        Dialect::Trino,
        Dialect::Snowflake,
        Dialect::Bigquery,
    ];

    /// The name on the command line ("spark").
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Spark => "spark",
            Dialect::Duckdb => "duckdb",
            Dialect::Trino => "trino",
            Dialect::Snowflake => "snowflake",
            Dialect::Bigquery => "bigquery",
        }
    }

    /// Whether a backslash escapes in a quoted string (so it must itself be escaped).
    fn backslash_escapes(self) -> bool {
        matches!(
            self,
            Dialect::Spark | Dialect::Bigquery | Dialect::Snowflake
        )
    }

    /// A number with one decimal as text ("12.3"), as Rust's `{:.1}` writes it.
    fn one_decimal(self, e: &str) -> String {
        match self {
            Dialect::Duckdb => format!("printf('%.1f', {e})"),
            Dialect::Spark => format!("format_string('%.1f', {e})"),
            Dialect::Trino => format!("format('%.1f', {e})"),
            Dialect::Snowflake => format!("TO_CHAR({e}, 'FM999999990.0')"),
            Dialect::Bigquery => format!("FORMAT('%.1f', {e})"),
        }
    }

    /// A whole number (a double) as the digits of its integer.
    fn integer_text(self, e: &str) -> String {
        match self {
            Dialect::Spark => format!("CAST(CAST({e} AS BIGINT) AS STRING)"),
            Dialect::Bigquery => format!("CAST(CAST({e} AS INT64) AS STRING)"),
            _ => format!("CAST(CAST({e} AS BIGINT) AS VARCHAR)"),
        }
    }

    /// A column read as a double, NULL when it is not a number (rather than failing the query).
    fn try_double(self, c: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Trino => format!("TRY_CAST({c} AS DOUBLE)"),
            Dialect::Spark => format!("try_cast({c} AS DOUBLE)"),
            // Snowflake's TRY_CAST takes text only.
            Dialect::Snowflake => format!("TRY_CAST(CAST({c} AS VARCHAR) AS DOUBLE)"),
            Dialect::Bigquery => format!("SAFE_CAST({c} AS FLOAT64)"),
        }
    }

    /// The character that quotes an identifier.
    fn ident_quote(self) -> char {
        match self {
            Dialect::Spark | Dialect::Bigquery => '`',
            _ => '"',
        }
    }
}

/// The six source tables' names (default: their own names, unqualified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    names: [String; 6],
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            names: TableKind::ALL.map(|k| k.name().to_string()),
        }
    }
}

/// The import's check of a numeric column (`core::import`'s `Check`) on column `c` of the query
/// (already a double; NULL fails it).
fn check_sql(check: Check, c: &str) -> String {
    match check {
        Check::Money => format!("{c} >= 0e0 AND {c} <= {}", num(MAX_AMOUNT)),
        Check::Ratio => format!("{c} >= 0e0 AND {c} <= 1e0"),
        Check::Flag => format!("({c} = 0e0 OR {c} = 1e0)"),
        Check::Month => format!("{c} >= 1e0 AND {c} <= 6e0 AND {c} = FLOOR({c})"),
        Check::Age => format!("{c} > 0e0 AND {c} <= 1.2e2"),
        Check::Tenure => format!("{c} >= 0e0 AND {c} <= {}", num(MAX_TENURE_YEARS)),
    }
}

/// The numeric columns of a table and their checks (the text columns the model does not read —
/// gender, occupation, city, loan type — are not checked).
fn checked_columns(kind: TableKind) -> Vec<(&'static str, Check)> {
    use Check::*;
    match kind {
        TableKind::Customers => vec![("age", Age), ("income", Money), ("tenure_years", Tenure)],
        TableKind::Accounts => vec![
            ("avg_balance", Money),
            ("monthly_deposits", Money),
            ("monthly_withdrawals", Money),
            ("digital_txn_ratio", Ratio),
        ],
        TableKind::CreditCards => vec![
            ("card_limit", Money),
            ("utilization_ratio", Ratio),
            ("delinquency_12m", Flag),
        ],
        TableKind::Loans => vec![("monthly_emi", Money), ("overdue_flag", Flag)],
        TableKind::Investments => vec![
            ("mf_investment", Money),
            ("fd_amount", Money),
            ("insurance_policy", Flag),
        ],
        TableKind::Transactions => vec![
            ("month", Month),
            ("shopping_spend", Money),
            ("travel_spend", Money),
            ("utility_spend", Money),
            ("wallet_spend", Money),
        ],
    }
}

/// The position of the table called `name` in [`TableKind::ALL`].
fn table_index(name: &str) -> Option<usize> {
    TableKind::ALL.iter().position(|k| k.name() == name)
}

impl Tables {
    /// Reads `customers=bank.cust`: the table `customers` is `bank.cust` in the engine. A part
    /// of the name with characters other than letters, digits and `_` is quoted.
    pub fn set(&mut self, assignment: &str) -> Result<(), ModelError> {
        let (table, name) = assignment.split_once('=').ok_or_else(|| {
            ModelError(format!(
                "\"{assignment}\": write TABLE=NAME, e.g. customers=bank.cust"
            ))
        })?;
        let i = table_index(table.trim()).ok_or_else(|| {
            ModelError(format!(
                "\"{table}\" is not one of the tables ({})",
                TableKind::ALL.map(|k| k.name()).join(", ")
            ))
        })?;
        let name = name.trim();
        let ok_part = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'))
        };
        if !name.split('.').all(ok_part) {
            return Err(ModelError(format!(
                "\"{name}\" is not a table name: give parts of letters, digits, _, - or $ joined by dots, e.g. bank.customers"
            )));
        }
        self.names[i] = name.to_string();
        Ok(())
    }

    fn get(&self, table: &str, d: Dialect) -> String {
        let i = table_index(table).expect("a known table");
        self.names[i]
            .split('.')
            .map(|p| {
                let plain = p
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    p.to_string()
                } else {
                    let q = d.ident_quote();
                    format!("{q}{p}{q}")
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// A double constant: shortest round-trip digits with an exponent, negative ones in brackets.
fn num(v: f64) -> String {
    if v < 0.0 || (v == 0.0 && v.is_sign_negative()) {
        format!("({:e})", v)
    } else {
        format!("{:e}", v)
    }
}

/// A string constant.
fn text(d: Dialect, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' if d.backslash_escapes() => out.push_str("\\'"),
            '\'' => out.push_str("''"),
            '\\' if d.backslash_escapes() => out.push_str("\\\\"),
            '\n' if d.backslash_escapes() => out.push_str("\\n"),
            '\r' if d.backslash_escapes() => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The column a condition's field is read from.
fn column(field: Field) -> &'static str {
    match field {
        Field::Segment => "segment_name",
        Field::Persona => "persona",
        f => f.name(),
    }
}

/// The field's kind as the core compares it.
fn is_kind(field: Field, v: &Value) -> bool {
    use super::policy::FieldKind;
    matches!(
        (field.kind(), v),
        (FieldKind::Number, Value::Number(_))
            | (FieldKind::Flag, Value::Flag(_))
            | (FieldKind::Text, Value::Text(_))
    )
}

/// `actual = value` as the core's `equal` (false for values of another kind).
fn equal(d: Dialect, field: Field, v: &Value) -> String {
    if !is_kind(field, v) {
        return "FALSE".into();
    }
    let c = column(field);
    match v {
        Value::Number(x) => format!("{c} = {}", num(*x)),
        Value::Flag(true) => c.to_string(),
        Value::Flag(false) => format!("NOT {c}"),
        Value::Text(t) => format!("{c} = {}", text(d, t)),
        Value::List(_) => "FALSE".into(),
    }
}

/// A condition as a SQL boolean.
fn condition(d: Dialect, c: &Condition) -> String {
    let cmp = |op: &str| match (&c.value, is_kind(c.field, &c.value)) {
        (Value::Number(x), true) => format!("{} {op} {}", column(c.field), num(*x)),
        _ => "FALSE".into(),
    };
    let any = |items: &[Value]| {
        if items.is_empty() {
            "FALSE".to_string()
        } else {
            items
                .iter()
                .map(|v| format!("({})", equal(d, c.field, v)))
                .collect::<Vec<_>>()
                .join(" OR ")
        }
    };
    let sql = match (c.op, &c.value) {
        (Op::Eq, v) => equal(d, c.field, v),
        (Op::Ne, v) => format!("NOT ({})", equal(d, c.field, v)),
        (Op::Lt, _) => cmp("<"),
        (Op::Le, _) => cmp("<="),
        (Op::Gt, _) => cmp(">"),
        (Op::Ge, _) => cmp(">="),
        (Op::In, Value::List(items)) => any(items),
        (Op::NotIn, Value::List(items)) => format!("NOT ({})", any(items)),
        (Op::In, _) => "FALSE".into(),
        (Op::NotIn, _) => "TRUE".into(),
    };
    format!("({sql})")
}

/// Every condition holds (an empty list always holds).
fn all(d: Dialect, cs: &[Condition]) -> String {
    if cs.is_empty() {
        "TRUE".into()
    } else {
        cs.iter()
            .map(|c| condition(d, c))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The SQL query that scores every customer of the six tables with `model`.
pub fn export_sql(model: &Model, d: Dialect, tables: &Tables) -> Result<String, ModelError> {
    model.check()?;
    let p = &model.policy;
    let mut q = String::new();
    let w = &mut q;
    let _ = writeln!(
        w,
        "-- Customer 360 & Cross-Sell: scores every customer with a model written by {} ({} segments, fitted on {} customers).",
        model.written_by,
        model.segments.len(),
        model.customers
    );
    let _ = writeln!(
        w,
        "-- Dialect: {}. Columns: customer_id, segment, offer, reason, expected_value. Generated by c360 export-sql.",
        d.name()
    );
    w.push_str(
        "-- Rows c360 would refuse (a missing, non-numeric or out-of-range value in a numeric column) are left out,\n\
         -- as `c360 score --skip-bad-rows` leaves them: without its customers row a customer gets no score; without\n\
         -- another table's row they are scored without it. customer_id must be unique in customers (it is not checked).\n",
    );
    w.push_str("WITH\n");

    // The rows c360's import accepts: every numeric column a number within its range.
    for kind in TableKind::ALL {
        let columns = checked_columns(kind);
        let casts: Vec<String> = columns
            .iter()
            .map(|(c, _)| format!("{} AS {c}", d.try_double(c)))
            .collect();
        let mut checks = vec!["customer_id IS NOT NULL".to_string()];
        checks.extend(columns.iter().map(|(c, check)| check_sql(*check, c)));
        if kind == TableKind::Customers {
            checks.push("tenure_years <= age".into());
        }
        let _ = writeln!(
            w,
            "c360_valid_{} AS (\n  SELECT * FROM (SELECT customer_id, {} FROM {}) r\n  WHERE {}\n),",
            kind.name(),
            casts.join(", "),
            tables.get(kind.name(), d),
            checks.join(" AND ")
        );
    }

    // The Customer 360: one row per customer, every table left-joined and combined per customer.
    let per_customer = |w: &mut String, table: &str, columns: &[(&str, &str, &str)]| {
        let columns: Vec<String> = columns
            .iter()
            .map(|(agg, col, alias)| format!("    {agg}({col}) AS {alias}"))
            .collect();
        let _ = writeln!(
            w,
            "c360_{table} AS (\n  SELECT customer_id,\n{}\n  FROM c360_valid_{table}\n  GROUP BY customer_id\n),",
            columns.join(",\n"),
        );
    };
    per_customer(
        w,
        "accounts",
        &[
            ("MAX", "avg_balance", "avg_balance"),
            ("MAX", "monthly_deposits", "monthly_deposits"),
            ("MAX", "monthly_withdrawals", "monthly_withdrawals"),
            ("MAX", "digital_txn_ratio", "digital_txn_ratio"),
        ],
    );
    w.push_str(
        "c360_credit_cards AS (\n  SELECT customer_id,\n    SUM(card_limit) AS card_limit,\n    CASE WHEN COUNT(*) = 1 THEN MAX(utilization_ratio)\n      WHEN SUM(card_limit) > 0e0 THEN SUM(utilization_ratio * card_limit) / SUM(card_limit)\n      ELSE MAX(utilization_ratio) END AS utilization_ratio,\n    MAX(delinquency_12m) AS card_delinquency_12m\n  FROM c360_valid_credit_cards\n  GROUP BY customer_id\n),\n",
    );
    per_customer(
        w,
        "loans",
        &[
            ("SUM", "monthly_emi", "monthly_emi"),
            ("MAX", "overdue_flag", "loan_overdue"),
        ],
    );
    per_customer(
        w,
        "investments",
        &[
            ("SUM", "mf_investment", "mf_investment"),
            ("SUM", "fd_amount", "fd_amount"),
        ],
    );
    per_customer(
        w,
        "transactions",
        &[
            ("SUM", "shopping_spend", "shopping_spend"),
            ("SUM", "travel_spend", "travel_spend"),
            ("SUM", "utility_spend", "utility_spend"),
            ("SUM", "wallet_spend", "wallet_spend"),
        ],
    );
    let z = |e: &str| format!("COALESCE({e}, 0e0)");
    let _ = writeln!(
        w,
        "c360_base AS (\n  SELECT c.customer_id,\n    c.age,\n    c.income,\n    c.tenure_years,\n    {} AS avg_balance,\n    {} AS monthly_deposits,\n    {} AS monthly_withdrawals,\n    {} AS digital_txn_ratio,\n    {} AS card_limit,\n    {} AS utilization_ratio,\n    {} AS card_delinquency_12m,\n    {} AS monthly_emi,\n    {} AS loan_overdue,\n    {} AS mf_investment,\n    {} AS fd_amount,\n    {} + {} + {} + {} AS total_spend_6m\n  FROM c360_valid_customers c\n  LEFT JOIN c360_accounts a ON a.customer_id = c.customer_id\n  LEFT JOIN c360_credit_cards k ON k.customer_id = c.customer_id\n  LEFT JOIN c360_loans l ON l.customer_id = c.customer_id\n  LEFT JOIN c360_investments i ON i.customer_id = c.customer_id\n  LEFT JOIN c360_transactions t ON t.customer_id = c.customer_id\n),",
        z("a.avg_balance"),
        z("a.monthly_deposits"),
        z("a.monthly_withdrawals"),
        z("a.digital_txn_ratio"),
        z("k.card_limit"),
        z("k.utilization_ratio"),
        z("k.card_delinquency_12m"),
        z("l.monthly_emi"),
        z("l.loan_overdue"),
        z("i.mf_investment"),
        z("i.fd_amount"),
        z("t.shopping_spend"),
        z("t.travel_spend"),
        z("t.utility_spend"),
        z("t.wallet_spend"),
    );

    // The engineered features (docs/product.md, Features), as src/core/features.rs computes them.
    w.push_str(
        "c360_features AS (\n  SELECT b.*,\n    b.total_spend_6m / (b.income + 1e0) AS spend_to_income,\n    b.monthly_emi / (b.income / 1.2e1 + 1e0) AS emi_to_income,\n    CASE WHEN b.utilization_ratio > 7e-1 THEN 1e0 ELSE 0e0 END AS high_credit_util,\n    6e-1 * b.digital_txn_ratio + 4e-1 * (b.monthly_deposits / 1.5e1) AS digital_engagement_score,\n    b.monthly_deposits + b.monthly_withdrawals AS txn_activity_score,\n    b.mf_investment + b.fd_amount AS total_investments,\n    b.card_limit > 0e0 AS has_credit_card,\n    b.monthly_emi > 0e0 AS has_loan,\n    (b.mf_investment > 0e0 OR b.fd_amount > 0e0) AS has_investments,\n    (b.card_delinquency_12m > 0e0 OR b.loan_overdue > 0e0) AS risk_flag\n  FROM c360_base b\n),\n",
    );
    w.push_str(
        "c360_features2 AS (\n  SELECT f.*,\n    2e0 * f.high_credit_util + 3e0 * f.card_delinquency_12m + 3e0 * f.loan_overdue AS risk_score,\n    CASE WHEN f.has_credit_card THEN 1e0 ELSE 0e0 END + CASE WHEN f.has_loan THEN 1e0 ELSE 0e0 END + CASE WHEN f.has_investments THEN 1e0 ELSE 0e0 END AS product_count,\n    CASE WHEN f.total_investments <= 5e4 THEN 'Low' WHEN f.total_investments <= 2e5 THEN 'Medium' ELSE 'High' END AS wealth_tier\n  FROM c360_features f\n),\n",
    );

    // Scaled inputs, squared distances to every centre (summed in input order), the nearest.
    w.push_str("c360_scaled AS (\n  SELECT g.*");
    for (j, name) in model.inputs.iter().enumerate() {
        let _ = write!(
            w,
            ",\n    (g.{name} - {}) / {} AS z{j}",
            num(model.mean[j]),
            num(model.scale[j])
        );
    }
    w.push_str("\n  FROM c360_features2 g\n),\n");
    w.push_str("c360_distances AS (\n  SELECT s.*");
    for (k, seg) in model.segments.iter().enumerate() {
        let terms: Vec<String> = seg
            .centroid
            .iter()
            .enumerate()
            .map(|(j, c)| format!("(s.z{j} - {c}) * (s.z{j} - {c})", c = num(*c)))
            .collect();
        let _ = write!(w, ",\n    {} AS d{k}", terms.join(" + "));
    }
    w.push_str("\n  FROM c360_scaled s\n),\n");
    let k = model.segments.len();
    let mut nearest = String::from("CASE WHEN d0 IS NULL THEN NULL");
    for i in 0..k {
        let later: Vec<String> = (i + 1..k).map(|j| format!("d{i} <= d{j}")).collect();
        if later.is_empty() {
            let _ = write!(nearest, " ELSE {i}");
        } else {
            let _ = write!(nearest, " WHEN {} THEN {i}", later.join(" AND "));
        }
    }
    nearest.push_str(" END");
    let _ = writeln!(
        w,
        "c360_nearest AS (\n  SELECT t.*, {nearest} AS segment_index\n  FROM c360_distances t\n),"
    );
    let by_segment = |f: &dyn Fn(&super::model::ModelSegment) -> &str| {
        let mut s = String::from("CASE segment_index");
        for (i, seg) in model.segments.iter().enumerate() {
            let _ = write!(s, " WHEN {i} THEN {}", text(d, f(seg)));
        }
        s.push_str(" END");
        s
    };
    let _ = writeln!(
        w,
        "c360_subject AS (\n  SELECT n.*,\n    {} AS segment_name,\n    {} AS persona\n  FROM c360_nearest n\n),",
        by_segment(&|s| &s.name),
        by_segment(&|s| &s.persona)
    );

    let decision = Decision { p, d };
    let (offer, reason, value) = match p.arbitration {
        // The first rule that applies and whose offer is open; a suitability rule that fires
        // replaces a blocked offer with the rule's safe offer, when that one is open and not
        // blocked.
        Arbitration::SegmentRules => {
            let _ = writeln!(
                w,
                "c360_decision AS (\n  SELECT u.*,\n    {} AS rule_index{}\n  FROM c360_subject u\n)",
                decision.rule_index(),
                decision.blockers()
            );
            decision.outcome()
        }
        // Every offer some firing rule makes or keeps, open to the customer, ranked by take-up ×
        // revenue × weight; the best not stopped by a suitability rule when the first is.
        Arbitration::PropensityRanked => {
            propensity_ctes(w, model);
            decision.ranked_ctes(w);
            decision.ranked_outcome()
        }
    };
    let _ = writeln!(
        w,
        "SELECT customer_id,\n  segment_name AS segment,\n  CASE WHEN segment_index IS NULL THEN NULL ELSE {offer} END AS offer,\n  CASE WHEN segment_index IS NULL THEN NULL ELSE {reason} END AS reason,\n  CASE WHEN segment_index IS NULL THEN NULL ELSE {value} END AS expected_value\nFROM c360_decision"
    );
    Ok(q)
}

/// The policy's "Segment rules" as SQL expressions.
struct Decision<'a> {
    p: &'a Policy,
    d: Dialect,
}

impl Decision<'_> {
    /// The offer `o` is switched on and open to the customer.
    fn open(&self, o: usize) -> String {
        let spec = &self.p.offers[o];
        if !spec.enabled {
            return "FALSE".into();
        }
        all(self.d, &spec.eligibility)
    }

    /// The rules that can choose an offer: (rule, offer).
    fn rules(&self) -> Vec<(usize, usize)> {
        self.p
            .rules
            .iter()
            .enumerate()
            .filter_map(|(ri, r)| self.p.offer_index(&r.offer).map(|o| (ri, o)))
            .collect()
    }

    /// The index of the rule that chooses, -1 for none.
    fn rule_index(&self) -> String {
        let mut s = String::from("CASE");
        for (ri, o) in self.rules() {
            let r = &self.p.rules[ri];
            let _ = write!(
                s,
                "\n      WHEN {} AND {} AND {} THEN {ri}",
                all(self.d, &r.applies_to),
                all(self.d, &r.when),
                self.open(o)
            );
        }
        s.push_str("\n      ELSE -1 END");
        s
    }

    /// Suitability rule `si` fires.
    fn fires(&self, si: usize) -> String {
        let r = &self.p.suitability[si];
        if !r.enabled {
            return "FALSE".into();
        }
        match r.combine {
            Match::All => all(self.d, &r.when),
            Match::Any if r.when.is_empty() => "FALSE".into(),
            Match::Any => r
                .when
                .iter()
                .map(|c| condition(self.d, c))
                .collect::<Vec<_>>()
                .join(" OR "),
        }
    }

    /// The suitability rules that may block offer `o`, in order.
    fn blocking(&self, o: usize) -> Vec<usize> {
        let spec = &self.p.offers[o];
        (0..self.p.suitability.len())
            .filter(|&si| self.p.suitability[si].enabled && self.p.suitability[si].blocks(spec))
            .collect()
    }

    /// One `blocked_<o>` column per offer a rule makes or keeps: the first suitability rule that
    /// fires and blocks it, -1 for none.
    fn blockers(&self) -> String {
        let mut s = String::new();
        for o in 0..self.p.offers.len() {
            let blocking = self.blocking(o);
            let mut e = String::from(if blocking.is_empty() { "-1" } else { "CASE" });
            for &si in &blocking {
                let _ = write!(e, " WHEN {} THEN {si}", self.fires(si));
            }
            if !blocking.is_empty() {
                e.push_str(" ELSE -1 END");
            }
            let _ = write!(s, ",\n    {e} AS blocked_{o}");
        }
        s
    }

    /// The text of the suitability rule `si`'s conditions that held, joined by " and ".
    fn held(&self, si: usize) -> String {
        let r = &self.p.suitability[si];
        let parts: Vec<String> = r
            .when
            .iter()
            .map(|c| {
                format!(
                    "CASE WHEN {} THEN {} ELSE '' END",
                    condition(self.d, c),
                    text(self.d, &format!(" and {}", c.text()))
                )
            })
            .collect();
        if parts.is_empty() {
            return "''".into();
        }
        format!("SUBSTR({}, 6)", parts.join(" || "))
    }

    /// (offer, reason, expected value) as CASE expressions over `rule_index` and the blockers.
    fn outcome(&self) -> (String, String, String) {
        let d = self.d;
        let name = |o: usize| text(d, &self.p.offers[o].name);
        let value = |o: usize| num(self.p.offers[o].expected_revenue());
        let (mut offer, mut reason, mut val) = (
            String::from("CASE"),
            String::from("CASE"),
            String::from("CASE"),
        );
        for (ri, o) in self.rules() {
            let r = &self.p.rules[ri];
            let why = if r.when.is_empty() {
                "segment_name || ': default offer'".to_string()
            } else {
                let why: Vec<String> = r.when.iter().map(Condition::text).collect();
                format!(
                    "segment_name || {}",
                    text(d, &format!(", {}", why.join(", ")))
                )
            };
            let when = format!("rule_index = {ri} AND blocked_{o} = -1");
            let _ = write!(offer, "\n    WHEN {when} THEN {}", name(o));
            let _ = write!(reason, "\n    WHEN {when} THEN {why}");
            let _ = write!(val, "\n    WHEN {when} THEN {}", value(o));
            let safe = r.safe_offer.as_deref().and_then(|s| self.p.offer_index(s));
            let safe_ok = match safe {
                Some(s) => format!("({} AND blocked_{s} = -1)", self.open(s)),
                None => "FALSE".into(),
            };
            for si in self.blocking(o) {
                let rule = &self.p.suitability[si];
                let when = format!("rule_index = {ri} AND blocked_{o} = {si}");
                let moved = format!(
                    "{why} || {} || {} || {}",
                    text(
                        d,
                        &format!(" → would be {}, but {}: ", self.p.offers[o].name, rule.name)
                    ),
                    self.held(si),
                    text(d, &format!("; {}", rule.blocks.text()))
                );
                let _ = write!(
                    reason,
                    "\n    WHEN {when} THEN {moved} || CASE WHEN {safe_ok} THEN '' ELSE ', and no safe offer is open' END"
                );
                if let Some(s) = safe {
                    let _ = write!(offer, "\n    WHEN {when} AND {safe_ok} THEN {}", name(s));
                    let _ = write!(val, "\n    WHEN {when} AND {safe_ok} THEN {}", value(s));
                }
            }
        }
        offer.push_str("\n    ELSE NULL END");
        reason.push_str(
            "\n    WHEN rule_index = -1 THEN segment_name || ': no rule applies' ELSE NULL END",
        );
        val.push_str("\n    ELSE 0e0 END");
        (offer, reason, val)
    }
}

/// `c360_propensity`: every product's probability (the logistic models, in the core's order of
/// operations) and its lift over the base rate.
fn propensity_ctes(w: &mut String, model: &Model) {
    w.push_str("c360_logit AS (\n  SELECT u.*");
    for (k, m) in model.propensity.iter().enumerate() {
        let l = &m.model;
        let terms: Vec<String> = l
            .inputs
            .iter()
            .enumerate()
            .map(|(j, f)| {
                format!(
                    "{} * ({} - {}) / {}",
                    num(l.coef[j]),
                    f.name(),
                    num(l.mean[j]),
                    num(l.scale[j])
                )
            })
            .collect();
        let sum = if terms.is_empty() {
            "0e0".to_string()
        } else {
            terms.join(" + ")
        };
        let _ = write!(w, ",\n    {} + ({sum}) AS logit{k}", num(l.intercept));
    }
    w.push_str("\n  FROM c360_subject u\n),\nc360_propensity AS (\n  SELECT g.*");
    for (k, m) in model.propensity.iter().enumerate() {
        let p = format!(
            "CASE WHEN g.logit{k} >= 0e0 THEN 1e0 / (1e0 + EXP(-g.logit{k})) ELSE EXP(g.logit{k}) / (1e0 + EXP(g.logit{k})) END"
        );
        let lift = if m.base_rate <= 0.0 {
            "1e0".to_string()
        } else {
            format!("{p} / {}", num(m.base_rate))
        };
        let _ = write!(w, ",\n    {lift} AS lift{k}");
    }
    w.push_str("\n  FROM c360_logit g\n),\n");
}

/// `digits` (the text of a non-negative integer) grouped the Indian way: 12,34,567.
fn indian(digits: &str) -> String {
    let mut s = format!("CASE WHEN LENGTH({digits}) <= 3 THEN {digits}");
    for len in 4..=19usize {
        // The group sizes of a number of `len` digits, from group_indian itself.
        let grouped = group_indian(10u64.pow(len as u32 - 1));
        let mut start = 1;
        let parts: Vec<String> = grouped
            .split(',')
            .map(|g| {
                let part = format!("SUBSTR({digits}, {start}, {})", g.len());
                start += g.len();
                part
            })
            .collect();
        let _ = write!(
            s,
            " WHEN LENGTH({digits}) = {len} THEN {}",
            parts.join(" || ',' || ")
        );
    }
    s.push_str(" END");
    s
}

impl Decision<'_> {
    /// The offers rule `ri` makes or keeps.
    fn rule_offers(&self, ri: usize) -> [Option<usize>; 2] {
        let r = &self.p.rules[ri];
        [
            self.p.offer_index(&r.offer),
            r.safe_offer.as_deref().and_then(|s| self.p.offer_index(s)),
        ]
    }

    /// The first rule that fires and makes or keeps offer `o`, as a CASE (-1 for none).
    fn candidate(&self, o: usize) -> String {
        let rules: Vec<usize> = (0..self.p.rules.len())
            .filter(|&ri| self.rule_offers(ri).contains(&Some(o)))
            .collect();
        if rules.is_empty() {
            return "FALSE".into();
        }
        let fired: Vec<String> = rules.iter().map(|ri| format!("fired{ri}")).collect();
        format!("({}) AND ({})", fired.join(" OR "), self.open(o))
    }

    /// `c360_rules` (which rules fire, which suitability rules stop) and `c360_ranked` (each
    /// offer's take-up, value and priority; the best, and the best not stopped).
    fn ranked_ctes(&self, w: &mut String) {
        let (p, d) = (self.p, self.d);
        w.push_str("c360_rules AS (\n  SELECT q.*");
        for (ri, r) in p.rules.iter().enumerate() {
            let _ = write!(
                w,
                ",\n    {} AND {} AS fired{ri}",
                all(d, &r.applies_to),
                all(d, &r.when)
            );
        }
        for si in 0..p.suitability.len() {
            let _ = write!(w, ",\n    {} AS stop{si}", self.fires(si));
        }
        w.push_str(&self.blockers());
        w.push_str("\n  FROM c360_propensity q\n),\nc360_offers AS (\n  SELECT r.*");
        for (o, spec) in p.offers.iter().enumerate() {
            let take_up = match owned_of(spec.product) {
                Some(product) => {
                    let k = Owned::ALL.iter().position(|x| *x == product).unwrap_or(0);
                    format!(
                        "LEAST(GREATEST({} * lift{k}, 0e0), 1e0)",
                        num(spec.conversion)
                    )
                }
                None => num(spec.conversion.clamp(0.0, 1.0)),
            };
            let stopped: Vec<String> = self
                .blocking(o)
                .iter()
                .map(|si| format!("stop{si}"))
                .collect();
            let ok = if stopped.is_empty() {
                "TRUE".to_string()
            } else {
                format!("NOT ({})", stopped.join(" OR "))
            };
            let _ = write!(
                w,
                ",\n    {} AS candidate{o},\n    {ok} AS unstopped{o},\n    {take_up} AS take_up{o}",
                self.candidate(o)
            );
        }
        w.push_str("\n  FROM c360_rules r\n),\nc360_values AS (\n  SELECT v.*");
        for (o, spec) in p.offers.iter().enumerate() {
            let _ = write!(
                w,
                ",\n    v.take_up{o} * {} AS value{o},\n    v.take_up{o} * {} * {} AS priority{o}",
                num(spec.revenue),
                num(spec.revenue),
                num(spec.weight)
            );
        }
        // The figures the reason quotes, as text: take-up in % to one decimal, the priority in
        // whole rupees grouped the Indian way.
        w.push_str("\n  FROM c360_offers v\n),\nc360_digits AS (\n  SELECT x.*");
        for o in 0..p.offers.len() {
            let _ = write!(
                w,
                ",\n    {} AS take_up_pct{o},\n    {} AS priority_digits{o}",
                d.one_decimal(&format!("x.take_up{o} * 1e2")),
                d.integer_text(&format!("GREATEST(ROUND(x.priority{o}), 0e0)"))
            );
        }
        w.push_str("\n  FROM c360_values x\n),\nc360_texts AS (\n  SELECT y.*");
        for o in 0..p.offers.len() {
            let _ = write!(
                w,
                ",\n    {} AS priority_inr{o}",
                indian(&format!("y.priority_digits{o}"))
            );
        }
        w.push_str("\n  FROM c360_digits y\n),\n");
        let n = p.offers.len();
        let best = |extra: &dyn Fn(usize) -> String| {
            let mut s = String::from("CASE");
            for o in 0..n {
                let mut conds = vec![format!("candidate{o}"), extra(o)];
                for later in o + 1..n {
                    conds.push(format!(
                        "(NOT (candidate{later} AND {}) OR priority{o} >= priority{later})",
                        extra(later)
                    ));
                }
                let _ = write!(s, " WHEN {} THEN {o}", conds.join(" AND "));
            }
            s.push_str(" ELSE -1 END");
            s
        };
        let _ = writeln!(
            w,
            "c360_best AS (\n  SELECT b.*,\n    {} AS top_offer,\n    {} AS best_unstopped\n  FROM c360_texts b\n),",
            best(&|_| "TRUE".to_string()),
            best(&|o| format!("unstopped{o}"))
        );
        let mut blocker = String::from("CASE top_offer");
        for o in 0..n {
            let _ = write!(blocker, " WHEN {o} THEN blocked_{o}");
        }
        blocker.push_str(" ELSE -1 END");
        let _ = writeln!(
            w,
            "c360_decision AS (\n  SELECT t.*,\n    {blocker} AS top_blocker\n  FROM c360_best t\n)"
        );
    }

    /// "NAME HOW (take-up 12.3 % × ₹15,000 × weight 1 = ₹1,845)" for the offer in `column`.
    fn ranked_text(&self, column: &str, how: &str) -> String {
        let d = self.d;
        let mut s = format!("CASE {column}");
        for (o, spec) in self.p.offers.iter().enumerate() {
            let inr = |x: f64| format!("₹{}", group_indian(x.round().max(0.0) as u64));
            let _ = write!(
                s,
                " WHEN {o} THEN {} || take_up_pct{o} || {} || priority_inr{o} || ')'",
                text(d, &format!("{} {how} (take-up ", spec.name)),
                text(
                    d,
                    &format!(" % × {} × weight {} = ₹", inr(spec.revenue), spec.weight)
                ),
            );
        }
        s.push_str(" END");
        s
    }

    /// "would be X, but RULE: HELD; no new credit" for the top offer and its blocker.
    fn moved_text(&self) -> String {
        let d = self.d;
        let mut s = String::from("CASE");
        for (o, spec) in self.p.offers.iter().enumerate() {
            for si in self.blocking(o) {
                let rule = &self.p.suitability[si];
                let _ = write!(
                    s,
                    " WHEN top_offer = {o} AND top_blocker = {si} THEN {} || {} || {}",
                    text(d, &format!("would be {}, but {}: ", spec.name, rule.name)),
                    self.held(si),
                    text(d, &format!("; {}", rule.blocks.text()))
                );
            }
        }
        s.push_str(" END");
        s
    }

    /// (offer, reason, expected value) under "Propensity ranked".
    fn ranked_outcome(&self) -> (String, String, String) {
        let d = self.d;
        let by = |column: &str, f: &dyn Fn(usize) -> String| {
            let mut s = format!("CASE {column}");
            for o in 0..self.p.offers.len() {
                let _ = write!(s, " WHEN {o} THEN {}", f(o));
            }
            s.push_str(" END");
            s
        };
        let name = |o: usize| text(d, &self.p.offers[o].name);
        let value = |o: usize| format!("value{o}");
        let offer = format!(
            "CASE WHEN top_offer = -1 THEN NULL WHEN top_blocker = -1 THEN {} WHEN best_unstopped >= 0 THEN {} ELSE NULL END",
            by("top_offer", &name),
            by("best_unstopped", &name)
        );
        let val = format!(
            "CASE WHEN top_offer = -1 THEN 0e0 WHEN top_blocker = -1 THEN {} WHEN best_unstopped >= 0 THEN {} ELSE 0e0 END",
            by("top_offer", &value),
            by("best_unstopped", &value)
        );
        let reason = format!(
            "CASE WHEN top_offer = -1 THEN segment_name || ': no rule applies'\n    WHEN top_blocker = -1 THEN segment_name || ': ' || {}\n    WHEN best_unstopped >= 0 THEN segment_name || ': ' || {} || '; ' || {}\n    ELSE segment_name || ': ' || {} || ', and no other offer is open' END",
            self.ranked_text("top_offer", "ranks first"),
            self.moved_text(),
            self.ranked_text("best_unstopped", "is the best offer left"),
            self.moved_text()
        );
        (offer, reason, val)
    }
}
