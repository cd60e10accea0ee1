// The page's start-up, before and around the app (src/main.rs). scripts/post-build.cjs puts this
// file, followed by Trunk's loader (which instantiates the wasm and fires TrunkApplicationStarted),
// into one hashed module script, so that the page has no inline script and can carry a strict
// Content-Security-Policy. The single-file build (scripts/dist-single.cjs) inlines the same code.

// The placeholder is hidden once the app has started (hidden, not removed: Chromium may drop a
// removed element's paint from its largest-contentful-paint record, and this text is what the
// page really shows first); if the app fails to load, it says so instead of loading forever.
addEventListener('TrunkApplicationStarted', () => document.getElementById('c360-loading')?.setAttribute('hidden', ''));
addEventListener('error', () => {
  const p = document.getElementById('c360-loading');
  if (p) p.textContent = 'The app could not start. Reload the page; if that does not help, try an up-to-date browser.';
});

// Offline use: the service worker (sw.js, written by scripts/post-build.cjs) keeps this version's
// files. When a new deployment is found, the page offers to switch; it reloads only when asked,
// so one page never runs files of two versions.
function watchForUpdates() {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (!document.querySelector('meta[name="c360-offline"]')) return; // a development build
  let reloadAsked = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadAsked) location.reload();
  });
  const offer = (worker) => {
    if (document.getElementById('c360-update')) return;
    const bar = document.createElement('div');
    bar.id = 'c360-update';
    bar.className = 'update-bar';
    bar.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = 'A new version of Customer 360 is ready. ';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload to update';
    button.addEventListener('click', () => {
      button.disabled = true;
      // Another tab may have switched already: the new version then runs, and a reload takes it.
      if (worker.state === 'activated' || worker.state === 'redundant') {
        location.reload();
        return;
      }
      reloadAsked = true;
      worker.postMessage('skip-waiting');
    });
    bar.append(text, button);
    document.body.prepend(bar);
  };
  navigator.serviceWorker
    .register('./sw.js')
    .then((reg) => {
      const waitFor = (worker) => {
        if (!worker) return;
        const check = () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        };
        check();
        worker.addEventListener('statechange', check);
      };
      waitFor(reg.waiting);
      waitFor(reg.installing);
      reg.addEventListener('updatefound', () => waitFor(reg.installing));
      // A page left open for days still hears about a deployment.
      setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
    })
    .catch((err) => console.info('c360: offline use unavailable:', String(err)));
}
addEventListener('TrunkApplicationStarted', watchForUpdates, { once: true });
