// Loads playwright-core (for the benchmark scripts) or @playwright/test (for the end-to-end tests,
// playwright.config.cjs and lib/fixtures.cjs) from the tools folder scripts/setup.sh installs into
// (C360_TOOLS, default ~/.cache/c360-tools), and says which Chromium to drive with which flags:
// the system one (CHROMIUM_PATH, default /usr/bin/chromium), never a downloaded browser.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const toolsDir = process.env.C360_TOOLS || path.join(os.homedir(), '.cache', 'c360-tools');

/** `require(name)` from the tools folder, else from wherever Node finds it. */
function loadFromTools(name) {
  const candidates = [path.join(toolsDir, 'node_modules', name), name];
  for (const c of candidates) {
    try {
      return require(c);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error(`${name} not found in ${toolsDir}/node_modules: run scripts/setup.sh test`);
}

const loadPlaywright = () => loadFromTools('playwright-core');

// The test runner, its `test` and `expect`. The `playwright` command that runs the tests is the
// same file (the tools folder's node_modules/.bin/playwright), so both get one copy of it.
const loadPlaywrightTest = () => loadFromTools('@playwright/test');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// --host-resolver-rules: Chromium looks up Google hosts on its own; resolve nothing but loopback,
// so neither the browser nor the page can reach another host.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

// CHROMIUM_EXTRA_ARGS (space-separated) adds flags, for experiments, e.g.
//   CHROMIUM_EXTRA_ARGS='--js-flags=--no-wasm-dynamic-tiering' node tests/e2e/bench.cjs
const ENV_ARGS = (process.env.CHROMIUM_EXTRA_ARGS || '').split(/\s+/).filter(Boolean);

/** Options for `chromium.launch` (also the end-to-end config's `launchOptions`). */
function chromiumLaunchOptions(extraArgs = []) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh test`);
  return { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...ENV_ARGS, ...extraArgs] };
}

async function launchChromium(extraArgs = []) {
  const options = chromiumLaunchOptions(extraArgs);
  const { chromium } = loadPlaywright();
  return chromium.launch(options);
}

module.exports = { loadPlaywright, loadPlaywrightTest, launchChromium, chromiumLaunchOptions, CHROMIUM, CHROMIUM_ARGS, toolsDir };
