//! One customer, seen whole: profile, holdings, and the recommended offer with its reason.

use leptos::prelude::*;

use crate::app::explain::{OfferRow, compare_offers, expected_revenue_sum};
use crate::app::format;
use crate::app::jobs::Offered;
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;

/// One customer's figures, formatted for display.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerProfile {
    pub id: String,
    /// (label, value) pairs: age, income, balance, segment, products, risk score…
    pub profile: Vec<(&'static str, String)>,
    /// (product, held?, details).
    pub holdings: Vec<(&'static str, bool, String)>,
    pub segment: String,
    pub segment_color: String,
    pub offer: String,
    pub reason: String,
    pub expected_revenue: String,
    /// How the expected revenue was worked out: "7.0 % × ₹12,000 = ₹840".
    pub expected_sum: Option<String>,
    /// Every offer compared: the best three with their numbers, the others with why not.
    pub offers: Vec<OfferRow>,
    pub guarded: bool,
    /// False when the current filters hide this customer from the other views.
    pub passes_filter: bool,
}

impl CustomerProfile {
    /// The profile of customer `i` of the analysis.
    pub fn of(a: &Offered, i: usize, passes_filter: bool) -> Self {
        let c = &a.rows()[i];
        let f = &a.features()[i];
        let seg = &a.segments()[a.labels()[i]];
        let o = &a.offers[i];
        let yes_no = |b: bool| if b { "Yes" } else { "No" };
        let card = if c.has_credit_card {
            format!(
                "Limit {} · utilization {}{}",
                format::inr(c.card_limit),
                format::percent(c.utilization_ratio, 0),
                if c.delinquency_12m > 0.0 {
                    " · delinquent in the last 12 months"
                } else {
                    ""
                }
            )
        } else {
            "No card".to_string()
        };
        let loan = if c.has_loan {
            format!(
                "{} loan · EMI {}/month{}",
                c.loan_type.map(|t| t.label()).unwrap_or("—"),
                format::inr(c.monthly_emi),
                if c.overdue_flag > 0.0 {
                    " · overdue"
                } else {
                    ""
                }
            )
        } else {
            "No loan".to_string()
        };
        let invest = if c.has_investments {
            format!(
                "Mutual funds {} · FD {} · insurance {}",
                format::inr(c.mf_investment),
                format::inr(c.fd_amount),
                yes_no(c.insurance_policy > 0.0)
            )
        } else {
            "No investments".to_string()
        };
        Self {
            id: c.customer_id.to_string(),
            profile: vec![
                ("Age", format!("{:.0}", c.age)),
                ("Income", format!("{} a year", format::inr(c.income))),
                ("Avg balance", format::inr(c.avg_balance)),
                ("Products", format!("{:.0} of 3", f.product_count)),
                ("Risk score", format!("{:.0}", f.risk_score)),
                ("Occupation", c.occupation.label().to_string()),
                ("City", c.city.clone()),
                ("Tenure", plural(c.tenure_years, "year")),
            ],
            holdings: vec![
                ("Credit card", c.has_credit_card, card),
                ("Loan", c.has_loan, loan),
                ("Investments", c.has_investments, invest),
            ],
            segment: seg.name.to_string(),
            segment_color: crate::ui::charts::theme::css_hex(
                crate::ui::charts::theme::segment_color(
                    &a.segmented.segmentation.segments,
                    seg.cluster,
                ),
            ),
            offer: a.view().offer_name(i).to_string(),
            reason: o.reason.clone(),
            expected_revenue: format::inr(o.expected_revenue),
            expected_sum: expected_revenue_sum(a, i),
            offers: compare_offers(a, i),
            guarded: o.guarded(),
            passes_filter,
        }
    }
}

/// "1 year", "12 years".
fn plural(n: f64, unit: &str) -> String {
    let n = n.round();
    if n == 1.0 {
        format!("1 {unit}")
    } else {
        format!("{n:.0} {unit}s")
    }
}

/// What the lookup found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found(Box<CustomerProfile>),
    /// The id that was not found.
    NotFound(String),
    Empty,
}

/// The card for the looked-up customer, or "No customer with ID …" (nothing before the first
/// lookup).
#[component]
pub fn CustomerCard() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let found = Memo::new(move |_| {
        let id = state.lookup.get()?;
        if id.is_empty() {
            return Some(Lookup::Empty);
        }
        results.fitted.with(Option::is_some).then_some(())?;
        let Some(i) = results.looked_up.get() else {
            return Some(Lookup::NotFound(id));
        };
        results.analysis.with(|a| {
            a.as_ref().map(|a| {
                let passes = results.filter.with(|flt| a.view().passes(flt, i));
                Lookup::Found(Box::new(CustomerProfile::of(a, i, passes)))
            })
        })
    });
    move || {
        match found.get() {
        None => ().into_any(),
        Some(Lookup::Empty) => view! { <p class="lookup-message" role="status">"Enter a customer ID, then press Enter."</p> }.into_any(),
        Some(Lookup::NotFound(id)) => {
            let hint = if state.is_imported() {
                " — IDs are the customer_id values of your customers file, matched exactly (case included)."
                    .to_string()
            } else {
                let n = results.analysis.with(|a| a.as_ref().map_or(0, |a| a.rows().len()));
                format!(" — synthetic IDs run from 1 to {}.", format::count(n))
            };
            view! {
                <p class="lookup-message not-found" role="status" data-testid="lookup-result">
                    {format!("No customer with ID {id}")}
                    <span class="field-help">{hint}</span>
                </p>
            }
        }
        .into_any(),
        Some(Lookup::Found(p)) => profile_view(*p).into_any(),
    }
    }
}

fn profile_view(p: CustomerProfile) -> impl IntoView {
    view! {
        <article class="customer" data-testid="lookup-result" aria-label=format!("Customer {}", p.id)>
            <header class="customer-head">
                <h3>{format!("Customer {}", p.id)}</h3>
                <span class="badge" style:border-color=p.segment_color.clone() style:color=p.segment_color.clone()>{p.segment.clone()}</span>
                {(!p.passes_filter).then(|| view! { <span class="field-help">"Outside the current filters"</span> })}
            </header>
            <div class="customer-grid">
                <div>
                    <h4>"Profile"</h4>
                    <dl class="facts">
                        <dt>"Segment"</dt>
                        <dd>{p.segment.clone()}</dd>
                        {p.profile.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                </div>
                <div>
                    <h4>"Holdings"</h4>
                    <ul class="holdings">
                        {p.holdings
                            .into_iter()
                            .map(|(name, held, detail)| {
                                view! {
                                    <li class:held=held>
                                        <span class="holding-name">{name}</span>
                                        <span class="holding-detail">{detail}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
                <div class="offer-box">
                    <h4>"Recommended offer"</h4>
                    <p class="offer-name">{p.offer}</p>
                    <p class="offer-reason">{p.reason}</p>
                    <p class="offer-revenue" data-testid="expected-sum">
                        {match p.expected_sum {
                            Some(sum) => format!("Expected revenue {sum}"),
                            None => format!("Expected revenue {}", p.expected_revenue),
                        }}
                    </p>
                    {p.guarded.then(|| view! { <p class="guard-note">"Guardrail applied: no new credit offered."</p> })}
                </div>
            </div>
            <OffersCompared rows=p.offers/>
        </article>
    }
}

/// Every offer for the customer: the best three open to them with their numbers, then why not
/// for the others.
#[component]
fn OffersCompared(rows: Vec<OfferRow>) -> impl IntoView {
    view! {
        <p class="compare-note">"Every offer for this customer: take-up is the offer's conversion rate scaled by the customer's propensity for the product (deposits and insurance have no propensity model: their rate as it is); priority is value × the offer's weight."</p>
        <div class="table-wrap offers-compared" role="region" aria-label="Every offer for this customer" tabindex="0">
            <table class="data-table" data-testid="offers-compared" aria-label="Every offer for this customer">
                <thead>
                    <tr>
                        <th scope="col" class="narrow-hide">"#"</th>
                        <th scope="col">"Offer"</th>
                        <th scope="col" class="num">"Take-up"</th>
                        <th scope="col" class="num">"Expected value"</th>
                        <th scope="col" class="num narrow-hide">"Priority"</th>
                        <th scope="col">"Made, or why not"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr class:made=r.made class:top=r.rank.is_some()>
                            <td class="narrow-hide">{r.rank.map(|n| n.to_string()).unwrap_or_default()}</td>
                            <th scope="row">{r.offer}</th>
                            <td class="num">{r.take_up}</td>
                            <td class="num">{r.value}</td>
                            <td class="num narrow-hide">{r.priority}</td>
                            <td>{r.standing}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
