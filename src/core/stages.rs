//! The analysis as stages, defined once: synthesize (or take imported data), prepare, fit each K,
//! score, project — the heavy part, run by [`StagedRun`] — then name the segments of the chosen
//! K ([`super::pipeline::segment`]) and make every customer's offer
//! ([`super::view::SegmentedView::recommend`]), the light part, re-run without refitting when the user picks
//! another K or policy.
//!
//! Every caller drives the same stages: [`super::pipeline::analyze`] (the CLI, tests) runs them
//! back to back; the browser's run loop (`crate::app::run`) runs one at a time, giving the page a
//! turn between them, and hands some fits to its workers ([`StagedRun::fits_to_do`],
//! [`StagedRun::add_fit`]) — the results are the same wherever a stage ran.
//!
//! ```text
//! Input ─Synthesize→ joined rows (synthetic data, joined as it is made)
//!       ─Prepare→ Prepared (a given Dataset joined first) ─Fit(K) for each K of the plan→ fits
//!       ─Score→ ModelSelection ─Project→ Projection      ⇒ RunOutput
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::c360::Join;
use super::data::{Dataset, PlantedPersona};
use super::error::Result;
use super::kmeans::{KMeansFit, Samples};
use super::numbers::group_indian;
use super::parallel;
use super::pca::{Projecting, Projection};
use super::pipeline::{
    AnalysisParams, CheckedAnalysisParams, KPlan, Prepared, Preparing, plan_k, score,
};
use super::selection::{ModelSelection, Scoring, fit_k_all, fit_sample};
use super::synth::{CheckedSynthParams, Synthesis};

/// Customers synthesized per call of [`StagedRun::run_next`]: 2–6 ms in a browser (a first
/// visit runs this code unoptimised at first), so that the page's tasks stay short on a
/// phone-speed CPU too (10,00,000 customers in one piece took ~1 s; 3,000, 10–18 ms).
pub const SYNTH_PIECE: usize = 1_000;

/// Records joined per piece while preparing (customers and the rows of every other table), in a
/// run ([`StagedRun::run_next`]) and in the browser's import. The join of 10,00,000 customers,
/// ~95,00,000 records, was one task of over a second; pieces of 5,00,000 took 100–210 ms in a
/// browser, of 2,50,000 50–100 ms except the customers' own (natively 117–149 ms a piece against
/// 2–35 ms for the other tables' records, ~370 ms in a browser), hence 1,00,000.
pub const JOIN_PIECE: usize = 100_000;

/// Tiles of 32×32 distances per piece of [`Stage::Score`]'s silhouettes (at least a row of
/// them): a few ms in a browser (the silhouettes of 3,000 customers, 4,465 tiles, took 12–35 ms
/// in one piece, the longest of the page's tasks once the fits went to workers; a first piece of
/// 512 tiles still took 28 ms on a first visit, before the browser had optimised the code).
pub const SCORE_PIECE: usize = 128;

/// Rows per piece of [`Stage::Project`] (each of its three passes goes through every row): the
/// projection of 10,00,000 customers in one piece was a ~450-ms task in a browser.
pub const PROJECT_PIECE: usize = 100_000;

/// What a run starts from.
#[derive(Debug, Clone)]
pub enum Input<'a> {
    /// Data to synthesize first.
    Synthetic(CheckedSynthParams),
    /// The six tables (imported, or synthesized earlier).
    Dataset(&'a Dataset),
    /// The six tables, handed over: dropped once prepared, so that a large extract's rows (at
    /// 10,00,000 customers ~600 MB, most of it transactions) are not held through the analysis.
    OwnedDataset(Dataset),
    /// Data already prepared (an import prepares its data; a cache keeps it between runs).
    Prepared(Arc<Prepared>),
}

/// One heavy stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Generate the six tables a piece at a time, joining each piece as it comes (its tables
    /// never kept whole).
    Synthesize,
    /// Join given data (synthetic data is joined by then), engineer the features, scale
    /// ([`super::pipeline::prepare`]).
    Prepare,
    /// Fit K-Means with this K (every restart).
    Fit(usize),
    /// Score every fitted K by silhouette and pick the best ([`score`]).
    Score,
    /// Project the customers on their first two principal components.
    Project,
}

impl Stage {
    /// What the stage is doing, for a progress bar: "Fitting K = 5 of 8…". `customers` is the
    /// number of customers, `k_max` the largest K of the run.
    pub fn label(self, customers: usize, k_max: usize) -> String {
        let n = group_indian(customers as u64);
        match self {
            Stage::Synthesize => format!("Generating {n} customers…"),
            Stage::Prepare => format!("Preparing features for {n} customers…"),
            Stage::Fit(k) => format!("Fitting K = {k} of {k_max}…"),
            Stage::Score => "Scoring every K (silhouette)…".to_string(),
            Stage::Project => "Projecting customers to 2-D…".to_string(),
        }
    }

    /// The stage's name on a performance timeline (`c360:synthesize`, …; every K's fit is
    /// `c360:fit`).
    pub fn mark(self) -> &'static str {
        match self {
            Stage::Synthesize => "c360:synthesize",
            Stage::Prepare => "c360:prepare",
            Stage::Fit(_) => "c360:fit",
            Stage::Score => "c360:score",
            Stage::Project => "c360:project",
        }
    }
}

/// What the heavy stages produce.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// The data made ready for the model.
    pub prepared: Arc<Prepared>,
    /// Every K's fit and score, and the best K.
    pub selection: ModelSelection,
    /// The customers in two dimensions.
    pub projection: Arc<Projection>,
}

/// One analysis's heavy stages, run one at a time ([`StagedRun::run_next`]) or all at once
/// ([`StagedRun::run_all`]).
#[derive(Debug)]
pub struct StagedRun<'a> {
    params: CheckedAnalysisParams,
    customers: usize,
    synth: Option<CheckedSynthParams>,
    /// The synthesis under way ([`Stage::Synthesize`] runs in pieces of [`SYNTH_PIECE`]).
    synthesis: Option<Synthesis>,
    /// The join under way: of the synthesis's pieces as they are made, or of the given data
    /// ([`Stage::Prepare`] joins it in pieces of [`JOIN_PIECE`] records).
    join: Option<Join>,
    /// The synthetic customers' hidden personas, gathered from the pieces.
    planted: Option<Vec<PlantedPersona>>,
    /// Then the rest of preparing, a part per piece ([`Preparing`]).
    preparing: Option<Preparing>,
    dataset: Option<Cow<'a, Dataset>>,
    prepared: Option<Arc<Prepared>>,
    plan: Option<KPlan>,
    samples: Option<Samples>,
    /// The sample the restarts run on, for data above [`super::selection::FIT_SAMPLE`] rows.
    sample: Option<Samples>,
    fits: BTreeMap<usize, KMeansFit>,
    /// The scoring under way ([`Stage::Score`] computes the silhouettes in pieces of
    /// [`SCORE_PIECE`] tiles).
    scoring: Option<Scoring>,
    selection: Option<ModelSelection>,
    /// The projection under way ([`Stage::Project`] runs in pieces of [`PROJECT_PIECE`] rows).
    projecting: Option<Projecting>,
    projection: Option<Arc<Projection>>,
    done: usize,
}

impl<'a> StagedRun<'a> {
    /// A run of `input` with `params` (checked here: a bad parameter fails before any work).
    pub fn new(input: Input<'a>, params: &AnalysisParams) -> Result<Self> {
        let params = params.check()?;
        let (customers, synth, dataset, prepared) = match input {
            Input::Synthetic(p) => (p.get().customers, Some(p), None, None),
            Input::Dataset(ds) => (ds.customers.len(), None, Some(Cow::Borrowed(ds)), None),
            Input::OwnedDataset(ds) => (ds.customers.len(), None, Some(Cow::Owned(ds)), None),
            Input::Prepared(p) => (p.rows.len(), None, None, Some(p)),
        };
        let mut run = StagedRun {
            params,
            customers,
            synth,
            synthesis: None,
            join: None,
            planted: None,
            preparing: None,
            dataset,
            prepared,
            plan: None,
            samples: None,
            sample: None,
            fits: BTreeMap::new(),
            scoring: None,
            selection: None,
            projecting: None,
            projection: None,
            done: 0,
        };
        if run.prepared.is_some() {
            run.plan_fits();
        }
        Ok(run)
    }

    /// Reuses a projection computed earlier for the same prepared data (the projection does not
    /// depend on K, restarts or seed): the run skips [`Stage::Project`].
    pub fn with_projection(mut self, projection: Arc<Projection>) -> Self {
        self.projection = Some(projection);
        self
    }

    /// The number of customers analysed.
    pub fn customers(&self) -> usize {
        self.customers
    }

    /// The checked parameters.
    pub fn params(&self) -> &CheckedAnalysisParams {
        &self.params
    }

    /// The K values to fit: the plan's once the data is prepared ([`plan_k`]: capped at what the
    /// data allows), before that as far as the number of customers tells (a silhouette needs
    /// K < n).
    pub fn ks(&self) -> Vec<usize> {
        match &self.plan {
            Some(plan) => plan.ks.clone(),
            None => {
                let n = self.customers;
                self.params.ks().into_iter().filter(|&k| k < n).collect()
            }
        }
    }

    /// The stage to run next (`None` once every stage has run).
    pub fn next_stage(&self) -> Option<Stage> {
        if self.prepared.is_none() {
            return Some(if self.dataset.is_none() && self.preparing.is_none() {
                Stage::Synthesize
            } else {
                Stage::Prepare
            });
        }
        if let Some(&k) = self.fits_to_do().first() {
            return Some(Stage::Fit(k));
        }
        if self.selection.is_none() {
            return Some(Stage::Score);
        }
        self.projection.is_none().then_some(Stage::Project)
    }

    /// How far the stage under way is, when it runs in pieces and has begun: customers generated
    /// of all while synthesizing, records joined and rows prepared of all while preparing given
    /// data (rows prepared only for synthetic data, already joined), distance tiles of all while
    /// scoring, rows gone through (three passes) while projecting.
    pub fn within_stage(&self) -> Option<(usize, usize)> {
        if let Some(s) = &self.synthesis {
            return Some(s.progress());
        }
        if let Some(s) = &self.scoring {
            return Some(s.progress());
        }
        if let Some(p) = &self.projecting {
            return Some(p.progress());
        }
        // The join's records, then the rest of preparing (in rows: see Preparing::progress);
        // synthetic data is joined while synthesized, so its preparing is the rest alone.
        let Some(ds) = self.dataset.as_deref() else {
            let begun = |&(done, _): &(usize, usize)| done > 0;
            return self
                .preparing
                .as_ref()
                .map(Preparing::progress)
                .filter(begun);
        };
        let rest = |p: Option<&Preparing>| p.map_or((0, 0), Preparing::progress);
        match (&self.join, &self.preparing) {
            (Some(join), _) => {
                let all = ds.records() + Preparing::work(ds.customers.len());
                Some((join.progress(ds).0, all))
            }
            (None, Some(p)) => {
                let (done, all) = rest(Some(p));
                Some((ds.records() + done, ds.records() + all))
            }
            _ => None,
        }
    }

    /// Stages done and stages in all (the latter an estimate until the data is prepared and the
    /// K's are planned).
    pub fn progress(&self) -> (usize, usize) {
        let left = usize::from(
            self.synth.is_some()
                && self.dataset.is_none()
                && self.preparing.is_none()
                && self.prepared.is_none(),
        ) + usize::from(self.prepared.is_none())
            + if self.plan.is_some() {
                self.fits_to_do().len()
            } else {
                self.ks().len()
            }
            + usize::from(self.selection.is_none())
            + usize::from(self.projection.is_none());
        (self.done, self.done + left)
    }

    /// Runs the next stage and returns it (`None` when every stage has run). [`Stage::Synthesize`]
    /// makes and joins a piece of [`SYNTH_PIECE`] customers per call, [`Stage::Prepare`] joins a
    /// piece of [`JOIN_PIECE`] records of given data per call (then a part of the rest of
    /// preparing per call, see [`Preparing`]),
    /// [`Stage::Score`] computes [`SCORE_PIECE`] tiles of distances per call and
    /// [`Stage::Project`] goes through [`PROJECT_PIECE`] rows per call; each stays the next stage
    /// until its last piece.
    pub fn run_next(&mut self) -> Result<Option<Stage>> {
        let Some(stage) = self.next_stage() else {
            return Ok(None);
        };
        match stage {
            Stage::Synthesize => {
                // Each piece joined as it is made: the six tables never exist whole (at
                // 10,00,000 customers ~470 MB the browser's memory would keep for good).
                let params = self.synth.expect("a synthetic run has its parameters");
                let customers = self.customers;
                let s = self
                    .synthesis
                    .get_or_insert_with(|| Synthesis::new(&params));
                let join = self
                    .join
                    .get_or_insert_with(|| Join::of_customers(customers));
                if let Some(mut piece) = s.next_piece(SYNTH_PIECE) {
                    join.feed_whole(&piece);
                    if let Some(p) = piece.planted.take() {
                        self.planted.get_or_insert_with(Vec::new).extend(p);
                    }
                }
                if !s.is_done() {
                    return Ok(Some(stage)); // the stage goes on
                }
                self.synthesis = None;
                let join = self.join.take().expect("joined above");
                self.preparing = Some(Preparing::of_join(join, self.planted.take())?);
            }
            Stage::Prepare => {
                let ds = self.dataset.as_deref();
                let Some(preparing) = self.preparing.as_mut() else {
                    let ds = ds.expect("data before preparing");
                    let join = self.join.get_or_insert_with(|| Join::new(ds));
                    if join.step(ds, JOIN_PIECE) {
                        let joined = self.join.take().expect("just stepped").finish();
                        self.preparing = Some(Preparing::new(ds, joined)?);
                    }
                    return Ok(Some(stage)); // the stage goes on
                };
                let Some(prepared) = preparing.step(ds)? else {
                    return Ok(Some(stage)); // the stage goes on
                };
                self.preparing = None;
                self.dataset = None; // prepared: the six tables' rows are no longer needed
                self.prepared = Some(Arc::new(prepared));
                self.plan_fits();
            }
            Stage::Fit(k) => {
                self.lay_out()?;
                let p = self.params.get();
                let samples = self.samples.as_ref().expect("laid out above");
                let fit = fit_k_all(samples, self.sample.as_ref(), k, p.restarts, p.seed)?;
                self.fits.insert(k, fit);
            }
            Stage::Score => {
                let plan = self.plan.as_ref().expect("planned when prepared");
                let seed = self.params.get().seed;
                if self.scoring.is_none() {
                    let fits: Vec<KMeansFit> =
                        plan.ks.iter().filter_map(|k| self.fits.remove(k)).collect();
                    self.samples = None; // the fits are done: free the laid-out data
                    self.sample = None;
                    let prepared = self.prepared.as_deref().expect("prepared before scoring");
                    if fits.is_empty() {
                        self.selection = Some(score(prepared, plan, fits, seed));
                    } else {
                        self.scoring = Some(Scoring::new(prepared.x.view(), fits, seed));
                    }
                }
                if let Some(scoring) = self.scoring.as_mut() {
                    if !scoring.step(SCORE_PIECE) {
                        return Ok(Some(stage)); // the stage goes on
                    }
                    let mut selection = self.scoring.take().expect("just stepped").finish();
                    selection.k_note = plan.note.clone();
                    self.selection = Some(selection);
                }
            }
            Stage::Project => {
                let prepared = Arc::clone(self.prepared.as_ref().expect("prepared before this"));
                let x = prepared.x.view();
                let projecting = self.projecting.get_or_insert_with(|| Projecting::new(x));
                if !projecting.step(x, PROJECT_PIECE) {
                    return Ok(Some(stage)); // the stage goes on
                }
                let projection = self.projecting.take().expect("just stepped").finish();
                self.projection = Some(Arc::new(projection));
            }
        }
        self.done += 1;
        Ok(Some(stage))
    }

    /// Runs every stage left.
    pub fn run_all(&mut self) -> Result<()> {
        while self.run_next()?.is_some() {}
        Ok(())
    }

    /// Fits every K still to fit at once, natively on every core ([`parallel::map`]; in
    /// WebAssembly one after the other): the same fits as [`Stage::Fit`] one K at a time. Returns
    /// how many K's were fitted (0 before the data is prepared or once scored).
    pub fn fit_all(&mut self) -> Result<usize> {
        let ks = self.fits_to_do();
        if ks.is_empty() {
            return Ok(0);
        }
        self.lay_out()?;
        let p = self.params.get();
        let (samples, sample) = (
            self.samples.as_ref().expect("laid out above"),
            self.sample.as_ref(),
        );
        let fits = parallel::map(&ks, |&k| fit_k_all(samples, sample, k, p.restarts, p.seed));
        for (k, fit) in ks.iter().zip(fits) {
            self.fits.insert(*k, fit?);
            self.done += 1;
        }
        Ok(ks.len())
    }

    /// Lays the prepared data out for the fits, once, and draws the restarts' sample of large
    /// data ([`fit_sample`]).
    fn lay_out(&mut self) -> Result<()> {
        if self.samples.is_none() {
            let samples = Samples::new(self.prepared_data().x.view())?;
            self.sample = fit_sample(&samples, self.params.get().seed);
            self.samples = Some(samples);
        }
        Ok(())
    }

    /// The prepared data, once [`Stage::Prepare`] has run (or the input was prepared).
    pub fn prepared(&self) -> Option<&Arc<Prepared>> {
        self.prepared.as_ref()
    }

    /// The projection, once [`Stage::Project`] has run (or one was given).
    pub fn projection(&self) -> Option<&Arc<Projection>> {
        self.projection.as_ref()
    }

    /// The K's of the plan still to fit, ascending (empty until the data is prepared and once
    /// scored).
    pub fn fits_to_do(&self) -> Vec<usize> {
        match (&self.plan, &self.selection, &self.scoring) {
            (Some(plan), None, None) => plan
                .ks
                .iter()
                .copied()
                .filter(|k| !self.fits.contains_key(k))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Takes the fit of K `k` computed elsewhere (the browser's workers fit the same way, see
    /// [`fit_k_all`]); counted as that K's stage. A K not to do is ignored.
    pub fn add_fit(&mut self, k: usize, fit: KMeansFit) {
        if self.fits_to_do().contains(&k) {
            self.fits.insert(k, fit);
            self.done += 1;
        }
    }

    /// The output, once every stage has run (`None` before).
    pub fn finish(self) -> Option<RunOutput> {
        Some(RunOutput {
            prepared: self.prepared?,
            selection: self.selection?,
            projection: self.projection?,
        })
    }

    fn prepared_data(&self) -> &Prepared {
        self.prepared
            .as_deref()
            .expect("prepared before this stage")
    }

    fn plan_fits(&mut self) {
        self.plan = Some(plan_k(self.prepared_data(), &self.params));
    }
}
