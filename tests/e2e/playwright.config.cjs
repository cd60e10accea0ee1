// The end-to-end tier (make e2e): @playwright/test on the release build, served from a sub-path.
//
//   C360_DIST=dist C360_PREFIX=/c360/ C360_BIN=target/release/c360 \
//     playwright test -c tests/e2e/playwright.config.cjs [--grep lookup] [--list]
//
// C360_DIST   the release build folder (default dist/)
// C360_PREFIX the sub-path it is served from (default /c360/); lib/fixtures.cjs serves it
// C360_BIN    the native CLI for the parity cases (default target/release/c360)
// E2E_GREP    only the tests whose file or title matches this regular expression (any case),
//             e.g. `E2E_GREP=lookup make e2e`; on the command line, --grep does the same
// E2E_CASE_TIMEOUT, E2E_APP_TIMEOUT   per-test and app-start timeouts in ms (90 s, 30 s)
//
// `playwright` is the one scripts/setup.sh installs in the tools folder (the Makefile puts it on
// PATH); it drives the system Chromium (lib/playwright.cjs), never a downloaded browser.
'use strict';

const fs = require('fs');
const path = require('path');

const { loadPlaywrightTest, chromiumLaunchOptions } = require('./lib/playwright.cjs');

const { defineConfig } = loadPlaywrightTest();

// Absolute paths before the workers start (they inherit this environment).
const ROOT = path.join(__dirname, '..', '..');
process.env.C360_DIST = path.resolve(process.env.C360_DIST || path.join(ROOT, 'dist'));
process.env.C360_BIN = path.resolve(process.env.C360_BIN || path.join(ROOT, 'target', 'release', 'c360'));
if (!fs.existsSync(path.join(process.env.C360_DIST, 'index.html'))) {
  throw new Error(`${process.env.C360_DIST}/index.html not found: build it first (make dist), or set C360_DIST`);
}

const ARTIFACTS = path.join(__dirname, 'artifacts');

module.exports = defineConfig({
  testDir: path.join(__dirname, 'cases'),
  testMatch: '*.spec.cjs',
  grep: process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP, 'i') : undefined,
  // Per-test folders: screenshots, and the trace and failure screenshot of a failed test.
  outputDir: path.join(ARTIFACTS, 'test-results'),
  reporter: [['list'], ['html', { outputFolder: path.join(ARTIFACTS, 'report'), open: 'never' }]],

  // One worker, tests in file then declaration order: the machine has 2 cores and the app itself
  // fits on Web Workers (one per core), so two test workers only race each other for the cores
  // (measured: 36 s with two against 38 s with one) and put the timing-dependent worker-crash
  // case at risk. No retries: a flaky test should fail, not pass on its second try.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),

  // A test may load the app several times (first loads take a few seconds of wasm compilation)
  // and analyse 10,000-20,000 customers; the whole tier runs in well under a minute.
  timeout: Number(process.env.E2E_CASE_TIMEOUT || 90000),
  globalTimeout: 20 * 60 * 1000,
  expect: { timeout: 10000 },

  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 900 },
    actionTimeout: 15000,
    navigationTimeout: 15000,
    trace: 'retain-on-failure',
    // Failure screenshots come from the `monitor` fixture (lib/fixtures.cjs), which takes one only
    // when a test failed; 'only-on-failure' here shoots every page and cost 0.3 s per test.
    screenshot: 'off',
    video: 'off',
    // No service worker unless a case asks for one (80-anywhere.spec.cjs): each case sees the
    // files as served now, and can route them.
    serviceWorkers: 'block',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
