// Import and export of the six tables: "Load your data" (file input and drop), the join-quality
// report, a located error that leaves the earlier data in place, "Use synthetic data", and
// "Export data" whose ZIP imports back to the same analysis.
'use strict';

const fs = require('fs');
const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');

const DATA = path.join(__dirname, '..', '..', 'data');
const TABLES = ['customers', 'accounts', 'credit_cards', 'loans', 'investments', 'transactions'];
const good = (t) => path.join(DATA, 'good', `${t}.csv`);
const GOOD_FILES = TABLES.map(good);

/** The text of a KPI card's value, found by its group name ("Customers", "Avg income", …). */
const kpi = (page, name) =>
  page.getByRole('group', { name, exact: true }).locator('.kpi-value').innerText();

/** Every KPI value, in page order. */
const kpis = (page) => page.locator('.kpi .kpi-value').allInnerTexts();

const fileInput = (page) => page.getByLabel('Load your data');

/** Waits until the KPI "Customers" shows `value` and no analysis is running (both at once). */
async function waitForCustomers(page, value, timeout = 30000) {
  await expect(async () => {
    expect(await kpi(page, 'Customers')).toBe(value);
    expect(await page.getByTestId('progress').count()).toBe(0);
  }, `Customers = ${value}, no analysis running`).toPass({ timeout, intervals: [100] });
}

/** Waits until the dashboard shows an analysis of imported data (the footer says so). */
async function waitForImportedAnalysis(page, timeout = 30000) {
  await expect(async () => {
    expect(await page.locator('.footer .built').innerText()).toContain('your imported data');
    expect(await page.getByTestId('progress').count()).toBe(0);
  }, 'an analysis of imported data, no analysis running').toPass({ timeout, intervals: [100] });
}

async function importGoodFiles(page) {
  await fileInput(page).setInputFiles(GOOD_FILES);
  await waitForCustomers(page, '6');
}

test('loading the six files analyses them and reports the join', async ({ page, open, saveScreenshot }) => {
  await open();
  await waitForCustomers(page, '3,000');
  await importGoodFiles(page);

  await expect(page.getByTestId('data-source')).toHaveText(/Your data: 6 files, 6 customers/);
  const time = page.getByTestId('import-time');
  await expect(time).toHaveText(/^Imported 6 customers in [\d,.]+ ms$/);
  expect(Number(await time.getAttribute('data-ms'))).toBeGreaterThan(0);

  const report = page.getByRole('region', { name: 'Join quality' });
  const text = await report.innerText();
  for (const t of TABLES) expect(text).toContain(`${t}.csv`);
  // Rows per file: 6 customers, 4 cards, 1 loan, 36 transactions in tests/data/good.
  const rows = await report.getByRole('row').allInnerTexts();
  expect(rows.some((r) => /credit_cards\.csv\s+credit_cards\s+4/.test(r)), `credit_cards.csv: 4 rows in ${JSON.stringify(rows)}`).toBe(true);
  expect(rows.some((r) => /transactions\.csv\s+transactions\s+36/.test(r)), `transactions.csv: 36 rows in ${JSON.stringify(rows)}`).toBe(true);
  expect(text).toMatch(/No join problems found|skipped|without an accounts row|fewer than six months|combined/);

  // The synthesis settings do not apply to imported data.
  await expect(page.getByLabel('Number of customers')).toBeDisabled();
  await expect(page.getByLabel('Data profile')).toBeDisabled();
  await expect(page.getByTestId('settings-note')).toContainText('imported data');
  await saveScreenshot('import-good');
});

test('a broken file is located, and the data loaded before stays', async ({ page, open, saveScreenshot }) => {
  await open();
  await importGoodFiles(page);
  const before = await kpis(page);

  const broken = path.join(DATA, 'bad', 'accounts_ratio_above_one.csv');
  await fileInput(page).setInputFiles([broken, ...GOOD_FILES.filter((f) => !f.endsWith('accounts.csv'))]);

  const alert = page.getByTestId('import-error');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  const text = await alert.innerText();
  expect(text).toContain('accounts_ratio_above_one.csv');
  await expect(page.getByTestId('import-error-location'))
    .toHaveText('accounts_ratio_above_one.csv, row 3, column digital_txn_ratio');
  expect(text).toMatch(/out of range/i);
  expect(text).toContain('1.2');
  expect(text).toMatch(/Correct the value/);
  expect(text).toContain('unchanged');

  // Nothing changed: same source, same figures, no new run (checked now, not waited for).
  expect(await page.getByTestId('import-progress').count()).toBe(0);
  expect(await page.getByTestId('progress').count()).toBe(0);
  expect(await page.getByTestId('data-source').innerText()).toMatch(/6 customers/);
  expect(await kpis(page)).toEqual(before);
  expect(await kpi(page, 'Customers')).toBe('6');
  await saveScreenshot('import-error');

  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).not.toBeAttached();
});

test('a missing table is named, with what to do', async ({ page, open }) => {
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  await fileInput(page).setInputFiles(GOOD_FILES.slice(0, 5));
  const alert = page.getByTestId('import-error');
  await expect(alert).toBeVisible();
  const text = await alert.innerText();
  expect(text).toMatch(/missing file/i);
  expect(text).toContain('transactions');
  expect(text).toContain('Export data');
  expect(await kpi(page, 'Customers')).toBe('500');
  expect(await page.getByTestId('data-source').innerText()).toMatch(/Synthetic data/);
});

test('dropping the files on the data panel imports them', async ({ page, open }) => {
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  const files = TABLES.map((t) => ({ name: `export_${t}.csv`, text: fs.readFileSync(good(t), 'utf8') }));
  const panel = page.getByTestId('data-panel');
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await panel.dispatchEvent('dragenter', { dataTransfer });
  await expect(panel).toHaveClass(/drop-active/);
  await panel.dispatchEvent('dragover', { dataTransfer });
  await panel.dispatchEvent('drop', { dataTransfer });
  await waitForCustomers(page, '6');
  await expect(panel).not.toHaveClass(/drop-active/);
  // Any file names: the tables are recognised by their headers.
  await expect(page.getByRole('region', { name: 'Join quality' })).toContainText('export_transactions.csv');
});

test('"Use synthetic data" goes back to the generated data', async ({ page, open }) => {
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  await importGoodFiles(page);
  await page.getByRole('button', { name: 'Use synthetic data' }).click();
  await waitForCustomers(page, '500');
  await expect(page.getByLabel('Number of customers')).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Join quality' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Use synthetic data' })).toHaveCount(0);
});

test('exported data imports back to the same analysis', async ({ page, open, saveScreenshot, tmpDir }) => {
  await open({ customers: 1000, seed: 7 });
  await waitForCustomers(page, '1,000');
  const before = await kpis(page);
  const chartData = () => page.locator('.chart-data').allTextContents();
  const chartsBefore = await chartData();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export data' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('c360_data.zip');
  const zip = path.join(tmpDir, 'c360_data.zip');
  await download.saveAs(zip);
  expect(fs.readFileSync(zip).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

  await fileInput(page).setInputFiles(zip);
  await waitForImportedAnalysis(page);
  await expect(page.getByTestId('data-source')).toHaveText(/c360_data\.zip, 1,000 customers/);
  expect(await kpis(page)).toEqual(before);
  expect(await chartData()).toEqual(chartsBefore);
  await saveScreenshot('import-roundtrip');
});
