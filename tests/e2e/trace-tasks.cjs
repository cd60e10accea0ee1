#!/usr/bin/env node
// The page's main-thread tasks in a Chrome trace (Lighthouse's target/lighthouse/<form>-0.trace.json,
// or one written by trace.cjs), longest first in time order: each task's duration, what the browser
// did in it (layout, style, paint, timers, messages) and the page's marks that fell inside it
// (c360:start, c360:mounted, c360:soon-N, c360:later-N, c360:synthesize, c360:score, c360:draw, …),
// and the sum over tasks of max(0, 4 × duration − 50 ms): how the tasks would block on a CPU 4x
// slower (Lighthouse's phone), a rough upper bound of its simulated Total Blocking Time.
//
//   node tests/e2e/trace-tasks.cjs target/lighthouse/mobile-0.trace.json [--min 8]
'use strict';

const fs = require('fs');
const util = require('util');

const { values: v, positionals } = util.parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { min: { type: 'string', default: '8' } },
});
if (positionals.length !== 1) {
  console.error('usage: node tests/e2e/trace-tasks.cjs TRACE.json [--min 8]');
  process.exit(64);
}
const trace = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
const events = trace.traceEvents || trace;
const mainThreads = new Set(
  events.filter((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
);
const onMain = events.filter((e) => mainThreads.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
const marks = events.filter((e) => (e.cat || '').includes('user_timing') && /^c360:/.test(e.name));
const starts = events.filter((e) => e.name === 'navigationStart').map((e) => e.ts);
const t0 = starts.length ? Math.min(...starts) : Math.min(...onMain.map((e) => e.ts));
const minUs = Number(v.min) * 1000;
const wrappers = /^(v8\.callFunction|FunctionCall|RunMicrotasks|RunTask)$/;
let blocking = 0;
for (const task of onMain.filter((e) => e.name === 'RunTask' && e.dur > minUs)) {
  const end = task.ts + task.dur;
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end && e.dur > 1000 && !wrappers.test(e.name));
  const byName = {};
  for (const e of inside) byName[e.name] = (byName[e.name] || 0) + e.dur;
  const what = Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
  const named = [...new Set(marks.filter((m) => m.ts >= task.ts && m.ts <= end).map((m) => m.name))];
  blocking += Math.max(0, (task.dur / 1000) * 4 - 50);
  console.log(`${((task.ts - t0) / 1000).toFixed(0).padStart(6)} ms ${(task.dur / 1000).toFixed(1).padStart(6)} ms  ${what.join(', ')}${named.length ? `  [${named.join(' ')}]` : ''}`);
}
console.log(`sum over these tasks of max(0, 4 × duration − 50 ms): ${blocking.toFixed(0)} ms`);
