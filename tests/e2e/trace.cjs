#!/usr/bin/env node
// Records a Chrome trace of one first visit to the release build, for looking at how V8 compiles
// and tiers the WebAssembly while the analysis runs (lazy baseline compilation, TurboFan jobs) next
// to the page's own marks (c360:start, c360:mounted, c360:run-start, c360:run-end):
//
//   node tests/e2e/trace.cjs [--dist dist] [--out trace.json] [--query customers=3000]
//
// Open the JSON in chrome://tracing or https://ui.perfetto.dev (offline copies work too). For
// V8's own log of each compilation, run with
//   CHROMIUM_EXTRA_ARGS='--js-flags=--trace-wasm-compilation-times' DEBUG='pw:browser*'
// and read the browser's stderr.
'use strict';

const path = require('path');
const util = require('util');

const { startEnvironment, openMonitoredPage } = require('./lib/environment.cjs');

async function main() {
  const { values: v } = util.parseArgs({
    args: process.argv.slice(2),
    options: {
      dist: { type: 'string', default: path.join(__dirname, '..', '..', 'dist') },
      out: { type: 'string', default: 'trace.json' },
      query: { type: 'string', default: 'customers=3000' },
    },
  });
  const env = await startEnvironment({ dist: v.dist, prefix: '/c360/' });
  try {
    const p = await openMonitoredPage(env);
    await env.browser.startTracing(p.page, {
      path: v.out,
      categories: [
        'v8.wasm',
        'disabled-by-default-v8.wasm.detailed',
        'disabled-by-default-v8.compile',
        'blink.user_timing',
        'devtools.timeline',
        'toplevel',
      ],
    });
    await p.helpers.open(v.query);
    const el = p.page.locator('[data-testid="analysis-time"][data-ms]');
    try {
      await el.first().waitFor({ timeout: 120000 });
    } finally {
      const problems = p.problems();
      if (problems.length) throw new Error(`the page failed:\n${problems.join('\n')}`);
    }
    await p.page.waitForTimeout(300); // let late compile jobs land in the trace
    await env.browser.stopTracing();
    console.log(`${await el.first().getAttribute('data-ms')} ms: ${await el.first().getAttribute('title')}`);
    console.log(`trace written to ${v.out}`);
    await p.close();
  } finally {
    await env.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
