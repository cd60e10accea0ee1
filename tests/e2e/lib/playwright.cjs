// Loads playwright-core from the tools folder scripts/setup.sh installs into (C360_TOOLS,
// default ~/.cache/c360-tools) and launches the system Chromium with this machine's flags.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const toolsDir = process.env.C360_TOOLS || path.join(os.homedir(), '.cache', 'c360-tools');

function loadPlaywright() {
  const candidates = [path.join(toolsDir, 'node_modules', 'playwright-core'), 'playwright-core'];
  for (const c of candidates) {
    try {
      return require(c);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error(`playwright-core not found in ${toolsDir}/node_modules: run scripts/setup.sh test`);
}

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

async function launchChromium(extraArgs = []) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh test`);
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...ENV_ARGS, ...extraArgs] });
}

module.exports = { loadPlaywright, launchChromium, CHROMIUM_ARGS, toolsDir };
