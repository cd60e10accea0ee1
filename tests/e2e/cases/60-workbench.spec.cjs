// The analyst's workbench: any group of customers (has / has not, offers, risk), chips and a link
// that reproduces the view, the customer table (search, sort, keyboard, a row opens the customer),
// clicks on charts that narrow the view, explanations and help, a bad filter refused in place,
// downloads named after what is inside, charts saved as PNG and CSV, a phone screen and print.
// Counts are checked against the CLI's customers.csv of the same data, filtered here by hand.
'use strict';

const fs = require('fs');
const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');

const POLL = { intervals: [100, 250, 500], timeout: 20000 };
const num = (t) => Number(String(t).replace(/[^0-9.-]/g, ''));
const kpiNumber = async (page, label) =>
  num(await page.getByRole('group', { name: label, exact: true }).locator('.kpi-value').innerText());

async function ready(page, n = 3000) {
  await expect.poll(() => kpiNumber(page, 'Customers'), { ...POLL, timeout: 60000 }).toBe(n);
}

/** customers.csv of `c360 analyze` on the default synthetic data, as objects. */
function nativeCustomers(c360Bin, tmpDir) {
  const { execFileSync } = require('child_process');
  const data = path.join(tmpDir, 'data');
  const out = path.join(tmpDir, 'out');
  execFileSync(c360Bin, ['synth', '--customers', '3000', '--seed', '42', '--profile', 'realistic', '--out', data]);
  execFileSync(c360Bin, ['analyze', data, '--out', out, '--seed', '42']);
  const lines = fs.readFileSync(path.join(out, 'customers.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  // No quoted commas in the columns used here (ids, ages, flags, expected revenue).
  return lines.slice(1).map((l) => {
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}

/** Moves the mouse down a vertical line of a chart's canvas until a tooltip matching `re` shows. */
async function pointAt(page, chart, re, xShare) {
  const canvas = page.locator(`[data-chart="${chart}"] canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  for (let y = 6; y < box.height; y += 6) {
    await page.mouse.move(box.x + box.width * xShare, box.y + y);
    const tip = page.locator(`[data-chart="${chart}"] .chart-tip`);
    if ((await tip.count()) && re.test(await tip.innerText())) return tip.innerText();
  }
  throw new Error(`no tooltip matching ${re} on ${chart}`);
}

test('customers over 50 with a loan and no card: the count is the CLI’s, the chips and the link keep the view', async ({ page, open, c360Bin, tmpDir }) => {
  const rows = nativeCustomers(c360Bin, tmpDir);
  const want = rows.filter((r) => Number(r.age) >= 51 && r.has_loan === '1' && r.has_credit_card === '0');
  expect(want.length).toBeGreaterThan(10);

  await open();
  await ready(page);
  await page.getByLabel('Loan', { exact: true }).selectOption({ label: 'Has' });
  await page.getByLabel('Credit card', { exact: true }).selectOption({ label: 'Has not' });
  await page.getByLabel('Age from').fill('51');
  await page.getByLabel('Age from').press('Tab');
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(want.length);
  const chips = page.getByTestId('filter-chips');
  await expect(chips).toContainText(`Showing ${want.length} of 3,000 customers`);
  for (const c of ['Age 51–100', 'Credit card: has not', 'Loan: has']) await expect(chips).toContainText(c);
  // The table lists exactly them, ids in numeric order.
  await expect(page.getByTestId('table-range')).toHaveText(`Customers 1–25 of ${want.length}`);
  const ids = await page.locator('.customer-table tbody .row-open').allInnerTexts();
  expect(ids).toEqual(want.slice(0, 25).map((r) => r.customer_id));

  // A bad bound stays in its field with the range; the filter keeps 51–100.
  await page.getByLabel('Age to').fill('30');
  await page.getByLabel('Age to').press('Tab');
  await expect(page.locator('#age-error')).toContainText('“from” 51 is above “to” 30');
  await expect(page.getByLabel('Age to')).toHaveValue('30');
  expect(await kpiNumber(page, 'Customers')).toBe(want.length);
  await page.getByLabel('Age to').fill('100');
  await page.getByLabel('Age to').press('Tab');
  await expect(page.locator('#age-error')).toHaveText('');

  // The link reproduces the view, with the customer looked up.
  await page.getByLabel('Customer ID').fill(want[0].customer_id);
  await page.getByLabel('Customer ID').press('Enter');
  await expect.poll(() => page.url(), POLL).toContain(`customer=${want[0].customer_id}`);
  const link = page.url();
  expect(link).toContain('loan=yes');
  expect(link).toContain('card=no');
  expect(link).toContain('age=51-100');
  await page.goto(link);
  await expect.poll(() => kpiNumber(page, 'Customers'), { ...POLL, timeout: 60000 }).toBe(want.length);
  await expect(page.getByTestId('lookup-result')).toContainText(`Customer ${want[0].customer_id}`);
  await expect(page.getByLabel('Credit card', { exact: true })).toHaveValue('2');

  // Removing a chip widens the view; Clear all brings everyone back.
  await page.getByRole('button', { name: 'Close the customer panel' }).click();
  await page.getByRole('button', { name: 'Remove filter: Credit card: has not' }).click();
  const withCard = rows.filter((r) => Number(r.age) >= 51 && r.has_loan === '1');
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(withCard.length);
  await page.getByTestId('filter-chips').getByRole('button', { name: 'Clear all' }).click();
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(3000);
  await expect(page.getByTestId('filter-chips')).toHaveCount(0);
});

test('the customer table sorts, searches, moves by keyboard and opens a customer, marked on the map', async ({ page, open, c360Bin, tmpDir }) => {
  const rows = nativeCustomers(c360Bin, tmpDir);
  await open();
  await ready(page);
  const table = page.getByTestId('customer-table');
  await table.scrollIntoViewIfNeeded();
  // Sort by expected revenue: largest first on the first click (ties in id order).
  await table.getByRole('button', { name: /^Expected revenue/ }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toHaveText(/Expected revenue/);
  const byValue = [...rows].sort((a, b) => Number(b.expected_revenue) - Number(a.expected_revenue) || Number(a.customer_id) - Number(b.customer_id));
  await expect.poll(() => table.locator('tbody .row-open').allInnerTexts(), POLL).toEqual(byValue.slice(0, 25).map((r) => r.customer_id));
  // Next page.
  await table.getByRole('button', { name: 'Next ›' }).click();
  await expect(table.locator('tbody .row-open').first()).toHaveText(byValue[25].customer_id);
  // Search by part of an id.
  await table.getByLabel('Search ID').fill('123');
  const found = rows.filter((r) => r.customer_id.includes('123'));
  await expect(page.getByTestId('table-range')).toHaveText(`Customers 1–${found.length} of ${found.length}`);
  // Keyboard: ↓ moves to the next row, Enter opens it.
  await table.locator('tbody .row-open').first().focus();
  await page.keyboard.press('ArrowDown');
  const second = await table.locator('tbody .row-open').nth(1).innerText();
  await expect(table.locator('tbody .row-open').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  const drawer = page.getByTestId('customer-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('lookup-result')).toContainText(`Customer ${second}`);
  const expectedRow = rows.find((r) => r.customer_id === second);
  await expect(drawer.getByTestId('expected-sum')).toContainText(
    `= ₹${Number(expectedRow.expected_revenue).toLocaleString('en-IN')}`,
  );
  await expect(page.locator('[data-chart="customer-map-pca"] canvas')).toHaveAttribute('aria-label', new RegExp(`customer ${second} marked`));
  // Escape closes it and gives the focus back to the lookup field.
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(page.getByLabel('Customer ID')).toBeFocused();
});

test('a click on a donut slice or an offer bar narrows the view; tooltips and help explain the numbers', async ({ page, open }) => {
  await open();
  await ready(page);
  const tip = await pointAt(page, 'segment-distribution', /click to show only this segment/, 0.75);
  const segment = tip.split(':')[0];
  const count = num(tip.split(':')[1].split('customers')[0]);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(count);
  await expect(page.getByTestId('filter-chips')).toContainText(`Segment: ${segment}`);
  await expect(page.getByRole('checkbox', { name: segment })).toBeChecked();

  await page.getByTestId('filter-chips').getByRole('button', { name: 'Clear all' }).click();
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(3000);
  const barTip = await pointAt(page, 'cross-sell-campaign-mix', /click to show only them/, 0.5);
  const offer = barTip.split(':')[0];
  const offerCount = num(barTip.split(':')[1].split('customers')[0]);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBe(offerCount);
  await expect(page.getByTestId('filter-chips')).toContainText(`Offer: ${offer}`);

  // Explanations on focus, and the glossary.
  await page.getByRole('button', { name: 'What is Expected revenue?' }).focus();
  await expect(page.locator('#tip-expected-revenue')).toBeVisible();
  await expect(page.locator('#tip-expected-revenue')).toContainText('7 % × ₹12,000 = ₹840');
  await page.getByTestId('help').locator('summary').click();
  for (const term of ['Silhouette', 'Inertia', 'σ (standard deviation)', 'K-Means restarts', 'Data profiles']) {
    await expect(page.getByTestId('help').getByText(term, { exact: true })).toBeVisible();
  }
});

test('downloads say what is inside; a chart saves as PNG and its numbers as CSV', async ({ page, open }) => {
  await open();
  await ready(page);
  await page.getByLabel('Investments', { exact: true }).selectOption({ label: 'Has not' });
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBeLessThan(3000);
  const n = await kpiNumber(page, 'Customers');
  const today = new Date();
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).click()]);
  expect(csv.suggestedFilename()).toBe(`c360_customers_synthetic-3000-seed-42-realistic_no-inv_${date}.csv`);
  expect(fs.readFileSync(await csv.path(), 'utf8').trim().split('\n').length - 1).toBe(n);

  const card = page.locator('[data-chart="segment-distribution"]');
  const [png] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /as a PNG image/ }).click()]);
  expect(png.suggestedFilename()).toBe(`c360_segment-distribution_synthetic-3000-seed-42-realistic_no-inv_${date}.png`);
  const bytes = fs.readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [numbers] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /numbers of .* as CSV/ }).click()]);
  const lines = fs.readFileSync(await numbers.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('Segment,Customers,Share');
  const total = lines.slice(1).map((l) => num(l.match(/"([\d,]+)"|,(\d+),/).slice(1).find(Boolean))).reduce((a, b) => a + b, 0);
  expect(total).toBe(n);
});

test('on a phone the page reflows without sideways scrolling and the filters are a tap away; print leaves the forms out', async ({ page, open }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open();
  await ready(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('link', { name: 'Filters' }).click();
  await expect(page.locator('#filters-title')).toBeInViewport();
  await page.getByLabel('Loan', { exact: true }).selectOption({ label: 'Has not' });
  await expect.poll(() => kpiNumber(page, 'Customers'), POLL).toBeLessThan(3000);
  await page.getByLabel('Customer ID').fill('1234');
  await page.getByLabel('Customer ID').press('Enter');
  const drawer = page.getByTestId('customer-drawer');
  await expect(drawer).toBeInViewport();
  await expect(drawer.getByTestId('lookup-result')).toContainText('Customer 1234');
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sidebar')).toBeHidden();
  await expect(page.getByTestId('customer-table')).toBeHidden();
  await expect(page.locator('[data-chart="segment-distribution"] canvas')).toBeVisible();
  await expect(page.locator('.kpi-grid')).toBeVisible();
});

test('during a recompute the old figures are dimmed and labelled, and Download waits', async ({ page, open }) => {
  await open();
  await ready(page);
  const customers = page.getByLabel('Number of customers');
  await customers.fill('60000');
  await customers.press('Enter');
  await expect(page.getByTestId('progress')).toContainText('previous results until this finishes');
  await expect(page.locator('main.content')).toHaveClass(/stale/);
  await expect(page.getByRole('button', { name: /Download CSV/ })).toBeDisabled();
  await ready(page, 60000);
  await expect(page.locator('main.content')).not.toHaveClass(/stale/);
  await expect(page.getByRole('button', { name: /Download CSV/ })).toBeEnabled();
});
