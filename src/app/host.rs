//! What the app needs from where it runs: a clock, a way to give the page a turn (to paint its
//! progress and take input), and named marks on a timeline. The browser's host is
//! `crate::web::host::WebHost`; [`Immediate`] never waits (native tests, the CLI).

use std::future::Future;

/// The surroundings of a run.
pub trait Host {
    /// A clock in milliseconds.
    fn now_ms(&self) -> f64;
    /// Gives the page a turn: returns once it has painted and handled input.
    fn yield_now(&self) -> impl Future<Output = ()>;
    /// Gives the page a short turn: ends the current task so that input (and a paint, if the
    /// browser wants one) can come in, without waiting for a frame. By default a full turn.
    fn yield_task(&self) -> impl Future<Output = ()> {
        self.yield_now()
    }
    /// Adds a named mark to a timeline (benchmarks read them). Nothing by default.
    fn mark(&self, _name: &str) {}
}

/// A host that never waits; its clock counts the calls made to it (so durations are
/// deterministic in tests).
#[derive(Debug, Default)]
pub struct Immediate {
    calls: std::cell::Cell<u64>,
}

impl Host for Immediate {
    fn now_ms(&self) -> f64 {
        self.calls.set(self.calls.get() + 1);
        self.calls.get() as f64
    }

    async fn yield_now(&self) {}
}

/// When a staged task gives the page a turn: once a budget of work has run since the last turn,
/// so a small task does not wait before each of its short steps, while a large one keeps every
/// task of the page short and still paints its progress. A turn is short ([`Host::yield_task`]:
/// the task ends, input comes in) unless [`Pacer::FRAME_MS`] have passed since the last full one
/// ([`Host::yield_now`]: a frame is painted). `eager` yields before the first step too.
///
/// The run loop's budget is [`Pacer::RUN_BUDGET_MS`]: a phone-speed CPU (Lighthouse's mobile
/// audit runs 4x slower than this machine) turns each task into four times as long, and a task
/// over 50 ms there counts as blocking (see docs/PERFORMANCE.md).
#[derive(Debug, Clone, Copy)]
pub struct Pacer {
    budget_ms: f64,
    last: Option<f64>,
    last_frame: Option<f64>,
}

impl Pacer {
    /// The run loop's budget: a turn is due before the first stage that starts this long after
    /// the last turn (so the page's thread is kept for at most this plus one stage, or piece).
    pub const RUN_BUDGET_MS: f64 = 8.0;
    /// The import's budget: it parses in chunks, so a turn every few frames keeps the page live.
    pub const IMPORT_BUDGET_MS: f64 = 40.0;
    /// A full turn (a painted frame) at least this often while a task runs.
    pub const FRAME_MS: f64 = 48.0;

    /// A pacer with `budget_ms` of work between turns, started at `now`.
    pub fn new(budget_ms: f64, now: f64, eager: bool) -> Self {
        Pacer {
            budget_ms,
            last: (!eager).then_some(now),
            last_frame: (!eager).then_some(now),
        }
    }

    /// Whether the page is due a turn at `now`.
    pub fn due(&self, now: f64) -> bool {
        self.last.is_none_or(|t| now - t >= self.budget_ms)
    }

    /// Whether the turn due at `now` is a full one (a frame painted).
    pub fn frame_due(&self, now: f64) -> bool {
        self.last_frame.is_none_or(|t| now - t >= Self::FRAME_MS)
    }

    /// Records a full turn that ended at `now`.
    pub fn yielded(&mut self, now: f64) {
        self.last = Some(now);
        self.last_frame = Some(now);
    }

    /// Gives `host` a turn if one is due: a full one every [`Pacer::FRAME_MS`], else a short one.
    pub async fn pause(&mut self, host: &impl Host) {
        if self.due(host.now_ms()) {
            self.turn(host).await;
        }
    }

    /// Gives `host` a turn now (a stage begins: its label goes on the page): a full one every
    /// [`Pacer::FRAME_MS`], else a short one.
    pub async fn turn(&mut self, host: &impl Host) {
        let now = host.now_ms();
        if self.frame_due(now) {
            host.yield_now().await;
            self.yielded(host.now_ms());
        } else {
            host.yield_task().await;
            self.last = Some(host.now_ms());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pacer;

    const B: f64 = Pacer::RUN_BUDGET_MS;

    #[test]
    fn pacer_yields_once_the_budget_has_run() {
        let mut p = Pacer::new(B, 1000.0, false);
        assert!(!p.due(1000.0));
        assert!(!p.due(1000.0 + B - 0.5));
        assert!(p.due(1000.0 + B));
        p.yielded(1100.0);
        assert!(!p.due(1100.0 + B / 2.0));
        assert!(p.due(1100.0 + B + 3.0));
    }

    #[test]
    fn short_turns_between_full_ones_every_frame_ms() {
        let mut p = Pacer::new(B, 1000.0, false);
        assert!(p.due(1000.0 + B) && !p.frame_due(1000.0 + B));
        assert!(p.frame_due(1000.0 + Pacer::FRAME_MS));
        p.yielded(1100.0);
        assert!(!p.frame_due(1100.0 + Pacer::FRAME_MS - 1.0));
    }

    #[test]
    fn an_eager_pacer_yields_before_the_first_stage() {
        let mut p = Pacer::new(B, 1000.0, true);
        assert!(p.due(1000.0));
        p.yielded(1001.0);
        assert!(!p.due(1002.0));
    }
}
