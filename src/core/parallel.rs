//! Independent pieces of work spread over every core natively (rayon's pool), run one after the
//! other in WebAssembly, where a page has no threads of its own (its workers, `crate::web::workers`,
//! share the fits instead). The results are the same either way and in the same order.

/// `f` applied to every item, in the items' order; natively on rayon's pool.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(f).collect()
    }
}

/// `f` applied to every item, taken by value, in the items' order; natively on rayon's pool.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.into_iter().map(f).collect()
    }
}
