#!/usr/bin/env node
// The page's long tasks during one first visit: every task of the page's thread over 50 ms from
// navigation until the analysis is shown (plus a quiet second after), with Chromium's CPU slowed
// down like Lighthouse's phone (4x) unless --cpu says otherwise. Prints the tasks, their total
// blocking time (the part of each over 50 ms, as Lighthouse's TBT sums it), the longest, and the
// page's own marks (c360:start, c360:mounted, c360:run-start, c360:run-end) on the same clock:
//
//   node tests/e2e/longtasks.cjs [--dist dist] [--cpu 4] [--query customers=3000] [--runs 1]
//
// The service worker is blocked (a first visit), the files served without caching.
'use strict';

const path = require('path');
const util = require('util');

const { startEnvironment, openMonitoredPage } = require('./lib/environment.cjs');

async function visit(env, query, cpu) {
  const p = await openMonitoredPage(env, { viewport: { width: 412, height: 823 } });
  try {
    await p.page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await p.helpers.open(query);
    await p.page.locator('[data-testid="analysis-time"][data-ms]').first().waitFor({ timeout: 180000 });
    await p.page.waitForTimeout(1000);
    const problems = p.problems();
    if (problems.length) throw new Error(`the page failed:\n${problems.join('\n')}`);
    return await p.page.evaluate(() => ({
      stages: document.querySelector('[data-testid="analysis-time"]').getAttribute('title'),
      tasks: window.__longTasks,
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('c360:')).map((m) => [m.name, m.startTime]),
    }));
  } finally {
    await p.close();
  }
}

async function main() {
  const { values: v } = util.parseArgs({
    args: process.argv.slice(2),
    options: {
      dist: { type: 'string', default: path.join(__dirname, '..', '..', 'dist') },
      cpu: { type: 'string', default: '4' },
      query: { type: 'string', default: '' },
      runs: { type: 'string', default: '1' },
    },
  });
  const env = await startEnvironment({ dist: v.dist, prefix: '/c360/' });
  try {
    for (let r = 0; r < Number(v.runs); r++) {
      const { stages, tasks, marks } = await visit(env, v.query || undefined, Number(v.cpu));
      const tbt = tasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0);
      const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
      console.log(`run ${r + 1} (cpu ${v.cpu}x${v.query ? `, ?${v.query}` : ''}): ${tasks.length} long tasks, ` +
        `blocking ${tbt.toFixed(0)} ms, longest ${longest.toFixed(0)} ms`);
      console.log(`  the page's stage times: ${stages}`);
      const rows = [...tasks.map(([t, d]) => [t, `task ${d.toFixed(0)} ms`]), ...marks.map(([n, t]) => [t, n])];
      rows.sort((a, b) => a[0] - b[0]);
      for (const [t, what] of rows) console.log(`  ${t.toFixed(0).padStart(7)} ms  ${what}`);
    }
  } finally {
    await env.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
