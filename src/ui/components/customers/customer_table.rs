//! The customer table follows the filters: search by id, sort by any column (click its heading;
//! again to reverse), a page of rows at a time so it stays quick at a million customers. Each
//! row's id is a button that opens the customer's 360 panel; ↑ and ↓ move between rows.

use leptos::prelude::*;

use crate::app::format;
use std::sync::Arc;

use crate::app::jobs::Offered;
use crate::core::table::{Column, table_order, table_rows, table_rows_in};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// Rows per page the user can choose.
const PAGE_SIZES: [usize; 3] = [25, 50, 100];

/// One row as shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    cells: Vec<String>,
}

/// Every customer of an analysis in one column's order ([`table_order`]).
#[derive(Debug, Clone)]
struct Order {
    /// The analysis in force when it was last made or found still valid (held, so that its
    /// parts are not replaced by others at the same address while compared).
    analysis: Arc<Offered>,
    column: Column,
    descending: bool,
    rows: Arc<Vec<usize>>,
}

impl Order {
    /// True when this order is `analysis`'s by `column` in that direction.
    fn fits(&self, analysis: &Offered, column: Column, descending: bool) -> bool {
        self.column == column
            && self.descending == descending
            && same_values(&self.analysis, analysis, column)
    }
}

impl PartialEq for Order {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.rows, &other.rows)
    }
}

/// True when `column` shows the same values in both analyses: the same customers, and for the
/// segment, offer and expected revenue columns the same segments or offers.
fn same_values(a: &Offered, b: &Offered, column: Column) -> bool {
    let (sa, sb) = (&a.segmented, &b.segmented);
    Arc::ptr_eq(&sa.fitted.prepared, &sb.fitted.prepared)
        && match column {
            Column::Segment => Arc::ptr_eq(&sa.segmentation, &sb.segmentation),
            Column::Offer => Arc::ptr_eq(&a.offers, &b.offers) && Arc::ptr_eq(&a.policy, &b.policy),
            Column::Expected => Arc::ptr_eq(&a.offers, &b.offers),
            _ => true,
        }
}

#[component]
pub fn CustomerTable() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((Column::Id, false));
    let page = RwSignal::new(0usize);
    let page_size = RwSignal::new(PAGE_SIZES[0]);
    // Every customer in the sort's order: made again when the sort or the sorted column's
    // values change, not at every filter.
    let order = Memo::new(move |prev: Option<&Option<Order>>| {
        let (column, descending) = sort.get();
        let analysis = results.analysis.get()?.0;
        if let Some(prev) = prev
            .cloned()
            .flatten()
            .filter(|p| p.fits(&analysis, column, descending))
        {
            // The same order, now held with the analysis in force (holding the one it was made
            // from would keep that analysis' offers alive after a K or policy change).
            return Some(Order { analysis, ..prev });
        }
        let rows = Arc::new(table_order(&analysis.view(), column, descending));
        Some(Order {
            analysis,
            column,
            descending,
            rows,
        })
    });
    // The sorted, searched customers (row indices).
    let ordered = Memo::new(move |_| {
        let (column, descending) = sort.get();
        let needle = search.get();
        results.filtered.with(|f| {
            let Some(f) = f.as_ref() else {
                return Vec::new();
            };
            let view = f.analysis.view();
            order.with(|o| match o {
                Some(o) if o.fits(&f.analysis, column, descending) => {
                    table_rows_in(&view, &o.rows, &f.indices, &needle)
                }
                _ => table_rows(&view, &f.indices, &needle, column, descending),
            })
        })
    });
    // A new search, sort or filter starts at the first page.
    Effect::new(move |_| {
        ordered.track();
        page.set(0);
    });
    let pages = move || ordered.with(Vec::len).div_ceil(page_size.get()).max(1);
    let shown = Memo::new(move |_| {
        let size = page_size.get();
        let start = page.get() * size;
        results.filtered.with(|f| {
            let Some(f) = f.as_ref() else {
                return Vec::new();
            };
            let view = f.analysis.view();
            let s = &view.segmented;
            ordered.with(|o| {
                o.iter()
                    .skip(start)
                    .take(size)
                    .map(|&i| {
                        let r = &s.rows[i];
                        Row {
                            id: r.customer_id.to_string(),
                            cells: vec![
                                s.segments[s.labels[i]].name.clone(),
                                format!("{:.0}", r.age),
                                format::inr(r.income),
                                format::inr(r.avg_balance),
                                products(r),
                                format!("{:.0}", s.features[i].risk_score),
                                match view.offer_name(i) {
                                    "" => "—".to_string(),
                                    name => name.to_string(),
                                },
                                format::inr(view.offers[i].expected_revenue),
                            ],
                        }
                    })
                    .collect()
            })
        })
    });
    let heading = move |c: Column| {
        let aria = move || match sort.get() {
            (s, false) if s == c => "ascending",
            (s, true) if s == c => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (s, false) if s == c => " ▲",
            (s, true) if s == c => " ▼",
            _ => "",
        };
        let click = move |_| {
            sort.update(|(s, d)| {
                if *s == c {
                    *d = !*d;
                } else {
                    *s = c;
                    *d = c.numeric();
                }
            })
        };
        view! {
            <th scope="col" aria-sort=aria class:num=c.numeric()>
                <button type="button" class="sort" on:click=click title=format!("Sort by {}", c.label().to_lowercase())>
                    {c.label()}{arrow}
                </button>
            </th>
        }
    };
    // ↑ / ↓ on a row's button moves to the row above or below.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step: i32 = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(buttons) = doc.query_selector_all(".customer-table tbody .row-open") else {
            return;
        };
        let active = doc.active_element();
        let n = buttons.length() as i32;
        let at = (0..n).find(|&k| {
            buttons
                .item(k as u32)
                .zip(active.clone())
                .is_some_and(|(b, a)| {
                    wasm_bindgen::JsCast::unchecked_ref::<web_sys::Element>(&b) == &a
                })
        });
        if let Some(k) = at
            && let Some(next) = buttons.item((k + step).clamp(0, n - 1) as u32)
        {
            ev.prevent_default();
            let el: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(next);
            let _ = el.focus();
        }
    };
    let range = move || {
        let total = ordered.with(Vec::len);
        if total == 0 {
            return "No customers".to_string();
        }
        let size = page_size.get();
        let start = page.get() * size;
        format!(
            "Customers {}–{} of {}",
            format::count(start + 1),
            format::count((start + size).min(total)),
            format::count(total)
        )
    };
    view! {
        <section class="card customers-card" aria-labelledby="customers-title" data-testid="customer-table">
            <header class="card-head">
                <h2 id="customers-title">"Customers"</h2>
                <p class="card-note">"The customers passing the filters. Click a heading to sort, a customer ID to open their 360 view; ↑ and ↓ move between rows."</p>
            </header>
            <div class="table-tools">
                <label class="inline" for="customer-search">"Search ID"</label>
                <input
                    id="customer-search"
                    type="search"
                    autocomplete="off"
                    placeholder="part of an ID"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <span class="table-range" aria-live="polite" data-testid="table-range">{range}</span>
            </div>
            <div class="table-wrap sticky-first">
                <table class="data-table customer-table">
                    <thead>
                        <tr>{Column::ALL.into_iter().map(heading).collect_view()}</tr>
                    </thead>
                    <tbody on:keydown=on_key>
                        <For each=move || shown.get() key=|r| r.clone() let:row>
                            {
                                let id = row.id.clone();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <button
                                                type="button"
                                                class="row-open link-button"
                                                aria-label=format!("Open customer {}", row.id)
                                                on:click=move |_| state.lookup.set(Some(id.clone()))
                                            >
                                                {row.id.clone()}
                                            </button>
                                        </th>
                                        {row
                                            .cells
                                            .into_iter()
                                            .enumerate()
                                            .map(|(k, c)| view! { <td class:num=Column::ALL[k + 1].numeric()>{c}</td> })
                                            .collect_view()}
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <nav class="pager" aria-label="Pages of customers">
                <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                    "‹ Previous"
                </button>
                <span>{move || format!("Page {} of {}", format::count(page.get() + 1), format::count(pages()))}</span>
                <button
                    type="button"
                    class="button"
                    disabled=move || { page.get() + 1 >= pages() }
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next ›"
                </button>
                <label class="inline">
                    "Rows per page "
                    <select on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() {
                            page_size.set(n);
                            page.set(0);
                        }
                    }>
                        {PAGE_SIZES
                            .iter()
                            .map(|n| view! { <option value=n.to_string() selected=move || page_size.get() == *n>{n.to_string()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </nav>
        </section>
    }
}

/// "Card · Loan" for the products a customer holds, "None" without any.
fn products(r: &crate::core::c360::Customer360) -> String {
    let held: Vec<&str> = [
        (r.has_credit_card, "Card"),
        (r.has_loan, "Loan"),
        (r.has_investments, "Investments"),
    ]
    .into_iter()
    .filter_map(|(h, n)| h.then_some(n))
    .collect();
    if held.is_empty() {
        "None".into()
    } else {
        held.join(" · ")
    }
}
