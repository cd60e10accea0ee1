#!/usr/bin/env node
// A large analysis in the browser, as a user meets it: one first visit of the release build with
// `?customers=N` (default 10,00,000), CPU not slowed. Prints
//   - the time from navigation to the analysis on screen, and the page's own stage times;
//   - the page thread's long tasks (over 50 ms): how many, the longest, their blocking time;
//   - the tab's peak memory: the largest resident size of Chromium's renderer processes (the
//     page and its workers share one), sampled every 100 ms from navigation to the end;
//   - then, on the analysed page, the time from a filter change to its summary painted, a
//     lookup to its card, and the same for clearing the filter: measured in the page from the
//     user's event to the next frame (the latency a user meets), and around the script's
//     actions (which adds the driver's own work: finding the control, sending the keys).
//
//   node tests/e2e/bench-large.cjs [--dist dist] [--customers 1000000] [--query workers=2]
//                                  [--timeout 600000]
'use strict';

const path = require('path');
const util = require('util');
const { execFileSync } = require('child_process');

const { startEnvironment, openMonitoredPage } = require('./lib/environment.cjs');

/** Largest resident size (MB) among Chromium's renderer processes now. */
function rendererRssMb() {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8', maxBuffer: 1 << 24 });
  } catch {
    return 0;
  }
  let best = 0;
  for (const line of out.split('\n')) {
    if (!line.includes('--type=renderer')) continue;
    const kb = Number(line.trim().split(/\s+/, 1)[0]);
    if (kb > best) best = kb;
  }
  return best / 1024;
}

async function timed(page, action, ready) {
  const t = Date.now();
  await action();
  await ready();
  return Date.now() - t;
}

/**
 * The page's own latency of one action, as its user meets it: from the `event` (`change` of a
 * select, `submit` of the lookup) to the first frame painted after `selector`'s text differs
 * from (`differs: true`) or equals `text`, or, with no text, after `selector` exists. Measured
 * in the page (the event's time stamp, a mutation observer, then the next animation frame and
 * a task after it), so the driver's own work (finding the control, sending the keys) is not in
 * it; `timed` gives that total too.
 */
async function armLatency(page, { event, selector, text = null, differs = false }) {
  await page.evaluate(({ event, selector, text, differs }) => {
    window.__latency = new Promise((resolve) => {
      let start = null;
      const ready = () => {
        const el = document.querySelector(selector);
        if (!el) return false;
        if (text === null) return true;
        return differs ? el.textContent !== text : el.textContent === text;
      };
      const obs = new MutationObserver(() => {
        if (start === null || !ready()) return;
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
      });
      document.addEventListener(event, (e) => { if (start === null) start = e.timeStamp; }, { capture: true, once: true });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }, { event, selector, text, differs });
}
const latency = (page) => page.evaluate(() => Promise.race([
  window.__latency,
  new Promise((_, fail) => setTimeout(() => fail(new Error('the change was not seen within 60 s')), 60000)),
])).then((ms) => Math.round(ms));

async function main() {
  const { values: v } = util.parseArgs({
    args: process.argv.slice(2),
    options: {
      dist: { type: 'string', default: path.join(__dirname, '..', '..', 'dist') },
      customers: { type: 'string', default: '1000000' },
      query: { type: 'string', default: '' },
      timeout: { type: 'string', default: '600000' },
    },
  });
  const env = await startEnvironment({ dist: v.dist, prefix: '/c360/' });
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, rendererRssMb()); }, 100);
  try {
    const p = await openMonitoredPage(env);
    await p.page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const query = `customers=${v.customers}${v.query ? `&${v.query}` : ''}`;
    const start = Date.now();
    await p.helpers.open(query);
    await p.page.locator('[data-testid="analysis-time"][data-ms]').first()
      .waitFor({ timeout: Number(v.timeout) });
    const wall = Date.now() - start;
    await p.page.waitForTimeout(1500); // the panels drawn after the first paint
    const r = await p.page.evaluate(() => ({
      ms: Number(document.querySelector('[data-testid="analysis-time"]').getAttribute('data-ms')),
      stages: document.querySelector('[data-testid="analysis-time"]').getAttribute('title'),
      tasks: window.__longTasks,
      sampled: (document.body.innerText.match(/Each K's [^.]* refined on all [\d,]+\./) || [''])[0],
    }));
    const tbt = r.tasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0);
    const longest = r.tasks.reduce((m, [, d]) => Math.max(m, d), 0);
    console.log(`${v.customers} customers${v.query ? ` (?${v.query})` : ''}: on screen ${(wall / 1000).toFixed(1)} s ` +
      `after navigation; the page reports ${(r.ms / 1000).toFixed(1)} s`);
    console.log(`  stages: ${r.stages}`);
    if (r.sampled) console.log(`  ${r.sampled}`);
    console.log(`  long tasks: ${r.tasks.length}, longest ${longest.toFixed(0)} ms, blocking ${tbt.toFixed(0)} ms; ` +
      `over 200 ms: ${r.tasks.filter(([, d]) => d > 200).map(([, d]) => d.toFixed(0)).join(', ') || 'none'}`);
    console.log(`  peak renderer memory so far: ${peak.toFixed(0)} MB`);

    // The workbench on the analysed page: a filter, then the lookup.
    const page = p.page;
    const range = page.getByTestId('table-range');
    const before = await range.textContent();
    const range_ = '[data-testid="table-range"]';
    await armLatency(page, { event: 'change', selector: range_, text: before, differs: true });
    let ms = await timed(page, () => page.getByLabel('Loan', { exact: true }).selectOption({ label: 'Has' }),
      () => page.waitForFunction((b) => document.querySelector('[data-testid="table-range"]')?.textContent !== b, before, { timeout: 60000 }));
    console.log(`  filter "Loan: has" → the table's range changed and painted: ${await latency(page)} ms in the page ` +
      `(${ms} ms driven by the script; ${await range.textContent()})`);
    await armLatency(page, { event: 'change', selector: range_, text: before });
    ms = await timed(page, () => page.getByLabel('Loan', { exact: true }).selectOption({ label: 'Any' }),
      () => page.waitForFunction((b) => document.querySelector('[data-testid="table-range"]')?.textContent === b, before, { timeout: 60000 }));
    console.log(`  filter cleared → painted: ${await latency(page)} ms in the page (${ms} ms driven)`);
    await armLatency(page, { event: 'submit', selector: '[data-testid="lookup-result"]' });
    ms = await timed(page, async () => {
      await page.getByLabel('Customer ID').fill('777777');
      await page.getByLabel('Customer ID').press('Enter');
    }, () => page.getByTestId('lookup-result').first().waitFor({ timeout: 60000 }));
    console.log(`  lookup of customer 777777 → card painted: ${await latency(page)} ms in the page (${ms} ms driven)`);
    console.log(`  peak renderer memory: ${peak.toFixed(0)} MB`);
    const problems = p.problems();
    if (problems.length) console.log(`  the page reported problems:\n    ${problems.join('\n    ')}`);
    await p.close();
  } finally {
    clearInterval(sampler);
    await env.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
