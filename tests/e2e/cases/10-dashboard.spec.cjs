// The dashboard as an analyst uses it: first load, filters, lookup, download, K override,
// settings. Things are found by role and label, the way a screen reader finds them.
'use strict';

const fs = require('fs');

const { test, expect } = require('../lib/fixtures.cjs');

const PERSONAS = ['Mass Retail / Low Engagement', 'Credit Active Middle Segment', 'Affluent & Investment Ready'];

/** The big value of a KPI card. */
const kpi = (page, label) => page.getByRole('group', { name: label, exact: true }).locator('.kpi-value');

/** Parses "3,000", "₹7,02,550" or "1.48" into a number. */
const num = (text) => Number(String(text).replace(/[^0-9.]/g, ''));

async function kpiNumber(page, label) {
  return num(await kpi(page, label).innerText());
}

// expect.poll backs off to 1 s between tries by default; an analysis finishes in a few hundred ms,
// so these poll every 100 ms.
const POLL = { intervals: [100] };

/** A retrying assertion on a KPI's number: `await kpiPoll(page, 'Customers').toBeLessThan(3000)`. */
const kpiPoll = (page, label, timeout) =>
  expect.poll(() => kpiNumber(page, label), { ...POLL, message: `KPI "${label}"`, timeout });

/** Waits until the Customers KPI shows `n`. */
async function customersShown(page, n) {
  await kpiPoll(page, 'Customers', 60000).toBe(n);
}

test('first load shows the whole analysis of 3,000 customers with no click', async ({ page, open, saveScreenshot }) => {
  await open();
  await customersShown(page, 3000);
  const time = page.getByTestId('analysis-time');
  await expect(time).toHaveText(/3,000 customers analysed in [\d,.]+ ms/);
  expect(Number(await time.getAttribute('data-ms'))).toBeGreaterThan(0);
  for (const label of ['Avg income', 'Avg balance', 'Avg products per customer', 'Expected revenue']) {
    expect(await kpiNumber(page, label), label).toBeGreaterThan(0);
  }
  // The three planted personas come back, each as a checked segment filter.
  for (const name of PERSONAS) {
    await expect(page.getByRole('checkbox', { name })).toBeChecked();
  }
  // Every chart is a canvas with an accessible name, and has its numbers as a table.
  const charts = page.getByRole('img');
  expect(await charts.count()).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < (await charts.count()); i++) {
    expect((await charts.nth(i).getAttribute('aria-label')).length).toBeGreaterThan(10);
  }
  expect(await page.locator('details.chart-data table').count()).toBeGreaterThanOrEqual(6);
  await saveScreenshot('dashboard-first-load');
});

test('unchecking a segment filters every view', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  const revenueBefore = await kpiNumber(page, 'Expected revenue');
  await page.getByRole('checkbox', { name: PERSONAS[0] }).uncheck();
  await kpiPoll(page, 'Customers').toBeLessThan(3000);
  const n = await kpiNumber(page, 'Customers');
  expect(n).toBeGreaterThan(500);
  expect(await kpiNumber(page, 'Expected revenue')).toBeLessThan(revenueBefore);
  await expect(page.getByRole('button', { name: /Download CSV/ })).toContainText(n.toLocaleString('en-US'));
  // The campaign-mix table no longer counts all 3,000.
  const mix = page.locator('[data-chart="cross-sell-campaign-mix"] details table');
  await expect
    .poll(async () => (await mix.locator('tbody tr td:nth-child(2)').allTextContents()).map(num).reduce((a, b) => a + b, 0), {
      ...POLL,
      message: 'customers counted by the campaign-mix table',
    })
    .toBe(n);
});

test('income band, age and product filters narrow the customers', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  await page.getByLabel('Annual income').selectOption({ label: 'Above ₹15 L' });
  await kpiPoll(page, 'Customers').toBeLessThan(3000);
  expect(await kpiNumber(page, 'Avg income')).toBeGreaterThan(1500000);
  const rich = await kpiNumber(page, 'Customers');
  await page.getByLabel('Loan', { exact: true }).selectOption({ label: 'Has' });
  await kpiPoll(page, 'Customers').toBeLessThan(rich);
  await page.getByLabel('Age from').fill('60');
  await page.getByLabel('Age from').press('Tab');
  await kpiPoll(page, 'Customers').toBeLessThan(rich / 2);
});

test('looking up a customer shows profile, holdings and offer; an unknown id says so', async ({ page, open, saveScreenshot }) => {
  await open();
  await customersShown(page, 3000);
  const field = page.getByLabel('Customer ID');
  await field.fill('42');
  await field.press('Enter');
  const card = page.getByTestId('lookup-result');
  await expect(card).toContainText('42', { useInnerText: true });
  const text = await card.innerText();
  for (const word of ['Age', 'Income', 'Balance', 'Segment', 'Risk', 'Offer']) {
    expect(text.toLowerCase()).toContain(word.toLowerCase());
  }
  expect(PERSONAS.some((p) => text.includes(p)), `one of ${PERSONAS.join(', ')} in ${JSON.stringify(text)}`).toBe(true);
  await saveScreenshot('lookup-42');
  await field.fill('99999');
  await field.press('Enter');
  await expect(card).toContainText('No customer with ID 99999', { useInnerText: true });
  await expect(card).toContainText('synthetic IDs run from 1 to 3,000', { useInnerText: true });
});

test('Download CSV saves the filtered, segmented customers', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  await page.getByRole('checkbox', { name: PERSONAS[2] }).uncheck();
  await kpiPoll(page, 'Customers').toBeLessThan(3000);
  const n = await kpiNumber(page, 'Customers');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(lines[0].split(',').slice(0, 5)).toEqual(['customer_id', 'segment', 'offer', 'reason', 'expected_revenue']);
  expect(lines[0]).toContain('spend_to_income');
  expect(lines.length - 1).toBe(n);
  expect(lines.slice(1).some((l) => l.includes(PERSONAS[2]))).toBe(false);
});

test('overriding K re-segments without refitting and names every segment', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  await page.getByLabel('Segments (K)').selectOption('5');
  await expect(page.locator('.segment-filter .check input[type=checkbox]')).toHaveCount(5);
  const names = await page.locator('.segment-filter .check').allInnerTexts();
  expect(new Set(names.map((s) => s.trim())).size).toBe(5);
  expect(await kpiNumber(page, 'Customers')).toBe(3000);
  // No progress bar: the fits for every K are already there. (Checked now, not waited for.)
  expect(await page.getByTestId('progress').count()).toBe(0);
});

test('changing settings recomputes; the guardrail switch changes offers', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  const revenue = await kpiNumber(page, 'Expected revenue');
  await page.getByRole('checkbox', { name: /Suitability guardrail/ }).uncheck();
  await kpiPoll(page, 'Expected revenue').toBeGreaterThan(revenue);
  const customers = page.getByLabel('Number of customers');
  await customers.fill('800');
  await customers.press('Enter');
  await customersShown(page, 800);
  await expect(page.getByTestId('analysis-time')).toHaveText(/^800 customers analysed/);
  await page.getByLabel('Data profile').selectOption('seed');
  await expect(page.getByLabel('Data profile')).toHaveValue('seed');
  await customersShown(page, 800);
});

test('a bad setting is explained and the results stay', async ({ page, open }) => {
  await open();
  await customersShown(page, 3000);
  const customers = page.getByLabel('Number of customers');
  await customers.fill('12');
  await customers.press('Enter');
  // The entry stays in its field, with what is wrong and the range beside it; the results stay.
  await expect(page.locator('#set-customers-error')).toHaveText('12 is below 500; the analysis keeps 3000 until this is fixed.');
  await expect(customers).toHaveValue('12');
  await expect(customers).toHaveAttribute('aria-invalid', 'true');
  expect(await kpiNumber(page, 'Customers')).toBe(3000);
  const restarts = page.getByLabel('K-Means restarts');
  await restarts.fill('500');
  await restarts.press('Enter');
  await expect(page.locator('#set-restarts-error')).toContainText('500 is above 100');
  // Fixed, it applies and the message goes.
  await customers.fill('800');
  await customers.press('Enter');
  await customersShown(page, 800);
  await expect(page.locator('#set-customers-error')).toHaveText('');
});

test('a larger analysis shows that it is working, stage by stage, then the dashboard', async ({ page, open }) => {
  // Every label the progress bar shows, noted as it appears (a stage can be shorter than a poll).
  await page.addInitScript(() => {
    window.c360Labels = [];
    new MutationObserver(() => {
      const label = document.querySelector('[data-testid="progress"] .progress-label');
      const text = label && label.textContent;
      if (text && window.c360Labels[window.c360Labels.length - 1] !== text) window.c360Labels.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await open({ customers: 20000 });
  await customersShown(page, 20000);
  expect(await page.getByTestId('progress').count()).toBe(0);
  const labels = await page.evaluate(() => window.c360Labels);
  // From the first stage on (a run this large yields before it), to the last.
  expect(labels[0]).toBe('Generating 20,000 customers…');
  expect(labels).toContain('Preparing features for 20,000 customers…');
  expect(labels.some((l) => /^Fitting K = 2…8/.test(l)), `a "Fitting K = 2…8" label in ${JSON.stringify(labels)}`).toBe(true);
  expect(labels).toContain('Scoring every K (silhouette)…');
});

test('settings come from the URL', async ({ page, open }) => {
  await open({ customers: 600, seed: 7, k: 4, guardrail: 'off' });
  await customersShown(page, 600);
  await expect(page.getByRole('checkbox', { name: /Suitability guardrail/ })).not.toBeChecked();
  await expect(page.locator('.segment-filter .check input[type=checkbox]')).toHaveCount(4);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('7');
});
