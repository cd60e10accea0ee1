// Smoke: the release build loads from a sub-path, starts its wasm, and stays on its own origin.
// (The `monitor` fixture fails every test on console errors, failed requests and off-origin requests.)
'use strict';

const fs = require('fs');

const { test, expect } = require('../lib/fixtures.cjs');

test('page loads from the sub-path and has a title', async ({ page, open, baseURL }) => {
  const response = await open(undefined, { waitUntilStarted: false });
  expect(response.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe(new URL(baseURL).pathname);
  await expect(page).toHaveTitle(/Customer 360/);
});

test('the wasm app starts and the loading placeholder goes', async ({ page, open, requests }) => {
  await open();
  const wasm = requests.filter((r) => r.url.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThanOrEqual(1);
  // The placeholder goes once main() has run (what the app mounts is checked by the UI cases).
  await expect(page.locator('#c360-loading')).toBeHidden();
  await expect(page.locator('noscript')).toHaveCount(1);
});

test('every request stays on the origin and under the sub-path', async ({ page, open, baseURL, origin, requests }) => {
  await open();
  await page.waitForLoadState('networkidle');
  expect(requests.length).toBeGreaterThan(2); // html, js, wasm at least
  const prefix = new URL(baseURL).pathname;
  const outside = requests
    .map((r) => r.url)
    .filter((u) => !/^(data|blob):/.test(u))
    .filter((u) => new URL(u).origin !== origin || !new URL(u).pathname.startsWith(prefix));
  expect(outside).toEqual([]);
});

test('the sub-path without its trailing slash redirects and loads', async ({ page, baseURL, origin, waitForApp }) => {
  // The static host redirects /c360 to /c360/; relative asset URLs must still resolve.
  const noSlash = baseURL.replace(/\/$/, '');
  const response = await page.goto(noSlash);
  expect(response.ok()).toBe(true);
  expect(page.url()).toBe(baseURL);
  await waitForApp();
  expect(new URL(page.url()).origin).toBe(origin);
});

test('screenshot of the loaded page', async ({ open, saveScreenshot }) => {
  await open();
  const file = await saveScreenshot('smoke-loaded');
  expect(fs.statSync(file).size).toBeGreaterThan(1000);
});
