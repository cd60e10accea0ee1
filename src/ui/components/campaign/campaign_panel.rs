//! The campaign plan. Opened on demand: the propensity models are fitted the first time it is
//! opened (and again when the data changes); every lever re-plans without refitting.

use crate::web::canvas::Canvas;
use leptos::prelude::*;

use crate::app::format;
use crate::app::jobs::{self, CONTACTS_FILE_NAME};
use crate::app::policy_edit::{parse_amount, parse_number, percent_text};
use crate::app::shared::Shared;
use crate::core::plan::PlanTotals;
use crate::core::propensity::Propensities;
use crate::ui::charts::gains::{GainsCurve, GainsData, draw_gains};
use crate::ui::components::{ChartCard, DataTable, PolicyField, apply_edit};
use crate::ui::results::use_results;
use crate::ui::state::use_app_state;
use crate::web::save::save_file;

/// The panel.
#[component]
pub fn CampaignPanel() -> impl IntoView {
    let state = use_app_state();
    let results = use_results();
    let activated = RwSignal::new(false);
    let propensity: Memo<Option<Shared<Propensities>>> = Memo::new(move |_| {
        if !activated.get() {
            return None;
        }
        let f = results.fitted.get()?;
        Some(Shared(std::sync::Arc::clone(&f.propensity)))
    });
    let campaign = Memo::new(move |_| {
        let p = propensity.get()?;
        let a = results.analysis.get()?;
        Some(Shared::new(jobs::plan_campaign(&a, &p)))
    });
    let gains = Memo::new(move |_| {
        campaign.with(|c| {
            c.as_ref().map(|c| GainsData {
                curves: vec![
                    GainsCurve::of("This policy", &c.plan),
                    GainsCurve::of("Default policy", &c.default_plan),
                ],
            })
        })
    });
    let totals_rows = move || {
        campaign.with(|c| {
            let Some(c) = c else { return vec![] };
            let (a, b) = (&c.plan.totals, &c.default_plan.totals);
            let row =
                |name: &str, f: &dyn Fn(&PlanTotals) -> String| vec![name.to_string(), f(a), f(b)];
            vec![
                row("Customers contacted", &|t| format::count(t.contacts)),
                row("Held out (control group)", &|t| format::count(t.holdout)),
                row("Expected conversions", &|t| {
                    format!("{:.1}", t.expected_conversions)
                }),
                row("Expected revenue", &|t| format::inr(t.expected_revenue)),
                row("Contact cost", &|t| format::inr(t.cost)),
                row("Expected net value", &|t| format::inr(t.net)),
                row("Net per ₹1 of cost", &|t| {
                    format!("₹{:.2}", t.return_on_cost)
                }),
            ]
        })
    };
    let model_rows = move || {
        propensity.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.models
                        .iter()
                        .map(|m| {
                            let deciles =
                                |f: &dyn Fn(&crate::core::propensity::CalibrationBin) -> f64| {
                                    m.calibration
                                        .iter()
                                        .map(|b| format!("{:.0}", f(b) * 100.0))
                                        .collect::<Vec<_>>()
                                        .join(" · ")
                                };
                            vec![
                                m.product.name().replace('_', " "),
                                m.auc.map_or("—".into(), |a| format!("{a:.3}")),
                                format::percent(m.base_rate, 1),
                                deciles(&|b| b.predicted),
                                deciles(&|b| b.observed),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    // Said when the quality is measured on a sample (above `CV_SAMPLE` customers).
    let validation_note = move || {
        propensity.with(|p| {
            let p = p.as_ref()?;
            let (all, on) = (p.scores.len(), p.models.first()?.validated_on);
            (on > 0 && on < all).then(|| {
                format!(
                    "AUC and deciles cross-validated on a seeded sample of {} of the {} customers; \
                     the models themselves are fitted on every customer.",
                    format::count(on),
                    format::count(all)
                )
            })
        })
    };
    let gains_label = move || {
        campaign.with(|c| match c {
            Some(c) => format!(
                "this policy reaches {} expected net value over {} contacts; the default policy {} over {}",
                format::inr(c.plan.totals.net),
                format::count(c.plan.totals.contacts),
                format::inr(c.default_plan.totals.net),
                format::count(c.default_plan.totals.contacts)
            ),
            None => "loading".into(),
        })
    };
    let download = move |_| {
        let (Some(a), Some(c)) = (results.analysis.get_untracked(), campaign.get_untracked())
        else {
            return;
        };
        if let Err(e) = jobs::contacts_zip(&a, &c)
            .and_then(|zip| save_file(&zip, CONTACTS_FILE_NAME, crate::web::save::ZIP_MIME))
        {
            state.notice.set(Some(e));
        }
    };
    let plan = move || state.policy.with(|p| p.plan.clone());
    let commit_budget = move |t: String| -> Result<(), String> {
        let budget = if t.trim().is_empty() {
            None
        } else {
            Some(parse_amount(&t)?)
        };
        apply_edit(state, |p| p.plan.budget = budget)
    };
    let commit_holdout = move |t: String| -> Result<(), String> {
        let x = parse_number(&t.replace('%', ""))?;
        if !(0.0..=50.0).contains(&x) {
            return Err(format!("{x} % is outside 0–50 %"));
        }
        apply_edit(state, |p| p.plan.holdout = x / 100.0)
    };
    let capacity_row = move |i: usize| {
        let offer = move || {
            state
                .policy
                .with(|p| p.offers.get(i).map(|o| (o.id.clone(), o.name.clone())))
        };
        let value = move || {
            offer()
                .and_then(|(id, _)| state.policy.with(|p| p.plan.capacity.get(&id).copied()))
                .map(|n| n.to_string())
                .unwrap_or_default()
        };
        let commit = move |t: String| -> Result<(), String> {
            let Some((id, _)) = offer() else {
                return Ok(());
            };
            let cap = if t.trim().is_empty() {
                None
            } else {
                let x = parse_number(&t)?;
                if x < 0.0 || x.fract() != 0.0 {
                    return Err(format!("{x} is not a whole number of contacts"));
                }
                Some(x as usize)
            };
            apply_edit(state, |p| match cap {
                Some(n) => {
                    p.plan.capacity.insert(id, n);
                }
                None => {
                    p.plan.capacity.remove(&id);
                }
            })
        };
        view! {
            <PolicyField
                label=offer().map(|(_, n)| format!("{n}: most contacts")).unwrap_or_default()
                numeric=true value=Signal::derive(value) commit=commit/>
        }
    };
    let offer_count = move || state.policy.with(|p| p.offers.len());
    view! {
        <section class="panel campaign-panel" aria-labelledby="campaign-title" data-testid="campaign-panel">
            <details on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if open { activated.set(true); }
            }>
                <summary><h2 id="campaign-title" class="panel-title inline-title">"Campaign plan"</h2>
                    <span class="field-help">" — who to contact under a budget, with a control group, beside the default policy"</span>
                </summary>
                <Show when=move || activated.get()>
                <p class="field-help">
                    "Each customer's take-up is their offer's conversion rate times their propensity for the "
                    "offer's product (learned from who holds it); customers are chosen by expected net value "
                    "per rupee of contact cost, at most one contact each, until the budget or an offer's "
                    "capacity runs out. Blank means no limit."
                </p>
                <div class="plan-levers">
                    <PolicyField label="Budget (total contact cost), ₹".to_string() numeric=true
                        value=Signal::derive(move || plan().budget.map(format::number).unwrap_or_default())
                        commit=commit_budget/>
                    <PolicyField label="Holdout (control group), %".to_string() numeric=true
                        value=Signal::derive(move || percent_text(plan().holdout))
                        commit=commit_holdout/>
                </div>
                <details class="capacity">
                    <summary>"Capacity per offer"</summary>
                    <div class="plan-levers">
                        <For each=move || 0..offer_count() key=|i| *i children=capacity_row/>
                    </div>
                </details>
                <div class="toolbar">
                    <button type="button" class="button primary" on:click=download
                        disabled=move || campaign.with(Option::is_none)>"Download contact list"</button>
                    <span class="field-help">"contacts.csv and the policy file, in one ZIP"</span>
                </div>
                <div data-testid="plan-totals">
                    <DataTable headers=vec!["", "This policy", "Default policy"] rows=Signal::derive(totals_rows)/>
                </div>
                <ChartCard
                    title="Gains: expected net value by customers contacted"
                    label=Signal::derive(gains_label)
                    data=gains
                    draw={draw_gains::<Canvas>}
                >
                    <p class="field-help">"The curves' end points are the totals above."</p>
                </ChartCard>
                <h3 class="subhead">"Propensity models (five-fold cross-validated)"</h3>
                <DataTable
                    headers=vec!["Product", "AUC", "Customers holding", "Predicted by decile, %", "Holding by decile, %"]
                    rows=Signal::derive(model_rows)
                />
                <p class="field-help">
                    "AUC 0.5 is a coin toss, 1 a perfect ranking. A well-calibrated model's predicted and "
                    "observed shares match decile by decile."
                </p>
                {move || validation_note().map(|note| view! {
                    <p class="field-help" data-testid="validation-sample">{note}</p>
                })}
                </Show>
            </details>
        </section>
    }
}
