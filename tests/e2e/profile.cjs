#!/usr/bin/env node
// Where the browser spends the analysis: loads a build in headless Chromium with the DevTools CPU
// profiler running from before navigation until the page shows its analysis time, then prints the
// functions with the most self time. Wasm functions have names only in a build that keeps them:
//
//   trunk build --release --dist /tmp/dist-prof   # with data-keep-debug="true" on the rust link
//                                                  # and -g added to its data-wasm-opt-params
//                                                  # (wasm-opt drops the names without -g)
//   node tests/e2e/profile.cjs --dist /tmp/dist-prof [--customers 3000] [--top 30] [--interval 100]
//                              [--callers SUBSTRING]   # whose calls the matching functions' time is
//                              [--save FILE]           # the raw profile, for DevTools or a script
//
// The profile covers loading, the analysis and the first chart drawing: read it with the stage
// times the page reports (printed first).
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
      top: { type: 'string', default: '30' },
      interval: { type: 'string', default: '100' },
      callers: { type: 'string' },
      save: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      k: { type: 'string' },
    },
  });
  return {
    dist: path.resolve(v.dist),
    customers: Number(v.customers),
    top: Number(v.top),
    interval: Number(v.interval),
    callers: v.callers ?? null,
    save: v.save ?? null,
    query: Object.fromEntries(['seed', 'profile', 'k'].filter((key) => v[key] !== undefined).map((key) => [key, v[key]])),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = await startEnvironment({ dist: opts.dist, prefix: '/c360/' });
  try {
    const p = await openMonitoredPage(env);
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: opts.interval });
    await cdp.send('Profiler.start');
    await p.helpers.open({ customers: opts.customers, ...opts.query });
    const el = p.page.locator('[data-testid="analysis-time"][data-ms]').first();
    await el.waitFor({ timeout: 600000 });
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`${(await el.innerText()).trim()}\n  ${await el.getAttribute('title')}\n`);
    if (opts.save) {
      require('fs').writeFileSync(opts.save, JSON.stringify(profile));
      console.log(`profile saved to ${opts.save} (open it in DevTools' Performance panel)\n`);
    }

    // Self time per function: samples × the interval between them.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms until the next sample
      const node = byId.get(profile.samples[i]);
      const f = node.callFrame;
      const name = f.functionName || `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})`;
      if (name === '(idle)' || name === '(program)') continue;
      self.set(name, (self.get(name) || 0) + dt);
      total += dt;
    }
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, opts.top);
    console.log(`busy ${total.toFixed(0)} ms sampled (idle and (program) excluded); top ${rows.length} by self time:`);
    for (const [name, ms] of rows) {
      console.log(`${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name.slice(0, 110)}`);
    }
    if (opts.callers) {
      // Self time of the functions whose name contains opts.callers, by calling function.
      const parent = new Map();
      for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
      const byCaller = new Map();
      for (let i = 0; i < profile.samples.length; i++) {
        const node = byId.get(profile.samples[i]);
        if (!node.callFrame.functionName.includes(opts.callers)) continue;
        const up = byId.get(parent.get(node.id));
        const caller = up ? up.callFrame.functionName || '(anonymous)' : '(root)';
        byCaller.set(caller, (byCaller.get(caller) || 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
      }
      console.log(`\nself time of functions matching "${opts.callers}", by caller:`);
      for (const [name, ms] of [...byCaller.entries()].sort((a, b) => b[1] - a[1])) {
        console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 120)}`);
      }
    }
    await p.close();
  } finally {
    await env.close();
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
