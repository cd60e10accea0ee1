// Smoke: the release build loads from a sub-path, starts its wasm, and stays on its own origin.
// (The harness itself fails every case on console errors, failed requests and off-origin requests.)
'use strict';

module.exports = {
  'page loads from the sub-path and has a title': async ({ page, open, baseUrl, expect }) => {
    const response = await open(undefined, { waitUntilStarted: false });
    expect(response.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(new URL(baseUrl).pathname);
    expect(await page.title()).toMatch(/Customer 360/);
  },

  'the wasm app starts and the loading placeholder goes': async ({ page, open, expect, requests }) => {
    await open();
    const wasm = requests.filter((r) => r.url.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThanOrEqual(1);
    // The placeholder goes once main() has run (what the app mounts is checked by the UI cases).
    await page.locator('#c360-loading').waitFor({ state: 'detached' });
    expect(await page.locator('noscript').count()).toBe(1);
  },

  'every request stays on the origin and under the sub-path': async ({ page, open, baseUrl, origin, expect, requests }) => {
    await open();
    await page.waitForLoadState('networkidle');
    expect(requests.length).toBeGreaterThan(2); // html, js, wasm at least
    const prefix = new URL(baseUrl).pathname;
    const outside = requests
      .map((r) => r.url)
      .filter((u) => !/^(data|blob):/.test(u))
      .filter((u) => new URL(u).origin !== origin || !new URL(u).pathname.startsWith(prefix));
    expect(outside).toEqual([]);
  },

  'the sub-path without its trailing slash redirects and loads': async ({ page, baseUrl, origin, expect, waitForApp }) => {
    // The static host redirects /c360 to /c360/; relative asset URLs must still resolve.
    const noSlash = baseUrl.replace(/\/$/, '');
    const response = await page.goto(noSlash);
    expect(response.ok()).toBe(true);
    expect(page.url()).toBe(baseUrl);
    await waitForApp();
    expect(new URL(page.url()).origin).toBe(origin);
  },

  'screenshot of the loaded page': async ({ open, screenshot, expect }) => {
    await open();
    const file = await screenshot('smoke-loaded');
    expect(require('fs').statSync(file).size).toBeGreaterThan(1000);
  },
};
