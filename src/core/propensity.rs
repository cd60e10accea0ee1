//! Propensity to own each product, learned from the data: for a credit card, a loan and
//! investments, an L2-regularised logistic regression (scikit-learn's `LogisticRegression`
//! objective with `C = 1`: the log-loss summed over customers plus half the squared weights; the
//! intercept is not penalised) on the z-scored customer features, leaving out that product's own
//! fields. Fitted by Newton's method to the optimum; its quality is the AUC over five folds
//! (customer `i` in fold `i % 5`) and a calibration table by decile of predicted probability.
//! Above [`CV_SAMPLE`] customers the folds are made of a seeded sample of that many (the model
//! itself is still fitted on every customer): the folds' fits were four fifths of the work.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, s};
use serde::{Deserialize, Serialize};

use super::c360::Customer360;
use super::features::{Feature, Features};

/// The products a propensity model is fitted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owned {
    /// Holds a credit card.
    CreditCard,
    /// Holds a loan.
    Loan,
    /// Holds investments.
    Investments,
}

impl Owned {
    /// Every modelled product.
    pub const ALL: [Owned; 3] = [Owned::CreditCard, Owned::Loan, Owned::Investments];

    /// The name used in summary.json and files.
    pub fn name(self) -> &'static str {
        match self {
            Owned::CreditCard => "credit_card",
            Owned::Loan => "loan",
            Owned::Investments => "investments",
        }
    }

    /// The product's name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Owned::CreditCard => "credit card",
            Owned::Loan => "loan",
            Owned::Investments => "investments",
        }
    }

    /// True when the customer holds it.
    pub fn held(self, c: &Customer360) -> bool {
        match self {
            Owned::CreditCard => c.has_credit_card,
            Owned::Loan => c.has_loan,
            Owned::Investments => c.has_investments,
        }
    }

    /// The model's inputs: every model feature except those made from the product itself
    /// (and the product count, which counts it).
    pub fn inputs(self) -> Vec<Feature> {
        let own: &[Feature] = match self {
            Owned::CreditCard => &[Feature::UtilizationRatio, Feature::RiskScore],
            Owned::Loan => &[Feature::EmiToIncome, Feature::RiskScore],
            Owned::Investments => &[Feature::TotalInvestments],
        };
        Feature::ALL
            .into_iter()
            .filter(|f| *f != Feature::ProductCount && !own.contains(f))
            .collect()
    }
}

/// The regularisation strength (scikit-learn's default `C`).
pub const C: f64 = 1.0;
/// Cross-validation folds.
pub const FOLDS: usize = 5;
/// Above this many customers the quality (AUC, calibration) is cross-validated on a seeded
/// sample of this many, drawn without replacement ([`cv_sample`]); the model is fitted on all.
/// At 2,00,000 customers an AUC's standard error is about 0.002.
pub const CV_SAMPLE: usize = 200_000;

/// A fitted logistic regression on z-scored inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// The inputs, in order.
    pub inputs: Vec<Feature>,
    /// Their means and standard deviations over the training customers (a constant input has 1).
    pub mean: Vec<f64>,
    /// See `mean`.
    pub scale: Vec<f64>,
    /// One weight per z-scored input.
    pub coef: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
}

impl Logistic {
    /// The predicted probability for one customer.
    pub fn predict(&self, c: &Customer360, f: &Features) -> f64 {
        let raw: Vec<f64> = self.inputs.iter().map(|x| x.value(c, f)).collect();
        self.predict_raw(&raw)
    }

    /// The predicted probability for one customer's raw inputs (in [`Logistic::inputs`] order).
    pub fn predict_raw(&self, raw: &[f64]) -> f64 {
        let z = self.intercept
            + raw
                .iter()
                .enumerate()
                .map(|(j, x)| self.coef[j] * (x - self.mean[j]) / self.scale[j])
                .sum::<f64>();
        sigmoid(z)
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// One decile of predicted probability: how many customers, their mean prediction and the share
/// that holds the product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Customers in the decile.
    pub customers: usize,
    /// Mean predicted probability (out of fold).
    pub predicted: f64,
    /// Share holding the product.
    pub observed: f64,
}

/// One product's model and its quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductModel {
    /// The product.
    pub product: Owned,
    /// Fitted on every customer.
    pub model: Logistic,
    /// Share of customers holding the product.
    pub base_rate: f64,
    /// Area under the ROC curve of the out-of-fold predictions; `None` when every customer (or
    /// none) holds the product.
    pub auc: Option<f64>,
    /// Out-of-fold predictions by decile, lowest first.
    pub calibration: Vec<CalibrationBin>,
    /// How many customers the AUC and calibration are measured on (cross-validated from 10 on;
    /// below that, in sample): all of them, or a sample of [`CV_SAMPLE`] above that many; 0
    /// (unknown) in model files written before it was recorded.
    #[serde(default)]
    pub validated_on: usize,
}

/// Every product's model, and every customer's predicted probabilities ([`Owned::ALL`] order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Propensities {
    /// One per product.
    pub models: Vec<ProductModel>,
    /// `scores[i][p]`: customer `i`'s probability of holding product `p`.
    #[serde(skip)]
    pub scores: Vec<[f64; 3]>,
}

impl Propensities {
    /// Customer `i`'s probability of holding `p` over the share of customers who hold it (1 when
    /// nobody holds it).
    pub fn lift(&self, i: usize, p: Owned) -> f64 {
        let k = Owned::ALL.iter().position(|x| *x == p).unwrap_or(0);
        let m = &self.models[k];
        if m.base_rate <= 0.0 {
            return 1.0;
        }
        self.scores[i][k] / m.base_rate
    }
}

/// One product's training data: every customer's raw model inputs ([`Owned::inputs`], row-major)
/// and whether they hold the product. What a worker needs to fit the product's model.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// The product.
    pub product: Owned,
    /// Inputs per customer.
    pub cols: usize,
    /// `rows × cols` raw input values.
    pub x: Vec<f64>,
    /// Holds the product.
    pub y: Vec<bool>,
}

impl Design {
    /// The design of `product` over `rows`.
    pub fn of(rows: &[Customer360], features: &[Features], product: Owned) -> Design {
        let inputs = product.inputs();
        let mut x = Vec::with_capacity(rows.len() * inputs.len());
        Self::extend_inputs(&inputs, rows, features, &mut x);
        Design {
            product,
            cols: inputs.len(),
            x,
            y: Self::held(rows, product),
        }
    }

    /// Appends the values of `inputs` (a product's [`Owned::inputs`]) of `rows` to `x`,
    /// row-major: the design's values a piece of customers at a time (the browser writes them
    /// straight into a fit worker's message).
    pub fn extend_inputs(
        inputs: &[Feature],
        rows: &[Customer360],
        features: &[Features],
        x: &mut Vec<f64>,
    ) {
        for (c, f) in rows.iter().zip(features) {
            x.extend(inputs.iter().map(|input| input.value(c, f)));
        }
    }

    /// Whether each of `rows` holds `product`: the design's labels.
    pub fn held(rows: &[Customer360], product: Owned) -> Vec<bool> {
        rows.iter().map(|c| product.held(c)).collect()
    }

    /// The number of customers.
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    /// True when the shape is whole: `cols` inputs of the product, `rows × cols` values.
    pub fn is_consistent(&self) -> bool {
        self.cols == self.product.inputs().len() && self.x.len() == self.rows() * self.cols
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.cols..(i + 1) * self.cols]
    }
}

/// The rows `idx` of `design` z-scored over those rows (row-major), with the means and scales.
/// (Read where they lie rather than copied first: two passes to measure, one to write.)
fn standardize(design: &Design, idx: &[usize]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let d = design.cols;
    let n = idx.len().max(1) as f64;
    let mut mean = vec![0.0; d];
    for &i in idx {
        for (m, v) in mean.iter_mut().zip(design.row(i)) {
            *m += v;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut var = vec![0.0; d];
    for &i in idx {
        for ((s, v), m) in var.iter_mut().zip(design.row(i)).zip(&mean) {
            *s += (v - m).powi(2);
        }
    }
    let scale: Vec<f64> = var
        .iter()
        .map(|v| {
            let s = (v / n).sqrt();
            if s > 0.0 && s.is_finite() { s } else { 1.0 }
        })
        .collect();
    let mut x = Vec::with_capacity(idx.len() * d);
    for &i in idx {
        x.extend(
            design
                .row(i)
                .iter()
                .zip(&mean)
                .zip(&scale)
                .map(|((v, m), s)| (v - m) / s),
        );
    }
    (x, mean, scale)
}

/// Solves `a · s = b` for a symmetric positive definite `a` (size `m`, row-major) by Cholesky.
fn solve_spd(a: &mut [f64], b: &mut [f64], m: usize) -> bool {
    for j in 0..m {
        let mut s = a[j * m + j];
        for k in 0..j {
            s -= a[j * m + k] * a[j * m + k];
        }
        if s <= 0.0 || !s.is_finite() {
            return false;
        }
        let l = s.sqrt();
        a[j * m + j] = l;
        for i in j + 1..m {
            let mut t = a[i * m + j];
            for k in 0..j {
                t -= a[i * m + k] * a[j * m + k];
            }
            a[i * m + j] = t / l;
        }
    }
    for i in 0..m {
        let mut t = b[i];
        for k in 0..i {
            t -= a[i * m + k] * b[k];
        }
        b[i] = t / a[i * m + i];
    }
    for i in (0..m).rev() {
        let mut t = b[i];
        for k in i + 1..m {
            t -= a[k * m + i] * b[k];
        }
        b[i] = t / a[i * m + i];
    }
    true
}

/// Rows per matrix product in [`fit_logistic_from`].
const BLOCK: usize = 256;

/// Fits weights and intercept on z-scored rows `x` (`d` columns) and labels `y` by Newton's
/// method: minimises Σ log-loss + ‖w‖² / (2C). Returns (weights, intercept).
pub fn fit_logistic(x: &[f64], y: &[bool], d: usize, c: f64) -> (Vec<f64>, f64) {
    fit_logistic_from(x, y, d, c, &vec![0.0; d + 1])
}

/// Below this largest step the Hessian is kept for the next steps (each step then reads the
/// customers for the gradient only): near the optimum the Hessian hardly changes, so the steps
/// still shrink fast, and a pass without it costs a fraction of one with it.
const KEEP_HESSIAN_BELOW: f64 = 1e-3;

/// [`fit_logistic`] starting from `start` (weights, then the intercept) instead of zero: the
/// same minimum (the loss is strictly convex), in fewer steps from a nearby start — the
/// cross-validation folds start from the model fitted on every customer.
///
/// Newton's steps until the largest is under 1e-10; once a step is under
/// 1e-3, the last Hessian is kept (chord steps) for as long as each step is
/// under a tenth of the one before, and computed again otherwise.
pub fn fit_logistic_from(
    x: &[f64],
    y: &[bool],
    d: usize,
    c: f64,
    start: &[f64],
) -> (Vec<f64>, f64) {
    let m = d + 1; // weights, then the intercept
    assert_eq!(start.len(), m, "a start of d weights and the intercept");
    let mut beta = start.to_vec();
    let lambda = 1.0 / c;
    // A block of rows as [x, 1] and as the same scaled by each row's weight: the Hessian's
    // sum of weighted outer products is then one matrix product per block (ndarray's, which
    // uses the processor's widest vector unit).
    let mut a = Array2::<f64>::zeros((BLOCK, m));
    let mut wa = Array2::<f64>::zeros((BLOCK, m));
    // The Hessian kept (penalty and ridge included), and the last step's size.
    let mut kept: Option<Vec<f64>> = None;
    let mut last = f64::INFINITY;
    for _ in 0..100 {
        let mut grad = vec![0.0; m];
        let mut h = Array2::<f64>::zeros((m, m));
        let with_hessian = kept.is_none();
        for (rows, ys) in x.chunks(BLOCK * d).zip(y.chunks(BLOCK)) {
            for (t, (r, &yi)) in rows.chunks_exact(d).zip(ys).enumerate() {
                let z = beta[d] + r.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>();
                let p = sigmoid(z);
                let g = p - f64::from(u8::from(yi));
                for (gj, &rj) in grad.iter_mut().zip(r) {
                    *gj += g * rj;
                }
                grad[d] += g;
                if with_hessian {
                    let w = p * (1.0 - p);
                    let (mut at, mut wat) = (a.row_mut(t), wa.row_mut(t));
                    for j in 0..d {
                        at[j] = r[j];
                        wat[j] = w * r[j];
                    }
                    at[d] = 1.0;
                    wat[d] = w;
                }
            }
            if with_hessian {
                let b = ys.len();
                general_mat_mul(
                    1.0,
                    &a.slice(s![..b, ..]).t(),
                    &wa.slice(s![..b, ..]),
                    1.0,
                    &mut h,
                );
            }
        }
        for j in 0..d {
            grad[j] += lambda * beta[j];
        }
        let hess = match kept.take() {
            Some(k) => k,
            None => {
                let mut hess: Vec<f64> = h.iter().copied().collect();
                for j in 0..d {
                    hess[j * m + j] += lambda;
                }
                for j in 0..m {
                    for k in j + 1..m {
                        hess[j * m + k] = hess[k * m + j];
                    }
                }
                // A tiny ridge on the intercept keeps the system solvable when every label
                // is equal.
                hess[d * m + d] += 1e-12;
                hess
            }
        };
        let mut factor = hess.clone();
        let mut step = grad;
        if !solve_spd(&mut factor, &mut step, m) {
            break;
        }
        let mut biggest: f64 = 0.0;
        for j in 0..m {
            beta[j] -= step[j];
            biggest = biggest.max(step[j].abs());
        }
        if biggest < 1e-10 {
            break;
        }
        // Keep this Hessian while the steps are small and shrink fast; a chord step that did
        // not shrink ten-fold asks for a new one.
        let shrinking = biggest < last * 0.1;
        if biggest < KEEP_HESSIAN_BELOW && (with_hessian || shrinking) {
            kept = Some(hess);
        }
        last = biggest;
    }
    let intercept = beta[d];
    beta.truncate(d);
    (beta, intercept)
}

/// Area under the ROC curve of `scores` for `labels` (ties count half); `None` without both
/// classes.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    auc_in_order(&ascending(scores), scores, labels)
}

/// The indices of `scores` from the lowest score to the highest (ties in index order): what a
/// stable sort of the indices by score gives, sorted faster as (score key, index) pairs.
fn ascending(scores: &[f64]) -> Vec<usize> {
    // The bits of an f64 as an integer in `total_cmp`'s order.
    let key = |v: f64| {
        let b = v.to_bits() as i64;
        b ^ ((((b >> 63) as u64) >> 1) as i64)
    };
    let mut keyed: Vec<(i64, usize)> = scores
        .iter()
        .enumerate()
        .map(|(i, &v)| (key(v), i))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// [`auc`] with the scores' [`ascending`] order already known.
fn auc_in_order(order: &[usize], scores: &[f64], labels: &[bool]) -> Option<f64> {
    let pos = labels.iter().filter(|&&l| l).count();
    let neg = labels.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    // Average ranks over ties (1-based), summed over the positives.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            if labels[k] {
                rank_sum += avg;
            }
        }
        i = j + 1;
    }
    let (p, n) = (pos as f64, neg as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// The model on the customers `idx`, Newton's method starting from `start`'s weights (in its
/// own z-units, close to these) or from zero.
fn fit_on(design: &Design, idx: &[usize], start: Option<&Logistic>) -> Logistic {
    let (x, mean, scale) = standardize(design, idx);
    let y: Vec<bool> = idx.iter().map(|&i| design.y[i]).collect();
    let beta0: Vec<f64> = match start {
        Some(m) => m.coef.iter().copied().chain([m.intercept]).collect(),
        None => vec![0.0; design.cols + 1],
    };
    let (coef, intercept) = fit_logistic_from(&x, &y, design.cols, C, &beta0);
    Logistic {
        inputs: design.product.inputs(),
        mean,
        scale,
        coef,
        intercept,
    }
}

/// Ten bins of customers by predicted probability (`order`: [`ascending`] of `pred`).
fn calibration(order: &[usize], pred: &[f64], labels: &[bool]) -> Vec<CalibrationBin> {
    let n = order.len();
    (0..10)
        .filter_map(|b| {
            let part = &order[b * n / 10..(b + 1) * n / 10];
            (!part.is_empty()).then(|| CalibrationBin {
                customers: part.len(),
                predicted: part.iter().map(|&i| pred[i]).sum::<f64>() / part.len() as f64,
                observed: part.iter().filter(|&&i| labels[i]).count() as f64 / part.len() as f64,
            })
        })
        .collect()
}

/// One product's model and every customer's probability of holding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductFit {
    /// The model and its quality.
    pub model: ProductModel,
    /// Every customer's predicted probability, in order.
    pub scores: Vec<f64>,
}

/// Fits one product's model on all customers, with five-fold cross-validated quality (on a
/// sample of [`CV_SAMPLE`] customers above that many).
pub fn fit_product(design: &Design) -> ProductFit {
    fit_product_validated_on(design, CV_SAMPLE)
}

/// The customers the quality of `product`'s model is cross-validated on when there are `n`:
/// all of them up to `limit`, else a seeded sample of `limit` drawn without replacement (the
/// same for the same `n`, `limit` and product), in order.
pub fn cv_sample(n: usize, limit: usize, product: Owned) -> Vec<usize> {
    if n <= limit {
        return (0..n).collect();
    }
    let stream = Owned::ALL.iter().position(|&p| p == product).unwrap_or(0) as u64;
    super::selection::sample_rows(n, limit, super::selection::derive_seed(CV_SEED, stream))
}

/// The seed of [`cv_sample`] (a fixed one: the sample depends on the data's size only).
const CV_SEED: u64 = 0x0C36_0C0F_F01D;

/// [`fit_product`] with the quality cross-validated on at most `limit` customers.
pub fn fit_product_validated_on(design: &Design, limit: usize) -> ProductFit {
    let n = design.rows();
    // The customers validated on; `oof[j]` is the out-of-fold prediction of `validated[j]`,
    // which is in fold `j % FOLDS`.
    let validated = cv_sample(n, limit, design.product);
    let m = validated.len();
    let all: Vec<usize> = (0..n).collect();
    let model = fit_on(design, &all, None);
    let scores: Vec<f64> = (0..n).map(|i| model.predict_raw(design.row(i))).collect();
    drop(all);
    let labels: Vec<bool> = validated.iter().map(|&i| design.y[i]).collect();
    let mut oof = vec![0.0; m];
    if m >= FOLDS * 2 {
        // Each fold's model starts from the one on every customer (natively all at once on
        // the cores).
        let folds: Vec<usize> = (0..FOLDS).collect();
        let models = super::parallel::map(&folds, |&fold| {
            let train: Vec<usize> = (0..m)
                .filter(|j| j % FOLDS != fold)
                .map(|j| validated[j])
                .collect();
            fit_on(design, &train, Some(&model))
        });
        for (fold, f) in models.into_iter().enumerate() {
            for j in (fold..m).step_by(FOLDS) {
                oof[j] = f.predict_raw(design.row(validated[j]));
            }
        }
    } else {
        for (o, &i) in oof.iter_mut().zip(&validated) {
            *o = scores[i];
        }
    }
    let held = design.y.iter().filter(|&&l| l).count();
    let order = ascending(&oof);
    ProductFit {
        model: ProductModel {
            product: design.product,
            model,
            base_rate: if n == 0 { 0.0 } else { held as f64 / n as f64 },
            auc: auc_in_order(&order, &oof, &labels),
            calibration: calibration(&order, &oof, &labels),
            validated_on: m,
        },
        scores,
    }
}

/// Every product's model from their fits (any order; one per product of [`Owned::ALL`]).
/// `None` when a product is missing or the fits are of different numbers of customers.
pub fn propensities_from(mut fits: Vec<ProductFit>) -> Option<Propensities> {
    let n = fits.first()?.scores.len();
    let mut ordered = Vec::with_capacity(Owned::ALL.len());
    for p in Owned::ALL {
        let k = fits.iter().position(|f| f.model.product == p)?;
        let fit = fits.swap_remove(k);
        if fit.scores.len() != n {
            return None;
        }
        ordered.push(fit);
    }
    let mut scores = vec![[0.0; 3]; n];
    for (k, fit) in ordered.iter().enumerate() {
        for (row, s) in scores.iter_mut().zip(&fit.scores) {
            row[k] = *s;
        }
    }
    Some(Propensities {
        models: ordered.into_iter().map(|f| f.model).collect(),
        scores,
    })
}

/// Fits every product's model on all customers, with five-fold cross-validated quality.
pub fn fit_propensities(rows: &[Customer360], features: &[Features]) -> Propensities {
    let fits = super::parallel::map(&Owned::ALL, |&p| {
        fit_product(&Design::of(rows, features, p))
    });
    propensities_from(fits).expect("one fit per product, all of the same customers")
}
