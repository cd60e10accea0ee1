#!/usr/bin/env node
// Trunk's post-build hook (Trunk.toml): finishes the release build in Trunk's staging folder.
//
// 1. No inline script: public/boot.js and Trunk's inline loader (which instantiates the wasm) become
//    one hashed module file, boot-<hash>.js, with a Subresource Integrity hash.
// 2. A strict Content-Security-Policy in a <meta> tag (CSP below; docs/deploying.md gives it as a
//    server header too).
// 3. Offline use: sw.js from the template public/sw.js, with the build's version (a hash of every
//    file) and the list of its files to cache.
//
// `trunk serve` injects a live-reload script that talks to Trunk over a WebSocket: such a
// development build is left as Trunk wrote it (no policy, no service worker).
//
//   node scripts/post-build.cjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** The page's Content-Security-Policy: what the app needs and nothing more. */
const CSP = [
  "default-src 'self'",
  // the app's own module scripts; compiling its WebAssembly
  "script-src 'self' 'wasm-unsafe-eval'",
  // the fit workers (fit-worker.js) and the service worker (sw.js)
  "worker-src 'self'",
  // the wasm and ?data= extracts: this origin only
  "connect-src 'self'",
  // the favicon and icons; charts saved as PNG are canvas data: URLs
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const sha = (algo, data) => crypto.createHash(algo).update(data).digest();
const hex16 = (data) => sha('sha256', data).toString('hex').slice(0, 16);
const sri = (data) => `sha384-${sha('sha384', data).toString('base64')}`;

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;

function finish(dir) {
  const indexPath = path.join(dir, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8');
  const inline = [...html.matchAll(SCRIPT)].filter((m) => !/\bsrc\s*=/.test(m[1]));
  if (inline.some((m) => m[2].includes('WebSocket'))) {
    console.log('[post-build] development build (live reload): no policy, no service worker');
    return;
  }

  // 1. Trunk's loader, after our start-up code, as one hashed module.
  const loaders = inline.filter((m) => /type\s*=\s*["']?module/.test(m[1]) && m[2].includes('TrunkApplicationStarted'));
  if (loaders.length !== 1) throw new Error(`expected one Trunk loader script in index.html, found ${loaders.length}`);
  const boot = `${fs.readFileSync(path.join(ROOT, 'public', 'boot.js'), 'utf8')}\n// Trunk's loader\n${loaders[0][2].trim()}\n`;
  const bootName = `boot-${hex16(boot)}.js`;
  fs.writeFileSync(path.join(dir, bootName), boot);
  html = html.replace(loaders[0][0], `<script type="module" src="./${bootName}" integrity="${sri(boot)}"></script>`);
  const left = [...html.matchAll(SCRIPT)].filter((m) => !/\bsrc\s*=/.test(m[1]));
  if (left.length) throw new Error(`index.html keeps ${left.length} inline script(s); the policy forbids them: move them to public/boot.js`);

  // 2. The policy, first thing in <head> (it applies only to what follows it).
  const meta =
    `\n    <meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `\n    <meta name="c360-offline" content="sw.js">`;
  if (!/<meta charset="utf-8">/.test(html)) throw new Error('index.html has no <meta charset="utf-8"> to put the policy after');
  html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">${meta}`);
  fs.writeFileSync(indexPath, html);

  // 3. The service worker: this build's files and version.
  const { version, files } = writeServiceWorker(dir);
  console.log(`[post-build] ${bootName}, policy, sw.js version ${version} (${files} files)`);
}

/** Writes `dir`/sw.js for the build in `dir`: every file but itself, and their version. */
function writeServiceWorker(dir) {
  const files = listFiles(dir).filter((f) => f !== 'sw.js');
  const version = hex16(files.map((f) => `${f}:${hex16(fs.readFileSync(path.join(dir, f)))}`).join('\n'));
  const template = fs.readFileSync(path.join(ROOT, 'public', 'sw.js'), 'utf8');
  const sw = template.replace("'__C360_VERSION__'", () => JSON.stringify(version)).replace('__C360_FILES__', () => JSON.stringify(files));
  if (sw === template) throw new Error('public/sw.js lost its __C360_VERSION__ / __C360_FILES__ placeholders');
  fs.writeFileSync(path.join(dir, 'sw.js'), sw);
  return { version, files: files.length };
}

/** Every file under `dir`, as relative URL paths, sorted. */
function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

module.exports = { CSP, sri, writeServiceWorker };

if (require.main === module) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('usage: node scripts/post-build.cjs DIR (or run by Trunk, which sets TRUNK_STAGING_DIR)');
    process.exit(2);
  }
  try {
    finish(dir);
  } catch (e) {
    console.error(`[post-build] ${e.message}`);
    process.exit(1);
  }
}
