// The dashboard as an analyst uses it: first load, filters, lookup, download, K override,
// settings. Things are found by role and label, the way a screen reader finds them.
'use strict';

const fs = require('fs');

const PERSONAS = ['Mass Retail / Low Engagement', 'Credit Active Middle Segment', 'Affluent & Investment Ready'];

/** The big value of a KPI card. */
const kpi = (page, label) => page.getByRole('group', { name: label, exact: true }).locator('.kpi-value');

/** Parses "3,000", "₹7,02,550" or "1.48" into a number. */
const num = (text) => Number(String(text).replace(/[^0-9.]/g, ''));

async function kpiNumber(page, label) {
  return num(await kpi(page, label).innerText());
}

/** Waits until the Customers KPI shows `n`. */
async function customersShown(page, expect, n) {
  await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBe(n), { timeout: 60000 });
}

module.exports = {
  'first load shows the whole analysis of 3,000 customers with no click': async ({ page, open, expect, screenshot }) => {
    await open();
    await customersShown(page, expect, 3000);
    const time = page.getByTestId('analysis-time');
    await expect.eventually(async () => expect(await time.innerText()).toMatch(/3,000 customers analysed in [\d,.]+ ms/));
    expect(Number(await time.getAttribute('data-ms'))).toBeGreaterThan(0);
    for (const label of ['Avg income', 'Avg balance', 'Avg products per customer', 'Expected revenue']) {
      expect(await kpiNumber(page, label)).toBeGreaterThan(0);
    }
    // The three planted personas come back, each as a checked segment filter.
    for (const name of PERSONAS) {
      expect(await page.getByRole('checkbox', { name }).isChecked()).toBe(true);
    }
    // Every chart is a canvas with an accessible name, and has its numbers as a table.
    const charts = page.getByRole('img');
    expect(await charts.count()).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < (await charts.count()); i++) {
      expect((await charts.nth(i).getAttribute('aria-label')).length).toBeGreaterThan(10);
    }
    expect(await page.locator('details.chart-data table').count()).toBeGreaterThanOrEqual(6);
    await screenshot('dashboard-first-load');
  },

  'unchecking a segment filters every view': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    const revenueBefore = await kpiNumber(page, 'Expected revenue');
    await page.getByRole('checkbox', { name: PERSONAS[0] }).uncheck();
    await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBeLessThan(3000));
    const n = await kpiNumber(page, 'Customers');
    expect(n).toBeGreaterThan(500);
    expect(await kpiNumber(page, 'Expected revenue')).toBeLessThan(revenueBefore);
    expect(await page.getByRole('button', { name: /Download CSV/ }).innerText()).toContain(n.toLocaleString('en-US'));
    // The campaign-mix table no longer counts all 3,000.
    const mix = page.locator('[data-chart="cross-sell-campaign-mix"] details table');
    await expect.eventually(async () => {
      const counts = (await mix.locator('tbody tr td:nth-child(2)').allTextContents()).map(num);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    });
  },

  'income band, age and holding filters narrow the customers': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    await page.getByLabel('Annual income').selectOption({ label: 'Above ₹15 L' });
    await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBeLessThan(3000));
    expect(await kpiNumber(page, 'Avg income')).toBeGreaterThan(1500000);
    const rich = await kpiNumber(page, 'Customers');
    await page.getByLabel('Product holding').selectOption({ label: 'Has a loan' });
    await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBeLessThan(rich));
    await page.getByLabel('Age from').fill('60');
    await page.getByLabel('Age from').press('Tab');
    await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBeLessThan(rich / 2));
  },

  'looking up a customer shows profile, holdings and offer; an unknown id says so': async ({ page, open, expect, screenshot }) => {
    await open();
    await customersShown(page, expect, 3000);
    const field = page.getByLabel('Customer ID');
    await field.fill('42');
    await field.press('Enter');
    const card = page.getByTestId('lookup-result');
    await expect.eventually(async () => expect(await card.innerText()).toContain('42'));
    const text = await card.innerText();
    for (const word of ['Age', 'Income', 'Balance', 'Segment', 'Risk', 'Offer']) {
      expect(text.toLowerCase()).toContain(word.toLowerCase());
    }
    expect(PERSONAS.some((p) => text.includes(p))).toBe(true);
    await screenshot('lookup-42');
    await field.fill('99999');
    await field.press('Enter');
    await expect.eventually(async () => expect(await card.innerText()).toContain('No customer with ID 99999'));
    expect(await card.innerText()).toContain('synthetic IDs run from 1 to 3,000');
  },

  'Download CSV saves the filtered, segmented customers': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    await page.getByRole('checkbox', { name: PERSONAS[2] }).uncheck();
    await expect.eventually(async () => expect(await kpiNumber(page, 'Customers')).toBeLessThan(3000));
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
  },

  'overriding K re-segments without refitting and names every segment': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    await page.getByLabel('Segments (K)').selectOption('5');
    await expect.eventually(async () => expect(await page.locator('.check input[type=checkbox]').count()).toBe(5));
    const names = await page.locator('.check').allInnerTexts();
    expect(new Set(names.map((s) => s.trim())).size).toBe(5);
    expect(await kpiNumber(page, 'Customers')).toBe(3000);
    // No progress bar: the fits for every K are already there.
    expect(await page.getByTestId('progress').count()).toBe(0);
  },

  'changing settings recomputes; the guardrail switch changes offers': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    const revenue = await kpiNumber(page, 'Expected revenue');
    await page.getByRole('checkbox', { name: /Suitability guardrail/ }).uncheck();
    await expect.eventually(async () => expect(await kpiNumber(page, 'Expected revenue')).toBeGreaterThan(revenue));
    const customers = page.getByLabel('Number of customers');
    await customers.fill('800');
    await customers.press('Enter');
    await customersShown(page, expect, 800);
    await expect.eventually(async () => expect(await page.getByTestId('analysis-time').innerText()).toMatch(/^800 customers analysed/));
    await page.getByLabel('Data profile').selectOption('seed');
    await expect.eventually(async () => expect(await page.getByLabel('Data profile').inputValue()).toBe('seed'));
    await customersShown(page, expect, 800);
  },

  'a bad setting is explained and the results stay': async ({ page, open, expect }) => {
    await open();
    await customersShown(page, expect, 3000);
    const customers = page.getByLabel('Number of customers');
    await customers.fill('12');
    await customers.press('Enter');
    await expect.eventually(async () => expect(await page.getByTestId('notice').innerText()).toMatch(/500/));
    expect(await kpiNumber(page, 'Customers')).toBe(3000);
  },

  'a larger analysis shows that it is working, stage by stage, then the dashboard': async ({ page, open, expect }) => {
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
    await customersShown(page, expect, 20000);
    expect(await page.getByTestId('progress').count()).toBe(0);
    const labels = await page.evaluate(() => window.c360Labels);
    // From the first stage on (a run this large yields before it), to the last.
    expect(labels[0]).toBe('Generating 20,000 customers…');
    expect(labels).toContain('Preparing features for 20,000 customers…');
    expect(labels.some((l) => /^Fitting K = 2…8/.test(l))).toBe(true);
    expect(labels).toContain('Scoring every K (silhouette)…');
  },

  'settings come from the URL': async ({ page, open, expect }) => {
    await open({ customers: 600, seed: 7, k: 4, guardrail: 'off' });
    await customersShown(page, expect, 600);
    expect(await page.getByRole('checkbox', { name: /Suitability guardrail/ }).isChecked()).toBe(false);
    await expect.eventually(async () => expect(await page.locator('.check input[type=checkbox]').count()).toBe(4));
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('7');
  },
};
