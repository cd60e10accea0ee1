#!/usr/bin/env node
// Import benchmark: serves the release build (dist/), opens it in headless Chromium, chooses the
// six CSV files of a folder in "Load your data", and reads the import time the page reports in
//   <p data-testid="import-time" data-ms="123.4">Imported 3,000 customers in 123 ms</p>
// (from the files being chosen to the data being joined and prepared: reading, parsing,
// validation, join). It also watches the page stay responsive: the longest gap between two
// animation frames while the import runs, and how many progress labels were painted.
//
//   cargo run --release --bin c360 -- synth --customers 100000 --out /tmp/d100k
//   node tests/e2e/import-bench.cjs --data /tmp/d3k,/tmp/d100k [--runs 3] [--analysis] [--json]
//
// A --data entry ending in .zip (e.g. the download of "Export data") is chosen as that one file.
// --analysis also waits for the dashboard's analysis of the imported data and reports its time
// and longest frame gap (the staged run yields between stages, not inside one).
'use strict';

const fs = require('fs');
const path = require('path');

const { startEnvironment, openMonitoredPage } = require('./lib/environment.cjs');

function parseArgs(argv) {
  const opts = {
    dist: path.join(__dirname, '..', '..', 'dist'),
    data: [],
    runs: 1,
    analysis: false,
    timeout: 900000,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--dist') opts.dist = path.resolve(next());
    else if (a === '--data') opts.data = next().split(',').filter(Boolean).map((d) => path.resolve(d));
    else if (a === '--runs') opts.runs = Number(next());
    else if (a === '--analysis') opts.analysis = true;
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--json') opts.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.data.length === 0) throw new Error('--data takes folders of six CSV files (or ZIPs of them), e.g. /tmp/d3k,/tmp/d100k');
  return opts;
}

const fmt = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Records animation-frame times and the import progress labels, in the page. */
function installMonitor() {
  window.__frames = [];
  window.__labels = [];
  const frame = (t) => {
    window.__frames.push(t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new MutationObserver(() => {
    const p = document.querySelector('[data-testid="import-progress"] .progress-label');
    const label = p && p.textContent;
    const last = window.__labels[window.__labels.length - 1];
    if (label && (!last || last.label !== label)) window.__labels.push({ t: performance.now(), label });
    if (!window.__importDone && document.querySelector('[data-testid="import-time"][data-ms]')) {
      window.__importDone = performance.now();
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** The longest gap between animation frames within [from, to] (performance.now() times), and
 *  when it started. */
function longestGap(frames, from, to) {
  const inside = frames.filter((t) => t >= from && t <= to);
  let gap = 0;
  let at = from;
  for (let i = 1; i < inside.length; i++) {
    if (inside[i] - inside[i - 1] > gap) {
      gap = inside[i] - inside[i - 1];
      at = inside[i - 1];
    }
  }
  return { gap, at, frames: inside.length };
}

/** The progress label shown at time `t`. */
const labelAt = (labels, t) => labels.filter((l) => l.t <= t).map((l) => l.label).pop() || '(before the first label)';

async function measureOnce(env, dir, opts) {
  const files = dir.endsWith('.zip') ? [dir] : fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, f));
  const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
  const p = await openMonitoredPage(env);
  const { page } = p;
  try {
    await p.helpers.open({ customers: 500 });
    await page.locator('[data-testid="analysis-time"][data-ms]').waitFor({ timeout: 60000 });
    await page.evaluate(installMonitor);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByLabel('Load your data').setInputFiles(files);
    await page.waitForFunction(() => window.__importDone !== undefined, null, { timeout: opts.timeout, polling: 50 });
    const time = page.getByTestId('import-time');
    const ms = parseFloat(await time.getAttribute('data-ms'));
    const text = (await time.innerText()).trim();
    const m = await page.evaluate(() => ({ frames: window.__frames, labels: window.__labels, done: window.__importDone }));
    const during = longestGap(m.frames, t0, m.done);
    const run = {
      ms,
      text,
      bytes,
      longestFrameGapMs: during.gap,
      longestFrameGapDuring: labelAt(m.labels, during.at),
      frames: during.frames,
      progressLabels: m.labels.length,
      labels: m.labels.map((l) => l.label),
    };

    if (opts.analysis) {
      await page.waitForFunction(
        () => {
          const built = document.querySelector('.footer .built');
          return built && /imported/.test(built.textContent) && !document.querySelector('[data-testid="progress"]');
        },
        null,
        { timeout: opts.timeout, polling: 100 },
      );
      const t1 = await page.evaluate(() => performance.now());
      run.analysisMs = parseFloat(await page.locator('[data-testid="analysis-time"]').getAttribute('data-ms'));
      const frames = await page.evaluate(() => window.__frames);
      run.analysisLongestFrameGapMs = longestGap(frames, m.done, t1).gap;
      run.analysisWallMs = t1 - m.done;
    }
    const problems = p.problems();
    if (problems.length) throw new Error(problems.join('\n'));
    return run;
  } finally {
    await p.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = await startEnvironment({ dist: opts.dist, prefix: '/c360/' });
  const results = [];
  try {
    for (const dir of opts.data) {
      const runs = [];
      for (let r = 0; r < opts.runs; r++) {
        const run = await measureOnce(env, dir, opts);
        runs.push(run);
        if (!opts.json) {
          console.log(
            `${path.basename(dir)} (${fmt(run.bytes / 1e6)} MB), run ${r + 1}: import ${fmt(run.ms)} ms  "${run.text}"; ` +
              `longest frame gap ${fmt(run.longestFrameGapMs)} ms (at "${run.longestFrameGapDuring}") over ${run.frames} frames, ${run.progressLabels} progress labels` +
              (opts.analysis ? `; analysis ${fmt(run.analysisMs)} ms (longest frame gap ${fmt(run.analysisLongestFrameGapMs)} ms)` : ''),
          );
        }
      }
      results.push({
        data: dir,
        bytes: runs[0].bytes,
        import_ms: runs.map((r) => r.ms),
        median_import_ms: median(runs.map((r) => r.ms)),
        median_longest_frame_gap_ms: median(runs.map((r) => r.longestFrameGapMs)),
        ...(opts.analysis ? { analysis_ms: runs.map((r) => r.analysisMs), analysis_longest_frame_gap_ms: runs.map((r) => r.analysisLongestFrameGapMs) } : {}),
        sample_labels: runs[0].labels.slice(0, 3).concat(runs[0].labels.slice(-2)),
      });
    }
  } finally {
    await env.close();
  }
  if (opts.json) console.log(JSON.stringify({ results }));
  else {
    console.log('\ndata   MB   median import ms   median longest frame gap ms');
    for (const r of results) {
      console.log(`${path.basename(r.data)}   ${fmt(r.bytes / 1e6)}   ${fmt(r.median_import_ms)}   ${fmt(r.median_longest_frame_gap_ms)}`);
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
