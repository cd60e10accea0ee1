//! The fit workers: dedicated Web Workers running this same WebAssembly module, fitting K-Means
//! pieces off the page's thread. [`pool`] is the page's side (it implements
//! [`crate::app::run::FitHelpers`]), [`worker`] the worker's entry point, [`protocol`] the messages
//! between them. The bookkeeping of pieces is pure: [`crate::app::fit_plan`].

pub mod pool;
pub mod protocol;
pub mod worker;
