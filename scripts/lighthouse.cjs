#!/usr/bin/env node
// Scores the release build with Lighthouse the way a judge would: dist/ served under /c360/ like a
// production static host (brotli/gzip, ETags, immutable caching of the content-hashed files:
// `mode: 'host'` of scripts/static-server.cjs), audited by Lighthouse 12.2.3 in headless Chromium,
// mobile (Lighthouse's default: a mid-range phone, simulated slow 4G and 4x CPU throttling) and
// desktop (--preset=desktop), for performance, accessibility, best practices and SEO.
//
//   node scripts/lighthouse.cjs [--dist dist] [--runs 1] [--check] [--form mobile|desktop|both]
//                               [--query workers=0]   # the page opened with this query (experiments)
//
// Prints one row per form factor (the four scores, FCP, LCP, TBT, CLS, Speed Index) and, for
// every category below its target, the failing audits; for a performance score below target also
// where the time goes (the LCP element and its phases, main-thread work, the largest scripts, the
// byte weight and the opportunities). With --runs N each form factor is audited N times and the
// run with the median performance score is reported. Reports (HTML + JSON) go to target/lighthouse/
// (<form>.report.html/json, and the trace <form>-0.trace.json; with --runs > 1 every run's as
// <form>-<i>.*, and <form>.report.* and <form>-0.* are the median run's). --check exits with 1 when
// performance < 95 or any other category < 100, 2 when Lighthouse could not run.
//
// Lighthouse comes from the tools folder (scripts/setup.sh lighthouse; C360_TOOLS overrides
// ~/.cache/c360-tools), Chromium from CHROME_PATH (default /usr/bin/chromium).
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer, stageUnderPrefix } = require('./static-server.cjs');

const PREFIX = '/c360/';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const SHORT = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'bp', seo: 'seo' };
const REPO = path.resolve(__dirname, '..');
const OUT_DIR = path.join(REPO, 'target', 'lighthouse');
const TOOLS = process.env.C360_TOOLS || path.join(os.homedir(), '.cache', 'c360-tools');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

function usage(message) {
  if (message) console.error(`lighthouse.cjs: ${message}`);
  console.error('usage: node scripts/lighthouse.cjs [--dist dist] [--runs 1] [--check] [--form mobile|desktop|both] [--query Q]');
  process.exit(message ? 64 : 0);
}

function parseArgs(argv) {
  const opts = { dist: 'dist', runs: 1, check: false, form: 'both', query: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const value = () => {
      if (inline !== null) return inline;
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--dist') opts.dist = value();
    else if (flag === '--runs') opts.runs = Number(value());
    else if (flag === '--form') opts.form = value();
    else if (flag === '--query') opts.query = value().replace(/^\?/, '');
    else if (flag === '--check') opts.check = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs must be a whole number of at least 1');
  if (!['mobile', 'desktop', 'both'].includes(opts.form)) usage('--form must be mobile, desktop or both');
  return opts;
}

function lighthouseCli() {
  const cli = path.join(TOOLS, 'node_modules', 'lighthouse', 'cli', 'index.js');
  if (!fs.existsSync(cli)) {
    throw new Error(`Lighthouse not found at ${cli}: run scripts/setup.sh lighthouse (or make lighthouse)`);
  }
  const version = JSON.parse(fs.readFileSync(path.join(TOOLS, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  return { cli, version };
}

/** One Lighthouse run; resolves to the parsed JSON report (lhr). */
function runLighthouse(cli, url, form, outBase) {
  const chromeFlags = ['--headless=new', '--disable-dev-shm-usage', '--disable-gpu'];
  if (process.getuid && process.getuid() === 0) chromeFlags.push('--no-sandbox');
  const args = [
    cli,
    url,
    `--only-categories=${CATEGORIES.join(',')}`,
    '--output=json',
    '--output=html',
    `--output-path=${outBase}`,
    `--chrome-flags=${chromeFlags.join(' ')}`,
    // Keeps the trace (<outBase>-0.trace.json, opens in DevTools' Performance panel): the LCP
    // element and the layout shifts are read from it when Lighthouse's own audits fail.
    '--save-assets',
    '--quiet',
  ];
  if (form === 'desktop') args.push('--preset=desktop');
  const log = `${outBase}.log`;
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, 'w');
    const child = spawn(process.execPath, args, { stdio: ['ignore', out, out], env: { ...process.env, CHROME_PATH: CHROME } });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      const json = `${outBase}.report.json`;
      if (code !== 0 || !fs.existsSync(json)) {
        const tail = fs.readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n');
        return reject(new Error(`Lighthouse (${form}) exited with ${signal || code}; see ${log}\n${tail}`));
      }
      const lhr = JSON.parse(fs.readFileSync(json, 'utf8'));
      Object.defineProperty(lhr, 'tracePath', { value: `${outBase}-0.trace.json`, enumerable: false });
      resolve(lhr);
    });
  });
}

const score = (lhr, id) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id].score * 100));
const audit = (lhr, id) => lhr.audits[id] || {};
const ms = (v) => (v == null ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kib = (v) => (v == null ? '-' : `${Math.round(v / 1024)} KiB`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** The run with the median performance score (the lower middle one for an even count). */
function medianRun(lhrs) {
  const sorted = lhrs.map((lhr, i) => ({ lhr, i })).sort((a, b) => (score(a.lhr, 'performance') ?? -1) - (score(b.lhr, 'performance') ?? -1));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Audits of `category` that fail (Lighthouse's own rule: a score below 0.9), worst first. */
function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .map((ref) => ({ ref, a: lhr.audits[ref.id] }))
    .filter(({ a }) => a && a.score !== null && a.score < 0.9 && !['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode))
    .sort((x, y) => x.a.score - y.a.score || y.ref.weight - x.ref.weight)
    .map(({ ref, a }) => ({ id: a.id, title: a.title, score: a.score, weight: ref.weight, displayValue: a.displayValue }));
}

function printTable(results) {
  const head = ['form', 'perf', 'a11y', 'bp', 'seo', 'FCP', 'LCP', 'TBT', 'CLS', 'SI'];
  const widths = [9, 6, 6, 6, 6, 9, 9, 9, 7, 9];
  const rows = results.map(({ form, lhr, perfScores }) => {
    const m = (id) => audit(lhr, id).numericValue;
    const perf = perfScores.length > 1 ? `${score(lhr, 'performance')} (${perfScores.join('/')})` : score(lhr, 'performance');
    return [
      form,
      perf,
      score(lhr, 'accessibility'),
      score(lhr, 'best-practices'),
      score(lhr, 'seo'),
      ms(m('first-contentful-paint')),
      ms(m('largest-contentful-paint')),
      ms(m('total-blocking-time')),
      m('cumulative-layout-shift') == null ? '-' : m('cumulative-layout-shift').toFixed(3),
      ms(m('speed-index')),
    ];
  });
  const w = widths.map((wd, c) => Math.max(wd, head[c].length + 1, ...rows.map((r) => String(r[c]).length + 1)));
  console.log(head.map((h, c) => (c === 0 ? pad(h, w[c]) : lpad(h, w[c]))).join(' '));
  for (const r of rows) console.log(r.map((v, c) => (c === 0 ? pad(v, w[c]) : lpad(v ?? '-', w[c]))).join(' '));
  console.log(`targets: performance >= ${TARGETS.performance}, accessibility, best practices and SEO = 100`);
}

/** Where a mobile or desktop load spends its time, from the performance audits. */
function printPerformanceDetails(lhr) {
  const items = (id) => audit(lhr, id).details?.items || [];
  const m = (id) => audit(lhr, id).numericValue;
  const lcpEl = audit(lhr, 'largest-contentful-paint-element').details;
  const fromTrace = lcpEl ? null : readTrace(lhr.tracePath);
  if (lcpEl) {
    const tables = lcpEl.type === 'list' ? lcpEl.items : [lcpEl];
    const node = tables[0]?.items?.[0]?.node;
    if (node) console.log(`    LCP element: ${node.snippet || node.selector}${node.nodeLabel ? ` ("${node.nodeLabel.slice(0, 80)}")` : ''}`);
    const phases = tables[1]?.items;
    if (phases?.length) console.log(`    LCP phases: ${phases.map((p) => `${p.phase} ${ms(p.timing)}`).join(', ')}`);
  } else if (fromTrace?.lcp) {
    // Lighthouse 12.2.3 cannot parse the frame events of recent Chromium traces
    // (`frame_reporter`, formerly `chrome_frame_reporter`), so its LCP-element audit errors.
    const c = fromTrace.lcp;
    console.log(`    LCP element (from the trace): ${c.nodeName}, ${c.type}, ${c.size} px², painted at ${ms(c.time)} unthrottled`);
    const ttfb = lhr.audits.metrics?.details?.items?.[0]?.timeToFirstByte;
    if (c.type === 'text' && ttfb != null && m('largest-contentful-paint') != null) {
      // Lighthouse's breakdown of a text LCP: no resource to load, the rest is render delay.
      console.log(`    LCP phases (text: as Lighthouse computes them): TTFB ${ms(ttfb)}, load delay 0 ms, load time 0 ms, render delay ${ms(m('largest-contentful-paint') - ttfb)}`);
    }
  }
  if (fromTrace?.shifts?.length && !audit(lhr, 'layout-shifts').details) {
    const top = [...fromTrace.shifts].sort((a, b) => b.score - a.score).slice(0, 4);
    console.log(
      `    layout shifts (from the trace, unthrottled; ${fromTrace.shifts.length} counted, sum ${fromTrace.shifts.reduce((t, x) => t + x.score, 0).toFixed(3)}): ` +
        top.map((x) => `${x.score.toFixed(3)} at ${ms(x.time)} (${x.nodes.join(', ')})`).join('; '),
    );
  }
  const longTasks = items('long-tasks');
  if (longTasks.length) {
    const top = [...longTasks].sort((a, b) => b.duration - a.duration).slice(0, 5);
    console.log(`    long tasks (${longTasks.length}): ${top.map((t) => `${ms(t.duration)} at ${ms(t.startTime)} (${shortUrl(t.url)})`).join('; ')}`);
  }
  const mt = audit(lhr, 'mainthread-work-breakdown');
  if (mt.numericValue != null) {
    const top = items('mainthread-work-breakdown').slice(0, 5);
    console.log(`    main-thread work ${ms(mt.numericValue)}: ${top.map((t) => `${t.groupLabel || t.group} ${ms(t.duration)}`).join(', ')}`);
  }
  const boot = audit(lhr, 'bootup-time');
  if (boot.numericValue != null) {
    const top = items('bootup-time').slice(0, 4);
    console.log(`    JS execution ${ms(boot.numericValue)}: ${top.map((t) => `${shortUrl(t.url)} total ${ms(t.total)} (script ${ms(t.scripting)}, parse/compile ${ms(t.scriptParseCompile)})`).join('; ')}`);
  }
  const weight = audit(lhr, 'total-byte-weight');
  if (weight.numericValue != null) {
    const top = items('total-byte-weight').slice(0, 4);
    console.log(`    transferred ${kib(weight.numericValue)}: ${top.map((t) => `${shortUrl(t.url)} ${kib(t.totalBytes)}`).join(', ')}`);
  }
  const opportunities = Object.values(lhr.audits)
    .filter((a) => a.details && (a.details.overallSavingsMs > 0 || a.details.overallSavingsBytes > 0) && a.score !== null && a.score < 1)
    .sort((a, b) => (b.details.overallSavingsMs || 0) - (a.details.overallSavingsMs || 0) || (b.details.overallSavingsBytes || 0) - (a.details.overallSavingsBytes || 0));
  for (const a of opportunities.slice(0, 6)) {
    const parts = [a.details.overallSavingsMs > 0 && `~${ms(a.details.overallSavingsMs)}`, a.details.overallSavingsBytes > 0 && `~${kib(a.details.overallSavingsBytes)}`].filter(Boolean);
    console.log(`    opportunity ${a.id} (${a.title}): saves ${parts.join(', ')}`);
  }
  const errored = lhr.categories.performance.auditRefs.filter((r) => lhr.audits[r.id]?.scoreDisplayMode === 'error').map((r) => r.id);
  if (errored.length) console.log(`    audits that errored (not scored): ${errored.join(', ')}`);
}

/**
 * The last LCP candidate and the layout shifts without recent input, from a saved trace, timed
 * from the main frame's navigation start (unthrottled: as observed, not simulated).
 */
function readTrace(tracePath) {
  let events;
  try {
    const trace = JSON.parse(fs.readFileSync(tracePath, 'utf8'));
    events = trace.traceEvents || trace;
  } catch {
    return null;
  }
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && /^https?:/.test(e.args.data.documentLoaderURL || ''));
  if (!nav) return null;
  const names = new Map();
  let lcp = null;
  for (const e of events) {
    if (e.name !== 'largestContentfulPaint::Candidate' || e.ts < nav.ts || !e.args?.data?.isOutermostMainFrame) continue;
    const d = e.args.data;
    if (d.nodeName) names.set(d.nodeId, d.nodeName);
    if (!lcp || d.candidateIndex > lcp.candidateIndex) lcp = { ...d, time: (e.ts - nav.ts) / 1000 };
  }
  // Lighthouse's rule (core/computed/metrics/cumulative-layout-shift.js): Chromium flags the
  // first shifts after the emulated viewport change as "recent input"; those within 500 ms of it
  // count, until the first shift without the flag.
  const viewport = events.find((e) => e.name === 'viewport' && e.ts >= nav.ts);
  let respectInput = false;
  const shifts = [];
  for (const e of events) {
    const d = e.name === 'LayoutShift' && e.ts >= nav.ts ? e.args?.data : null;
    if (!d || d.is_main_frame === undefined) continue;
    if (d.had_recent_input) {
      if (respectInput || (e.ts - (viewport ? viewport.ts : nav.ts)) / 1000 > 500) continue;
    } else {
      respectInput = true;
    }
    shifts.push({
      time: (e.ts - nav.ts) / 1000,
      score: d.weighted_score_delta ?? d.score,
      nodes: (d.impacted_nodes || []).slice(0, 3).map((n) => names.get(n.node_id) || `node ${n.node_id} [${n.old_rect?.join(',')}]→[${n.new_rect?.join(',')}]`),
    });
  }
  return { lcp, shifts };
}

function shortUrl(url) {
  if (!url) return '?';
  try {
    const u = new URL(url);
    const last = u.pathname.split('/').filter(Boolean).pop();
    return last ? (u.pathname.endsWith('/') ? `${last}/ (the page)` : last) : u.pathname;
  } catch {
    return url;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dist = path.resolve(opts.dist);
  const { cli, version } = lighthouseCli();
  if (!fs.existsSync(CHROME)) throw new Error(`Chromium not found at ${CHROME} (set CHROME_PATH)`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const forms = opts.form === 'both' ? ['mobile', 'desktop'] : [opts.form];

  const staged = stageUnderPrefix(dist, PREFIX);
  let server;
  const results = [];
  let lighthouseFailed = false;
  try {
    process.stderr.write(`compressing ${dist} (brotli 11, gzip 9) … `);
    server = await startServer({ root: staged.webRoot, mode: 'host' });
    const url = `${server.url}${staged.prefix}${opts.query ? `?${opts.query}` : ''}`;
    console.error(`serving at ${url}`);
    for (const form of forms) {
      // Last time's files of this form factor would be mistaken for this run's.
      for (const f of fs.readdirSync(OUT_DIR)) {
        if (f.startsWith(`${form}.`) || f.startsWith(`${form}-`)) fs.rmSync(path.join(OUT_DIR, f), { force: true });
      }
      const lhrs = [];
      for (let i = 1; i <= opts.runs; i++) {
        const base = path.join(OUT_DIR, opts.runs > 1 ? `${form}-${i}` : form);
        const t0 = Date.now();
        process.stderr.write(`lighthouse ${version} ${form} run ${i}/${opts.runs} … `);
        try {
          const lhr = await runLighthouse(cli, url, form, base);
          lhrs.push(lhr);
          console.error(`performance ${score(lhr, 'performance')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
          if (lhr.runtimeError) console.error(`  runtime error: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
          for (const w of lhr.runWarnings || []) console.error(`  warning: ${w}`);
        } catch (e) {
          lighthouseFailed = true;
          console.error(`failed\n${e.message}`);
        }
      }
      if (!lhrs.length) continue;
      const { lhr, i } = medianRun(lhrs);
      if (opts.runs > 1) {
        for (const file of ['report.html', 'report.json', '0.trace.json', '0.devtoolslog.json']) {
          const sep = file.startsWith('0.') ? '-' : '.';
          const from = path.join(OUT_DIR, `${form}-${i + 1}${sep}${file}`);
          if (fs.existsSync(from)) fs.copyFileSync(from, path.join(OUT_DIR, `${form}${sep}${file}`));
        }
      }
      results.push({ form, lhr, perfScores: lhrs.map((l) => score(l, 'performance')) });
    }
  } finally {
    if (server) await server.close();
    staged.cleanup();
  }

  if (!results.length) {
    console.error('lighthouse: no run completed');
    process.exit(2);
  }
  console.log('');
  const shown = path.relative(REPO, dist).startsWith('..') ? dist : path.relative(REPO, dist) || '.';
  console.log(`Lighthouse ${version}, ${shown} served under ${PREFIX}, ${opts.runs} run(s) per form factor${opts.runs > 1 ? ' (median performance)' : ''}`);
  printTable(results);

  let belowTarget = false;
  for (const { form, lhr } of results) {
    for (const cat of CATEGORIES) {
      const s = score(lhr, cat);
      if (s !== null && s >= TARGETS[cat]) continue;
      belowTarget = true;
      console.log(`\n${form} ${lhr.categories[cat]?.title || cat}: ${s ?? 'no score'} (target ${TARGETS[cat]})`);
      if (!lhr.categories[cat]) continue;
      const failing = failingAudits(lhr, cat);
      for (const f of failing) {
        console.log(`  ${f.id}: ${f.title}${f.displayValue ? ` [${f.displayValue}]` : ''} (score ${f.score.toFixed(2)}, weight ${f.weight})`);
      }
      if (!failing.length) console.log('  (no audit below 0.9; see the report)');
      if (cat === 'performance') printPerformanceDetails(lhr);
    }
  }
  console.log(`\nreports: ${path.relative(process.cwd(), OUT_DIR) || '.'}/{${results.map((r) => r.form).join(',')}}.report.{html,json}`);

  if (opts.check) {
    if (lighthouseFailed) {
      console.error('lighthouse --check: a Lighthouse run failed');
      process.exit(2);
    }
    if (belowTarget || results.length < forms.length) {
      console.error('lighthouse --check: below target (performance >= 95, every other category 100)');
      process.exit(1);
    }
    console.log('lighthouse --check: every category on target');
  }
}

main().catch((e) => {
  console.error(`lighthouse: ${e.message}`);
  process.exit(2);
});
