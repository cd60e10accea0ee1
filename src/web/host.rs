//! The browser as the app's host: `performance.now()`, yielding a frame, performance marks, and
//! the paced import host.

use std::cell::Cell;

use wasm_bindgen::JsCast;

use crate::app::host::{Host, Pacer};
use crate::app::import::{ImportHost, ImportProgress};

/// The page (or a worker): the clock and yields of the browser.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebHost;

impl Host for WebHost {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    async fn yield_now(&self) {
        yield_to_browser().await;
    }

    async fn yield_task(&self) {
        yield_task().await;
    }

    fn mark(&self, name: &str) {
        mark(name);
    }
}

/// Milliseconds since the page loaded (`performance.now()`; 0 outside a browser).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Adds a named mark to the page's performance timeline (nothing outside a browser). The
/// browser benchmark reads them: `c360:start` (the module's main), `c360:mounted`,
/// `c360:run-start` and `c360:run-end` (each run).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name); // one of each: the latest run's
        let _ = p.mark(name);
    }
}

/// Lets the browser paint (the progress bar) and handle input: waits for the next animation
/// frame — or 100 ms when none comes, e.g. in a hidden tab — then one more turn of the event
/// loop (`setTimeout(0)`), which runs after that frame is painted.
pub async fn yield_to_browser() {
    wait_for(|w, resolve| {
        let _ = w.request_animation_frame(resolve);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, 100);
    })
    .await;
    wait_for(|w, resolve| {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, 0);
    })
    .await;
}

/// Ends the current task and continues in a new one soon after, without waiting for a frame:
/// `scheduler.yield()` where the browser has it (the continuation keeps its place ahead of other
/// tasks), else a `setTimeout(0)`.
pub async fn yield_task() {
    let scheduled = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into())
        .ok()
        .filter(|s| s.is_object())
        .and_then(|s| {
            let f = js_sys::Reflect::get(&s, &"yield".into()).ok()?;
            let f: js_sys::Function = f.dyn_into().ok()?;
            f.call0(&s).ok()?.dyn_into::<js_sys::Promise>().ok()
        });
    match scheduled {
        Some(p) => {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        }
        None => {
            wait_for(|w, resolve| {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, 0);
            })
            .await;
        }
    }
}

/// A promise resolved by whichever callback `schedule` registers first (at once outside a
/// browser).
async fn wait_for(schedule: impl Fn(&web_sys::Window, &js_sys::Function)) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| match web_sys::window() {
        Some(w) => schedule(&w, &resolve),
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The browser as an import's host: progress goes to `report`; a pause yields a frame once
/// [`Pacer::IMPORT_BUDGET_MS`] have passed since the last one.
pub struct BrowserHost<R> {
    report: R,
    pacer: Cell<Pacer>,
}

impl<R: Fn(ImportProgress)> BrowserHost<R> {
    /// A host reporting to `report`.
    pub fn new(report: R) -> Self {
        Self {
            report,
            pacer: Cell::new(Pacer::new(Pacer::IMPORT_BUDGET_MS, now_ms(), false)),
        }
    }
}

impl<R: Fn(ImportProgress)> ImportHost for BrowserHost<R> {
    fn report(&self, progress: ImportProgress) {
        (self.report)(progress);
    }

    async fn pause(&self) {
        let mut pacer = self.pacer.get();
        pacer.pause(&WebHost).await;
        self.pacer.set(pacer);
    }

    async fn paint(&self) {
        yield_to_browser().await;
        let mut pacer = self.pacer.get();
        pacer.yielded(now_ms());
        self.pacer.set(pacer);
    }

    fn now(&self) -> f64 {
        now_ms()
    }
}
