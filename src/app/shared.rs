//! [`Shared`]: an `Arc` whose equality is identity, so a `Memo` holding a large result notifies
//! its readers when it is replaced without comparing the data.

use std::ops::Deref;
use std::sync::Arc;

/// A shared, immutable result. Two `Shared` are equal when they point at the same value.
#[derive(Debug, Default)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    /// Wraps a new value.
    pub fn new(value: T) -> Self {
        Self(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Arc<T>> for Shared<T> {
    fn from(a: Arc<T>) -> Self {
        Self(a)
    }
}
