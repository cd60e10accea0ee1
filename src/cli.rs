//! The batch command-line tool (`c360`): synthesize the six tables, or analyze a folder of them,
//! with the same core the browser runs. Native only.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Map, Value, json};

use crate::core::archive;
use crate::core::defaults;
use crate::core::export::{
    DECIMAL_PLACES, MONEY_PLACES, round_json, round_to, tables_csv, write_contacts_csv,
};
use crate::core::features::MODEL_FEATURES;
use crate::core::import::{
    ColumnMapping, ImportOptions, InputFile, import_files_with, parse_mappings, skipped_rows_csv,
};
use crate::core::model::Model;
use crate::core::pipeline::{Analysis, AnalysisParams, analyze_observed};
use crate::core::policy::Policy;
use crate::core::sql::{Dialect, Tables, export_sql};
use crate::core::stages::Input;
use crate::core::summary::Filter;
use crate::core::synth::{DataProfile, SynthParams, synthesize};

/// Customer 360 & Cross-Sell, batch mode: the same analysis as the browser app, on files.
#[derive(Debug, Parser)]
#[command(name = "c360", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Data profile names accepted on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// Hidden personas with correlated attributes (default).
    Realistic,
    /// The original project's independent draws.
    Seed,
}

impl From<DataProfile> for ProfileArg {
    fn from(p: DataProfile) -> Self {
        match p {
            DataProfile::Realistic => ProfileArg::Realistic,
            DataProfile::Seed => ProfileArg::Seed,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Synthesize the six tables and write them as CSV files into a folder.
    Synth {
        /// Number of customers (1 to 1,000,000).
        #[arg(long, default_value_t = defaults::CUSTOMERS)]
        customers: usize,
        /// Random seed; the same seed and size give the same data.
        #[arg(long, default_value_t = defaults::SEED)]
        seed: u64,
        /// Generator profile.
        #[arg(long, value_enum, default_value_t = ProfileArg::from(defaults::PROFILE))]
        profile: ProfileArg,
        /// Output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Analyze the six CSV files in DIR (or in a ZIP); write summary.json, customers.csv,
    /// contacts.csv, propensity.csv and the fitted model (model.json) into OUT.
    Analyze {
        /// Folder holding the six CSV files (recognised by their headers, any file names), or a
        /// ZIP of them such as the app's "Export data" download.
        #[arg(value_name = "DIR|ZIP")]
        dir: PathBuf,
        /// Output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Use this K instead of the best silhouette (2 to 8).
        #[arg(long)]
        k: Option<usize>,
        /// Smallest K to fit.
        #[arg(long, default_value_t = defaults::K_RANGE.0)]
        k_min: usize,
        /// Largest K to fit.
        #[arg(long, default_value_t = defaults::K_RANGE.1)]
        k_max: usize,
        /// K-Means restarts per K (k-means++ seeding each), keeping the lowest inertia.
        #[arg(long, default_value_t = defaults::RESTARTS)]
        restarts: usize,
        /// Random seed of the model.
        #[arg(long, default_value_t = defaults::SEED)]
        seed: u64,
        /// Decide offers with this policy file (as `c360 policy` prints, or the app's "Download
        /// policy"); the default is the original's rules and economics.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// Switch off the suitability guardrail (risky customers may get new-credit offers).
        #[arg(long)]
        no_guardrail: bool,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Print the default decision policy (offers, rules, suitability) as a JSON file to edit.
    Policy,
    /// Score the customers of the six CSV files in DIR (or a ZIP) with a fitted model (the
    /// model.json of `c360 analyze`, or the app's "Download model"): segment, offer, reason and
    /// expected value of every customer, written to OUT/scores.csv. Nothing is refitted.
    Score {
        /// The model file.
        #[arg(long, value_name = "FILE")]
        model: PathBuf,
        /// Folder holding the six CSV files, or a ZIP of them.
        #[arg(value_name = "DIR|ZIP")]
        dir: PathBuf,
        /// Output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Print one SQL query that scores every customer of the six tables with a fitted model, on
    /// the bank's own engine: customer_id, segment, offer, reason, expected_value, as `c360
    /// score` computes them.
    ExportSql {
        /// The model file (model.json).
        #[arg(long, value_name = "FILE")]
        model: PathBuf,
        /// The SQL engine.
        #[arg(long, value_enum)]
        dialect: DialectArg,
        /// A table's name in the engine, e.g. customers=bank.cust (repeatable; default: the
        /// table's own name).
        #[arg(long = "table", value_name = "TABLE=NAME")]
        tables: Vec<String>,
    },
}

/// How `analyze` and `score` read the files.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Read a header of yours as one of our columns: TABLE.YOUR_HEADER=COLUMN, e.g.
    /// customers.Annual_Income=income (repeatable).
    #[arg(long = "map", value_name = "TABLE.HEADER=COLUMN")]
    pub map: Vec<String>,
    /// A file of such mappings, one per line (# comments), or the app's JSON list.
    #[arg(long)]
    pub map_file: Option<PathBuf>,
    /// Leave out the rows with a problem (listed in OUT/skipped_rows.csv) and go on with the rest.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// The SQL dialects on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DialectArg {
    /// Apache Spark SQL (and Databricks).
    Spark,
    /// DuckDB.
    Duckdb,
    /// Trino (and Presto).
    Trino,
    /// Snowflake.
    Snowflake,
    /// Google BigQuery.
    Bigquery,
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Spark => Dialect::Spark,
            DialectArg::Duckdb => Dialect::Duckdb,
            DialectArg::Trino => Dialect::Trino,
            DialectArg::Snowflake => Dialect::Snowflake,
            DialectArg::Bigquery => Dialect::Bigquery,
        }
    }
}

/// Runs the CLI with the process arguments; prints errors to stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(msg) => {
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs one command; the message describes what was written.
pub fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Synth {
            customers,
            seed,
            profile,
            out,
        } => {
            let profile = match profile {
                ProfileArg::Realistic => DataProfile::Realistic,
                ProfileArg::Seed => DataProfile::Seed,
            };
            let params = SynthParams {
                customers,
                seed,
                profile,
            }
            .check()
            .map_err(|e| e.to_string())?;
            let ds = synthesize(&params);
            fs::create_dir_all(&out).map_err(|e| io_err(&out, e))?;
            for (name, bytes) in tables_csv(&ds).map_err(|e| e.to_string())? {
                let path = out.join(name);
                fs::write(&path, bytes).map_err(|e| io_err(&path, e))?;
            }
            Ok(format!(
                "wrote the six tables of {customers} customers to {}",
                out.display()
            ))
        }
        Command::Analyze {
            dir,
            out,
            k,
            k_min,
            k_max,
            restarts,
            seed,
            policy,
            no_guardrail,
            import,
        } => {
            let params = AnalysisParams {
                k,
                k_min,
                k_max,
                restarts,
                seed,
            };
            let mut policy = match policy {
                Some(path) => read_policy(&path)?,
                None => Policy::default(),
            };
            if no_guardrail {
                if policy
                    .suitability_rule(crate::core::policy::GUARDRAIL)
                    .is_none()
                {
                    return Err("--no-guardrail: the policy has no suitability rule named \"guardrail\"; switch its rules off in the file instead".into());
                }
                policy.set_guardrail(false);
            }
            let import = import_options(&import)?;
            analyze_dir(&dir, &out, &params, &policy, &import)
        }
        Command::Policy => {
            print!("{}", Policy::default().to_json());
            Ok(String::new())
        }
        Command::Score {
            model,
            dir,
            out,
            import,
        } => {
            let model = read_model(&model)?;
            let import = import_options(&import)?;
            score_dir(&model, &dir, &out, &import)
        }
        Command::ExportSql {
            model: path,
            dialect,
            tables,
        } => {
            let model = read_model(&path)?;
            let mut names = Tables::default();
            for t in &tables {
                names.set(t).map_err(|e| format!("--table {e}"))?;
            }
            let sql = export_sql(&model, dialect.into(), &names)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            print!("{sql}");
            Ok(String::new())
        }
    }
}

/// Reads and checks a model file; the message names the file.
fn read_model(path: &Path) -> Result<Model, String> {
    let text = read_text(
        path,
        "give the model.json that `c360 analyze` or the app wrote",
    )?;
    Model::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A text file (UTF-8) whole; `what` says what to give instead when it is not one.
fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| io_err(path, e))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("{}: not a text file (UTF-8); {what}", path.display()))
}

/// Reads and imports the six tables of DIR (or a ZIP); prints the import's notices.
fn import_dir(
    dir: &Path,
    import: &ImportOptions,
) -> Result<
    (
        crate::core::data::Dataset,
        crate::core::import::ImportSummary,
    ),
    String,
> {
    let files = read_input_files(dir)?;
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let (ds, import_summary) = import_files_with(&inputs, import).map_err(|e| e.to_string())?;
    for n in &import_summary.notices {
        eprintln!("note: {n}");
    }
    Ok((ds, import_summary))
}

/// Imports DIR and writes OUT/scores.csv (and OUT/skipped_rows.csv when rows were left out).
/// A folder of plain UTF-8 files is read a block at a time ([`score_streamed`]); a ZIP, or a
/// file in another encoding, whole.
fn score_dir(
    model: &Model,
    dir: &Path,
    out: &Path,
    import: &ImportOptions,
) -> Result<String, String> {
    if dir.is_dir()
        && let Some(done) = score_streamed(model, dir, out, import)?
    {
        return Ok(done);
    }
    let started = Instant::now();
    let (ds, import_summary) = import_dir(dir, import)?;
    let imported = started.elapsed();
    let scores = model
        .score(&ds)
        .map_err(|e| e.locate(&import_summary).to_string())?;
    let scored = started.elapsed();
    let path = before_scores(&scores, out, &import_summary)?;
    fs::write(&path, model.scores_csv(&scores)).map_err(|e| io_err(&path, e))?;
    Ok(format!(
        "scored {} customers (import {:.0} ms, scoring {:.0} ms) with a {}-segment model fitted on {} customers, wrote {}",
        scores.rows.len(),
        imported.as_secs_f64() * 1e3,
        (scored - imported).as_secs_f64() * 1e3,
        model.segments.len(),
        model.customers,
        path.display()
    ))
}

/// [`score_dir`] on a folder, its files read a block of rows at a time and joined as they are
/// read (`core::import::stream`): memory for the customers and their joined rows, not for the
/// files. `Ok(None)` when the files cannot be read so (another encoding, a problem in a header,
/// a file that is not one of the six tables): [`score_dir`] then reads them whole, for the same
/// result or message.
fn score_streamed(
    model: &Model,
    dir: &Path,
    out: &Path,
    import: &ImportOptions,
) -> Result<Option<String>, String> {
    use crate::core::c360::check_rows;
    use crate::core::import::stream::{BLOCK_BYTES, HEAD_BYTES, join_streamed};
    use std::io::Read as _;
    let started = Instant::now();
    // Which file holds which table, from the start of each (as the whole import decides).
    let mut starts = Vec::new();
    for (name, path) in csv_paths(dir)? {
        let mut head = Vec::new();
        let file = fs::File::open(&path).map_err(|e| io_err(&path, e))?;
        file.take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| io_err(&path, e))?;
        starts.push((name, head));
    }
    let inputs: Vec<InputFile<'_>> = starts
        .iter()
        .map(|(name, bytes)| InputFile { name, bytes })
        .collect();
    let Ok(assigned) = crate::core::import::assign_files_with(&inputs, import) else {
        return Ok(None);
    };
    let tables: Vec<(crate::core::import::TableKind, String)> = assigned
        .tables
        .iter()
        .map(|(k, f)| (*k, f.name.to_string()))
        .collect();
    let open = |name: &str| fs::File::open(dir.join(name)).map(std::io::BufReader::new);
    let streamed = join_streamed(&tables, assigned.notices, open, import, BLOCK_BYTES)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let Some(streamed) = streamed else {
        return Ok(None);
    };
    let s = streamed.map_err(|e| e.to_string())?;
    let import_summary = s.summary;
    let imported = started.elapsed();
    let notes = || {
        for n in &import_summary.notices {
            eprintln!("note: {n}");
        }
    };
    let (rows, report) = check_rows(&s.sizes, (s.rows, s.report)).map_err(|e| {
        notes();
        crate::core::error::CoreError::from(e)
            .locate(&import_summary)
            .to_string()
    })?;
    // An input that is not a number: read whole, which says where (and prints the notes).
    let Ok(scores) = model.score_joined(rows, report) else {
        return Ok(None);
    };
    notes();
    let scored = started.elapsed();
    let path = before_scores(&scores, out, &import_summary)?;
    let file = fs::File::create(&path).map_err(|e| io_err(&path, e))?;
    let file = model
        .write_scores_csv(&scores, std::io::BufWriter::new(file))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.into_inner()
        .map_err(|e| io_err(&path, e.into_error()))?
        .sync_all()
        .ok();
    Ok(Some(format!(
        "scored {} customers (import {:.0} ms, scoring {:.0} ms; files read a block at a time) with a {}-segment model fitted on {} customers, wrote {}",
        scores.rows.len(),
        imported.as_secs_f64() * 1e3,
        (scored - imported).as_secs_f64() * 1e3,
        model.segments.len(),
        model.customers,
        path.display()
    )))
}

/// What `c360 score` says and writes before scores.csv: the join's and the drift's warnings,
/// OUT and OUT/skipped_rows.csv; the path of scores.csv.
fn before_scores(
    scores: &crate::core::model::Scores,
    out: &Path,
    import_summary: &crate::core::import::ImportSummary,
) -> Result<PathBuf, String> {
    for w in scores.join_report.warnings().iter().chain(&scores.drift) {
        eprintln!("warning: {w}");
    }
    fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
    write_skipped(out, import_summary)?;
    Ok(out.join("scores.csv"))
}

/// Writes OUT/skipped_rows.csv when the import left rows out, and says so.
fn write_skipped(
    out: &Path,
    import_summary: &crate::core::import::ImportSummary,
) -> Result<(), String> {
    if !import_summary.skipped_rows.is_empty() {
        let path = out.join("skipped_rows.csv");
        fs::write(&path, skipped_rows_csv(&import_summary.skipped_rows))
            .map_err(|e| io_err(&path, e))?;
        eprintln!(
            "note: {} rows with a problem were left out; listed in {}",
            import_summary.skipped_rows.len(),
            path.display()
        );
    }
    Ok(())
}

/// Reads and checks a policy file; the message names the file and the field.
fn read_policy(path: &Path) -> Result<Policy, String> {
    let text = read_text(path, "give a policy JSON file")?;
    Policy::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn io_err(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

/// The import options from `--map`, `--map-file` and `--skip-bad-rows`.
fn import_options(args: &ImportArgs) -> Result<ImportOptions, String> {
    let mut mappings = match args.map_file.as_deref() {
        Some(path) => {
            let text = fs::read_to_string(path).map_err(|e| io_err(path, e))?;
            parse_mappings(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    for m in &args.map {
        mappings.push(ColumnMapping::parse(m).map_err(|e| format!("--map {m}: {e}"))?);
    }
    Ok(ImportOptions {
        skip_bad_rows: args.skip_bad_rows,
        mappings,
        ..ImportOptions::default()
    })
}

/// The input files: the CSV files inside `path` when it is a ZIP archive (such as the app's
/// "Export data" download), else every `.csv` and `.tsv` file in the folder `path`.
fn read_input_files(path: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    if path.is_file() {
        let bytes = fs::read(path).map_err(|e| io_err(path, e))?;
        if !archive::is_zip(&bytes) {
            return Err(format!(
                "{}: not a folder or a ZIP archive; give the folder holding the six CSV files, or a ZIP of them",
                path.display()
            ));
        }
        let files = archive::unpack_csv(&bytes)
            .map_err(|e| format!("{}: could not be unpacked: {e}", path.display()))?;
        if files.is_empty() {
            return Err(format!(
                "{}: holds no CSV file; give a ZIP of the six CSV files",
                path.display()
            ));
        }
        return Ok(files);
    }
    read_csv_files(path)
}

/// Reads every `.csv` and `.tsv` file in `dir` (sorted by name).
fn read_csv_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    csv_paths(dir)?
        .into_iter()
        .map(|(name, path)| Ok((name, fs::read(&path).map_err(|e| io_err(&path, e))?)))
        .collect()
}

/// The `.csv` and `.tsv` files in `dir`, (name, path) sorted by name.
fn csv_paths(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_err(dir, e))? {
        let path = entry.map_err(|e| io_err(dir, e))?.path();
        let is_csv = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("tsv"));
        if path.is_file() && is_csv {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, path));
        }
    }
    files.sort();
    Ok(files)
}

fn analyze_dir(
    dir: &Path,
    out: &Path,
    params: &AnalysisParams,
    policy: &Policy,
    import: &ImportOptions,
) -> Result<String, String> {
    // Parameters first: a typo in an option should not wait for (or hide behind) the data.
    params.check().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let (ds, import_summary) = import_dir(dir, import)?;
    let imported = started.elapsed();
    let mut steps: Vec<(&'static str, f64)> = Vec::new();
    let mut last = Instant::now();
    // Handed over: the tables' rows are freed once the Customer 360 is built.
    let analysis = analyze_observed(Input::OwnedDataset(ds), params, policy, &mut |step| {
        steps.push((step, round_to(last.elapsed().as_secs_f64() * 1e3, 3)));
        last = Instant::now();
    })
    .map_err(|e| e.locate(&import_summary).to_string())?;
    let analysed = started.elapsed();
    for w in analysis.prepared.join_report.warnings() {
        eprintln!("warning: {w}");
    }
    if let Some(note) = &analysis.selection.k_note {
        eprintln!("note: {note}");
    }

    let mut summary = summary_json(&analysis);
    summary["import_report"] = json!({
        "files": import_summary.files.iter().map(|(k, f, n)| json!({"table": k.name(), "file": f, "rows": n})).collect::<Vec<_>>(),
        "ignored_columns": import_summary.ignored_columns,
        "notices": import_summary.notices,
        "skipped_rows": import_summary.skipped_rows.len(),
        "join": analysis.prepared.join_report,
    });
    summary["timings_ms"] = json!({
        "import": round_to(imported.as_secs_f64() * 1e3, 3),
        "analysis": round_to((analysed - imported).as_secs_f64() * 1e3, 3),
        "steps": steps.iter().map(|(step, ms)| json!({"step": step, "ms": ms})).collect::<Vec<_>>(),
    });
    fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
    let path = out.join("summary.json");
    let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
    fs::write(&path, text + "\n").map_err(|e| io_err(&path, e))?;
    write_skipped(out, &import_summary)?;

    let p = &analysis.prepared;
    let seg = &analysis.segmentation;
    let all: Vec<usize> = (0..p.rows.len()).collect();
    let plan = analysis.plan();
    // The four files are independent: written at once, on the cores.
    let outputs = [
        "customers.csv",
        "contacts.csv",
        "propensity.csv",
        "model.json",
    ];
    let written = crate::core::parallel::map(&outputs, |&name| {
        let bytes = match name {
            "customers.csv" => analysis.view().to_csv(&all).map_err(|e| e.to_string())?,
            "contacts.csv" => {
                write_contacts_csv(&analysis.view(), &plan).map_err(|e| e.to_string())?
            }
            "propensity.csv" => propensity_csv(&analysis).map_err(|e| e.to_string())?,
            _ => Model::new(p, seg, &analysis.propensity, &analysis.policy)
                .to_json()
                .into_bytes(),
        };
        let path = out.join(name);
        fs::write(&path, bytes).map_err(|e| io_err(&path, e))
    });
    written.into_iter().collect::<Result<(), String>>()?;
    Ok(format!(
        "analysed {} customers (import {:.0} ms, analysis {:.0} ms, writing {:.0} ms): K = {}, wrote {}",
        p.rows.len(),
        imported.as_secs_f64() * 1e3,
        (analysed - imported).as_secs_f64() * 1e3,
        (started.elapsed() - analysed).as_secs_f64() * 1e3,
        seg.chosen_k,
        out.display()
    ))
}

/// Every customer's propensity per product: `customer_id,credit_card,loan,investments`, each
/// probability in the shortest form that reads back exactly.
fn propensity_csv(a: &Analysis) -> Result<Vec<u8>, csv::Error> {
    use crate::core::export::{Numbers, csv_text};
    let rows = &a.prepared.rows;
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 72 + 64));
    w.write_record(["customer_id", "credit_card", "loan", "investments"])?;
    let mut n = Numbers::default();
    for (c, p) in rows.iter().zip(&a.propensity.scores) {
        w.write_field(&*csv_text(&c.customer_id))?;
        for v in p {
            w.write_field(n.shortest(*v))?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The summary document of an analysis (everything but the import report).
pub fn summary_json(a: &Analysis) -> Value {
    let p = &a.prepared;
    let seg = &a.segmentation;
    let all: Vec<usize> = (0..p.rows.len()).collect();
    let view = a.view();
    let s = view.summarize(&view.filter(&Filter::default()));
    debug_assert_eq!(s.customers, all.len());
    let segments: Vec<Value> = seg
        .segments
        .iter()
        .map(|g| {
            let centroid: Map<String, Value> = MODEL_FEATURES
                .iter()
                .zip(&g.centroid)
                .map(|(f, v)| (f.to_string(), json!(v)))
                .collect();
            // Penetration, centroids and evidence to six places (not the float's last bits); the
            // share stays size / customers exactly, so the shares sum to 1.
            let mut segment = json!({
                "name": g.name,
                "cluster": g.cluster,
                "size": g.size,
                "share": g.share,
                "penetration": g.penetration,
                "centroid": centroid,
                "evidence": g.evidence,
            });
            round_json(&mut segment, DECIMAL_PLACES as i32);
            segment["share"] = json!(g.share);
            segment
        })
        .collect();
    json!({
        "customers": p.rows.len(),
        "k_scores": a.selection.scores,
        "best_k": a.selection.best_k,
        "chosen_k": seg.chosen_k,
        "silhouette_sample": a.selection.silhouette_sample,
        "fit_sample": a.selection.fit_sample,
        // Why K was capped (few or identical customers), or null.
        "k_note": a.selection.k_note,
        "segments": segments,
        "offers": s.offers.iter().map(|o| json!({
            "offer": o.name,
            "customers": o.customers,
            "expected_revenue": round_to(o.expected_revenue, MONEY_PLACES as i32),
        })).collect::<Vec<_>>(),
        "expected_revenue_total": round_to(s.expected_revenue, MONEY_PLACES as i32),
        "planted_ari": seg.planted_ari,
        "propensity": a.propensity.models.iter().map(|m| (m.product.name().to_string(), json!({
            "auc": m.auc.map(|x| round_to(x, DECIMAL_PLACES as i32)),
            "base_rate": round_to(m.base_rate, DECIMAL_PLACES as i32),
            // Customers the AUC is cross-validated on (a sample above CV_SAMPLE).
            "validated_on": m.validated_on,
            "inputs": m.model.inputs.iter().map(|f| f.name()).collect::<Vec<_>>(),
        }))).collect::<Map<String, Value>>(),
        "plan": plan_json(a),
    })
}

/// The campaign plan's totals under the policy's levers, beside the default policy's.
fn plan_json(a: &Analysis) -> Value {
    let t = a.plan().totals;
    let money = |x: f64| round_to(x, MONEY_PLACES as i32);
    json!({
        "budget": a.policy.plan.budget,
        "holdout_share": a.policy.plan.holdout,
        "contacts": t.contacts,
        "holdout": t.holdout,
        "expected_conversions": round_to(t.expected_conversions, DECIMAL_PLACES as i32),
        "expected_revenue": money(t.expected_revenue),
        "cost": money(t.cost),
        "net": money(t.net),
        "return_on_cost": round_to(t.return_on_cost, DECIMAL_PLACES as i32),
    })
}
