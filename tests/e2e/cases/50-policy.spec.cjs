// The campaign manager's flow: change the economics and a rule, see the figures, the comparison
// with the default policy and the gains chart change; plan under a budget; download the contact
// list and the policy; reload and find the policy kept; a bad policy file is refused.
'use strict';

const fs = require('fs');
const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');

const POLL = { intervals: [100, 250, 500], timeout: 20000 };
const num = (t) => Number(t.replace(/[^0-9.-]/g, ''));
const kpi = (page, label) => page.getByRole('group', { name: label, exact: true }).locator('.kpi-value');
const kpiNumber = async (page, label) => num(await kpi(page, label).innerText());

/** The plan totals table as { row label: [this policy, default policy] } numbers. */
async function totals(page) {
  const rows = await page.getByTestId('plan-totals').locator('tbody tr').allInnerTexts();
  return Object.fromEntries(rows.map((r) => {
    const [label, a, b] = r.split('\t');
    return [label.trim(), [num(a), num(b)]];
  }));
}

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

async function ready(page) {
  await expect.poll(() => kpiNumber(page, 'Customers'), { ...POLL, timeout: 60000 }).toBe(3000);
}

test('economics and rules change the figures; the plan keeps to its budget; the policy is kept', async ({ page, open, tmpDir }) => {
  await open();
  await ready(page);
  const before = await kpiNumber(page, 'Expected revenue');
  await expect(page.getByTestId('policy-state')).toContainText('Default policy');

  // Savings + FD at 50 % conversion: 1,500 per savings customer instead of 120.
  const conversion = page.getByLabel('Offer 6 conversion, %');
  await conversion.fill('50');
  await conversion.press('Tab');
  await expect.poll(() => kpiNumber(page, 'Expected revenue'), POLL).toBeGreaterThan(before);
  await expect(page.getByTestId('policy-state')).toContainText('Edited policy');

  // A value out of range is refused beside the field; the figures stay.
  const after = await kpiNumber(page, 'Expected revenue');
  await conversion.fill('150');
  await conversion.press('Tab');
  await expect(page.getByText('150 % is outside 0–100 %')).toBeVisible();
  expect(await kpiNumber(page, 'Expected revenue')).toBe(after);
  await conversion.fill('50');
  await conversion.press('Tab');

  // Switch the EMI-burden rule on: it moves customers off new credit.
  const emi = page.getByTestId('suitability-editor').locator(':scope > li').nth(1);
  await expect(emi).toContainText('0 customers moved');
  await emi.getByRole('checkbox').check();
  const moved = async () => Number((await emi.locator('.rule-count').innerText()).match(/^[\d,]+/)[0].replace(/,/g, ''));
  await expect.poll(moved, POLL).toBeGreaterThan(0);

  // The campaign plan, beside the default policy's, under a budget.
  const panel = page.getByTestId('campaign-panel');
  await panel.locator('summary').first().click();
  await expect.poll(async () => (await totals(page))['Customers contacted']?.[0] ?? 0, POLL).toBeGreaterThan(0);
  const open1 = await totals(page);
  expect(open1['Expected revenue'][0]).not.toBe(open1['Expected revenue'][1]);
  const budget = page.getByLabel('Budget (total contact cost), ₹');
  await budget.fill('20000');
  await budget.press('Tab');
  await expect.poll(async () => (await totals(page))['Contact cost'][0], POLL).toBeLessThanOrEqual(20000);
  const planned = await totals(page);
  expect(planned['Contact cost'][1]).toBeLessThanOrEqual(20000);
  expect(planned['Customers contacted'][0]).toBeLessThan(open1['Customers contacted'][0]);
  await expect(panel.locator('canvas')).toHaveAttribute('aria-label', /this policy reaches/);

  // The contact list and the policy, in one ZIP.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Download contact list' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('c360_campaign.zip');
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  expect(zip.includes(Buffer.from('contacts.csv'))).toBe(true);
  expect(zip.includes(Buffer.from('c360_policy.json'))).toBe(true);

  // Download policy: a version-1 file with the edits.
  const [policyFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download policy' }).click(),
  ]);
  const policy = JSON.parse(fs.readFileSync(await policyFile.path(), 'utf8'));
  expect(policy.version).toBe(1);
  expect(policy.offers[5].conversion).toBe(0.5);
  expect(policy.suitability[1].enabled).toBe(true);
  expect(policy.plan.budget).toBe(20000);

  // Reload: the policy is kept (local storage) and decides the same figures.
  const edited = await kpiNumber(page, 'Expected revenue');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('policy-state')).toContainText('Edited policy');
  await expect(page.getByLabel('Offer 6 conversion, %')).toHaveValue('50');
  await expect.poll(() => kpiNumber(page, 'Expected revenue'), POLL).toBe(edited);

  // Reset to default brings the original figures back.
  await page.getByRole('button', { name: 'Reset to default' }).click();
  await expect.poll(() => kpiNumber(page, 'Expected revenue'), POLL).toBe(before);
});

test('a bad policy file is refused naming the field, and the policy in force stays', async ({ page, open, tmpDir }) => {
  await open();
  await ready(page);
  const before = await kpiNumber(page, 'Expected revenue');
  const bad = path.join(tmpDir, 'bad-policy.json');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download policy' }).click(),
  ]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  fs.writeFileSync(bad, text.replace('"conversion": 0.08', '"conversion": 8'));
  await page.getByTestId('policy-file').setInputFiles(bad);
  await expect(page.getByTestId('policy-error')).toContainText('bad-policy.json: policy, offers[0].conversion: 8 is outside 0–1');
  await expect(page.getByTestId('policy-state')).toContainText('Default policy');
  expect(await kpiNumber(page, 'Expected revenue')).toBe(before);

  // The good file with a changed revenue loads and applies.
  const good = path.join(tmpDir, 'good-policy.json');
  fs.writeFileSync(good, text.replace('"revenue": 3000.0', '"revenue": 30000.0'));
  await page.getByTestId('policy-file').setInputFiles(good);
  await expect(page.getByText('good-policy.json is the policy in force.')).toBeVisible();
  await expect.poll(() => kpiNumber(page, 'Expected revenue'), POLL).toBeGreaterThan(before);
});

test('propensity-ranked arbitration from a link: the browser (propensity on workers) decides as the CLI; the lookup compares every offer', async ({ page, open, c360Bin, tmpDir }) => {
  const { execFileSync } = require('child_process');
  const run = (args) => execFileSync(c360Bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const data = path.join(tmpDir, 'data');
  const out = path.join(tmpDir, 'out');
  const policyFile = path.join(tmpDir, 'ranked.json');
  fs.writeFileSync(policyFile, run(['policy']).replace('"segment_rules"', '"propensity_ranked"'));
  run(['synth', '--customers', '3000', '--seed', '42', '--profile', 'realistic', '--out', data]);
  run(['analyze', data, '--out', out, '--seed', '42', '--policy', policyFile]);
  const native = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));

  await open({ customers: 3000, seed: 42, profile: 'realistic', arbitration: 'ranked', workers: 2 });
  await ready(page);
  await expect(page.getByTestId('arbitration').getByLabel(/Propensity ranked/)).toBeChecked();
  const footer = page.getByTestId('analysis-time');
  expect(Number(await footer.getAttribute('data-propensity-workers'))).toBeGreaterThanOrEqual(1);
  // Every offer count is the CLI's.
  const mix = page.locator('[data-chart="cross-sell-campaign-mix"] details table tbody tr');
  await expect(mix).toHaveCount(native.offers.length);
  const browserMix = {};
  for (const r of await mix.all()) {
    const cells = (await r.locator('td').allTextContents()).map((t) => t.trim());
    browserMix[cells[0]] = num(cells[1]);
  }
  expect(browserMix).toEqual(Object.fromEntries(native.offers.map((o) => [o.offer, o.customers])));
  expect(await kpiNumber(page, 'Expected revenue')).toBe(Math.round(native.offers.reduce((s, o) => s + o.expected_revenue, 0)));

  // A customer the rules give a choice: the comparison ranks the open offers, the one made first.
  const rows = fs.readFileSync(path.join(out, 'customers.csv'), 'utf8').trim().split('\n').slice(1);
  const moved = rows.map(csvCells).find((c) => c[5] === '1');
  const id = moved[0];
  const lookup = page.getByLabel(/Customer ID/i).first();
  await lookup.fill(id);
  await lookup.press('Enter');
  const compared = page.getByTestId('offers-compared');
  await expect(compared.locator('tbody tr')).toHaveCount(6);
  const first = compared.locator('tbody tr').first();
  await expect(first).toContainText('Made');
  await expect(first.locator('th')).toHaveText(moved[2]);
  await expect(compared).toContainText('Stopped by guardrail');
  await expect(page.getByTestId('expected-sum')).toContainText(/Expected revenue [\d.]+ % × ₹[\d,]+ = ₹[\d,]+/);

  // The link keeps the mode; back to segment rules changes the link and the figures.
  expect(page.url()).toContain('arbitration=ranked');
  const ranked = await kpiNumber(page, 'Expected revenue');
  await page.getByTestId('arbitration').getByLabel(/Segment rules/).check();
  await expect.poll(() => kpiNumber(page, 'Expected revenue'), POLL).not.toBe(ranked);
  await expect.poll(() => page.url(), POLL).not.toContain('arbitration=');
});

test('Download model: a model fitted in the browser scores the same customers identically with c360 score', async ({ page, open, c360Bin, tmpDir }) => {
  const { execFileSync } = require('child_process');
  const run = (args) => execFileSync(c360Bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const data = path.join(tmpDir, 'data');
  const out = path.join(tmpDir, 'scored');
  run(['synth', '--customers', '3000', '--seed', '42', '--profile', 'realistic', '--out', data]);

  await open({ customers: 3000, seed: 42, profile: 'realistic', arbitration: 'ranked' });
  await ready(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-model').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^c360_model_synthetic-3000-seed-42-realistic_.*\.json$/);
  const file = path.join(tmpDir, 'model.json');
  fs.copyFileSync(await download.path(), file);
  const model = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(model.format).toBe('c360-model');
  expect(model.version).toBe(1);
  expect(model.policy.arbitration).toBe('propensity_ranked');
  await expect(page.getByRole('status').filter({ hasText: 'for c360 score and c360 export-sql' })).toBeVisible();

  // The CLI scores the same six tables with it: every segment holds the customers the page
  // put there, and every offer the customers the page gave it.
  run(['score', '--model', file, data, '--out', out]);
  const rows = fs.readFileSync(path.join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1).map(csvCells);
  expect(rows.length).toBe(3000);
  const count = (i) => rows.reduce((m, r) => ({ ...m, [r[i]]: (m[r[i]] || 0) + 1 }), {});
  expect(count(1)).toEqual(Object.fromEntries(model.segments.map((s) => [s.name, s.customers])));
  const mix = page.locator('[data-chart="cross-sell-campaign-mix"] details table tbody tr');
  const browserMix = {};
  for (const r of await mix.all()) {
    const cells = (await r.locator('td').allTextContents()).map((t) => t.trim());
    browserMix[cells[0]] = num(cells[1]);
  }
  expect(count(2)).toEqual(browserMix);
  const revenue = rows.reduce((s, r) => s + Number(r[4]), 0);
  expect(Math.round(revenue)).toBe(await kpiNumber(page, 'Expected revenue'));
});
