//! Browser tests (tier 2): run in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown --test web` (or `make test`).
//!
//! Natively this file compiles to nothing. Component tests mount into the page's `<body>`; Leptos
//! effects are asynchronous, so after an action await `leptos::task::tick()` before checking the DOM.

#![cfg(target_arch = "wasm32")]

use c360::core::features::WealthTier;
use c360::core::scaling::StandardScaler;
use ndarray::{Axis, array};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The numeric core runs in WebAssembly: z-scores have mean 0 and population standard deviation 1,
/// and a constant column is centred but not scaled.
#[wasm_bindgen_test]
fn core_scaling_runs_in_wasm() {
    // (n_customers = 4, n_features = 2)
    let x = array![[1.0, 7.0], [2.0, 7.0], [3.0, 7.0], [4.0, 7.0]];
    let scaler = StandardScaler::fit(x.view());
    assert_eq!(scaler.scale[1], 1.0, "constant column keeps scale 1");

    let z = scaler.transform(x.view());
    let mean = z.mean_axis(Axis(0)).expect("non-empty");
    let std = z.std_axis(Axis(0), 0.0);
    assert!(mean.iter().all(|m| m.abs() < 1e-12), "means {mean}");
    assert!((std[0] - 1.0).abs() < 1e-12, "std {std}");
    assert_eq!(z.column(1).to_vec(), vec![0.0; 4]);

    let back = scaler.inverse_transform(z.view());
    assert!((&back - &x).iter().all(|d| d.abs() < 1e-9));
}

/// Wealth tiers follow the boundaries of docs/product.md (Features) (inclusive upper bounds).
#[wasm_bindgen_test]
fn core_wealth_tiers_in_wasm() {
    assert_eq!(WealthTier::of(50_000.0), WealthTier::Low);
    assert_eq!(WealthTier::of(60_000.0), WealthTier::Medium);
    assert_eq!(WealthTier::of(200_000.0), WealthTier::Medium);
    assert_eq!(WealthTier::of(200_000.5), WealthTier::High);
}

/// The page's DOM is reachable (the test runs in a real browser, not in Node).
#[wasm_bindgen_test]
fn runs_in_a_browser_document() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    let body = document.body().expect("a <body>");
    let p = document.create_element("p").expect("create <p>");
    p.set_text_content(Some("c360 smoke"));
    body.append_child(&p).expect("append");
    assert!(
        body.text_content()
            .unwrap_or_default()
            .contains("c360 smoke")
    );
    p.remove();
}

// ---------------------------------------------------------------------------------------------
// Dashboard components: mount the app in a fresh container, act, and
// wait — effects and the staged analysis are asynchronous — until the DOM shows the result.
// ---------------------------------------------------------------------------------------------

/// Waiting helpers shared by the component tests below.
mod wait {
    /// Waits `ms` milliseconds (a macrotask: the browser runs effects, timers and paints).
    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .expect("setTimeout");
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .expect("timer");
    }

    /// Polls `cond` (after a reactive tick and a short sleep) for up to `secs` seconds.
    pub async fn wait_until(what: &str, secs: u32, mut cond: impl FnMut() -> bool) {
        for _ in 0..secs * 20 {
            leptos::task::tick().await;
            if cond() {
                return;
            }
            sleep(50).await;
        }
        panic!("timed out after {secs} s waiting for {what}");
    }
}

mod dashboard {
    use super::wait::wait_until;
    use c360::ui::App;
    use c360::ui::components::KpiCard;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

    fn document() -> web_sys::Document {
        web_sys::window()
            .and_then(|w| w.document())
            .expect("a document")
    }

    /// A fresh container in `<body>`; removed (and the app unmounted) by the returned guard.
    struct Mounted<S: leptos::tachys::view::Mountable> {
        root: HtmlElement,
        _handle: leptos::mount::UnmountHandle<S>,
    }

    impl<S: leptos::tachys::view::Mountable> Mounted<S> {
        fn find(&self, selector: &str) -> Option<Element> {
            self.root.query_selector(selector).ok().flatten()
        }

        fn get(&self, selector: &str) -> Element {
            self.find(selector)
                .unwrap_or_else(|| panic!("no element matches {selector}"))
        }

        fn text(&self, selector: &str) -> String {
            self.find(selector)
                .and_then(|e| e.text_content())
                .unwrap_or_default()
        }

        fn all(&self, selector: &str) -> Vec<Element> {
            let list = self.root.query_selector_all(selector).expect("selector");
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .collect()
        }
    }

    impl<S: leptos::tachys::view::Mountable> Drop for Mounted<S> {
        fn drop(&mut self) {
            self.root.remove();
        }
    }

    fn container() -> HtmlElement {
        let root: HtmlElement = document()
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document()
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        root
    }

    /// Mounts the whole dashboard and waits for the first analysis (3,000 customers).
    async fn mount_app() -> Mounted<impl leptos::tachys::view::Mountable> {
        let root = container();
        let handle = leptos::mount::mount_to(root.clone(), App);
        let app = Mounted {
            root,
            _handle: handle,
        };
        wait_until("the first analysis", 120, || {
            app.find("[data-testid=analysis-time]").is_some()
        })
        .await;
        app
    }

    fn customers_kpi<S: leptos::tachys::view::Mountable>(app: &Mounted<S>) -> String {
        app.text(".kpi[aria-label=Customers] .kpi-value")
    }

    /// Types `id` into the Customer ID field and submits the form (what Enter does).
    fn look_up<S: leptos::tachys::view::Mountable>(app: &Mounted<S>, id: &str) {
        let input: HtmlInputElement = app.get("#customer-id").unchecked_into();
        input.set_value(id);
        let submit: HtmlElement = app.get(".lookup-form button[type=submit]").unchecked_into();
        submit.click();
    }

    #[wasm_bindgen_test]
    async fn opening_shows_the_full_analysis_without_a_click() {
        let app = mount_app().await;
        let timing = app.get("[data-testid=analysis-time]");
        let ms: f64 = timing
            .get_attribute("data-ms")
            .and_then(|m| m.parse().ok())
            .expect("data-ms holds a number");
        assert!(ms > 0.0, "analysis time {ms}");
        assert!(
            app.text("[data-testid=analysis-time]")
                .starts_with("3,000 customers analysed in"),
            "{}",
            app.text("[data-testid=analysis-time]")
        );
        assert_eq!(customers_kpi(&app), "3,000");
        assert!(
            app.text(".kpi[aria-label='Avg income'] .kpi-value")
                .starts_with('₹')
        );
        assert!(
            app.text(".kpi[aria-label='Expected revenue'] .kpi-value")
                .starts_with('₹')
        );

        // Six charts, each a canvas with role img, an accessible name and a heading; drawn.
        wait_until("the charts to be drawn", 10, || {
            app.all("canvas.chart-canvas").iter().all(|c| {
                c.get_attribute("width")
                    .and_then(|w| w.parse::<u32>().ok())
                    .is_some_and(|w| w > 300)
            })
        })
        .await;
        let canvases = app.all("canvas[role=img]");
        assert_eq!(canvases.len(), 6);
        for c in &canvases {
            let label = c.get_attribute("aria-label").unwrap_or_default();
            assert!(
                label.len() > 20 && !label.contains("loading"),
                "aria-label {label}"
            );
        }
        assert_eq!(app.all(".chart-card h2").len(), 6);
        assert_eq!(app.all(".chart-card details table").len(), 6);
        let donut = app.get("[data-chart=segment-distribution] canvas");
        let label = donut.get_attribute("aria-label").unwrap_or_default();
        assert!(label.contains("Mass Retail"), "persona names in {label}");
        // The segment profile table has one row per segment, with its evidence (drawn with the
        // panels after the charts: on a slow machine a moment later).
        wait_until("the segment profiles", 10, || {
            !app.all(".profiles tbody tr").is_empty()
        })
        .await;
        assert_eq!(
            app.all(".profiles tbody tr").len(),
            app.all(".segment-filter input").len()
        );
        assert!(app.text(".profiles tbody").contains('σ'));
    }

    #[wasm_bindgen_test]
    async fn lookup_shows_a_customer_or_says_the_id_is_unknown() {
        let app = mount_app().await;
        look_up(&app, "42");
        wait_until("customer 42", 5, || {
            app.text("[data-testid=lookup-result]")
                .contains("Customer 42")
        })
        .await;
        let card = app.text("[data-testid=lookup-result]");
        for part in [
            "Age",
            "Income",
            "Avg balance",
            "Products",
            "Risk score",
            "Credit card",
            "Loan",
            "Investments",
            "Recommended offer",
        ] {
            assert!(card.contains(part), "{part} in {card}");
        }
        assert!(!app.text(".offer-reason").is_empty(), "the offer's reason");

        look_up(&app, "99999");
        wait_until("the unknown-id message", 5, || {
            app.text("[data-testid=lookup-result]")
                .contains("No customer with ID 99999")
        })
        .await;
    }

    #[wasm_bindgen_test]
    async fn unchecking_a_segment_filters_every_view() {
        let app = mount_app().await;
        let boxes = app.all(".segment-filter input[type=checkbox]");
        assert!(boxes.len() >= 2, "one checkbox per persona");
        let first: HtmlInputElement = boxes[0].clone().unchecked_into();
        assert!(first.checked(), "all checked at first");
        let name = app.all(".segment-filter label")[0]
            .text_content()
            .unwrap_or_default();
        first.click();
        wait_until("fewer customers", 5, || customers_kpi(&app) != "3,000").await;
        let n: usize = customers_kpi(&app)
            .replace(',', "")
            .parse()
            .expect("a count");
        assert!(n > 0 && n < 3_000, "{n} customers after unchecking {name}");
        // The profile table drops the segment; the download button counts the filtered customers.
        assert!(!app.text(".profiles tbody").contains(name.trim()));
        assert!(app.text(".download").contains(&c360::app::format::count(n)));
        first.click();
        wait_until("all customers again", 5, || customers_kpi(&app) == "3,000").await;
    }

    #[wasm_bindgen_test]
    async fn overriding_k_resegments_without_refitting() {
        let app = mount_app().await;
        let before = app.text("[data-testid=analysis-time]");
        let select: HtmlSelectElement = app.get("#set-k").unchecked_into();
        select.set_value("5");
        select
            .dispatch_event(&web_sys::Event::new("change").expect("event"))
            .expect("dispatch");
        wait_until("five segments", 5, || {
            app.all(".segment-filter input").len() == 5
        })
        .await;
        assert!(
            app.text("[data-chart=model-selection]")
                .contains("Model selection")
        );
        let label = app
            .get("[data-chart=model-selection] canvas")
            .get_attribute("aria-label")
            .unwrap_or_default();
        assert!(label.contains("chosen K = 5"), "{label}");
        assert!(app.find("[data-testid=progress]").is_none(), "no refit ran");
        assert_eq!(
            app.text("[data-testid=analysis-time]"),
            before,
            "same fits, same timing"
        );
        // Back to automatic K (this also restores the page URL for the next tests).
        select.set_value("auto");
        select
            .dispatch_event(&web_sys::Event::new("change").expect("event"))
            .expect("dispatch");
        wait_until("the best K again", 5, || {
            app.all(".segment-filter input").len() != 5
        })
        .await;
    }

    #[wasm_bindgen_test]
    async fn a_bad_setting_is_explained_and_results_stay() {
        let app = mount_app().await;
        let input: HtmlInputElement = app.get("#set-customers").unchecked_into();
        input.set_value("12");
        input
            .dispatch_event(&web_sys::Event::new("change").expect("event"))
            .expect("dispatch");
        wait_until("the message beside the field", 5, || {
            !app.text("#set-customers-error").is_empty()
        })
        .await;
        let message = app.text("#set-customers-error");
        assert_eq!(
            message, "12 is below 500; the analysis keeps 3000 until this is fixed.",
            "what is wrong and the range, beside the field"
        );
        assert_eq!(input.value(), "12", "the entry stays in the field");
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(
            app.find("[data-testid=notice]").is_none(),
            "no page-wide notice"
        );
        assert_eq!(customers_kpi(&app), "3,000", "results stay");
    }

    #[wasm_bindgen_test]
    async fn kpi_card_shows_its_label_value_and_detail() {
        let root = container();
        let value = RwSignal::new("₹1,000".to_string());
        let handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <KpiCard label="Avg balance" value=value detail=Signal::derive(|| "annual".to_string())/> }
        });
        let app = Mounted {
            root,
            _handle: handle,
        };
        // The label, then its "i" explanation (shown on hover and focus).
        assert!(app.text(".kpi-label").starts_with("Avg balance"));
        assert!(
            app.text(".kpi-label .info-text")
                .contains("average account balance")
        );
        assert_eq!(app.text(".kpi-value"), "₹1,000");
        assert_eq!(app.text(".kpi-detail"), "annual");
        value.set("₹12,34,567".to_string());
        wait_until("the new value", 2, || {
            app.text(".kpi-value") == "₹12,34,567"
        })
        .await;
    }
}

// ---------------------------------------------------------------------------------------------
// Data import: browser `File`s through the Leptos-free import
// helper, and the "Load your data" input in the mounted app.
// ---------------------------------------------------------------------------------------------

mod import {
    use super::wait::wait_until;
    use std::cell::RefCell;
    use std::rc::Rc;

    use c360::app::import::{ImportFailure, import_loaded};
    use c360::ui::App;
    use c360::web::files::read_files;
    use c360::web::host::BrowserHost;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::{Element, HtmlElement, HtmlInputElement};

    const GOOD: [(&str, &[u8]); 6] = [
        ("customers.csv", include_bytes!("data/good/customers.csv")),
        ("accounts.csv", include_bytes!("data/good/accounts.csv")),
        (
            "credit_cards.csv",
            include_bytes!("data/good/credit_cards.csv"),
        ),
        ("loans.csv", include_bytes!("data/good/loans.csv")),
        (
            "investments.csv",
            include_bytes!("data/good/investments.csv"),
        ),
        (
            "transactions.csv",
            include_bytes!("data/good/transactions.csv"),
        ),
    ];
    const BAD_ACCOUNTS: (&str, &[u8]) = (
        "accounts_ratio_above_one.csv",
        include_bytes!("data/bad/accounts_ratio_above_one.csv"),
    );

    /// A browser `File` holding `bytes`.
    fn file(name: &str, bytes: &[u8]) -> web_sys::File {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        web_sys::File::new_with_u8_array_sequence(&parts, name).expect("File")
    }

    /// The good set, with accounts swapped for the broken file when `broken`.
    fn files(broken: bool) -> Vec<web_sys::File> {
        GOOD.iter()
            .map(|&(n, b)| match n {
                "accounts.csv" if broken => file(BAD_ACCOUNTS.0, BAD_ACCOUNTS.1),
                _ => file(n, b),
            })
            .collect()
    }

    #[wasm_bindgen_test]
    async fn browser_files_import_through_the_helper_with_progress() {
        let reports = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::clone(&reports);
        let host = BrowserHost::new(move |p| seen.borrow_mut().push(p));
        let loaded = read_files(&files(false), &host).await.expect("read");
        assert_eq!(loaded.len(), 6);
        assert_eq!(loaded[0].bytes, GOOD[0].1);
        let data = import_loaded(loaded, &host)
            .await
            .expect("the good set imports");
        assert_eq!(data.customers(), 6);
        assert_eq!(data.name, "6 files, 6 customers");
        assert!(data.join_problems().is_empty());
        let labels: Vec<String> = reports.borrow().iter().map(|p| p.label.clone()).collect();
        assert!(
            labels.contains(&"Opening transactions.csv…".to_string()),
            "{labels:?}"
        );
        assert!(
            labels
                .iter()
                .any(|l| l.starts_with("Reading transactions.csv — ")),
            "{labels:?}"
        );
        assert_eq!(
            labels.last().map(String::as_str),
            Some("Joining the six tables…")
        );
    }

    #[wasm_bindgen_test]
    async fn a_bad_file_gives_the_located_error() {
        let host = BrowserHost::new(|_| {});
        let loaded = read_files(&files(true), &host).await.expect("read");
        let err = import_loaded(loaded, &host).await.expect_err("ratio 1.2");
        assert!(matches!(err, ImportFailure::Invalid(_)), "{err:?}");
        assert_eq!(
            err.location().as_deref(),
            Some("accounts_ratio_above_one.csv, row 3, column digital_txn_ratio")
        );
        assert!(
            err.summary().starts_with("Value out of range"),
            "{}",
            err.summary()
        );
    }

    /// Puts `files` in the "Load your data" input and fires its change event.
    fn choose(input: &HtmlInputElement, files: &[web_sys::File]) {
        let dt = web_sys::DataTransfer::new().expect("DataTransfer");
        for f in files {
            dt.items().add_with_file(f).expect("add file");
        }
        input.set_files(dt.files().as_ref());
        input
            .dispatch_event(&web_sys::Event::new("change").expect("event"))
            .expect("dispatch");
    }

    #[wasm_bindgen_test]
    async fn loading_files_replaces_the_data_and_a_bad_set_keeps_it() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("document");
        let root: HtmlElement = document
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let _handle = leptos::mount::mount_to(root.clone(), App);
        let find = |sel: &str| -> Option<Element> { root.query_selector(sel).ok().flatten() };
        let text = |sel: &str| find(sel).and_then(|e| e.text_content()).unwrap_or_default();
        let customers = || text(".kpi[aria-label=Customers] .kpi-value");
        wait_until("the first analysis", 120, || customers() == "3,000").await;

        let input: HtmlInputElement = find("#data-files").expect("file input").unchecked_into();
        assert_eq!(
            find("label[for=data-files]")
                .and_then(|l| l.text_content())
                .as_deref(),
            Some("Load your data")
        );
        assert!(input.multiple());
        choose(&input, &files(false));
        wait_until("the imported analysis", 30, || customers() == "6").await;
        assert!(text("[data-testid=data-source]").contains("6 files, 6 customers"));
        assert!(text("[data-testid=join-report]").contains("No join problems found."));
        assert!(find("[data-testid=import-time]").is_some());

        choose(&input, &files(true));
        wait_until("the import error", 30, || {
            find("[data-testid=import-error]").is_some()
        })
        .await;
        assert_eq!(
            find("[data-testid=import-error]")
                .and_then(|e| e.get_attribute("role"))
                .as_deref(),
            Some("alert")
        );
        assert_eq!(
            text("[data-testid=import-error-location]"),
            "accounts_ratio_above_one.csv, row 3, column digital_txn_ratio"
        );
        assert_eq!(customers(), "6", "the data loaded before stays");
        assert!(text("[data-testid=data-source]").contains("6 files, 6 customers"));
        root.remove();
    }
}

/// The page ↔ fit-worker messages (src/web/workers/protocol.rs) and the worker's handler, in wasm:
/// what the page sends is what the worker reads, and a worker's answer is the fit the page would
/// have computed itself.
mod fit_worker {
    use c360::core::kmeans::RestartFit;
    use c360::core::kmeans::Samples;
    use c360::core::selection::fit_k;
    use c360::web::workers::protocol::{FitJob, FromWorker, ProtocolError, ToWorker, ValuesFor};
    use c360::web::workers::worker::WorkerState;
    use js_sys::{Object, Reflect, Uint8Array};
    use ndarray::{Array2, array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// 120 customers × 3 features in three loose groups.
    fn data() -> Array2<f64> {
        Array2::from_shape_fn((120, 3), |(i, f)| {
            (i % 3) as f64 * 4.0 + ((i * 31 + f * 17) % 23) as f64 / 7.0
        })
    }

    fn job(job: u32, data: u32, k: usize, restarts: std::ops::Range<usize>) -> FitJob {
        FitJob {
            job,
            data,
            k,
            restarts,
            // Above 2^53: exact only because seeds travel as text.
            seed: u64::MAX - 12,
        }
    }

    /// The data set as the page sends it: pieces of `piece` rows' values, then `DataSent`, each
    /// through JavaScript and back.
    fn send_data(worker: &mut WorkerState, data: u32, x: &Array2<f64>, piece: usize) {
        let (rows, cols) = x.dim();
        let values: Vec<f64> = x.iter().copied().collect();
        for (p, chunk) in values.chunks((piece * cols).max(1)).enumerate() {
            let (js, _) = ToWorker::values_to_js(
                ValuesFor::Data(data),
                values.len(),
                p * piece * cols,
                chunk,
            );
            assert_eq!(worker.handle(ToWorker::from_js(&js).unwrap()), None);
        }
        let sent = ToWorker::data_sent_to_js(data, rows, cols);
        assert_eq!(worker.handle(ToWorker::from_js(&sent).unwrap()), None);
    }

    /// A propensity job for `design` as the page sends it (its inputs in pieces of `piece`
    /// customers, then `PropensitySent`), through JavaScript; the worker's answer.
    fn send_design(
        worker: &mut WorkerState,
        job: u32,
        design: &c360::core::propensity::Design,
        piece: usize,
    ) -> Option<FromWorker> {
        let d = design.cols;
        for (p, chunk) in design.x.chunks((piece * d).max(1)).enumerate() {
            let (js, _) = ToWorker::values_to_js(
                ValuesFor::Inputs(job),
                design.x.len(),
                p * piece * d,
                chunk,
            );
            assert_eq!(worker.handle(ToWorker::from_js(&js).unwrap()), None);
        }
        let sent = ToWorker::propensity_sent_to_js(job, design.product, d, &design.y);
        worker.handle(ToWorker::from_js(&sent).unwrap())
    }

    #[wasm_bindgen_test]
    fn page_messages_read_back_unchanged() {
        let fit_msg = ToWorker::Fit(job(41, 7, 5, 3..8));
        use c360::core::propensity::Owned;
        let values = ToWorker::Values {
            to: ValuesFor::Inputs(9),
            total: 10,
            from: 4,
            x: vec![0.5, -1.0, 1e300],
        };
        let data_values = ToWorker::Values {
            to: ValuesFor::Data(7),
            total: 3,
            from: 0,
            x: vec![2.0, 3.0, 4.0],
        };
        let data_sent = ToWorker::DataSent {
            data: 7,
            rows: 1,
            cols: 3,
        };
        let propensity_sent = ToWorker::PropensitySent {
            job: 9,
            product: Owned::Investments,
            cols: 2,
            y: vec![true, false, true, true, false],
        };
        for msg in [fit_msg, values, data_values, data_sent, propensity_sent] {
            let (js, _) = msg.to_js();
            assert_eq!(ToWorker::from_js(&js), Ok(msg));
        }
    }

    /// The worker answers a piece of restarts with exactly `fit_k` on those restarts; folding the
    /// pieces gives `fit_k` on all of them — the same fit as on the page.
    #[wasm_bindgen_test]
    fn worker_pieces_fold_to_the_page_fit() {
        let x = data();
        let samples = Samples::new(x.view()).unwrap();
        let mut worker = WorkerState::default();
        send_data(&mut worker, 3, &x, 50);
        let mut pieces = Vec::new();
        for (i, r) in [0..4, 4..7, 7..10].into_iter().enumerate() {
            let (js, _) = ToWorker::Fit(job(i as u32, 3, 4, r.clone())).to_js();
            let reply = worker.handle(ToWorker::from_js(&js).unwrap()).unwrap();
            // Through JavaScript and back, as the page receives it.
            let (reply_js, transfer) = reply.to_js();
            assert_eq!(transfer.len(), 2, "centroids and labels are transferred");
            let Ok(FromWorker::Fit { job, fit }) = FromWorker::from_js(&reply_js) else {
                panic!("not a fit: {reply:?}");
            };
            assert_eq!(job, i as u32);
            let direct = fit_k(&samples, 4, r, u64::MAX - 12).unwrap();
            assert_eq!(fit, direct);
            pieces.push(fit);
        }
        assert!(
            pieces
                .iter()
                .any(|p| p.fit.inertia != pieces[0].fit.inertia),
            "every piece found the same optimum: the data do not tell the fold rule apart"
        );
        let folded = pieces.into_iter().reduce(RestartFit::better).unwrap();
        assert_eq!(folded, fit_k(&samples, 4, 0..10, u64::MAX - 12).unwrap());
    }

    /// Above `FIT_SAMPLE` customers a piece is a whole K: the worker answers with the K's fit as
    /// the page computes it (restarts on the seeded sample, refined on every customer).
    #[wasm_bindgen_test]
    fn worker_fits_large_data_on_the_sample_as_the_page_does() {
        use c360::app::fit_plan::FitPlan;
        use c360::core::selection::{FIT_SAMPLE, fit_k_all, fit_sample};
        let n = FIT_SAMPLE + 500;
        let x = Array2::from_shape_fn((n, 3), |(i, f)| {
            (i % 4) as f64 * 3.0 + ((i * 31 + f * 17) % 23) as f64 / 7.0
        });
        assert_eq!(
            FitPlan::pieces_per_k(n, 2),
            1,
            "one piece per K on sampled data"
        );
        let samples = Samples::new(x.view()).unwrap();
        let mut worker = WorkerState::default();
        send_data(&mut worker, 5, &x, 100_000);
        let Some(FromWorker::Fit { fit, .. }) = worker.handle(ToWorker::Fit(job(1, 5, 3, 0..4)))
        else {
            panic!("not a fit");
        };
        let sample = fit_sample(&samples, u64::MAX - 12);
        assert!(sample.is_some());
        let page = fit_k_all(&samples, sample.as_ref(), 3, 4, u64::MAX - 12).unwrap();
        assert_eq!(fit.fit, page);
        assert_eq!(fit.fit.labels.len(), n);
    }

    /// A propensity job sent a piece at a time (the page's way) is fitted as the product's
    /// design built at once, for any piece size; each piece's buffer is let go once read
    /// (detached, where the browser can); a piece lost makes the job an error, not a fit on
    /// part of the customers.
    #[wasm_bindgen_test]
    fn a_propensity_job_sent_in_pieces_fits_the_design() {
        use c360::core::pipeline::prepare;
        use c360::core::propensity::{Design, Owned, fit_product};
        use c360::core::synth::{DataProfile, SynthParams, synthesize};
        use c360::web::workers::protocol::PropensityMessage;
        let ds = synthesize(
            &SynthParams {
                customers: 503,
                seed: 9,
                profile: DataProfile::Realistic,
            }
            .check()
            .unwrap(),
        );
        let prepared = prepare(&ds).unwrap();
        let (rows, features) = (&prepared.rows, &prepared.features);
        let can_detach =
            js_sys::Reflect::has(&js_sys::ArrayBuffer::new(0), &"transfer".into()).unwrap_or(false);
        let mut worker = WorkerState::default();
        for product in Owned::ALL {
            let design = Design::of(rows, features, product);
            let expected = fit_product(&design);
            for piece in [1, 7, 250, 503, 10_000] {
                let mut message = PropensityMessage::new(5, product);
                let mut pieces = 0;
                while let Some((js, buffer)) = message.next_piece(rows, features, piece) {
                    pieces += 1;
                    let read = ToWorker::from_js(&js).unwrap();
                    let buffer: js_sys::ArrayBuffer = buffer.into();
                    assert_eq!(buffer.byte_length() == 0, can_detach, "let go once read");
                    assert_eq!(worker.handle(read), None, "a piece has no answer");
                }
                assert_eq!(pieces, 503usize.div_ceil(piece));
                assert_eq!(message.cols(), design.cols);
                let start = ToWorker::from_js(&message.finish(rows)).unwrap();
                match worker.handle(start) {
                    Some(FromWorker::Propensity { job: 5, fit }) => {
                        assert_eq!(*fit, expected, "{product:?} in pieces of {piece}")
                    }
                    other => panic!("{other:?}"),
                }
            }
            // The second of three pieces lost: an error for the job.
            let mut message = PropensityMessage::new(6, product);
            let mut p = 0;
            while let Some((js, _)) = message.next_piece(rows, features, 200) {
                if p != 1 {
                    worker.handle(ToWorker::from_js(&js).unwrap());
                }
                p += 1;
            }
            match worker.handle(ToWorker::from_js(&message.finish(rows)).unwrap()) {
                Some(FromWorker::Error { job: 6, message }) => {
                    assert!(message.contains("did not all arrive"), "{message}")
                }
                other => panic!("{other:?}"),
            }
        }
    }

    /// The data set sent a piece of rows at a time fits as the data sent whole; a missing
    /// piece leaves the worker without the data set (a fit is then an error, which sends the K
    /// back to the page).
    #[wasm_bindgen_test]
    fn a_data_set_sent_in_pieces_is_the_data_set() {
        let x = data();
        let values: Vec<f64> = x.iter().copied().collect();
        let whole = {
            let samples = Samples::new(x.view()).unwrap();
            let fit = fit_k(&samples, 3, 0..3, u64::MAX - 12).unwrap();
            Some(FromWorker::Fit { job: 1, fit })
        };
        for (piece, lose) in [
            (1, None),
            (50, None),
            (360, None),
            (1000, None),
            (50, Some(3)),
        ] {
            let mut worker = WorkerState::default();
            for (p, chunk) in values.chunks(piece).enumerate() {
                if Some(p) == lose {
                    continue;
                }
                let msg = ToWorker::Values {
                    to: ValuesFor::Data(4),
                    total: values.len(),
                    from: p * piece,
                    x: chunk.to_vec(),
                };
                let (js, _) = msg.to_js();
                assert_eq!(worker.handle(ToWorker::from_js(&js).unwrap()), None);
            }
            let sent = ToWorker::DataSent {
                data: 4,
                rows: 120,
                cols: 3,
            };
            assert_eq!(
                worker.handle(ToWorker::from_js(&sent.to_js().0).unwrap()),
                None
            );
            let fit = worker.handle(ToWorker::Fit(job(1, 4, 3, 0..3)));
            match lose {
                None => assert_eq!(fit, whole, "pieces of {piece}"),
                Some(_) => assert!(
                    matches!(&fit, Some(FromWorker::Error { job: 1, message }) if message.contains("data set 4")),
                    "{fit:?}"
                ),
            }
        }
        // Values past their total are refused as malformed.
        let (js, _) = ToWorker::Values {
            to: ValuesFor::Data(4),
            total: 3,
            from: 2,
            x: vec![1.0, 2.0],
        }
        .to_js();
        assert!(ToWorker::from_js(&js).is_err());
    }

    /// A propensity job makes the worker let its data set go (its memory is reused for the
    /// model); the page sends the data again before a later fit, which then answers as before.
    #[wasm_bindgen_test]
    fn worker_lets_its_data_go_for_a_propensity_fit() {
        use c360::core::propensity::{Design, Owned, fit_product};
        let x = data();
        let mut worker = WorkerState::default();
        send_data(&mut worker, 4, &x, 120);
        let Some(FromWorker::Fit { fit: before, .. }) =
            worker.handle(ToWorker::Fit(job(1, 4, 3, 0..2)))
        else {
            panic!("not a fit");
        };
        let cols = Owned::Loan.inputs().len();
        let design = Design {
            product: Owned::Loan,
            cols,
            x: (0..120 * cols).map(|v| ((v * 13) % 29) as f64).collect(),
            y: (0..120).map(|i| i % 3 == 0).collect(),
        };
        match send_design(&mut worker, 2, &design, 120) {
            Some(FromWorker::Propensity { job: 2, fit }) => assert_eq!(*fit, fit_product(&design)),
            other => panic!("{other:?}"),
        }
        match worker.handle(ToWorker::Fit(job(3, 4, 3, 0..2))) {
            Some(FromWorker::Error { job: 3, message }) => {
                assert!(message.contains("data set 4"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        send_data(&mut worker, 4, &x, 120);
        let Some(FromWorker::Fit { fit: again, .. }) =
            worker.handle(ToWorker::Fit(job(4, 4, 3, 0..2)))
        else {
            panic!("not a fit");
        };
        assert_eq!(again, before);
    }

    #[wasm_bindgen_test]
    fn worker_errors_are_answers_not_panics() {
        let mut worker = WorkerState::default();
        // No data yet.
        match worker.handle(ToWorker::Fit(job(1, 9, 3, 0..2))) {
            Some(FromWorker::Error { job: 1, message }) => {
                assert!(message.contains("data set 9"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        // More clusters than customers: the k-means error, as text.
        send_data(&mut worker, 9, &array![[0.0], [1.0]], 1);
        match worker.handle(ToWorker::Fit(job(2, 9, 3, 0..2))) {
            Some(FromWorker::Error { job: 2, message }) => assert!(!message.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[wasm_bindgen_test]
    fn malformed_messages_are_refused() {
        let err = |v: &JsValue| FromWorker::from_js(v).unwrap_err();
        let set = |o: &Object, k: &str, v: JsValue| {
            Reflect::set(o, &k.into(), &v).unwrap();
        };
        assert_eq!(
            ToWorker::from_js(&Object::new().into()),
            Err(ProtocolError("missing field kind".into()))
        );
        let o = Object::new();
        set(&o, "kind", "launch".into());
        assert!(err(&o.clone().into()).0.contains("unknown message kind"));

        // A fit whose label names a cluster that does not exist.
        let x = data();
        let fit = fit_k(&Samples::new(x.view()).unwrap(), 2, 0..1, 1).unwrap();
        let (js, _) = FromWorker::Fit { job: 5, fit }.to_js();
        let labels: Uint8Array = Reflect::get(&js, &"labels".into())
            .unwrap()
            .unchecked_into();
        labels.set_index(0, 2);
        assert_eq!(err(&js), ProtocolError("label 2 for K = 2".into()));

        // Values past their total, and a seed that is not a u64.
        let (js, _) = ToWorker::values_to_js(ValuesFor::Data(1), 11, 10, &[0.0; 2]);
        assert!(ToWorker::from_js(&js).unwrap_err().0.contains("past 11"));
        let (js, _) = ToWorker::Fit(job(1, 1, 2, 0..1)).to_js();
        Reflect::set(&js, &"seed".into(), &"-3".into()).unwrap();
        assert!(ToWorker::from_js(&js).unwrap_err().0.contains("seed"));
    }
}
