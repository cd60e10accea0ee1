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
    /// When the caller last went back to work (after [`Pacer::pause`] or [`Pacer::turn`]).
    resumed: Option<f64>,
    /// How long the caller's last step took (from `resumed` to its next pause).
    step_ms: f64,
}

impl Pacer {
    /// The run loop's budget: a turn is due before a step that would end this long after the
    /// last turn, judging by the step before it (so a task of the page lasts about this long,
    /// unless one step alone takes longer).
    pub const RUN_BUDGET_MS: f64 = 8.0;
    /// The import's budget: it parses in chunks, so a turn every few frames keeps the page live.
    pub const IMPORT_BUDGET_MS: f64 = 40.0;
    /// A full turn (a painted frame) at least this often while a task runs.
    pub const FRAME_MS: f64 = 48.0;
    /// One frame at 60 Hz: a pacer whose budget is at least this paints at every turn.
    const ONE_FRAME_MS: f64 = 16.0;

    /// A pacer with `budget_ms` of work between turns, started at `now`.
    pub fn new(budget_ms: f64, now: f64, eager: bool) -> Self {
        Pacer {
            budget_ms,
            last: (!eager).then_some(now),
            last_frame: (!eager).then_some(now),
            resumed: None,
            step_ms: 0.0,
        }
    }

    /// Whether the page is due a turn at `now`: the budget is spent, or would be by a step as
    /// long as the last one.
    pub fn due(&self, now: f64) -> bool {
        self.last
            .is_none_or(|t| now - t + self.step_ms >= self.budget_ms)
    }

    /// Notes that the caller's step that began at the last resumption ends at `now`.
    fn step_ended(&mut self, now: f64) {
        if let Some(r) = self.resumed {
            self.step_ms = (now - r).max(0.0);
        }
    }

    /// Whether the turn due at `now` is a full one (a frame painted).
    /// A pacer whose budget is a frame or more (the import's) paints at every turn.
    pub fn frame_due(&self, now: f64) -> bool {
        let every = if self.budget_ms >= Self::ONE_FRAME_MS {
            self.budget_ms
        } else {
            Self::FRAME_MS
        };
        self.last_frame.is_none_or(|t| now - t >= every)
    }

    /// Records a full turn that ended at `now`.
    pub fn yielded(&mut self, now: f64) {
        self.last = Some(now);
        self.last_frame = Some(now);
    }

    /// Gives `host` a turn if one is due: a full one every [`Pacer::FRAME_MS`], else a short one.
    pub async fn pause(&mut self, host: &impl Host) {
        let now = host.now_ms();
        self.step_ended(now);
        if self.due(now) {
            self.turn(host).await;
        }
        self.resumed = Some(host.now_ms());
    }

    /// Gives `host` a turn now (a stage begins: its label goes on the page): a full one every
    /// [`Pacer::FRAME_MS`], else a short one.
    pub async fn turn(&mut self, host: &impl Host) {
        let now = host.now_ms();
        self.step_ended(now);
        if self.frame_due(now) {
            host.yield_now().await;
            self.yielded(host.now_ms());
        } else {
            host.yield_task().await;
            self.last = Some(host.now_ms());
        }
        self.resumed = self.last;
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
    fn a_turn_comes_before_a_step_that_would_overrun_the_budget() {
        // A clock the test moves: each step of work takes 5 ms, the budget is 8 ms.
        struct Clock(std::cell::Cell<f64>);
        impl super::Host for Clock {
            fn now_ms(&self) -> f64 {
                self.0.get()
            }
            async fn yield_now(&self) {}
        }
        let clock = Clock(std::cell::Cell::new(0.0));
        let mut p = Pacer::new(8.0, 0.0, false);
        let mut turns = Vec::new();
        for step in 0..6 {
            let before = p.last;
            futures::executor::block_on(p.pause(&clock));
            if p.last != before {
                turns.push(step);
            }
            clock.0.set(clock.0.get() + 5.0); // the step's work
        }
        // Step 0 resumes at 0; at 5 ms a second 5-ms step would end at 10 > 8: a turn; and so
        // on after every step (as with a plain 8-ms budget, which would let 0..10 run).
        assert_eq!(turns, vec![1, 2, 3, 4, 5]);
        // Steps of 1 ms: several per turn, none past the budget.
        let mut p = Pacer::new(8.0, 0.0, false);
        clock.0.set(0.0);
        let mut since = 0.0_f64;
        let mut longest = 0.0_f64;
        for _ in 0..40 {
            let before = p.last;
            futures::executor::block_on(p.pause(&clock));
            if p.last != before {
                longest = longest.max(since);
                since = 0.0;
            }
            clock.0.set(clock.0.get() + 1.0);
            since += 1.0;
        }
        assert!((7.0..=8.0).contains(&longest), "{longest}");
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
    fn a_pacer_of_a_frame_or_more_paints_at_every_turn() {
        let p = Pacer::new(Pacer::IMPORT_BUDGET_MS, 1000.0, false);
        assert!(p.due(1000.0 + Pacer::IMPORT_BUDGET_MS));
        assert!(p.frame_due(1000.0 + Pacer::IMPORT_BUDGET_MS));
    }

    #[test]
    fn an_eager_pacer_yields_before_the_first_stage() {
        let mut p = Pacer::new(B, 1000.0, true);
        assert!(p.due(1000.0));
        p.yielded(1001.0);
        assert!(!p.due(1002.0));
    }
}
