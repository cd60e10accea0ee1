// The end-to-end tests' `test` and `expect`: @playwright/test's, with the fixtures the cases share.
//
//   const { test, expect } = require('../lib/fixtures.cjs');
//   test('…', async ({ page, open, … }) => { … });
//
// Worker fixtures (one per worker process, i.e. once per run with workers: 1):
//   app        the release build copied under the sub-path of a temporary web root and served by
//              scripts/static-server.cjs on a free loopback port: { baseUrl, origin, prefix, serverLog }
//   c360Bin    the native CLI (C360_BIN; default target/release/c360), for the parity cases
// Test fixtures (fresh for every test):
//   baseURL    the app's address on the sub-path (so `page.goto('?customers=500')` works too)
//   origin, url(query?), open(query?, { waitUntilStarted }), waitForApp()
//   requests, consoleMessages, serverLog, allowConsoleError(re), allowHttpError(re),
//   cspViolations, allowCspViolation(re), allowOrigin(origin)
//   saveScreenshot(name)  full-page PNG in the test's output folder, attached to the HTML report
//   tmpDir             a fresh temporary folder, removed after the test
//   monitor            (automatic) the page's watch, see lib/monitor.cjs: after the test body, any
//                      off-origin request, console error, uncaught error or failed same-origin
//                      request that was not allowed fails the test; a failed test also gets a
//                      full-page screenshot (test-failed.png).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { startServer, stageUnderPrefix } = require('../../../scripts/static-server.cjs');
const { loadPlaywrightTest } = require('./playwright.cjs');
const { watchPage, openApp, appUrl } = require('./monitor.cjs');

const { test: base, expect } = loadPlaywrightTest();

const ROOT = path.join(__dirname, '..', '..', '..');

/** Where the tests read the build, the sub-path and the CLI from (set by the Makefile / config). */
const settings = () => ({
  dist: path.resolve(process.env.C360_DIST || path.join(ROOT, 'dist')),
  prefix: process.env.C360_PREFIX || '/c360/',
  bin: path.resolve(process.env.C360_BIN || path.join(ROOT, 'target', 'release', 'c360')),
});

/**
 * A full-page screenshot of a failed test, in its output folder and the report. (Playwright's own
 * `screenshot: 'only-on-failure'` shoots every page before closing it, passed or not, which cost
 * about 0.3 s per test here; this shoots only when the test failed.)
 */
async function failureScreenshot(page, testInfo) {
  if (page.isClosed()) return;
  const file = testInfo.outputPath('test-failed.png');
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
    await testInfo.attach('screenshot', { path: file, contentType: 'image/png' });
  } catch (e) {
    console.log(`no failure screenshot: ${e.message.split('\n')[0]}`);
  }
}

const test = base.extend({
  app: [
    async ({}, use) => {
      const { dist, prefix } = settings();
      const staged = stageUnderPrefix(dist, prefix);
      const server = await startServer({ root: staged.webRoot });
      try {
        await use({
          baseUrl: `${server.url}${staged.prefix}`,
          origin: server.url,
          prefix: staged.prefix,
          serverLog: server.requests,
        });
      } finally {
        await server.close();
        staged.cleanup();
      }
    },
    { scope: 'worker' },
  ],

  c360Bin: [async ({}, use) => use(settings().bin), { scope: 'worker' }],

  baseURL: async ({ app }, use) => use(app.baseUrl),
  origin: async ({ app }, use) => use(app.origin),
  serverLog: async ({ app }, use) => use(app.serverLog),

  monitor: [
    async ({ context, page, app }, use, testInfo) => {
      const monitor = await watchPage({ context, page, origin: app.origin });
      await use(monitor);
      const problems = monitor.problems();
      if (problems.length > 0 || testInfo.status !== testInfo.expectedStatus) await failureScreenshot(page, testInfo);
      expect(problems, 'off-origin requests, console or uncaught errors, failed requests').toEqual([]);
    },
    { auto: true },
  ],

  requests: async ({ monitor }, use) => use(monitor.requests),
  consoleMessages: async ({ monitor }, use) => use(monitor.consoleMessages),
  allowConsoleError: async ({ monitor }, use) => use(monitor.allowConsoleError),
  allowHttpError: async ({ monitor }, use) => use(monitor.allowHttpError),
  allowCspViolation: async ({ monitor }, use) => use(monitor.allowCspViolation),
  cspViolations: async ({ monitor }, use) => use(monitor.cspViolations),
  allowOrigin: async ({ monitor }, use) => use(monitor.allowOrigin),
  waitForApp: async ({ monitor }, use) => use(monitor.waitForApp),
  url: async ({ app }, use) => use((query) => appUrl(app.baseUrl, query)),
  open: async ({ page, monitor, app }, use) =>
    use((query, options) => openApp(page, monitor, app.baseUrl, query, options)),

  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      const file = testInfo.outputPath(`${String(name).replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
      return file;
    });
  },

  tmpDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-e2e-'));
    try {
      await use(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

module.exports = { test, expect, settings };
