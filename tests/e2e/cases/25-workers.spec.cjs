// The K-Means fits on Web Workers (src/web/workers/pool.rs): used at every size, started as the page
// opens (?workers=N sets the count, 0 none), same results as on the page's thread, and a page whose workers cannot
// start, or die while fitting, still completes the same analysis. (Parity with the native CLI on
// workers is in 20-native-parity.spec.cjs.)
'use strict';

const { test, expect } = require('../lib/fixtures.cjs');

/**
 * Serves fit-worker.js with a prelude that makes the worker throw (an uncaught error, as a crash
 * would) when it receives its `nth` fit message: the page's error handler then drops it.
 */
async function crashWorkersOnFit(page, nth) {
  await page.route('**/fit-worker.js', async (route) => {
    const original = await route.fetch();
    const prelude = `let c360Fits = 0;
self.addEventListener('message', (e) => {
  if (e.data && e.data.kind === 'fit' && ++c360Fits === ${nth}) throw new Error('test: the worker crashes');
});
`;
    await route.fulfill({ response: original, body: prelude + (await original.text()) });
  });
}

/**
 * Serves fit-worker.js with a prelude that makes the worker that receives fit job `job` go silent
 * (it answers no fit from then on) and crash `afterMs` later: by then the other worker has
 * answered every other piece, so the lost pieces come back only to a worker still waiting.
 */
async function silenceThenCrashOnJob(page, job, afterMs) {
  await page.route('**/fit-worker.js', async (route) => {
    const original = await route.fetch();
    const prelude = `let c360Silent = false;
self.addEventListener('message', (e) => {
  if (!e.data || e.data.kind !== 'fit') return;
  if (e.data.job === ${job} && !c360Silent) {
    c360Silent = true;
    setTimeout(() => { throw new Error('test: the worker crashes'); }, ${afterMs});
  }
  if (c360Silent) e.stopImmediatePropagation(); // the fit handler never sees it
});
`;
    await route.fulfill({ response: original, body: prelude + (await original.text()) });
  });
}

const timeLine = '[data-testid="analysis-time"][data-ms]';

/** The model-selection table (K, silhouette, inertia per row) once the analysis has finished. */
async function modelSelection(page) {
  await expect(page.locator(timeLine)).toBeVisible({ timeout: 60000 });
  return page.locator('[data-chart="model-selection"] details table tbody tr').allTextContents();
}

/** Workers that answered at least one piece, as the page reports it. */
const fitWorkers = (page) => page.locator(timeLine).getAttribute('data-fit-workers');

test('the default 3,000 customers are fitted on one worker per core, started as the page opens', async ({ page, open, requests }) => {
  await open({ customers: 3000 });
  await expect(page.locator(timeLine)).toBeVisible({ timeout: 60000 });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const used = Number(await fitWorkers(page)); // workers that answered at least one piece
  expect(used).toBeGreaterThanOrEqual(1);
  expect(used).toBeLessThanOrEqual(Math.min(Math.max(cores, 1), 4));
  expect(requests.filter((r) => r.url.endsWith('fit-worker.js')).length).toBeGreaterThanOrEqual(1);
  expect(await page.locator(timeLine).getAttribute('title')).toMatch(/fit K .* \(on \d workers?\)/);
  expect(await page.locator(timeLine).getAttribute('title')).toMatch(/propensity .*\(\d of 3 models on workers\)/);
});

test('workers=0 keeps every fit on the page, and no worker starts', async ({ page, open, requests }) => {
  await open({ customers: 3000, workers: 0 });
  await expect(page.locator(timeLine)).toBeVisible({ timeout: 60000 });
  expect(await fitWorkers(page)).toBe('0');
  expect(requests.filter((r) => r.url.endsWith('fit-worker.js'))).toEqual([]);
  expect(await page.locator(timeLine).getAttribute('title')).toMatch(/on this page's thread/);
});

test('workers and the page thread give the same model selection, K by K', async ({ page, open }) => {
  await open({ customers: 2000, seed: 5, workers: 0 });
  const alone = await modelSelection(page);
  expect(await fitWorkers(page)).toBe('0');
  await open({ customers: 2000, seed: 5, workers: 3 });
  const workers = await modelSelection(page);
  expect(['1', '2', '3']).toContain(await fitWorkers(page));
  expect(alone.length).toBe(7);
  expect(workers).toEqual(alone);
});

test('a new fit of the same data after the propensity models runs on the workers again', async ({ page, open }) => {
  // The workers let the data go for the propensity models (to reuse its memory); the page sends
  // it again for the next fit, which must not fall back to the page's thread.
  await open({ customers: 2000, seed: 5, workers: 0, restarts: 1 });
  const alone = await modelSelection(page);
  await open({ customers: 2000, seed: 5, workers: 2 });
  const first = await modelSelection(page);
  const restarts = page.getByLabel('K-Means restarts');
  await restarts.fill('1');
  await restarts.press('Enter');
  await expect(page).toHaveURL(/restarts=1/);
  expect(alone).not.toEqual(first); // so that the poll below sees the new fit, not the first
  await expect.poll(() => modelSelection(page), { timeout: 60000 }).toEqual(alone);
  expect(['1', '2']).toContain(await fitWorkers(page));
  // Every K on the workers: none handed back to this page's thread.
  expect(await page.locator(timeLine).getAttribute('title')).toMatch(/fit K [^(]*\(on \d workers?\)/);
});

test('above a piece of rows the data and the propensity inputs go to the workers in pieces; every fit is theirs', async ({ page, open }) => {
  // 2,50,000 customers: three pieces of the data per worker and three of each product's inputs
  // (src/web/workers/pool.rs, DATA_PIECE and DESIGN_PIECE), a worker's two lanes sharing one
  // data set. No K and no propensity model may fall back to the page's thread.
  await open({ customers: 250000, workers: 2 });
  await expect(page.locator(timeLine)).toBeVisible({ timeout: 120000 });
  const title = await page.locator(timeLine).getAttribute('title');
  expect(title).toMatch(/fit K [^(]*\(on \d workers?\)/);
  expect(title).toMatch(/propensity .*\(3 of 3 models on workers\)/);
  expect(await fitWorkers(page)).toBe('2');
});

test('when the worker script cannot load, the page fits by itself', async ({ page, open, allowHttpError }) => {
  allowHttpError(/fit-worker\.js/);
  await page.route('**/fit-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await open({ customers: 2000, seed: 5, workers: 2 });
  const fallback = await modelSelection(page);
  expect(await fitWorkers(page)).toBe('0');
  await page.unroute('**/fit-worker.js');
  await open({ customers: 2000, seed: 5, workers: 0 });
  expect(await modelSelection(page)).toEqual(fallback);
});

test('a worker that crashes mid-run hands its pieces to the other; the analysis is the same', async ({ page, open, allowConsoleError }) => {
  allowConsoleError(/test: the worker crashes/);
  await open({ customers: 2000, seed: 5, workers: 0 });
  const alone = await modelSelection(page);
  await silenceThenCrashOnJob(page, 1, 3000); // the first piece's worker answers nothing
  await open({ customers: 2000, seed: 5, workers: 2 });
  expect(await modelSelection(page)).toEqual(alone);
  // The survivor answered every piece, the lost ones too: no K was left to the page.
  expect(await fitWorkers(page)).toBe('1');
  expect(await page.locator(timeLine).getAttribute('title')).not.toMatch(/this page's thread/);
});

test('when every worker crashes on its first piece, the page fits everything', async ({ page, open, allowConsoleError }) => {
  allowConsoleError(/test: the worker crashes/);
  await open({ customers: 2000, seed: 5, workers: 0 });
  const alone = await modelSelection(page);
  await crashWorkersOnFit(page, 1);
  await open({ customers: 2000, seed: 5, workers: 2 });
  expect(await modelSelection(page)).toEqual(alone);
  expect(await fitWorkers(page)).toBe('0');
});
