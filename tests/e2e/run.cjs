#!/usr/bin/env node
// End-to-end suite (tier 3): the release build, served statically from a sub-path, driven in
// headless Chromium. Run with `make test` (or `make e2e` on an existing dist/):
//
//   node tests/e2e/run.cjs [--dist dist] [--prefix /c360/] [--grep REGEX] [--list]
//
// Cases live in tests/e2e/cases/*.cjs (one file per area, run in file-name order); each exports
// named async functions, see tests/e2e/README.md. Every case gets a fresh page; it fails on an
// assertion, on any request off the page's origin, on console errors and on failed requests.
// The last line printed is always `N passed, N failed`.
'use strict';

const fs = require('fs');
const path = require('path');

const { startEnvironment, openMonitoredPage, screenshot } = require('./lib/harness.cjs');

const CASE_TIMEOUT = Number(process.env.E2E_CASE_TIMEOUT || 90000);

function parseArgs(argv) {
  const opts = {
    dist: path.join(__dirname, '..', '..', 'dist'),
    prefix: '/c360/',
    grep: process.env.E2E_GREP || '',
    list: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dist') opts.dist = path.resolve(argv[++i]);
    else if (a === '--prefix') opts.prefix = argv[++i];
    else if (a === '--grep') opts.grep = argv[++i];
    else if (a === '--list') opts.list = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** [{ name, fn }] from every tests/e2e/cases/*.cjs, in file then declaration order. */
function loadCases(grep) {
  const dir = path.join(__dirname, 'cases');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cjs')).sort();
  const cases = [];
  for (const f of files) {
    const mod = require(path.join(dir, f));
    const area = f.replace(/\.cjs$/, '').replace(/^\d+[-_]/, '');
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== 'function') throw new Error(`${f}: export "${name}" is not a function`);
      cases.push({ name: `${area} › ${name}`, fn });
    }
  }
  const re = grep ? new RegExp(grep, 'i') : null;
  return re ? cases.filter((c) => re.test(c.name)) : cases;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = loadCases(opts.grep);
  if (opts.list) {
    cases.forEach((c) => console.log(c.name));
    return 0;
  }
  if (cases.length === 0) {
    console.log(`no e2e cases${opts.grep ? ` match /${opts.grep}/` : ''}`);
    console.log('0 passed, 0 failed');
    return 1;
  }

  const env = await startEnvironment({ dist: opts.dist, prefix: opts.prefix });
  console.log(`e2e: ${cases.length} cases against ${env.baseUrl} (${path.relative(process.cwd(), opts.dist) || '.'})`);
  let passed = 0;
  let failed = 0;
  try {
    for (const c of cases) {
      const t0 = Date.now();
      const p = await openMonitoredPage(env);
      let errors = [];
      try {
        await withTimeout(c.fn(p.helpers), CASE_TIMEOUT, 'case');
      } catch (e) {
        errors.push(e && e.stack ? firstLines(e.stack, 4) : String(e));
      }
      errors = errors.concat(p.problems());
      const ms = Date.now() - t0;
      if (errors.length === 0) {
        passed++;
        console.log(`ok    ${c.name} (${ms} ms)`);
      } else {
        failed++;
        console.log(`FAIL  ${c.name} (${ms} ms)`);
        for (const e of errors) console.log(indent(e));
        const shot = await screenshot(p.page, `FAILED-${c.name}`).catch(() => null);
        if (shot) console.log(indent(`screenshot: ${path.relative(process.cwd(), shot)}`));
      }
      await p.close();
    }
  } finally {
    await env.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const firstLines = (s, n) => s.split('\n').slice(0, n).join('\n');
const indent = (s) => s.split('\n').map((l) => `      ${l}`).join('\n');

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
