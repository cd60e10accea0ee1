// Bootstraps a fit worker (src/web/workers/worker.rs; the page side is src/web/workers/pool.rs).
//
// The page's first message holds the URL of its wasm-bindgen glue and its compiled
// WebAssembly.Module: the worker instantiates that same module (no second download or compile;
// V8 shares the compiled code). The module's main() sees a worker scope, installs the fit
// handler, warms up and posts {kind: "ready"}. A failure is reported, and the page then fits
// by itself.
self.onmessage = async (event) => {
  self.onmessage = null; // main() installs the fit handler
  try {
    const { default: init } = await import(event.data.glue);
    await init({ module_or_path: event.data.module });
  } catch (err) {
    self.postMessage({ kind: 'failed', message: String(err) });
  }
};
