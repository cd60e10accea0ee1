//! The campaign plan against a brute force on small cases, the holdout draw, and the propensity
//! model's pieces against hand computation (the scikit-learn comparison is in
//! tests/reference_check.py).

use c360::core::plan::{Contact, PlanSettings, choose, holdout_draw};
use c360::core::policy::Policy;
use c360::core::propensity::{auc, fit_logistic, fit_logistic_from};

fn contact(customer: usize, offer: usize, net: f64, cost: f64) -> Contact {
    Contact {
        customer,
        offer,
        take_up: 0.1,
        value: net + cost,
        net,
        priority: net / cost,
        holdout: false,
    }
}

/// The best total net over every subset that takes each customer at most once and keeps to
/// the budget and capacities.
fn brute_force(items: &[Contact], policy: &Policy, s: &PlanSettings) -> f64 {
    let mut best: f64 = 0.0;
    for mask in 0u32..(1 << items.len()) {
        let mut cost = 0.0;
        let mut net = 0.0;
        let mut per_offer = vec![0usize; policy.offers.len()];
        for (j, c) in items.iter().enumerate() {
            if mask & (1 << j) != 0 {
                cost += policy.offers[c.offer].cost_per_contact;
                net += c.net;
                per_offer[c.offer] += 1;
            }
        }
        let fits_cap = policy
            .offers
            .iter()
            .enumerate()
            .all(|(k, o)| s.capacity.get(&o.id).is_none_or(|&m| per_offer[k] <= m));
        if cost <= s.budget.unwrap_or(f64::INFINITY) + 1e-9 && fits_cap {
            best = best.max(net);
        }
    }
    best
}

#[test]
fn capacities_alone_give_the_best_plan() {
    let policy = Policy::default();
    // Offers 0 (cost 150) and 5 (cost 20); nets made up by hand.
    let items: Vec<Contact> = [
        (0, 500.0),
        (0, 300.0),
        (0, 100.0),
        (5, 90.0),
        (5, 60.0),
        (5, 10.0),
        (0, 250.0),
    ]
    .iter()
    .enumerate()
    .map(|(i, &(o, net))| contact(i, o, net, policy.offers[o].cost_per_contact))
    .collect();
    for (cap0, cap5) in [(1, 1), (2, 1), (0, 3), (3, 0), (10, 10)] {
        let mut s = PlanSettings {
            holdout: 0.0,
            ..PlanSettings::default()
        };
        s.capacity.insert("wealth".into(), cap0);
        s.capacity.insert("savings".into(), cap5);
        let plan = choose(items.clone(), &policy, &s);
        let best = brute_force(&items, &policy, &s);
        assert!(
            (plan.totals.net - best).abs() < 1e-9,
            "caps {cap0}/{cap5}: {} vs {best}",
            plan.totals.net
        );
    }
}

#[test]
fn a_budget_is_kept_and_the_plan_is_near_the_best() {
    let policy = Policy::default();
    let offers = [0usize, 1, 2, 3, 4, 5];
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    for case in 0..40 {
        let items: Vec<Contact> = (0..10)
            .map(|i| {
                let o = offers[(next() * 6.0) as usize % 6];
                contact(
                    i,
                    o,
                    10.0 + next() * 900.0,
                    policy.offers[o].cost_per_contact,
                )
            })
            .collect();
        let budget = 50.0 + next() * 500.0;
        let s = PlanSettings {
            budget: Some(budget),
            holdout: 0.0,
            ..PlanSettings::default()
        };
        let plan = choose(items.clone(), &policy, &s);
        assert!(
            plan.totals.cost <= budget + 1e-9,
            "case {case}: over budget"
        );
        let best = brute_force(&items, &policy, &s);
        // Best net per rupee first is within one contact's net of the optimum.
        let largest = items.iter().map(|c| c.net).fold(0.0, f64::max);
        assert!(
            plan.totals.net >= best - largest - 1e-9,
            "case {case}: {} vs {best}",
            plan.totals.net
        );
        assert!(plan.totals.net <= best + 1e-9);
    }
}

#[test]
fn the_holdout_is_seeded_and_near_its_share() {
    let ids: Vec<String> = (0..20_000).map(|i| format!("C{i:06}")).collect();
    let share = |seed| ids.iter().filter(|id| holdout_draw(id, seed) < 0.1).count();
    assert_eq!(share(42), share(42));
    let a: Vec<bool> = ids.iter().map(|id| holdout_draw(id, 42) < 0.1).collect();
    let b: Vec<bool> = ids.iter().map(|id| holdout_draw(id, 43) < 0.1).collect();
    assert_ne!(a, b, "another seed draws another group");
    let n = share(42) as f64;
    assert!((n / 20_000.0 - 0.1).abs() < 0.01, "{n}");
    // Held-out customers are kept out of the contacts and cost nothing.
    let policy = Policy::default();
    let mut items: Vec<Contact> = (0..5).map(|i| contact(i, 5, 100.0, 20.0)).collect();
    items[1].holdout = true;
    let plan = choose(items, &policy, &PlanSettings::default());
    assert_eq!(plan.totals.contacts, 4);
    assert_eq!(plan.totals.holdout, 1);
    assert!((plan.totals.cost - 80.0).abs() < 1e-9);
}

#[test]
fn auc_counts_ordered_pairs() {
    let scores = [0.1, 0.4, 0.35, 0.8, 0.4];
    let labels = [false, false, true, true, true];
    // Brute force over (positive, negative) pairs, ties half.
    let mut wins = 0.0;
    let mut pairs = 0.0;
    for (i, &p) in labels.iter().enumerate() {
        for (j, &n) in labels.iter().enumerate() {
            if p && !n {
                pairs += 1.0;
                wins += if scores[i] > scores[j] {
                    1.0
                } else if scores[i] == scores[j] {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    assert!((auc(&scores, &labels).unwrap() - wins / pairs).abs() < 1e-12);
    assert_eq!(auc(&scores, &[true; 5]), None);
}

#[test]
fn logistic_regression_reaches_its_optimum() {
    // The gradient of Σ log-loss + ‖w‖²/2 vanishes at the fit (hand-written check).
    let x = [
        0.5, -1.0, 1.5, 0.2, -0.3, 0.8, -1.2, -0.4, 0.9, 1.1, -0.7, 0.1,
    ];
    let y = [true, false, true, false, false, true];
    let (w, b) = fit_logistic(&x, &y, 2, 1.0);
    let mut g = [w[0], w[1], 0.0];
    for (r, &yi) in x.chunks(2).zip(&y) {
        let p = 1.0 / (1.0 + (-(b + w[0] * r[0] + w[1] * r[1])).exp());
        let e = p - f64::from(u8::from(yi));
        g[0] += e * r[0];
        g[1] += e * r[1];
        g[2] += e;
    }
    assert!(g.iter().all(|v| v.abs() < 1e-9), "{g:?}");
    // Started elsewhere (as the cross-validation folds start from the full model), Newton's
    // method reaches the same optimum.
    for start in [[3.0, -2.0, 1.0], [w[0] + 0.1, w[1] - 0.1, b + 0.05]] {
        let (w2, b2) = fit_logistic_from(&x, &y, 2, 1.0, &start);
        assert!(
            (w2[0] - w[0]).abs() < 1e-9 && (w2[1] - w[1]).abs() < 1e-9 && (b2 - b).abs() < 1e-9
        );
    }
}

#[test]
fn logistic_regression_reaches_its_optimum_on_many_correlated_rows() {
    // 20,000 rows of four correlated inputs and noisy labels: the last steps keep the Hessian
    // (chord steps), and the gradient still vanishes at the fit, from zero and from a start
    // near it, as the cross-validation folds start.
    let (n, d) = (20_000, 4);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut x = Vec::with_capacity(n * d);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let a = uniform() * 2.0 - 1.0;
        let b = 0.8 * a + 0.2 * (uniform() * 2.0 - 1.0);
        let c = uniform() * 3.0 - 1.5;
        let e = a * c + 0.1 * uniform();
        x.extend([a, b, c, e]);
        let z = 0.3 + 1.5 * a - 2.0 * b + 0.7 * c + 0.4 * e;
        y.push(uniform() < 1.0 / (1.0 + (-z).exp()));
    }
    let gradient = |w: &[f64], b: f64| {
        let mut g: Vec<f64> = w.to_vec();
        g.push(0.0);
        for (r, &yi) in x.chunks(d).zip(&y) {
            let z = b + r.iter().zip(w).map(|(a, b)| a * b).sum::<f64>();
            let e = 1.0 / (1.0 + (-z).exp()) - f64::from(u8::from(yi));
            for j in 0..d {
                g[j] += e * r[j];
            }
            g[d] += e;
        }
        g
    };
    let (w, b) = fit_logistic(&x, &y, d, 1.0);
    let g = gradient(&w, b);
    assert!(g.iter().all(|v| v.abs() < 1e-7), "{g:?}");
    let near: Vec<f64> = w.iter().map(|v| v * 1.01).chain([b - 0.01]).collect();
    let (w2, b2) = fit_logistic_from(&x, &y, d, 1.0, &near);
    let g2 = gradient(&w2, b2);
    assert!(g2.iter().all(|v| v.abs() < 1e-7), "{g2:?}");
    assert!(w.iter().zip(&w2).all(|(a, b)| (a - b).abs() < 1e-9) && (b - b2).abs() < 1e-9);
}

/// Above the limit the quality is measured on a sample: the model and every score are still
/// those fitted on all customers; the AUC and deciles are those of five folds of the sample, each
/// refitted here from zero on its own z-scored rows and ranked by counting pairs.
#[test]
fn quality_above_the_limit_is_cross_validated_on_a_sample() {
    use c360::core::propensity::{
        Design, FOLDS, Owned, cv_sample, fit_product, fit_product_validated_on,
    };
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    let product = Owned::Loan;
    let (d, n, limit) = (product.inputs().len(), 3_000, 800);
    let mut rng = StdRng::seed_from_u64(17);
    let mut x = Vec::with_capacity(n * d);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let row: Vec<f64> = (0..d)
            .map(|j| rng.random::<f64>() * (j + 1) as f64)
            .collect();
        let z = 1.5 * row[0] - 0.4 * row[1] + 0.3 * row[2] - 0.5;
        y.push(rng.random::<f64>() < 1.0 / (1.0 + (-z).exp()));
        x.extend(row);
    }
    let design = Design {
        product,
        cols: d,
        x,
        y,
    };

    let whole = fit_product(&design);
    let sampled = fit_product_validated_on(&design, limit);
    assert_eq!(whole.model.validated_on, n);
    assert_eq!(
        fit_product_validated_on(&design, n),
        whole,
        "at the limit: all"
    );
    assert_eq!(sampled.model.validated_on, limit);
    assert_eq!(
        sampled.model.model, whole.model.model,
        "fitted on all either way"
    );
    assert_eq!(sampled.scores, whole.scores);
    assert_eq!(sampled.model.base_rate, whole.model.base_rate);

    let sample = cv_sample(n, limit, product);
    assert_eq!(sample.len(), limit);
    assert!(sample.windows(2).all(|w| w[0] < w[1]) && sample[limit - 1] < n);
    assert_eq!(sample, cv_sample(n, limit, product), "seeded");
    assert_ne!(sample, cv_sample(n, limit, Owned::CreditCard));
    assert_eq!(cv_sample(n, n, product), (0..n).collect::<Vec<_>>());

    // Out-of-fold predictions by hand: the sample's j-th customer is in fold j % FOLDS.
    let row = |i: usize| &design.x[i * d..(i + 1) * d];
    let mut oof = vec![0.0; limit];
    for fold in 0..FOLDS {
        let train: Vec<usize> = (0..limit)
            .filter(|j| j % FOLDS != fold)
            .map(|j| sample[j])
            .collect();
        let t = train.len() as f64;
        let mean: Vec<f64> = (0..d)
            .map(|c| train.iter().map(|&i| row(i)[c]).sum::<f64>() / t)
            .collect();
        let scale: Vec<f64> = (0..d)
            .map(|c| {
                (train
                    .iter()
                    .map(|&i| (row(i)[c] - mean[c]).powi(2))
                    .sum::<f64>()
                    / t)
                    .sqrt()
            })
            .collect();
        let xt: Vec<f64> = train
            .iter()
            .flat_map(|&i| {
                (0..d)
                    .map(|c| (row(i)[c] - mean[c]) / scale[c])
                    .collect::<Vec<_>>()
            })
            .collect();
        let yt: Vec<bool> = train.iter().map(|&i| design.y[i]).collect();
        let (coef, b) = fit_logistic(&xt, &yt, d, 1.0);
        for j in (fold..limit).step_by(FOLDS) {
            let z = b
                + (0..d)
                    .map(|c| coef[c] * (row(sample[j])[c] - mean[c]) / scale[c])
                    .sum::<f64>();
            oof[j] = 1.0 / (1.0 + (-z).exp());
        }
    }
    let labels: Vec<bool> = sample.iter().map(|&i| design.y[i]).collect();
    let (mut wins, mut pairs) = (0.0, 0.0);
    for a in 0..limit {
        for b in 0..limit {
            if labels[a] && !labels[b] {
                pairs += 1.0;
                wins += if oof[a] > oof[b] {
                    1.0
                } else if oof[a] == oof[b] {
                    0.5
                } else {
                    0.0
                };
            }
        }
    }
    let got = sampled.model.auc.unwrap();
    assert!(
        (got - wins / pairs).abs() < 1e-9,
        "{got} against {}",
        wins / pairs
    );
    assert!(
        (got - whole.model.auc.unwrap()).abs() < 0.05,
        "near the whole's"
    );

    let mut order: Vec<usize> = (0..limit).collect();
    order.sort_by(|&a, &b| oof[a].total_cmp(&oof[b]));
    assert_eq!(sampled.model.calibration.len(), 10);
    for (k, bin) in sampled.model.calibration.iter().enumerate() {
        let part = &order[k * limit / 10..(k + 1) * limit / 10];
        assert_eq!(bin.customers, part.len());
        let predicted = part.iter().map(|&j| oof[j]).sum::<f64>() / part.len() as f64;
        let observed = part.iter().filter(|&&j| labels[j]).count() as f64 / part.len() as f64;
        assert!((bin.predicted - predicted).abs() < 1e-9, "decile {k}");
        assert_eq!(bin.observed, observed, "decile {k}");
    }
}
