#!/usr/bin/env node
// A tiny static file server for the release build (no dependencies), used by the end-to-end
// tests and the browser benchmark. It serves a folder exactly like a plain static host would:
// files only, `index.html` for a directory, a redirect from `/dir` to `/dir/`, 404 otherwise.
//
// As a module:
//   const { startServer } = require('./static-server.cjs');
//   const srv = await startServer({ root, host: '127.0.0.1', port: 0 });  // port 0 = a free port
//   srv.url        // 'http://127.0.0.1:40123'
//   srv.requests   // [{ method, path, status }] for every request served
//   await srv.close();
//
// By default every response says `Cache-Control: no-store`, so each test sees the files as they
// are now. `cache: true` serves like a typical static host instead (`max-age=3600` plus
// `Last-Modified`), so a browser can keep the files, and its compiled WebAssembly, between visits.
//
// `mode: 'host'` serves like a real production static host (used by scripts/lighthouse.cjs):
// brotli or gzip as the request's Accept-Encoding allows (each file compressed once, at start-up,
// and kept in memory; `Vary: Accept-Encoding`), an ETag per representation with 304s for
// If-None-Match, and `Cache-Control: public, max-age=31536000, immutable` for files whose name
// carries a Trunk content hash (`main-83af9614a547188a.css`, `c360-web-…_bg.wasm`) but `no-cache`
// for everything else (index.html, fit-worker.js, sw.js, manifest.webmanifest): the browser
// revalidates those on every visit. `cache` is ignored in this mode.
//
// From the shell (serves dist/ under /c360/ on a free port unless --port is given):
//   node scripts/static-server.cjs dist --prefix /c360/ [--port 8081] [--mode host]
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Starts serving `root`; resolves once listening (in `mode: 'host'`, once every file is
 * compressed).
 */
async function startServer({ root, host = '127.0.0.1', port = 0, cache = false, mode = 'test' } = {}) {
  if (mode !== 'test' && mode !== 'host') throw new Error(`static-server: unknown mode ${mode}`);
  const base = path.resolve(root);
  const requests = [];
  const store = mode === 'host' ? await hostStore(base) : null;
  const server = http.createServer((req, res) => {
    const done = (status, headers = {}, body) => {
      requests.push({ method: req.method, path: req.url, status });
      const cacheControl = store ? 'no-cache' : cache && status === 200 ? 'max-age=3600' : 'no-store';
      res.writeHead(status, { 'Cache-Control': cacheControl, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, { Allow: 'GET, HEAD' }, 'Method not allowed\n');

    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return done(400, {}, 'Bad request\n');
    }
    let file = path.join(base, urlPath);
    if (file !== base && !file.startsWith(base + path.sep)) return done(403, {}, 'Forbidden\n');

    let stat = statOrNull(file);
    if (stat && stat.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        return done(301, { Location: u.pathname + '/' + u.search }, '');
      }
      file = path.join(file, 'index.html');
      stat = statOrNull(file);
    }
    if (!stat || !stat.isFile()) return done(404, { 'Content-Type': 'text/plain' }, 'Not found\n');

    const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
    if (store) return serveAsHost(store.get(file, stat), type, req, done);
    done(200, { 'Content-Type': type, 'Content-Length': stat.size, 'Last-Modified': stat.mtime.toUTCString() }, fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

// ---- mode: 'host' -------------------------------------------------------------------------------

/** Trunk's content hash: `name-<16 hex>.ext`, or `name-<16 hex>_bg.wasm` for the wasm. */
const HASHED_NAME = /-[0-9a-f]{16}(?:_bg)?\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Already-compressed formats are sent as they are. */
const INCOMPRESSIBLE = new Set(['.png', '.webp', '.jpg', '.jpeg', '.woff2', '.gz', '.br', '.zip']);

/** True when a file's name carries a Trunk content hash (it can be cached for ever). */
function isHashedName(file) {
  return HASHED_NAME.test(path.basename(file));
}

/**
 * Every file under `base`, read and compressed once (brotli at quality 11, gzip at level 9, as a
 * host that pre-compresses does), kept in memory. A file changed on disk later is read and
 * compressed again, once, on its next request.
 */
async function hostStore(base) {
  const entries = new Map();
  const stamp = (stat) => `${stat.size}:${stat.mtimeMs}`;
  await Promise.all(
    walk(base).map(async (file) => {
      const stat = fs.statSync(file);
      const raw = fs.readFileSync(file);
      const compressible = isCompressible(file, raw);
      const [br, gzip] = compressible
        ? await Promise.all([compress(zlib.brotliCompress, raw, BROTLI), compress(zlib.gzip, raw, GZIP)])
        : [null, null];
      entries.set(file, hostEntry(file, stamp(stat), raw, br, gzip));
    }),
  );
  return {
    get(file, stat) {
      const hit = entries.get(file);
      if (hit && hit.stamp === stamp(stat)) return hit;
      const raw = fs.readFileSync(file);
      const compressible = isCompressible(file, raw);
      const entry = hostEntry(
        file,
        stamp(stat),
        raw,
        compressible ? zlib.brotliCompressSync(raw, BROTLI) : null,
        compressible ? zlib.gzipSync(raw, GZIP) : null,
      );
      entries.set(file, entry);
      return entry;
    },
  };
}

const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
const GZIP = { level: 9 };

function isCompressible(file, raw) {
  return raw.length > 0 && !INCOMPRESSIBLE.has(path.extname(file).toLowerCase());
}

/** A file's representations (identity, br, gzip: each only when smaller), each with its ETag. */
function hostEntry(file, stamp, raw, br, gzip) {
  const tag = crypto.createHash('sha256').update(raw).digest('base64url').slice(0, 27);
  const reps = { identity: { body: raw, etag: `"${tag}"` } };
  if (br && br.length < raw.length) reps.br = { body: br, etag: `"${tag}-br"` };
  if (gzip && gzip.length < raw.length) reps.gzip = { body: gzip, etag: `"${tag}-gz"` };
  return { stamp, reps, immutable: isHashedName(file) };
}

function compress(fn, data, options) {
  return new Promise((resolve, reject) => fn(data, options, (err, out) => (err ? reject(err) : resolve(out))));
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : d.isFile() ? [p] : [];
  });
}

/**
 * The content codings an Accept-Encoding header allows, most preferred first: by q-value, then
 * brotli before gzip (RFC 9110: `q=0` refuses one, `*` stands for any not named; identity is
 * always a fallback, as static hosts do).
 */
function acceptedEncodings(accept) {
  const q = new Map();
  for (const part of String(accept || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  const qOf = (enc) => (q.has(enc) ? q.get(enc) : q.has('*') ? q.get('*') : 0);
  return ['br', 'gzip'].filter((enc) => qOf(enc) > 0).sort((a, b) => qOf(b) - qOf(a));
}

/** Does an If-None-Match header match `etag` (weak comparison, as RFC 9110 asks for GET)? */
function etagMatches(ifNoneMatch, etag) {
  if (ifNoneMatch == null) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (t) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => opaque(t) === opaque(etag));
}

function serveAsHost(entry, type, req, done) {
  const name = acceptedEncodings(req.headers['accept-encoding']).find((e) => entry.reps[e]) || 'identity';
  const headers = { 'Cache-Control': entry.immutable ? IMMUTABLE : 'no-cache', Vary: 'Accept-Encoding' };
  const rep = entry.reps[name];
  headers.ETag = rep.etag;
  if (etagMatches(req.headers['if-none-match'], rep.etag)) return done(304, headers);
  headers['Content-Type'] = type;
  headers['Content-Length'] = rep.body.length;
  if (name !== 'identity') headers['Content-Encoding'] = name;
  done(200, headers, rep.body);
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/**
 * Copies a build folder into a fresh temporary web root under `prefix` (e.g. '/c360/'), so it is
 * served from a sub-path exactly as on an intranet host; nothing is served at '/'.
 * Returns { webRoot, cleanup }.
 */
function stageUnderPrefix(dist, prefix) {
  const clean = normalizePrefix(prefix);
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html not found: build it first (make dist)`);
  }
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'c360-web-'));
  const target = path.join(webRoot, ...clean.split('/').filter(Boolean));
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(dist, target, { recursive: true, dereference: true });
  return { webRoot, prefix: clean, cleanup: () => fs.rmSync(webRoot, { recursive: true, force: true }) };
}

/** '/c360' or 'c360/' → '/c360/'. */
function normalizePrefix(prefix) {
  const parts = String(prefix || '/').split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

module.exports = { startServer, stageUnderPrefix, normalizePrefix, isHashedName, acceptedEncodings };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    if (i < 0) return dflt;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const prefix = opt('--prefix', '/');
  const port = Number(opt('--port', '0'));
  const host = opt('--host', '127.0.0.1');
  const mode = opt('--mode', 'test');
  const dist = args[0] || 'dist';
  const { webRoot, prefix: p, cleanup } = stageUnderPrefix(dist, prefix);
  startServer({ root: webRoot, host, port, mode }).then((srv) => {
    console.log(`serving ${path.resolve(dist)} at ${srv.url}${p}  (Ctrl-C to stop)`);
    const stop = () => srv.close().then(() => { cleanup(); process.exit(0); });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
