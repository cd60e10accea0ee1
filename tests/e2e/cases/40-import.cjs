// Import and export of the six tables: "Load your data" (file input and drop), the join-quality
// report, a located error that leaves the earlier data in place, "Use synthetic data", and
// "Export data" whose ZIP imports back to the same analysis.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

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

/** Waits until the KPI "Customers" shows `value` and no analysis is running. */
async function waitForCustomers(page, expect, value, timeout = 30000) {
  await expect.eventually(async () => {
    expect(await kpi(page, 'Customers')).toBe(value);
    expect(await page.getByTestId('progress').count()).toBe(0);
  }, { timeout });
}

/** Waits until the dashboard shows an analysis of imported data (the footer says so). */
async function waitForImportedAnalysis(page, expect, timeout = 30000) {
  await expect.eventually(async () => {
    expect(await page.locator('.footer .built').innerText()).toContain('your imported data');
    expect(await page.getByTestId('progress').count()).toBe(0);
  }, { timeout });
}

async function importGoodFiles(page, expect) {
  await fileInput(page).setInputFiles(GOOD_FILES);
  await waitForCustomers(page, expect, '6');
}

module.exports = {
  'loading the six files analyses them and reports the join': async ({ page, open, expect, screenshot }) => {
    await open();
    await waitForCustomers(page, expect, '3,000');
    await importGoodFiles(page, expect);

    expect(await page.getByTestId('data-source').innerText()).toMatch(/Your data: 6 files, 6 customers/);
    const time = page.getByTestId('import-time');
    expect(await time.innerText()).toMatch(/^Imported 6 customers in [\d,.]+ ms$/);
    expect(Number(await time.getAttribute('data-ms'))).toBeGreaterThan(0);

    const report = page.getByRole('region', { name: 'Join quality' });
    const text = await report.innerText();
    for (const t of TABLES) expect(text).toContain(`${t}.csv`);
    // Rows per file: 6 customers, 4 cards, 1 loan, 36 transactions in tests/data/good.
    const rows = await report.getByRole('row').allInnerTexts();
    expect(rows.some((r) => /credit_cards\.csv\s+credit_cards\s+4/.test(r))).toBe(true);
    expect(rows.some((r) => /transactions\.csv\s+transactions\s+36/.test(r))).toBe(true);
    expect(text).toMatch(/No join problems found|skipped|without an accounts row|fewer than six months|combined/);

    // The synthesis settings do not apply to imported data.
    expect(await page.getByLabel('Number of customers').isDisabled()).toBe(true);
    expect(await page.getByLabel('Data profile').isDisabled()).toBe(true);
    expect(await page.getByTestId('settings-note').innerText()).toContain('imported data');
    await screenshot('import-good');
  },

  'a broken file is located, and the data loaded before stays': async ({ page, open, expect, screenshot }) => {
    await open();
    await importGoodFiles(page, expect);
    const before = await kpis(page);

    const broken = path.join(DATA, 'bad', 'accounts_ratio_above_one.csv');
    await fileInput(page).setInputFiles([broken, ...GOOD_FILES.filter((f) => !f.endsWith('accounts.csv'))]);

    const alert = page.getByTestId('import-error');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    const text = await alert.innerText();
    expect(text).toContain('accounts_ratio_above_one.csv');
    expect(await page.getByTestId('import-error-location').innerText())
      .toBe('accounts_ratio_above_one.csv, row 3, column digital_txn_ratio');
    expect(text).toMatch(/out of range/i);
    expect(text).toContain('1.2');
    expect(text).toMatch(/Correct the value/);
    expect(text).toContain('unchanged');

    // Nothing changed: same source, same figures, no new run.
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('data-source').innerText()).toMatch(/6 customers/);
    expect(await kpis(page)).toEqual(before);
    expect(await kpi(page, 'Customers')).toBe('6');
    await screenshot('import-error');

    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' });
  },

  'a missing table is named, with what to do': async ({ page, open, expect }) => {
    await open({ customers: 500 });
    await waitForCustomers(page, expect, '500');
    await fileInput(page).setInputFiles(GOOD_FILES.slice(0, 5));
    const alert = page.getByTestId('import-error');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/missing file/i);
    expect(text).toContain('transactions');
    expect(text).toContain('Export data');
    expect(await kpi(page, 'Customers')).toBe('500');
    expect(await page.getByTestId('data-source').innerText()).toMatch(/Synthetic data/);
  },

  'dropping the files on the data panel imports them': async ({ page, open, expect }) => {
    await open({ customers: 500 });
    await waitForCustomers(page, expect, '500');
    const files = TABLES.map((t) => ({ name: `export_${t}.csv`, text: fs.readFileSync(good(t), 'utf8') }));
    const panel = page.getByTestId('data-panel');
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
      return dt;
    }, files);
    await panel.dispatchEvent('dragenter', { dataTransfer });
    expect(await panel.getAttribute('class')).toContain('drop-active');
    await panel.dispatchEvent('dragover', { dataTransfer });
    await panel.dispatchEvent('drop', { dataTransfer });
    await waitForCustomers(page, expect, '6');
    expect(await panel.getAttribute('class')).not.toContain('drop-active');
    // Any file names: the tables are recognised by their headers.
    expect(await page.getByRole('region', { name: 'Join quality' }).innerText()).toContain('export_transactions.csv');
  },

  '"Use synthetic data" goes back to the generated data': async ({ page, open, expect }) => {
    await open({ customers: 500 });
    await waitForCustomers(page, expect, '500');
    await importGoodFiles(page, expect);
    await page.getByRole('button', { name: 'Use synthetic data' }).click();
    await waitForCustomers(page, expect, '500');
    expect(await page.getByLabel('Number of customers').isDisabled()).toBe(false);
    expect(await page.getByRole('region', { name: 'Join quality' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use synthetic data' }).count()).toBe(0);
  },

  'exported data imports back to the same analysis': async ({ page, open, expect, screenshot }) => {
    await open({ customers: 1000, seed: 7 });
    await waitForCustomers(page, expect, '1,000');
    const before = await kpis(page);
    const chartData = () => page.locator('.chart-data').allTextContents();
    const chartsBefore = await chartData();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('c360_data.zip');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-export-'));
    const zip = path.join(dir, 'c360_data.zip');
    await download.saveAs(zip);
    expect(fs.readFileSync(zip).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

    await fileInput(page).setInputFiles(zip);
    await waitForImportedAnalysis(page, expect);
    expect(await page.getByTestId('data-source').innerText()).toMatch(/c360_data\.zip, 1,000 customers/);
    expect(await kpis(page)).toEqual(before);
    expect(await chartData()).toEqual(chartsBefore);
    await screenshot('import-roundtrip');
    fs.rmSync(dir, { recursive: true, force: true });
  },
};
