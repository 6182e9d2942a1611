// A tiny static server for the built site, with the clean-URL behaviour of GitHub Pages,
// Netlify and Cloudflare Pages: /smtp/550 -> smtp/550.html, /smtp/ -> smtp/index.html,
// /smtp -> 301 to /smtp/, anything else -> the nearest 404.html (tr/404.html under /tr/)
// with status 404. Listens on 127.0.0.1 only and never serves a file outside the root.
//
//   node .ci/serve.mjs DIR [PORT]       prints "serving DIR at http://127.0.0.1:PORT/"
//   import { serve } from './serve.mjs'; const { url, close } = await serve(dir);
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { resolve, join, sep, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};

function kind(path) {
  try { const s = statSync(path); return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : null; } catch { return null; }
}

export function resolveRequest(root, rawPath) {
  let path;
  try { path = decodeURIComponent(rawPath); } catch { return { status: 400 }; }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return { status: 400 };
  const parts = path.split('/');
  if (parts.some(p => p === '..' || p === '.')) return { status: 404 };
  const inside = p => p === root || p.startsWith(root + sep);
  const target = resolve(root, '.' + path);
  if (!inside(target)) return { status: 404 };
  if (path.endsWith('/')) {
    const index = join(target, 'index.html');
    if (kind(index) === 'file') return { status: 200, file: index };
  } else {
    if (kind(target) === 'file') return { status: 200, file: target };
    if (kind(target + '.html') === 'file') return { status: 200, file: target + '.html' };
    if (kind(target) === 'dir' && kind(join(target, 'index.html')) === 'file') return { status: 301, location: path + '/' };
  }
  // Nearest 404.html up the tree (Cloudflare Pages' rule; GitHub Pages and Netlify use the root one).
  for (let dir = path.endsWith('/') ? target : resolve(target, '..'); inside(dir); dir = resolve(dir, '..')) {
    const page = join(dir, '404.html');
    if (kind(page) === 'file') return { status: 404, file: page };
    if (dir === root) break;
  }
  return { status: 404 };
}

export function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { allow: 'GET, HEAD' }); res.end(); return; }
    const r = resolveRequest(root, url.pathname);
    if (r.location) { res.writeHead(r.status, { location: r.location + url.search }); res.end(); return; }
    if (!r.file) { res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' }); res.end(`${r.status}\n`); return; }
    res.writeHead(r.status, {
      'content-type': TYPES[extname(r.file)] || 'application/octet-stream',
      'content-length': statSync(r.file).size, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(r.file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      ok({ url, server, close: () => new Promise(done => { server.closeAllConnections(); server.close(done); }) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) { console.error('usage: node serve.mjs DIR [PORT]'); process.exit(2); }
  const { url } = await serve(dir, Number(port || 0));
  console.log(`serving ${resolve(dir)} at ${url}/`);
}
