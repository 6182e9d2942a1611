// The test server's reading of `_headers` (Netlify / Cloudflare Pages format) and its clean URLs,
// on the sample site .ci/fixtures/headers-site:   node --test .ci/serve.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseHeaders, headersFor, matches, loadHeaders, serve, HEADERS_LIMITS } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const site = join(here, 'fixtures', 'headers-site');
const sample = readFileSync(join(site, '_headers'), 'utf8');
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'";
const asObject = list => Object.fromEntries(list.map(([k, v]) => [k.toLowerCase(), v]));

test('the sample parses into its six rules, comments and blank lines left out', () => {
  const { rules, problems } = parseHeaders(sample);
  assert.deepEqual(problems, []);
  assert.deepEqual(rules.map(r => r.pattern), ['/*', '/style.*.css', '/smtp/550', '/smtp/:code', '/tr/*', 'https://replyvs.example.org/about']);
  assert.deepEqual(rules[0].headers[0], ['Content-Security-Policy', CSP]);
  assert.equal(rules[0].headers.length, 4);
  assert.deepEqual(rules[2].headers.map(h => h[0]), ['Link', 'X-Robots-Tag'], 'an indented comment is not a header');
  assert.deepEqual(rules[4].detach, ['referrer-policy']);
  assert.equal(rules[2].line, 14);
});

test('a value keeps its colons, semicolons and quotes; space around the name and value goes', () => {
  const { rules } = parseHeaders("/a\n\t X-One :  a: b; 'c'  \n");
  assert.deepEqual(rules[0].headers, [['X-One', "a: b; 'c'"]]);
  assert.deepEqual(parseHeaders('/a\r\n  X-CRLF: yes\r\n').rules[0].headers, [['X-CRLF', 'yes']], 'CRLF line ends');
});

test('patterns: exact paths, splats anywhere, placeholders for one segment, whole URLs by their path', () => {
  const [all, css, exact, code, tr, url] = parseHeaders(sample).rules;
  for (const p of ['/', '/smtp/550', '/tr/', '/a/b/c.html', '/*']) assert.ok(matches(all, p), p);
  assert.ok(matches(css, '/style.3f2a9c1b.css'));
  assert.ok(matches(css, '/style..css'), 'a splat may match nothing');
  assert.ok(!matches(css, '/style.css'));
  assert.ok(!matches(css, '/x/style.3f2a9c1b.css'));
  assert.ok(!matches(css, '/styleX3f2a9c1bXcss'), 'a dot in a pattern is a dot, not any character');
  assert.ok(matches(exact, '/smtp/550'));
  for (const p of ['/smtp/550/', '/smtp/5500', '/smtp/550.html', '/SMTP/550', '/tr/smtp/550']) assert.ok(!matches(exact, p), p);
  assert.ok(matches(code, '/smtp/421'));
  assert.ok(!matches(code, '/smtp/'), 'a placeholder matches at least one character');
  assert.ok(!matches(code, '/smtp/421/x'), 'a placeholder stops at "/"');
  assert.ok(matches(tr, '/tr/') && matches(tr, '/tr/smtp/550') && !matches(tr, '/tr'));
  assert.ok(matches(url, '/about') && !matches(url, '/about/'));
  const [star] = parseHeaders('/smtp*\n  A: b\n').rules;
  assert.ok(matches(star, '/smtp') && matches(star, '/smtp-enhanced/X.1.1') && !matches(star, '/tr/smtp'));
  const [regexy] = parseHeaders('/a+(b)|c$\n  A: b\n').rules;
  assert.ok(matches(regexy, '/a+(b)|c$') && !matches(regexy, '/aa(b)'), 'regular expression characters are literal');
});

test('every matching rule applies; one name from several rules is sent once, joined with ", "', () => {
  const { rules } = parseHeaders(sample);
  assert.deepEqual(asObject(headersFor(rules, '/style.3f2a9c1b.css')), {
    'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'public, max-age=0, must-revalidate, public, max-age=31536000, immutable',
  });
  const page = asObject(headersFor(rules, '/smtp/550'));
  assert.equal(page['x-robots-tag'], 'noindex');
  assert.equal(page['x-code-page'], 'yes', 'the exact rule and the placeholder rule both apply');
  assert.equal(page.link, '</style.3f2a9c1b.css>; rel=preload; as=style');
  assert.equal(page['content-security-policy'], CSP);
  assert.deepEqual(headersFor(rules, '/smtp/550').map(h => h[0]).slice(0, 3), ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy'], 'in the order the rules set them');
  const same = parseHeaders('/*\n  x-a: 1\n/b\n  X-A: 2\n  X-A: 3\n').rules;
  assert.deepEqual(headersFor(same, '/b'), [['x-a', '1, 2, 3']], 'names compared without case, the first spelling kept');
});

test('"! Name" detaches a header that other rules set', () => {
  const { rules } = parseHeaders(sample);
  const tr = asObject(headersFor(rules, '/tr/smtp/550'));
  assert.equal(tr['referrer-policy'], undefined);
  assert.equal(tr['content-language'], 'tr');
  assert.equal(tr['content-security-policy'], CSP);
});

test('a path that no rule but /* matches gets the /* headers only', () => {
  const { rules } = parseHeaders(sample);
  assert.deepEqual(Object.keys(asObject(headersFor(rules, '/no-such-page'))), ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control']);
  assert.deepEqual(headersFor(parseHeaders('/a\n  A: b\n').rules, '/b'), []);
});

test('malformed lines are reported with their line number', () => {
  const { problems } = parseHeaders('  X-Early: 1\n/ok\n  no colon here\n  : empty\n  Bad Name: x\nnot-a-path\n  X-B: 1\n/two words\n/a*b*\n  X: 1\n/empty\n');
  assert.deepEqual(problems, [
    'line 1: a header before any path: X-Early: 1',
    'line 3: not "Name: value": no colon here',
    'line 4: not "Name: value": : empty',
    'line 5: not a header name: Bad Name',
    'line 6: a rule\'s path must start with "/": not-a-path',
    'line 7: a header before any path: X-B: 1',
    'line 8: a path pattern holds no space: /two words',
    'line 9: Cloudflare Pages allows one splat in a pattern: /a*b*',
    'line 2: the rule /ok sets no header',
    'line 11: the rule /empty sets no header',
  ]);
});

test("Cloudflare's limits: 100 rules, 2000 characters a line", () => {
  const many = Array.from({ length: HEADERS_LIMITS.rules + 1 }, (_, i) => `/p${i}\n  A: b\n`).join('');
  assert.deepEqual(parseHeaders(many).problems, ['101 rules: Cloudflare Pages reads only the first 100']);
  assert.deepEqual(parseHeaders(`/a\n  A: ${'x'.repeat(2000)}\n`).problems, ['line 2: longer than 2000 characters']);
});

test('loadHeaders: null without _headers, an error naming the file when it is malformed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
  try {
    assert.equal(loadHeaders(dir), null);
    writeFileSync(join(dir, '_headers'), '/a\n  oops\n');
    assert.throws(() => loadHeaders(dir), /_headers:\n {2}line 2: not "Name: value": oops/);
    return assert.rejects(serve(dir), /line 2/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the server sends the headers of _headers with every response, 404 and 301 included', async () => {
  const server = await serve(site);
  try {
    assert.equal(server.headers.rules.length, 6);
    const get = path => fetch(server.url + path, { redirect: 'manual' });
    let r = await get('/smtp/550');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-security-policy'), CSP);
    assert.equal(r.headers.get('x-robots-tag'), 'noindex');
    assert.equal(r.headers.get('x-code-page'), 'yes');
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=0, must-revalidate', "_headers replaces the server's own no-cache");
    assert.match(await r.text(), /<p>550<\/p>/);
    r = await get('/style.3f2a9c1b.css');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=0, must-revalidate, public, max-age=31536000, immutable');
    assert.equal(r.headers.get('content-type'), 'text/css; charset=utf-8');
    r = await get('/no-such-page');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('content-security-policy'), CSP, 'the 404 page carries the CSP too');
    assert.match(await r.text(), /not found/);
    r = await get('/tr/nothing');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('content-language'), 'tr');
    assert.equal(r.headers.get('referrer-policy'), null);
    assert.match(await r.text(), /bulunamadı/);
    r = await get('/smtp');
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/smtp/');
    assert.equal(r.headers.get('content-security-policy'), CSP);
    r = await get('/about?x=1');
    assert.equal(r.headers.get('x-about'), 'yes', 'the query is not part of the matched path');
    for (const hidden of ['/_headers', '/_redirects']) {
      r = await get(hidden);
      assert.equal(r.status, 404, `${hidden} is not served`);
      assert.doesNotMatch(await r.text(), /Content-Security-Policy/);
    }
  } finally { await server.close(); }
});

test('without _headers the server sends its own headers only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
  writeFileSync(join(dir, 'index.html'), '<p>x</p>');
  const server = await serve(dir);
  try {
    assert.equal(server.headers, null);
    const r = await fetch(server.url + '/');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-security-policy'), null);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  } finally { await server.close(); rmSync(dir, { recursive: true, force: true }); }
});
