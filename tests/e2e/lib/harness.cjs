// The end-to-end harness: serves the release build from a sub-path, launches headless Chromium,
// and gives every case a fresh page whose network and console are watched.
//
// Every page fails its case when:
//   - any request goes to another origin than the page's (it is aborted as well as recorded);
//   - the console logs an error, or a script throws (pageerror), unless the case allowed it;
//   - a same-origin request fails or answers 4xx/5xx (e.g. an absolute URL that misses the sub-path).
'use strict';

const fs = require('fs');
const path = require('path');

const { startServer, stageUnderPrefix } = require('../../../scripts/static-server.cjs');
const { launchChromium } = require('./playwright.cjs');
const { expect } = require('./expect.cjs');

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const APP_START_TIMEOUT = Number(process.env.E2E_APP_TIMEOUT || 30000);

const isLocalScheme = (u) => /^(data|blob|about|chrome-error):/.test(u);

/**
 * Serves `dist` under `prefix` and launches Chromium. Close with `env.close()`. `cache: true`
 * lets the browser cache the files (see scripts/static-server.cjs); the tests leave it off.
 */
async function startEnvironment({ dist, prefix = '/c360/', cache = false }) {
  const staged = stageUnderPrefix(dist, prefix);
  const server = await startServer({ root: staged.webRoot, cache });
  let browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    await server.close();
    staged.cleanup();
    throw e;
  }
  const baseUrl = `${server.url}${staged.prefix}`;
  return {
    browser,
    server,
    baseUrl,
    origin: new URL(baseUrl).origin,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
      staged.cleanup();
    },
  };
}

/** Saves a full-page PNG to tests/e2e/artifacts/<name>.png and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${String(name).replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A fresh browser context and page with monitors attached, plus the helpers a case receives.
 * Call `problems()` after the case for everything the monitors caught.
 */
async function openMonitoredPage(env, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  const requests = [];
  const offOrigin = [];
  const consoleMessages = [];
  const consoleErrors = [];
  const pageErrors = [];
  const httpErrors = [];
  const allowedConsole = [];
  const allowedHttp = [];
  let fatal = null; // set on the first pageerror, so waits end early
  const fatalWaiters = [];

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalScheme(url) || new URL(url).origin === env.origin) return route.continue();
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    requests.push({ url, method: req.method(), type: req.resourceType() });
    if (!isLocalScheme(url) && new URL(url).origin !== env.origin) offOrigin.push(url);
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
    if (res.status() >= 400 && new URL(res.url()).origin === env.origin) httpErrors.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!isLocalScheme(url) && new URL(url).origin === env.origin) {
      httpErrors.push(`failed (${req.failure() && req.failure().errorText}) ${url}`);
    }
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

  /** The app's URL with an optional query (`{ customers: 30000 }` or `'customers=30000'`). */
  const url = (query) => {
    if (!query) return env.baseUrl;
    const qs = typeof query === 'string' ? query.replace(/^\?/, '') : new URLSearchParams(query).toString();
    return `${env.baseUrl}?${qs}`;
  };

  /** Navigates to the app (optionally with a query) and waits until it has started. */
  const open = async (query, { waitUntilStarted = true } = {}) => {
    const response = await page.goto(url(query));
    if (!response || !response.ok()) throw new Error(`GET ${url(query)} answered ${response && response.status()}`);
    if (waitUntilStarted) await waitForApp();
    return response;
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
    return list;
  };

  const helpers = {
    page,
    context,
    browser: env.browser,
    baseUrl: env.baseUrl,
    origin: env.origin,
    url,
    open,
    waitForApp,
    expect,
    screenshot: (name) => screenshot(page, name),
    /** Lets console errors / uncaught errors matching `re` pass (for cases that provoke them). */
    allowConsoleError: (re) => allowedConsole.push(new RegExp(re)),
    /** Lets failed same-origin responses matching `re` (e.g. /404 .*missing\.csv/) pass. */
    allowHttpError: (re) => allowedHttp.push(new RegExp(re)),
    requests,
    consoleMessages,
    serverLog: env.server.requests,
  };
  return { page, context, helpers, problems, close: () => context.close().catch(() => {}) };
}

module.exports = { startEnvironment, openMonitoredPage, screenshot, ARTIFACTS };
