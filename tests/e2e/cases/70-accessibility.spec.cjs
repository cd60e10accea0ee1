// Accessibility: axe-core (lib/axe.cjs; WCAG 2.0/2.1 A and AA rules plus best practices, i.e.
// axe's defaults) finds no violation in the states an analyst meets: the default view (desktop
// and phone width), filters from a link with their chips, filters that match no one, an import
// error, imported files, and the app embedded in a sandboxed iframe of an intranet page.
//
// Several states share one page load, so each is checked with expect.soft (in its own step): a
// failure names the state, and the states after it are still checked. axe is injected through
// DevTools (frame.evaluate), which the page's Content-Security-Policy does not restrict.
'use strict';

const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');
const { axeFindings, axeSource } = require('../lib/axe.cjs');
const { APP_START_TIMEOUT } = require('../lib/monitor.cjs');

const DATA = path.join(__dirname, '..', '..', 'data');
const TABLES = ['customers', 'accounts', 'credit_cards', 'loans', 'investments', 'transactions'];
const GOOD_FILES = TABLES.map((t) => path.join(DATA, 'good', `${t}.csv`));
const BROKEN = path.join(DATA, 'bad', 'accounts_ratio_above_one.csv');

/** Filters from a link: five chips, 76 of the default 3,000 customers. */
const FILTERED = 'age=51-100&loan=yes&card=no&risk=no&segment_out=Credit+Active+Middle+Segment';
/** Nobody: the synthetic customers are 21 to 70 years old. */
const NOBODY = 'age=18-20&inv=yes&risk=yes';

// axe.min.js is read before the app loads: a missing one fails each test at once, saying what to run.
test.beforeEach(() => {
  axeSource();
});

/**
 * Waits until `scope` (a page or a frame locator) shows the analysis of `customers` customers
 * ("3,000"), with no analysis running.
 */
async function analysisShown(scope, customers) {
  await expect(async () => {
    expect(await scope.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').innerText()).toBe(customers);
    expect(await scope.getByTestId('progress').count()).toBe(0);
  }, `the analysis of ${customers} customers shown`).toPass({ timeout: APP_START_TIMEOUT, intervals: [100] });
}

/** Runs axe on `target` (page or frame) in its own step; a violation fails the test softly. */
async function checkAxe(target, state) {
  await test.step(`axe: ${state}`, async () => {
    const { version, lines, report } = await axeFindings(target);
    expect.soft(lines, `axe-core ${version} found ${lines.length} violation(s) in the state "${state}":\n${report}\n`).toEqual([]);
  });
}

test('axe: the default view, at desktop and at phone width (390×844)', async ({ page, open }) => {
  await open();
  await analysisShown(page, '3,000');
  await checkAxe(page, 'default view, 1280×900');

  await page.setViewportSize({ width: 390, height: 844 });
  // The phone layout is in force once nothing scrolls sideways (the desktop one is 1,000 px wide).
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await checkAxe(page, 'default view, 390×844');
});

test('axe: filters from a link with their chips, and filters that match no one', async ({ page, open }) => {
  await open(FILTERED);
  const chips = page.getByTestId('filter-chips');
  await expect(chips).toContainText(/Showing [1-9][\d,]* of 3,000 customers/, { timeout: APP_START_TIMEOUT });
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(chips.getByRole('button', { name: /^Remove filter/ })).toHaveCount(5);
  await checkAxe(page, `filtered (?${FILTERED})`);

  await open(NOBODY);
  await expect(chips).toContainText('Showing 0 of 3,000 customers', { timeout: APP_START_TIMEOUT });
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(page.getByTestId('table-range')).toHaveText('No customers');
  await checkAxe(page, `empty filter result (?${NOBODY})`);
});

test('axe: an import error, then the six CSV files imported', async ({ page, open }) => {
  await open();
  await analysisShown(page, '3,000');
  const fileInput = page.getByLabel('Load your data');

  // A broken accounts file: the located error, over the synthetic data.
  await fileInput.setInputFiles([BROKEN, ...GOOD_FILES.filter((f) => !f.endsWith('accounts.csv'))]);
  await expect(page.getByTestId('import-error')).toBeVisible();
  await expect(page.getByTestId('import-error-location')).toHaveText('accounts_ratio_above_one.csv, row 3, column digital_txn_ratio');
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  await checkAxe(page, 'import error (accounts_ratio_above_one.csv)');

  // The good files: their analysis and the join report; the error is gone.
  await fileInput.setInputFiles(GOOD_FILES);
  await analysisShown(page, '6');
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Join quality' })).toBeVisible();
  await checkAxe(page, 'six CSV files imported');
});

test('axe: embedded (?embed=1) in a sandboxed iframe of a same-origin intranet page', async ({ page, origin, url }) => {
  // `?embed=1` asks for the compact layout meant for an intranet frame (no header). It is being
  // built: until it lands the app ignores the query (and its URL sync drops it), so this checks
  // the full layout in the frame, and passes. Once it lands, axe runs inside the frame as the
  // initiator, so page-level rules (page-has-heading-one, landmark-one-main, region,
  // document-title, html-has-lang) apply to the compact layout too: without the header it still
  // needs an <h1> (it may be visually hidden), a <main>, and content inside landmarks.
  const host = `${origin}/intranet.html`;
  await page.route(host, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bank intranet</title></head>
<body><main><h1>Bank intranet</h1>
<iframe title="Customer 360 &amp; Cross-Sell" src="${url('embed=1')}"
  sandbox="allow-scripts allow-same-origin allow-downloads"
  style="width: 100%; height: 820px; border: 0"></iframe>
</main></body></html>`,
    }),
  );
  await page.goto(host);
  const frameElement = page.locator('iframe');
  await analysisShown(page.frameLocator('iframe'), '3,000');
  const frame = await (await frameElement.elementHandle()).contentFrame();
  expect(frame, 'the app frame').not.toBeNull();
  expect(new URL(frame.url()).pathname).toBe(new URL(url()).pathname);
  await checkAxe(frame, 'embedded (?embed=1) in a sandboxed iframe');
});
