// The browser (wasm) and the native CLI compute the same analysis from the same seed: the same
// synthetic data, the same k-means fits (silhouette per K), the same segments and offers.
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { test, expect } = require('../lib/fixtures.cjs');

/** Runs `c360 synth` + `c360 analyze` natively in `dir` and returns summary.json. */
function nativeSummary(bin, dir, { customers, seed, profile }) {
  const run = (args) => execFileSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const data = path.join(dir, 'data');
  const out = path.join(dir, 'out');
  run(['synth', '--customers', String(customers), '--seed', String(seed), '--profile', profile, '--out', data]);
  run(['analyze', data, '--out', out, '--seed', String(seed)]);
  return JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
}

const rowsOf = (page, chart) => page.locator(`[data-chart="${chart}"] details table tbody tr`);

/** The rows of a chart's "Show the numbers" table, as arrays of cell texts. */
async function tableRows(page, chart) {
  const rows = rowsOf(page, chart);
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim()));
  }
  return out;
}

const num = (t) => Number(String(t).replace(/[^0-9.\-]/g, ''));

/** `query` may add `workers=N` (fits on N Web Workers; 0 = on the page's thread). */
function parity(profile, seed, query = {}) {
  return async ({ page, open, c360Bin, tmpDir }) => {
    expect(fs.existsSync(c360Bin), `${c360Bin} exists (make e2e builds it)`).toBe(true);
    const native = nativeSummary(c360Bin, tmpDir, { customers: 3000, seed, profile });
    await open({ customers: 3000, seed, profile, ...query });
    await expect(rowsOf(page, 'model-selection')).toHaveCount(native.k_scores.length, { timeout: 60000 });
    if (query.workers !== undefined) {
      // Workers that answered at least one piece (a late starter may have had none).
      const used = Number(await page.locator('[data-testid="analysis-time"]').getAttribute('data-fit-workers'));
      expect(used).toBeGreaterThanOrEqual(Math.min(1, query.workers));
      expect(used).toBeLessThanOrEqual(query.workers);
    }
    const ks = await tableRows(page, 'model-selection');
    for (const [i, s] of native.k_scores.entries()) {
      expect(num(ks[i][0])).toBe(s.k);
      expect(ks[i][1], `silhouette at K = ${s.k}`).toBe(s.silhouette.toFixed(4));
    }
    // Segment sizes per persona name are identical.
    const donut = await tableRows(page, 'segment-distribution');
    const browser = Object.fromEntries(donut.map((r) => [r[0], num(r[1])]));
    const nat = Object.fromEntries(native.segments.map((s) => [s.name, s.size]));
    expect(browser).toEqual(nat);
    // And so is every offer count.
    const mix = await tableRows(page, 'cross-sell-campaign-mix');
    const browserMix = Object.fromEntries(mix.map((r) => [r[0], num(r[1])]));
    const nativeMix = Object.fromEntries(native.offers.map((o) => [o.offer, o.customers]));
    expect(browserMix).toEqual(nativeMix);
  };
}

test('realistic seed 42: browser and native give the same analysis', parity('realistic', 42));
test('seed profile, seed 7: browser and native give the same analysis', parity('seed', 7));
test('fits on two Web Workers give the native analysis too', parity('realistic', 42, { workers: 2 }));
