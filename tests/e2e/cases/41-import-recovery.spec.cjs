// Recovering from import problems in the app: every problem listed, rows in error skipped on
// request (counted, downloadable), a missing column mapped to one of the file's own (and the
// mapping remembered), a stray lock file skipped with a notice.
'use strict';

const fs = require('fs');
const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');

const DATA = path.join(__dirname, '..', '..', 'data');
const TABLES = ['customers', 'accounts', 'credit_cards', 'loans', 'investments', 'transactions'];
const good = (t) => path.join(DATA, 'good', `${t}.csv`);
const GOOD_FILES = TABLES.map(good);
const fileInput = (page) => page.getByLabel('Load your data');
const kpi = (page, name) =>
  page.getByRole('group', { name, exact: true }).locator('.kpi-value').innerText();

/** Waits until the KPI "Customers" shows `value` and no analysis is running (both at once). */
async function waitForCustomers(page, value, timeout = 30000) {
  await expect(async () => {
    expect(await kpi(page, 'Customers')).toBe(value);
    expect(await page.getByTestId('progress').count()).toBe(0);
  }, `Customers = ${value}, no analysis running`).toPass({ timeout, intervals: [100] });
}

/** The good set with `table` replaced by a file of the given name and text. */
function withFile(table, name, text) {
  return [
    { name, mimeType: 'text/csv', buffer: Buffer.from(text) },
    ...GOOD_FILES.filter((f) => !f.endsWith(`${table}.csv`)).map((f) => ({
      name: path.basename(f),
      mimeType: 'text/csv',
      buffer: fs.readFileSync(f),
    })),
  ];
}

test('every problem is listed, and rows in error can be skipped, counted and downloaded', async ({ page, open, saveScreenshot }) => {
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  const customers = fs.readFileSync(good('customers'), 'utf8')
    .replace('2,45.0,Male', '2,121,Male')
    .replace('6,26.0,Female', '6,26.0,Femme');
  const lock = { name: '~$customers.csv', mimeType: 'text/csv', buffer: Buffer.from('\nAsha\0\0\0\0\0\0\0\0\0\0') };
  await fileInput(page).setInputFiles([...withFile('customers', 'customers.csv', customers), lock]);

  const alert = page.getByTestId('import-error');
  await expect(alert).toBeVisible();
  await expect(page.getByTestId('import-error-location')).toHaveText('customers.csv, row 3, column age');
  const others = page.getByTestId('import-error-others');
  // innerText: what is shown, so the second problem counts only once its <details> is open.
  await expect(others).toContainText('1 more problem', { useInnerText: true });
  await others.locator('summary').click();
  await expect(others).toContainText('customers.csv, row 7, column gender', { useInnerText: true });
  expect(await kpi(page, 'Customers')).toBe('500');
  await saveScreenshot('import-problems');

  await page.getByTestId('import-skip-rows').click();
  await waitForCustomers(page, '4');
  await expect(alert).not.toBeAttached();
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toContainText('2 rows with a problem were left out.');
  await expect(page.getByTestId('import-notices')).toContainText('~$customers.csv: skipped');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    skipped.getByRole('button', { name: 'Download the list (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('skipped_rows.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('file,row,column,problem,detail,what_to_do');
  expect(csv).toContain('customers.csv,3,age,value out of range');
  expect(csv).toContain('customers.csv,7,gender,wrong type');
});

test('a missing column can be mapped to one of the file\'s, and the mapping is remembered', async ({ page, open }) => {
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  const customers = fs.readFileSync(good('customers'), 'utf8').replace(',income,', ',Annual Income,');
  const files = withFile('customers', 'clients.csv', customers);
  await fileInput(page).setInputFiles(files);

  const alert = page.getByTestId('import-error');
  await expect(alert).toBeVisible();
  await expect(page.getByTestId('import-error-location')).toHaveText('clients.csv, row 1, column income');
  await expect(alert).toContainText('Which of your columns is income?');
  await page.getByTestId('import-map-header').selectOption({ label: 'Annual Income' });
  await page.getByTestId('import-map-column').click();
  await waitForCustomers(page, '6');
  await expect(page.getByTestId('column-mappings')).toContainText('customers.Annual Income → income');

  // Remembered across visits: the same files import at once.
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  await expect(page.getByTestId('column-mappings')).toContainText('customers.Annual Income → income');
  await fileInput(page).setInputFiles(files);
  await waitForCustomers(page, '6');
  expect(await page.getByTestId('import-error').count()).toBe(0);

  // Forgotten on request.
  await page.getByTestId('column-mappings').getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByTestId('column-mappings')).not.toBeAttached();
  await open({ customers: 500 });
  await waitForCustomers(page, '500');
  expect(await page.getByTestId('column-mappings').count()).toBe(0);
});
