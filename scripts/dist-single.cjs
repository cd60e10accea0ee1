#!/usr/bin/env node
// One self-contained HTML file for demos (make dist-single): the release build in dist/ with its
// CSS, JavaScript and WebAssembly inside, so it opens straight from disk (file://), from an e-mail
// or a USB stick. The wasm is gzipped and base64-encoded (about 1.4 MB instead of 4 MB) and
// unpacked by the browser's DecompressionStream. The page keeps a Content-Security-Policy: its
// one script and its styles are allowed by their SHA-256 hashes, it may fetch nothing.
// Opened from a file, the page has no service worker and fits on its own thread (Web Workers
// cannot start from file://; src/web/workers/pool.rs does not try).
//
//   node scripts/dist-single.cjs [DIST] [OUT]   (defaults: dist, dist-single/customer-360.html)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.join(__dirname, '..');
const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
const out = path.resolve(process.argv[3] || path.join(ROOT, 'dist-single', 'customer-360.html'));

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const read = (name) => fs.readFileSync(path.join(dist, name));
const fail = (msg) => {
  console.error(`[dist-single] ${msg}`);
  process.exit(1);
};

let html = read('index.html').toString('utf8');
const one = (re, what) => {
  const m = html.match(re);
  if (!m) fail(`dist/index.html has no ${what}: build it with make dist`);
  return m;
};

// The wasm-bindgen glue and the wasm, by the names Trunk gave them.
const glueName = one(/<link rel="modulepreload" href="\.\/([^"]+\.js)"[^>]*>/, 'glue module preload')[1];
const wasmName = one(/<link rel="preload" href="\.\/([^"]+\.wasm)"[^>]*>/, 'wasm preload')[1];
const glue = read(glueName).toString('utf8');
if (!/export \{ initSync, __wbg_init as default \};/.test(glue)) fail(`${glueName} does not end as expected (wasm-bindgen changed?)`);
const wasmGz = zlib.gzipSync(read(wasmName), { level: 9 }).toString('base64');

// Remove what a file cannot use or no longer needs: preloads, the manifest, the service worker
// marker, the old policy, the hashed boot module.
html = html
  .replace(/\s*<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
  .replace(/\s*<link rel="manifest"[^>]*>/, '')
  .replace(/\s*<meta name="c360-offline"[^>]*>/, '')
  .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
  .replace(/\s*<script type="module" src="\.\/boot-[^"]+\.js"[^>]*><\/script>/, '');

// Stylesheets inline.
const styles = [];
html = html.replace(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*\/?>/g, (_, name) => {
  const css = read(name).toString('utf8');
  styles.push(css);
  return `<style>${css}</style>`;
});
// The favicon as a data: URL.
html = html.replace(/<link rel="icon" href="\.\/([^"]+\.svg)"[^>]*\/?>/, (_, name) => `<link rel="icon" href="data:image/svg+xml;base64,${read(name).toString('base64')}">`);

// One module script: the glue, our start-up code, the wasm unpacked and started.
const boot = fs.readFileSync(path.join(ROOT, 'public', 'boot.js'), 'utf8');
const script = `
${glue}
${boot}
const c360Packed = Uint8Array.from(atob(${JSON.stringify(wasmGz)}), (c) => c.charCodeAt(0));
const c360Stream = new Blob([c360Packed]).stream().pipeThrough(new DecompressionStream('gzip'));
const c360Instance = await __wbg_init({ module_or_path: await new Response(c360Stream).arrayBuffer() });
window.wasmBindings = { initSync };
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: c360Instance } }));
`;
if (/<\/script/i.test(script)) fail('the inlined code contains "</script", which would end the script early');

const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${styles.map(sha256).join(' ')}`,
  "img-src data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
// (Function replacements: the code is full of `$`, which a replacement string would interpret.)
html = html.replace('<meta charset="utf-8">', () => `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${csp}">`);
html = html.replace('</body>', () => `<script type="module">${script}</script>\n  </body>`);

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
const mb = (n) => (n / 1e6).toFixed(2);
console.log(`[dist-single] ${path.relative(process.cwd(), out)}: ${mb(Buffer.byteLength(html))} MB (wasm ${mb(read(wasmName).length)} MB, gzipped + base64 ${mb(wasmGz.length)} MB)`);
