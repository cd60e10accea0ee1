// Watches a page the way every end-to-end test (and every benchmark visit) expects it to behave.
// Used by the Playwright fixtures (lib/fixtures.cjs) and by the benchmark and diagnostic scripts
// (lib/environment.cjs), so both judge a page by the same rules:
//   - any request to another origin than the app's is aborted and recorded;
//   - a console error or an uncaught error (pageerror) is a problem, unless allowed;
//   - a same-origin request that fails or answers 4xx/5xx is a problem (e.g. an absolute URL that
//     misses the sub-path), unless allowed;
//   - a `securitypolicyviolation` (something the page's Content-Security-Policy refused) is a
//     problem, unless allowed.
'use strict';

const APP_START_TIMEOUT = Number(process.env.E2E_APP_TIMEOUT || 30000);

const isLocalScheme = (u) => /^(data|blob|about|chrome-error|file):/.test(u);

/** The app's URL with an optional query (`{ customers: 30000 }` or `'customers=30000'`). */
function appUrl(baseUrl, query) {
  if (!query) return baseUrl;
  const qs = typeof query === 'string' ? query.replace(/^\?/, '') : new URLSearchParams(query).toString();
  return `${baseUrl}?${qs}`;
}

/**
 * Attaches the monitors to `context` and `page` (before the page navigates). Returns what they
 * record, `problems()` (everything that should fail the test), the allow-lists, and
 * `waitForApp()`, which fails fast on the page's first uncaught error.
 */
async function watchPage({ context, page, origin }) {
  const requests = [];
  const offOrigin = [];
  const consoleMessages = [];
  const consoleErrors = [];
  const pageErrors = [];
  const httpErrors = [];
  const allowedConsole = [];
  const allowedHttp = [];
  const cspViolations = [];
  const allowedCsp = [];
  let fatal = null; // set on the first pageerror, so waits end early
  const fatalWaiters = [];

  const origins = new Set([origin]); // the app's, and any a case serves itself (allowOrigin)
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalScheme(url) || origins.has(new URL(url).origin)) return route.continue();
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    requests.push({ url, method: req.method(), type: req.resourceType() });
    if (!isLocalScheme(url) && !origins.has(new URL(url).origin)) offOrigin.push(url);
  });
  page.on('console', (msg) => {
    const entry = { type: msg.type(), text: msg.text(), location: msg.location() };
    consoleMessages.push(entry);
    if (msg.type() === 'error') consoleErrors.push(entry);
  });
  page.on('pageerror', (err) => {
    pageErrors.push(err);
    if (!fatal) {
      fatal = err;
      fatalWaiters.splice(0).forEach((reject) => reject(err));
    }
  });
  page.on('crash', () => pageErrors.push(new Error('the page crashed')));
  page.on('response', (res) => {
    if (res.status() >= 400 && origins.has(new URL(res.url()).origin)) httpErrors.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const url = req.url();
    // The browser fetches the favicon by itself after the page loads; a test that navigates
    // at that moment aborts it (net::ERR_ABORTED), which says nothing about the app.
    const faviconAborted = /\/favicon[^/]*$/.test(new URL(url).pathname) && /ERR_ABORTED/.test((req.failure() || {}).errorText || '');
    if (!isLocalScheme(url) && origins.has(new URL(url).origin) && !faviconAborted) {
      httpErrors.push(`failed (${req.failure() && req.failure().errorText}) ${url}`);
    }
  });

  // Every frame reports what its policy refused (init scripts run before the page's own and are
  // not subject to its policy).
  await context.exposeBinding('__c360CspViolation', ({ frame }, v) => cspViolations.push({ ...v, frame: frame.url() }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__c360CspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });

  const failFast = () => new Promise((_, reject) => (fatal ? reject(fatal) : fatalWaiters.push(reject)));

  /** Resolves once Trunk's loader has instantiated the wasm and main() has run. */
  const waitForApp = async ({ timeout = APP_START_TIMEOUT } = {}) => {
    const started = page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout });
    const guard = failFast();
    guard.catch(() => {});
    try {
      await Promise.race([started, guard]);
    } catch (e) {
      throw new Error(`the app did not start: ${e.message.split('\n')[0]}`);
    }
  };

  const problems = () => {
    const list = [];
    const allowed = (patterns, text) => patterns.some((re) => re.test(text));
    for (const u of offOrigin) list.push(`off-origin request: ${u}`);
    for (const e of pageErrors) if (!allowed(allowedConsole, String(e.message))) list.push(`uncaught error: ${e.message}`);
    // Chromium also logs each failed load as a console error; those are reported (and allowed)
    // above as off-origin requests or HTTP errors, so they are not counted twice.
    const isLoadFailure = (m) => /^Failed to load resource/.test(m.text) && m.location && m.location.url;
    for (const m of consoleErrors) if (!isLoadFailure(m) && !allowed(allowedConsole, m.text)) list.push(`console error: ${m.text}${m.location && m.location.url ? ` (${m.location.url})` : ''}`);
    for (const h of httpErrors) if (!allowed(allowedHttp, h)) list.push(`HTTP: ${h}`);
    for (const v of cspViolations) {
      const text = `${v.directive} refused ${v.blocked} (${v.source}, in ${v.frame})`;
      if (!allowed(allowedCsp, text)) list.push(`Content-Security-Policy: ${text}`);
    }
    return list;
  };

  return {
    requests,
    consoleMessages,
    cspViolations,
    problems,
    waitForApp,
    /** Lets console errors / uncaught errors matching `re` pass (for cases that provoke them). */
    allowConsoleError: (re) => allowedConsole.push(new RegExp(re)),
    /** Lets failed same-origin responses matching `re` (e.g. /404 .*missing\.csv/) pass. */
    allowHttpError: (re) => allowedHttp.push(new RegExp(re)),
    /** Treats `o` as the app's origin too (a case that serves the build itself). */
    allowOrigin: (o) => origins.add(o),
    /** Lets policy violations matching `re` pass (for the case that provokes one on purpose). */
    allowCspViolation: (re) => allowedCsp.push(new RegExp(re)),
  };
}

/**
 * Navigates `page` to the app at `baseUrl` (optionally with a query) and, unless told not to,
 * waits until it has started. Throws when the document does not answer 200.
 */
async function openApp(page, monitor, baseUrl, query, { waitUntilStarted = true } = {}) {
  const target = appUrl(baseUrl, query);
  const response = await page.goto(target);
  if (!response || !response.ok()) throw new Error(`GET ${target} answered ${response && response.status()}`);
  if (waitUntilStarted) await monitor.waitForApp();
  return response;
}

module.exports = { watchPage, openApp, appUrl, APP_START_TIMEOUT };
