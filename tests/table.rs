//! The customer table's search and sort against a brute force: every column, both directions,
//! with a search and a filter, on synthetic customers whose ids are also rewritten as text.

use c360::core::pipeline::{AnalysisParams, analyze};
use c360::core::policy::Policy;
use c360::core::summary::{Filter, Has};
use c360::core::synth::{DataProfile, SynthParams, synthesize};
use c360::core::table::{Column, table_order, table_rows, table_rows_in};

/// The value a column shows for customer `i`, as a sortable key: numbers first, then text.
fn key(a: &c360::core::view::AnalysedView<'_>, i: usize, c: Column) -> (f64, String) {
    let s = &a.segmented;
    let r = &s.rows[i];
    match c {
        Column::Id => match r.customer_id.parse::<u64>() {
            Ok(n) => (n as f64, String::new()),
            Err(_) => (f64::INFINITY, r.customer_id.to_string()),
        },
        Column::Segment => (0.0, s.segments[s.labels[i]].name.clone()),
        Column::Age => (r.age, String::new()),
        Column::Income => (r.income, String::new()),
        Column::Balance => (r.avg_balance, String::new()),
        Column::Products => (
            f64::from(
                u8::from(r.has_credit_card) + u8::from(r.has_loan) + u8::from(r.has_investments),
            ),
            String::new(),
        ),
        Column::Risk => (s.features[i].risk_score, String::new()),
        Column::Offer => (0.0, a.offer_name(i).to_string()),
        Column::Expected => (a.offers[i].expected_revenue, String::new()),
    }
}

#[test]
fn search_and_sort_match_a_brute_force_on_every_column() {
    let mut ds = synthesize(
        &SynthParams {
            customers: 600,
            seed: 5,
            profile: DataProfile::Realistic,
        }
        .check()
        .unwrap(),
    );
    // A quarter of the ids as text ("C-00017"), some not ASCII ("É-00010"): numbers sort
    // first, then text.
    let rename = |id: &mut c360::core::data::CustomerId| {
        let n = id.parse::<u64>().unwrap();
        if n % 4 == 0 {
            *id = format!("C-{n:05}").into();
        } else if n % 7 == 3 {
            *id = format!("É-{n:05}").into();
        }
    };
    ds.customers
        .iter_mut()
        .for_each(|c| rename(&mut c.customer_id));
    ds.accounts
        .iter_mut()
        .for_each(|c| rename(&mut c.customer_id));
    ds.credit_cards
        .iter_mut()
        .for_each(|c| rename(&mut c.customer_id));
    ds.loans.iter_mut().for_each(|c| rename(&mut c.customer_id));
    ds.investments
        .iter_mut()
        .for_each(|c| rename(&mut c.customer_id));
    ds.transactions
        .iter_mut()
        .for_each(|c| rename(&mut c.customer_id));
    let params = AnalysisParams {
        restarts: 2,
        k_max: 4,
        ..Default::default()
    };
    let a = analyze(&ds, &params, &Policy::default()).unwrap();
    let view = a.view();
    let filter = Filter {
        products: [Has::Any, Has::No, Has::Any],
        ..Filter::default()
    };
    let filtered = view.filter(&filter);
    assert!(filtered.len() > 100 && filtered.len() < 600);
    for search in ["", "1", " c-0 ", "é-0", "É", "nothing-like-this"] {
        let needle = search.trim().to_lowercase();
        let found: Vec<usize> = filtered
            .iter()
            .copied()
            .filter(|&i| {
                view.segmented.rows[i]
                    .customer_id
                    .to_lowercase()
                    .contains(&needle)
            })
            .collect();
        for column in Column::ALL {
            for descending in [false, true] {
                let got = table_rows(&view, &filtered, search, column, descending);
                let mut want = found.clone();
                // Ties keep the filtered order in both directions.
                want.sort_by(|&x, &y| {
                    let (kx, ky) = (key(&view, x, column), key(&view, y, column));
                    let o = kx.0.total_cmp(&ky.0).then_with(|| kx.1.cmp(&ky.1));
                    if descending { o.reverse() } else { o }
                });
                assert_eq!(
                    got, want,
                    "{column:?} descending={descending} search={search:?}"
                );
                // Read from the whole analysis' order, as the page does.
                let order = table_order(&view, column, descending);
                assert_eq!(
                    table_rows_in(&view, &order, &filtered, search),
                    want,
                    "in order: {column:?} descending={descending} search={search:?}"
                );
            }
        }
    }
    // Text ids after numbers ("C-…" then "É-…"), and the searches find them.
    let by_id = table_rows(&view, &filtered, "", Column::Id, false);
    let id = |i: usize| view.segmented.rows[i].customer_id.to_string();
    let first_text = by_id
        .iter()
        .position(|&i| id(i).parse::<u64>().is_err())
        .unwrap();
    assert!(
        by_id[first_text..]
            .iter()
            .all(|&i| id(i).parse::<u64>().is_err())
    );
    assert!(id(by_id[first_text]).starts_with("C-"));
    assert!(id(*by_id.last().unwrap()).starts_with("É-"));
    assert!(!table_rows(&view, &filtered, "é-0", Column::Id, false).is_empty());
    assert!(!table_rows(&view, &filtered, "c-0", Column::Id, false).is_empty());
}

#[test]
fn a_charts_numbers_are_written_as_csv_that_opens_no_formula() {
    use c360::core::export::text_table_csv;
    let headers = vec!["Offer".to_string(), "Customers".to_string()];
    let rows = vec![
        vec!["=HYPERLINK(\"x\")".to_string(), "1,671".to_string()],
        vec!["Savings, FD".to_string(), "-3".to_string()],
    ];
    let text = String::from_utf8(text_table_csv(&headers, &rows).unwrap()).unwrap();
    assert_eq!(
        text,
        "Offer,Customers\n\"'=HYPERLINK(\"\"x\"\")\",\"1,671\"\n\"Savings, FD\",'-3\n"
    );
}
