// A tiny static server for the built site, with the clean-URL behaviour of GitHub Pages,
// Netlify and Cloudflare Pages: /smtp/550 -> smtp/550.html, /smtp/ -> smtp/index.html,
// /smtp -> 301 to /smtp/, anything else -> the nearest 404.html (tr/404.html under /tr/)
// with status 404. Listens on 127.0.0.1 only and never serves a file outside the root.
//
// Host headers: when the site root holds `_headers` (the Netlify / Cloudflare Pages format), every
// response carries the headers of every rule whose path pattern matches the request's path, as
// those hosts send them (see parseHeaders and headersFor below); `_headers` and `_redirects`
// themselves are not served, as on those hosts. A malformed `_headers` makes serve() fail.
//
//   node .ci/serve.mjs DIR [PORT]       prints "serving DIR at http://127.0.0.1:PORT/"
//   import { serve } from './serve.mjs'; const { url, close } = await serve(dir);
import { createServer } from 'node:http';
import { createReadStream, statSync, readFileSync, existsSync } from 'node:fs';
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

// ---------------------------------------------------------------- _headers
// The format (docs of Cloudflare Pages "Headers" and Netlify "Custom headers"):
//   # a comment
//   /path/pattern            a rule starts with a path pattern at column 0
//     Name: value            indented lines are the rule's headers
//     ! Name                 (Cloudflare) detach: the header is not sent, whatever else matches
// A pattern is an exact path, or holds `*` (a splat: any characters, "/" included, none too) or
// `:name` placeholders (one path segment). `/*` matches every path. Patterns are matched against
// the request's path as sent (percent-encoded, without the query), case-sensitively. Every matching rule applies;
// a header set by several rules (or twice in one) is sent once, its values joined with ", ".
// Cloudflare's limits are reported as problems: 100 rules, 2000 characters a line.
export const HEADERS_LIMITS = { rules: 100, lineLength: 2000 };

export function parseHeaders(text) {
  const rules = [], problems = [];
  let rule = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.length > HEADERS_LIMITS.lineLength) problems.push(`line ${line}: longer than ${HEADERS_LIMITS.lineLength} characters`);
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (!/^\s/.test(raw)) {
      if (!trimmed.startsWith('/') && !/^https?:\/\//.test(trimmed)) { problems.push(`line ${line}: a rule's path must start with "/": ${trimmed}`); rule = null; return; }
      if (/\s/.test(trimmed)) { problems.push(`line ${line}: a path pattern holds no space: ${trimmed}`); rule = null; return; }
      if ((trimmed.match(/\*/g) || []).length > 1) problems.push(`line ${line}: Cloudflare Pages allows one splat in a pattern: ${trimmed}`);
      rule = { pattern: trimmed, line, headers: [], detach: [], regex: patternRegex(trimmed) };
      rules.push(rule);
      return;
    }
    if (!rule) { problems.push(`line ${line}: a header before any path: ${trimmed}`); return; }
    if (trimmed.startsWith('!')) {
      const name = trimmed.slice(1).trim();
      if (!validName(name)) problems.push(`line ${line}: not a header name: ${name}`); else rule.detach.push(name.toLowerCase());
      return;
    }
    const colon = trimmed.indexOf(':');
    if (colon <= 0) { problems.push(`line ${line}: not "Name: value": ${trimmed}`); return; }
    const name = trimmed.slice(0, colon).trim(), value = trimmed.slice(colon + 1).trim();
    if (!validName(name)) { problems.push(`line ${line}: not a header name: ${name}`); return; }
    if (/[\0\r\n]/.test(value)) { problems.push(`line ${line}: a control character in the value of ${name}`); return; }
    rule.headers.push([name, value]);
  });
  if (rules.length > HEADERS_LIMITS.rules) problems.push(`${rules.length} rules: Cloudflare Pages reads only the first ${HEADERS_LIMITS.rules}`);
  for (const r of rules) if (!r.headers.length && !r.detach.length) problems.push(`line ${r.line}: the rule ${r.pattern} sets no header`);
  return { rules, problems };
}

const validName = name => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name); // RFC 9110 token

// A path pattern as an anchored regular expression. A pattern written as a whole URL
// (https://host/path) is matched on its path only: this server has no host names.
function patternRegex(pattern) {
  const path = pattern.replace(/^https?:\/\/[^/]*/, '') || '/';
  let re = '';
  for (const part of path.split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)) {
    if (part === '*') re += '.*';
    else if (part.startsWith(':') && part.length > 1) re += '[^/]+';
    else re += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matches(rule, path) { return rule.regex.test(path); }

// The headers for a request path: [[name, value], ...], one entry per header name (lower case
// names compared, the first spelling kept), in the order the rules first set them.
export function headersFor(rules, path) {
  const out = new Map(), detached = new Set();
  for (const rule of rules) {
    if (!matches(rule, path)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase(), had = out.get(key);
      if (had) had[1] = `${had[1]}, ${value}`; else out.set(key, [name, value]);
    }
    for (const key of rule.detach) detached.add(key);
  }
  for (const key of detached) out.delete(key);
  return [...out.values()];
}

// `_headers` of a site root: null when there is none; throws when it is malformed.
export function loadHeaders(root) {
  const file = join(root, '_headers');
  if (!existsSync(file)) return null;
  const { rules, problems } = parseHeaders(readFileSync(file, 'utf8'));
  if (problems.length) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return { file, rules };
}

// Files a host reads as configuration and never serves.
const HOST_FILES = new Set(['/_headers', '/_redirects']);

export function resolveRequest(root, rawPath) {
  let path;
  try { path = decodeURIComponent(rawPath); } catch { return { status: 400 }; }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return { status: 400 };
  const parts = path.split('/');
  if (parts.some(p => p === '..' || p === '.')) return { status: 404 };
  const inside = p => p === root || p.startsWith(root + sep);
  const target = resolve(root, '.' + path);
  if (!inside(target)) return { status: 404 };
  if (HOST_FILES.has(path)) {
    // not served: the 404 page below
  } else if (path.endsWith('/')) {
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
  let hostHeaders;
  try { hostHeaders = loadHeaders(root); } catch (error) { return Promise.reject(error); }
  // The server's own headers, then those of `_headers` (which replace a default of the same name).
  const send = (res, status, path, defaults) => {
    const headers = new Map(Object.entries(defaults).map(([k, v]) => [k.toLowerCase(), [k, v]]));
    if (hostHeaders) for (const [name, value] of headersFor(hostHeaders.rules, path)) headers.set(name.toLowerCase(), [name, value]);
    res.writeHead(status, Object.fromEntries(headers.values()));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { allow: 'GET, HEAD' }); res.end(); return; }
    const r = resolveRequest(root, url.pathname);
    if (r.location) { send(res, r.status, url.pathname, { location: r.location + url.search }); res.end(); return; }
    if (!r.file) { send(res, r.status, url.pathname, { 'content-type': 'text/plain; charset=utf-8' }); res.end(`${r.status}\n`); return; }
    send(res, r.status, url.pathname, {
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
      ok({ url, server, headers: hostHeaders, close: () => new Promise(done => { server.closeAllConnections(); server.close(done); }) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) { console.error('usage: node serve.mjs DIR [PORT]'); process.exit(2); }
  const { url, headers } = await serve(dir, Number(port || 0));
  console.log(`serving ${resolve(dir)} at ${url}/${headers ? ` with the ${headers.rules.length} rule(s) of ${headers.file}` : ' (no _headers)'}`);
}
