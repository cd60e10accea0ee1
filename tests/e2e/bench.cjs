#!/usr/bin/env node
// Browser benchmark: serves the release build (dist/) from a sub-path, opens it in headless
// Chromium for each requested size and reads the analysis time the page reports in
//   <… data-testid="analysis-time" data-ms="123.4">3,000 customers analysed in 123 ms</…>
// Run with `make bench-browser` (builds dist first), or directly:
//
//   node tests/e2e/bench.cjs [--customers 3000,30000] [--runs 3] [--visits 2] [--seed 42]
//                            [--profile realistic] [--k 3] [--workers 0] [--dist dist]
//                            [--timeout 600000] [--json]
//
// Each run opens a fresh browser context (empty cache) and loads the page with `?customers=N`
// (plus seed/profile/k when given; the page reads those from its query string):
//   - visit 1 is a first visit: the browser compiles the WebAssembly as it runs it (a quick
//     baseline compiler first, optimised code for hot functions later);
//   - visits 2… reload the page in the same context a few seconds later, as a returning user
//     would: the server lets files be cached like a static host does, and Chromium reuses its
//     cached compiled code.
// Reports, per size and kind of visit, the median, min and max of data-ms and the wall-clock time
// from navigation to the figure appearing. The stage breakdown of each visit is printed too.
'use strict';

const path = require('path');
const util = require('util');

const { startEnvironment, openMonitoredPage } = require('./lib/environment.cjs');

function parseArgs(argv) {
  const { values: v } = util.parseArgs({
    args: argv,
    options: {
      dist: { type: 'string', default: path.join(__dirname, '..', '..', 'dist') },
      customers: { type: 'string', default: '3000' },
      runs: { type: 'string', default: '3' },
      visits: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '600000' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      profile: { type: 'string' },
      k: { type: 'string' },
      workers: { type: 'string' },
    },
  });
  const opts = {
    dist: path.resolve(v.dist),
    customers: v.customers.split(',').filter(Boolean).map((s) => Number(s.replace(/[_,]/g, ''))),
    runs: Number(v.runs),
    visits: Number(v.visits),
    settleMs: 3000,
    timeout: Number(v.timeout),
    json: v.json,
    params: Object.fromEntries(['seed', 'profile', 'k', 'workers'].filter((key) => v[key] !== undefined).map((key) => [key, v[key]])),
  };
  if (opts.customers.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--customers takes positive integers, e.g. 3000,30000');
  if (!(opts.runs >= 1)) throw new Error('--runs must be at least 1');
  if (!(opts.visits >= 1)) throw new Error('--visits must be at least 1');
  return opts;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** One page load in `p` (a monitored page); returns the analysis time the page reports. */
async function visit(p, customers, opts) {
  const t0 = Date.now();
  await p.helpers.open({ customers, ...opts.params });
  const el = p.page.locator('[data-testid="analysis-time"][data-ms]');
  await p.page.waitForFunction(
    () => {
      const e = document.querySelector('[data-testid="analysis-time"][data-ms]');
      return e && Number.isFinite(parseFloat(e.getAttribute('data-ms')));
    },
    null,
    { timeout: opts.timeout, polling: 100 },
  );
  const wallMs = Date.now() - t0;
  const ms = parseFloat(await el.first().getAttribute('data-ms'));
  const text = (await el.first().innerText()).trim();
  const stages = ((await el.first().getAttribute('title')) || '').replace(/\s*\(charts not included\)/, '');
  const timeline = await p.page.evaluate(() => {
    const at = (e) => (e ? Math.round(e.startTime + (e.duration || 0)) : null);
    const mark = (name) => at(performance.getEntriesByName(name, 'mark').slice(-1)[0]);
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      html: Math.round(performance.getEntriesByType('navigation')[0].responseEnd),
      wasm: wasm ? Math.round(wasm.responseEnd) : null,
      start: mark('c360:start'),
      mounted: mark('c360:mounted'),
      runStart: mark('c360:run-start'),
      runEnd: mark('c360:run-end'),
      seen: window.c360FigureSeen === undefined ? null : Math.round(window.c360FigureSeen),
    };
  });
  const problems = p.problems();
  if (problems.length) throw new Error(problems.join('\n'));
  // When the text names a customer count, it must be the one asked for.
  const m = text.match(/([\d,.\s]+)\s+customers/i);
  if (m && Number(m[1].replace(/[^\d]/g, '')) !== customers) {
    throw new Error(`asked for ${customers} customers, the page reports "${text}"`);
  }
  return { ms, wallMs, text, stages, timeline };
}

/** A first visit and `opts.visits - 1` repeat visits in one fresh browser context. */
async function measureRun(env, customers, opts) {
  const p = await openMonitoredPage(env);
  // Notes on the page's clock when the figure first appears (the polling below is coarser).
  await p.page.addInitScript(() => {
    const seen = () => document.querySelector('[data-testid="analysis-time"][data-ms]');
    new MutationObserver((_, observer) => {
      if (window.c360FigureSeen === undefined && seen()) {
        window.c360FigureSeen = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  try {
    const visits = [];
    for (let v = 0; v < opts.visits; v++) {
      // Chromium writes its code cache a moment after the optimised code exists.
      if (v > 0) await p.page.waitForTimeout(opts.settleMs);
      visits.push(await visit(p, customers, opts));
    }
    return visits;
  } finally {
    await p.close();
  }
}

const summarize = (customers, kind, runs) => {
  const ms = runs.map((r) => r.ms);
  return {
    customers,
    visit: kind,
    runs: ms,
    median_ms: median(ms),
    min_ms: Math.min(...ms),
    max_ms: Math.max(...ms),
    median_wall_ms: median(runs.map((r) => r.wallMs)),
  };
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = await startEnvironment({ dist: opts.dist, prefix: '/c360/', cache: opts.visits > 1 });
  const results = [];
  try {
    if (!opts.json) console.log(`bench-browser: ${env.baseUrl}  runs per size: ${opts.runs}, visits per run: ${opts.visits}`);
    for (const customers of opts.customers) {
      const first = [];
      const repeat = [];
      for (let r = 0; r < opts.runs; r++) {
        const visits = await measureRun(env, customers, opts);
        visits.forEach((run, v) => {
          (v === 0 ? first : repeat).push(run);
          if (opts.json) return;
          const kind = v === 0 ? 'first visit' : `repeat visit ${v}`;
          console.log(`  ${fmt(customers)} customers, run ${r + 1}, ${kind}: ${fmt(run.ms)} ms (page ready after ${fmt(run.wallMs)} ms)`);
          if (run.stages) console.log(`      ${run.stages}`);
          const t = run.timeline;
          if (t && t.start !== null) {
            const at = (x) => (x === null ? '?' : x);
            console.log(
              `      page clock (ms): html ${at(t.html)} · wasm fetched ${at(t.wasm)} · main ${at(t.start)} · mounted ${at(t.mounted)} · run ${at(t.runStart)}–${at(t.runEnd)} · figure in the DOM ${at(t.seen)}`,
            );
          }
        });
      }
      results.push(summarize(customers, 'first', first));
      if (repeat.length) results.push(summarize(customers, 'repeat', repeat));
    }
  } finally {
    await env.close();
  }
  if (opts.json) {
    console.log(JSON.stringify({ params: opts.params, results }));
  } else {
    console.log('\ncustomers   visit    median ms   min ms   max ms   page-ready median ms');
    for (const r of results) {
      console.log(
        `${fmt(r.customers).padStart(9)}   ${r.visit.padEnd(6)}   ${fmt(r.median_ms).padStart(9)}   ${fmt(r.min_ms).padStart(6)}   ${fmt(r.max_ms).padStart(6)}   ${fmt(r.median_wall_ms).padStart(10)}`,
      );
    }
  }
}

main().catch((e) => {
  const msg = String(e && e.message);
  if (/Timeout .* exceeded/.test(msg) || /timed out/.test(msg)) {
    console.error('bench-browser: the page never showed [data-testid="analysis-time"][data-ms] — does the UI render it yet?');
  }
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
