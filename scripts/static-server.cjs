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
// From the shell (serves dist/ under /c360/ on a free port unless --port is given):
//   node scripts/static-server.cjs dist --prefix /c360/ [--port 8081]
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

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
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Starts serving `root`; resolves once listening. */
function startServer({ root, host = '127.0.0.1', port = 0, cache = false } = {}) {
  const base = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const done = (status, headers = {}, body) => {
      requests.push({ method: req.method, path: req.url, status });
      res.writeHead(status, { 'Cache-Control': cache && status === 200 ? 'max-age=3600' : 'no-store', ...headers });
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
  fs.cpSync(dist, target, { recursive: true });
  return { webRoot, prefix: clean, cleanup: () => fs.rmSync(webRoot, { recursive: true, force: true }) };
}

/** '/c360' or 'c360/' → '/c360/'. */
function normalizePrefix(prefix) {
  const parts = String(prefix || '/').split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

module.exports = { startServer, stageUnderPrefix, normalizePrefix };

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
  const dist = args[0] || 'dist';
  const { webRoot, prefix: p, cleanup } = stageUnderPrefix(dist, prefix);
  startServer({ root: webRoot, host, port }).then((srv) => {
    console.log(`serving ${path.resolve(dist)} at ${srv.url}${p}  (Ctrl-C to stop)`);
    const stop = () => srv.close().then(() => { cleanup(); process.exit(0); });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
