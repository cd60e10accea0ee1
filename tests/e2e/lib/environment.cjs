// The environment of the benchmark and diagnostic scripts (bench.cjs, import-bench.cjs,
// profile.cjs, trace.cjs): serves the release build from a sub-path, launches headless Chromium
// through playwright-core, and opens pages watched by the same monitors as the end-to-end tests
// (lib/monitor.cjs). The tests themselves run on @playwright/test (playwright.config.cjs).
'use strict';

const { startServer, stageUnderPrefix } = require('../../../scripts/static-server.cjs');
const { launchChromium } = require('./playwright.cjs');
const { watchPage, openApp, appUrl } = require('./monitor.cjs');

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

/**
 * A fresh browser context and page with the monitors attached, plus helpers. Call `problems()`
 * after the visit for everything the monitors caught.
 */
async function openMonitoredPage(env, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const monitor = await watchPage({ context, page, origin: env.origin });

  const helpers = {
    page,
    context,
    browser: env.browser,
    baseUrl: env.baseUrl,
    origin: env.origin,
    url: (query) => appUrl(env.baseUrl, query),
    /** Navigates to the app (optionally with a query) and waits until it has started. */
    open: (query, options) => openApp(page, monitor, env.baseUrl, query, options),
    waitForApp: monitor.waitForApp,
    allowConsoleError: monitor.allowConsoleError,
    allowHttpError: monitor.allowHttpError,
    requests: monitor.requests,
    consoleMessages: monitor.consoleMessages,
    serverLog: env.server.requests,
  };
  return { page, context, helpers, problems: monitor.problems, close: () => context.close().catch(() => {}) };
}

module.exports = { startEnvironment, openMonitoredPage };
