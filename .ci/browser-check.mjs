// The site as a phone and a desktop browser see it, served over HTTP by serve.mjs (with the
// headers of the site's `_headers`, as Netlify and Cloudflare Pages send them):
//  - every request of every page is recorded; one whose origin is not the local server fails;
//  - Content-Security-Policy: every HTML page must be served with one (when the site has a
//    `_headers`), and any violation fails: `securitypolicyviolation` events, recorded by an init
//    script into window.__cspViolations and reported to the check, and console messages that
//    name the Content Security Policy. A canary first proves that a violation is caught;
//  - no horizontal overflow at 390 px and 1280 px on one page of each template in each language
//    (pages.mjs), no script error, no empty title, description or breadcrumb;
//  - the search box finds the right pages for a pasted bounce line, a code, an alias, a pair
//    ("421 vs 450"), an English word and a Turkish one, and is keyboard reachable;
//  - the decoder (/decode, /tr/decode) at both widths: a whole RFC 3464 DSN and a one-line
//    Microsoft 365 NDR pasted through the clipboard (Ctrl+V) give the verdict the locale words
//    (themes/default/i18n), the enhanced code's page first and the basic code's page too, with
//    no request but the search index; /decode?q=... decodes on load; a DSN pasted into the
//    search box reaches the decoder through its "decode this message" link;
//  - screenshots of a pair page (and of the search results, a code page and the decoder) at both
//    widths, written to SHOTS_DIR (a new temp folder by default), paths printed.
//
//   node .ci/browser-check.mjs SITE_DIR [SHOTS_DIR]
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { pages, open } from './pages.mjs';
import { DSN, NDR, EXPECT } from './bounces.mjs';
import { labels } from './i18n.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.env.CI_NODE_DIR || join(here, 'node'), 'package.json'));
const { chromium } = require('playwright-core');
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

const [site, shotsArg] = process.argv.slice(2);
if (!site) { console.error('usage: node browser-check.mjs SITE_DIR [SHOTS_DIR]'); process.exit(2); }
const shots = shotsArg || mkdtempSync(join(tmpdir(), 'replyvs-shots-'));
mkdirSync(shots, { recursive: true });

const WIDTHS = [{ width: 390, height: 844 }, { width: 1280, height: 900 }];
// What the search box must find. `want` are hrefs that must all be among the result links.
const SEARCHES = [
  { path: '/', type: '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
    want: ['/smtp/550', '/smtp-enhanced/X.1.1'] },
  { path: '/', type: '550', want: ['/smtp/550'] },
  { path: '/', type: '5.1.1', want: ['/smtp-enhanced/X.1.1'] },
  { path: '/', type: '421 vs 450', want: ['/smtp/421-vs-450', '/smtp/421', '/smtp/450'] },
  { path: '/', type: 'mailbox', wantSome: /^\/smtp\/\d{3}$/ },
  { path: '/tr/', type: 'kutu', wantSome: /^\/tr\/smtp(-enhanced)?\/[0-9X.]+$/ },
  { path: '/tr/', type: '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
    want: ['/tr/smtp/550', '/tr/smtp-enhanced/X.1.1'] },
  { path: '/smtp/354-vs-550', type: '421 vs 450', want: ['/smtp/421-vs-450'] },
];

const problems = [];
const fail = message => { problems.push(message); console.log(`FAIL ${message}`); };
const server = await serve(site);
const ORIGIN = new URL(server.url).origin;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROME_ARGS });

// What the site's `_headers` says, and so whether every page must carry a CSP.
const cspRules = server.headers ? server.headers.rules.filter(r => r.headers.some(([n]) => n.toLowerCase() === 'content-security-policy')) : [];
if (!server.headers) console.log('no _headers in the site: pages are served without a Content-Security-Policy, so no violation can show (violations are still collected)');
else console.log(`_headers: ${server.headers.rules.length} rule(s), ${cspRules.length} with a Content-Security-Policy (${cspRules.map(r => r.pattern).join(', ') || 'none'})`);
const REQUIRE_CSP = cspRules.length > 0;

// Every request of every context, by resource type; every HTML response and its CSP.
const stats = { requests: 0, types: {}, dataUrls: 0, outside: 0, documents: 0, withCsp: 0, policies: new Set(), csp: 0 };
const pending = [];
const labelOf = new WeakMap();
const label = page => (page && labelOf.get(page) || (() => '(no page)'))();
const pageOf = request => { try { return request.frame().page(); } catch { return null; } }; // a worker's request has no frame

// Runs in every document before its own scripts, whatever the page's CSP (Playwright injects it).
const CSP_RECORDER = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => {
    const v = { directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
      line: e.lineNumber, column: e.columnNumber, sample: e.sample, disposition: e.disposition, url: location.href };
    window.__cspViolations.push(v);
    if (typeof window.__replyvsCsp === 'function') window.__replyvsCsp(v);
  }, true);
})();`;

// A browser context with the request log, the CSP recorder and its report. `onCsp` receives
// each violation (the canary's context collects them; the others fail on them).
async function context(options, onCsp = (page, what) => { stats.csp++; fail(`${label(page)}: CSP violation: ${what}`); }) {
  const ctx = await browser.newContext(options);
  ctx.onCsp = onCsp;
  await ctx.exposeBinding('__replyvsCsp', ({ page }, v) => onCsp(page,
    `${v.disposition === 'report' ? '[report only] ' : ''}${v.directive} blocked ${v.blocked || '(inline)'} in ${v.url}${v.source ? ` (${v.source}:${v.line}:${v.column})` : ''}${v.sample ? ` "${v.sample}"` : ''}`));
  await ctx.addInitScript({ content: CSP_RECORDER });
  ctx.on('request', request => {
    const url = request.url(), type = request.resourceType();
    if (url.startsWith('data:')) { stats.dataUrls++; return; }
    stats.requests++;
    stats.types[type] = (stats.types[type] || 0) + 1;
    let origin = null;
    try { origin = new URL(url).origin; } catch { /* not a URL: outside the site */ }
    if (origin !== ORIGIN) { stats.outside++; fail(`${label(pageOf(request))}: request outside the site: ${request.method()} ${url} (${type})`); }
  });
  ctx.on('response', response => {
    const request = response.request();
    if (request.resourceType() !== 'document' || response.status() === 204 || !response.url().startsWith(server.url + '/')) return;
    pending.push(response.allHeaders().then(headers => {
      stats.documents++;
      const csp = headers['content-security-policy'];
      if (csp) { stats.withCsp++; stats.policies.add(csp); }
      else if (REQUIRE_CSP) fail(`${label(pageOf(request))}: ${response.url()} (HTTP ${response.status()}) served without a Content-Security-Policy`);
    }).catch(() => { /* the page closed first */ }));
  });
  return ctx;
}

// Every page gets listeners for script errors and console errors; CSP messages go to the CSP report.
async function newPage(ctx, name) {
  const page = await ctx.newPage();
  labelOf.set(page, name);
  page.on('pageerror', error => fail(`${label(page)}: script error: ${error.message}`));
  page.on('console', message => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) ctx.onCsp(page, `console: ${text.slice(0, 300)}`);
    else if (message.type() === 'error' && !/status of 404/.test(text)) fail(`${label(page)}: console error: ${text}`);
  });
  return page;
}
// Lets queued violation reports and header reads arrive before a context closes.
async function settle(ctx) {
  for (const page of ctx.pages()) await page.evaluate(() => new Promise(r => setTimeout(r, 50))).catch(() => {});
  await Promise.all(pending.splice(0));
  await ctx.close();
}

const overflow = page => page.evaluate(() => {
  const doc = document.documentElement, limit = window.innerWidth;
  if (doc.scrollWidth <= limit) return null;
  // Name the widest elements that stick out, to make the report useful.
  const out = [];
  const name = el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}`;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (style.position === 'absolute' || style.position === 'fixed') continue;
    if (r.right > limit + 0.5) out.push(`${name(el)} right=${Math.round(r.right)}`);
    else if (el.scrollWidth > el.clientWidth + 1 && style.overflowX === 'visible' && el.clientWidth > 0) out.push(`${name(el)} content ${el.scrollWidth}px wide in ${el.clientWidth}px`);
  }
  return { scrollWidth: doc.scrollWidth, innerWidth: limit, culprits: out.slice(0, 5) };
});

// What a page says about itself must not be empty: its title (beyond " | site"), its description,
// the link of its own breadcrumb. A missing locale key renders as empty text, which the Nu
// checker accepts. (An alias page, a noindex redirect, has no description.)
const heading = (page, described) => page.evaluate(described => {
  const out = [];
  const title = document.title.trim();
  if (!title || /^\|/.test(title) || /\|\s*$/.test(title)) out.push(`title "${document.title}"`);
  const description = document.querySelector('meta[name="description"]');
  if (described && (!description || !description.content.trim())) out.push('empty meta description');
  for (const a of document.querySelectorAll('nav.breadcrumbs a')) if (!a.textContent.trim()) out.push(`a breadcrumb to ${a.getAttribute('href')} has no text`);
  return out;
}, described);

// The canary: on a page served with the site's CSP, an inline script and a style attribute
// added on purpose must be blocked, seen by the init script and reported. Without a CSP to
// enforce there is nothing to prove; that is said, and with a required CSP it fails.
async function cspCanary() {
  const seen = [];
  const ctx = await context({ viewport: WIDTHS[1] }, (page, what) => seen.push(what));
  const page = await newPage(ctx, () => 'CSP canary');
  try {
    const response = await page.goto(server.url + '/', { waitUntil: 'load' });
    const csp = (await response.allHeaders())['content-security-policy'];
    if (!csp) {
      console.log('CSP canary: the home page has no Content-Security-Policy, nothing to enforce');
      if (REQUIRE_CSP) fail('CSP canary: _headers sets a CSP but the home page was served without one');
      return;
    }
    const inPage = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__canaryRan = true';
      document.head.appendChild(script);
      document.body.setAttribute('style', 'outline: 3px solid red');
      await new Promise(r => setTimeout(r, 100));
      return { ran: !!window.__canaryRan, outline: getComputedStyle(document.body).outlineStyle,
        directives: window.__cspViolations.map(v => v.directive) };
    });
    await page.waitForTimeout(100);
    const want = ['script-src-elem', 'style-src-attr'];
    const missing = want.filter(d => !inPage.directives.includes(d));
    if (inPage.ran) fail('CSP canary: an inline script ran under the CSP');
    if (inPage.outline === 'solid') fail('CSP canary: a style attribute applied under the CSP');
    if (missing.length) fail(`CSP canary: no securitypolicyviolation for ${missing.join(', ')} (got ${inPage.directives.join(', ') || 'none'})`);
    if (!seen.some(w => w.startsWith('console:'))) fail('CSP canary: the console message of a violation was not seen');
    if (seen.filter(w => !w.startsWith('console:')).length < want.length) fail(`CSP canary: the reports did not reach the check (${seen.length})`);
    if (!inPage.ran && !missing.length) console.log(`ok CSP canary: inline script and style attribute blocked; ${inPage.directives.length} violation event(s), ${seen.length} report(s) to the check`);
  } catch (error) { fail(`CSP canary: ${error.message.split('\n')[0]}`); }
  finally { await settle(ctx); }
}

// The decoder, in each language at each width.
const LABEL_KEYS = ['verdict_title', 'verdict_permanent', 'verdict_transient', 'bounce_hard', 'bounce_soft', 'verdict_from',
  'decode_codes', 'decode_fields', 'decode_provider', 'decode_link'];
const SAMPLES = [{ name: 'dsn', text: DSN, expect: EXPECT.dsn }, { name: 'ndr', text: NDR, expect: EXPECT.ndr }];
const decodeTimes = [];

// Puts `text` on the clipboard and pastes it into `selector` with Ctrl+V, as a person does.
async function paste(page, selector, text) {
  await page.evaluate(t => navigator.clipboard.writeText(t), text);
  await page.fill(selector, '');
  await page.click(selector);
  await page.keyboard.press('ControlOrMeta+V');
}

// What the result area shows: the verdict's title and headline, each section's title and links.
const readResult = page => page.evaluate(() => {
  const out = document.getElementById('decode-result');
  const verdict = out.querySelector('section.verdict');
  const path = a => { const u = new URL(a.href); return { origin: u.origin, path: u.pathname + u.search, text: a.textContent }; };
  const sections = [...out.querySelectorAll('section')].map(s => {
    const terms = {};
    s.querySelectorAll('dt').forEach(dt => { terms[dt.textContent] = dt.nextElementSibling ? dt.nextElementSibling.textContent : ''; });
    return { title: (s.querySelector('h2') || {}).textContent || '', links: [...s.querySelectorAll('a')].map(path), terms };
  });
  return { verdictTitle: verdict ? verdict.querySelector('h2').textContent : null,
    headline: verdict && verdict.querySelector('.verdict-outcome') ? verdict.querySelector('.verdict-outcome').textContent : null,
    verdictClass: verdict ? verdict.className : null, sections, text: out.innerText.slice(0, 200) };
});

// The checks of one decoded text; returns the number of failures.
async function checkResult(page, where, prefix, L, sample) {
  const before = problems.length;
  const r = await readResult(page);
  const want = sample.expect;
  const headline = `${L[`verdict_${want.outcome}`]} · ${L[`bounce_${want.bounce}`]}`;
  if (r.verdictTitle !== L.verdict_title) fail(`${where}: verdict title "${r.verdictTitle}", expected "${L.verdict_title}"`);
  if (r.headline !== headline) fail(`${where}: verdict "${r.headline}", expected "${headline}"`);
  const codes = r.sections.find(s => s.title === L.decode_codes);
  const verdict = r.sections.find(s => s.title === L.verdict_title);
  if (!codes) fail(`${where}: no "${L.decode_codes}" section (sections: ${r.sections.map(s => s.title).join(', ')})`);
  else {
    const paths = codes.links.map(l => l.path);
    if (paths[0] !== prefix + want.first) fail(`${where}: first code link ${paths[0]}, expected ${prefix + want.first}; got [${paths.join(', ')}]`);
    if (!paths.includes(prefix + want.basic)) fail(`${where}: no link to ${prefix + want.basic}; got [${paths.join(', ')}]`);
  }
  const based = verdict && verdict.terms[L.verdict_from] !== undefined ? verdict.links.map(l => l.path) : [];
  if (!based.includes(prefix + want.first)) fail(`${where}: the verdict is not "${L.verdict_from}" ${prefix + want.first} (links: ${based.join(', ')})`);
  if (sample.name === 'dsn') {
    const fields = r.sections.find(s => s.title === L.decode_fields);
    if (!fields || fields.terms.Status !== '5.1.1' || fields.terms.Action !== 'failed' || !/bob@example\.com/.test(fields.terms['Final-Recipient'] || ''))
      fail(`${where}: the DSN fields are not shown as sent (${JSON.stringify(fields && fields.terms)})`);
  } else if (!r.sections.some(s => s.title === L.decode_provider)) fail(`${where}: no "${L.decode_provider}" section for a Microsoft 365 line`);
  // Every link of the result stays on the site and leads to a page that exists.
  for (const link of r.sections.flatMap(s => s.links)) {
    if (link.origin !== ORIGIN) { fail(`${where}: a result link leaves the site: ${link.origin}${link.path}`); continue; }
    const status = (await page.request.get(server.url + link.path, { maxRedirects: 0 })).status();
    if (status !== 200) fail(`${where}: result link ${link.path} answers HTTP ${status}`);
  }
  const o = await overflow(page);
  if (o) fail(`${where}: horizontal overflow with the result shown, scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
  return problems.length - before;
}

async function decoderChecks() {
  for (const lang of ['en', 'tr']) {
    const prefix = lang === 'en' ? '' : '/tr';
    let L;
    try { L = labels(lang, LABEL_KEYS); } catch (error) { fail(`decoder ${lang}: ${error.message}`); continue; }
    for (const viewport of WIDTHS) {
      const ctx = await context({ viewport, colorScheme: 'light' });
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
      let current = '';
      const page = await newPage(ctx, () => current);
      const log = [];
      page.on('request', request => log.push(request.url()));
      // A pasted DSN, then a pasted one-line NDR, each on a freshly loaded page.
      for (const sample of SAMPLES) {
        current = `${viewport.width}px decoder ${prefix}/decode, pasted ${sample.name} (${sample.text.length} characters)`;
        try {
          await page.goto(server.url + prefix + '/decode', { waitUntil: 'load' });
          const index = new URL(await page.getAttribute('form#decode', 'data-index'), server.url + prefix + '/decode').href;
          const from = log.length, t0 = Date.now();
          await paste(page, '#decode-input', sample.text);
          await page.waitForSelector('#decode-result section.verdict', { timeout: 5000 });
          decodeTimes.push(Date.now() - t0);
          const value = await page.inputValue('#decode-input');
          if (value !== sample.text) fail(`${current}: the text area holds ${value.length} characters, not the ${sample.text.length} pasted`);
          const made = log.slice(from);
          const extra = made.filter(u => u !== index);
          if (extra.length || made.length > 1) fail(`${current}: decoding made requests other than one for the index ${index}: [${made.join(', ')}]`);
          const bad = await checkResult(page, current, prefix, L, sample);
          const file = join(shots, `decode-${sample.name}-${lang}-${viewport.width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          if (!bad) console.log(`ok ${current}: verdict, ${prefix + sample.expect.first} first, ${prefix + sample.expect.basic} linked, ${made.length} request(s) to decode; ${file}`);
          checks++;
        } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
      }
      // ?q=: the decoder decodes the text of its URL on load.
      current = `${viewport.width}px decoder ${prefix}/decode?q=<the NDR line>`;
      try {
        const from = log.length;
        await page.goto(`${server.url}${prefix}/decode?q=${encodeURIComponent(NDR)}`, { waitUntil: 'load' });
        await page.waitForSelector('#decode-result section.verdict', { timeout: 5000 });
        if ((await page.inputValue('#decode-input')) !== NDR) fail(`${current}: the text area does not hold the line of the URL`);
        const bad = await checkResult(page, current, prefix, L, SAMPLES[1]);
        if (!bad) console.log(`ok ${current}: verdict shown on load; requests ${log.slice(from).map(u => new URL(u).pathname.replace(/^$/, '/')).join(' ')}`);
        checks++;
      } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
      // The search box: a whole DSN pasted there offers the decoder, which receives the text
      // through sessionStorage (it is too long for the URL).
      current = `${viewport.width}px search box on ${prefix}/ hands a pasted DSN to the decoder`;
      try {
        if (DSN.length < 1500) throw new Error(`the sample DSN is ${DSN.length} characters, under the 1500 of the sessionStorage path`);
        await page.goto(`${server.url}${prefix}/`, { waitUntil: 'load' });
        await paste(page, '#search-input', DSN);
        const link = await page.waitForSelector('#search-results .decode-link a', { timeout: 5000 });
        const text = await link.textContent(), href = new URL(await link.getAttribute('href'), server.url);
        if (text !== L.decode_link) fail(`${current}: the link reads "${text}", expected "${L.decode_link}"`);
        if (href.pathname !== prefix + '/decode' || href.search) fail(`${current}: the link goes to ${href.pathname}${href.search}, expected ${prefix}/decode without a query`);
        await Promise.all([page.waitForURL(u => new URL(u).pathname === prefix + '/decode'), link.click()]);
        await page.waitForSelector('#decode-result section.verdict', { timeout: 5000 });
        if ((await page.inputValue('#decode-input')) !== DSN) fail(`${current}: the decoder's text area does not hold the pasted DSN with its line breaks`);
        if (await page.evaluate(() => sessionStorage.getItem('replyvs-decode')) !== null) fail(`${current}: the text stays in sessionStorage`);
        const bad = await checkResult(page, current, prefix, L, SAMPLES[0]);
        if (!bad) console.log(`ok ${current}: decoded there`);
        checks++;
      } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
      await settle(ctx);
    }
  }
  if (decodeTimes.length) console.log(`decoder: ${decodeTimes.length} pastes decoded, ${Math.min(...decodeTimes)}-${Math.max(...decodeTimes)} ms from Ctrl+V to the verdict (the first of a page fetches the index)`);
}

let checks = 0;
const covered = new Set();
try {
  // 0. The CSP canary: a page that breaks the policy on purpose must be caught.
  await cspCanary();

  // 1. Overflow, at each width, on every page of pages.mjs (search results shown where typed).
  for (const viewport of WIDTHS) {
    const ctx = await context({ viewport, colorScheme: 'light' });
    let current = '';
    const page = await newPage(ctx, () => current);
    for (const p of pages()) {
      current = `${viewport.width}px ${p.name}`;
      try {
        await open(page, server.url, p);
        const o = await overflow(page);
        checks++;
        covered.add(`${p.lang} ${p.template}`);
        const head = await heading(page, p.template !== 'alias');
        if (head.length) fail(`${current}: ${head.join('; ')}`);
        if (o) fail(`${current}: horizontal overflow, scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
      } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
    }
    await settle(ctx);
  }
  console.log(`overflow: ${checks} page views at ${WIDTHS.map(v => v.width + ' px').join(' and ')}, ${covered.size} template x language: ${[...covered].join(', ')}`);

  // 2. Search.
  for (const viewport of WIDTHS) {
    const ctx = await context({ viewport, colorScheme: 'light' });
    let current = '';
    const page = await newPage(ctx, () => current);
    for (const s of SEARCHES) {
      current = `${viewport.width}px search on ${s.path} for "${s.type}"`;
      try {
        await page.goto(server.url + s.path, { waitUntil: 'load' });
        await page.click('#search-input');
        await page.keyboard.insertText(s.type); // as a paste: one input event with the whole line
        await page.waitForSelector('#search-results li a, #search-results p', { timeout: 5000 });
        const hrefs = await page.$$eval('#search-results a', links => links.map(a => new URL(a.href).pathname));
        const missing = (s.want || []).filter(h => !hrefs.includes(h));
        if (missing.length) fail(`${current}: missing ${missing.join(', ')}; got [${hrefs.join(', ')}]`);
        else if (s.wantSome && !hrefs.some(h => s.wantSome.test(h))) fail(`${current}: no result matches ${s.wantSome}; got [${hrefs.join(', ')}]`);
        else console.log(`ok ${current}: ${hrefs.length} result(s): ${hrefs.slice(0, 4).join(', ')}${hrefs.length > 4 ? ', …' : ''}`);
        const o = await overflow(page);
        if (o) fail(`${current}: horizontal overflow with results shown, scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
        // Keyboard: ArrowDown from the box focuses the first result; Enter on it opens it.
        await page.focus('#search-input');
        await page.keyboard.press('ArrowDown');
        const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('#search-results') ? new URL(document.activeElement.href).pathname : null);
        if (!focused || focused !== hrefs[0]) fail(`${current}: ArrowDown did not focus the first result (focused ${focused})`);
        if (s === SEARCHES[0]) {
          await Promise.all([page.waitForURL(u => new URL(u).pathname === hrefs[0]), page.keyboard.press('Enter')]);
        }
        checks++;
      } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
    }
    // Submitting the form (Enter in the box) shows results on the home page with ?q=.
    current = `${viewport.width}px search submitted with Enter`;
    try {
      await page.goto(server.url + '/smtp/550', { waitUntil: 'load' });
      await page.fill('#search-input', '421 vs 450');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#search-results li a', { timeout: 5000 });
      const hrefs = await page.$$eval('#search-results a', links => links.map(a => new URL(a.href).pathname));
      if (!hrefs.includes('/smtp/421-vs-450')) fail(`${current}: got [${hrefs.join(', ')}]`);
      checks++;
    } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
    await settle(ctx);
  }

  // 3. The decoder.
  await decoderChecks();

  // 4. Screenshots.
  const SHOTS = [
    { name: 'pair', path: '/smtp/354-vs-550' },
    { name: 'pair-tr', path: '/tr/smtp/354-vs-550', only: [390] },
    { name: 'code', path: '/smtp/550' },
    { name: 'search', path: '/', type: '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown' },
    { name: 'protocol', path: '/smtp/', fold: true },
  ];
  for (const viewport of WIDTHS) {
    for (const colorScheme of ['light', 'dark']) {
      const ctx = await context({ viewport, colorScheme });
      let current = '';
      const page = await newPage(ctx, () => current);
      for (const s of SHOTS) {
        if (s.only && !s.only.includes(viewport.width)) continue;
        current = `screenshot ${s.name} ${viewport.width} ${colorScheme}`;
        try {
          await open(page, server.url, { name: s.name, path: s.path, type: s.type, template: s.name });
          const file = join(shots, `${s.name}-${viewport.width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: !s.fold && !s.type });
          console.log(`screenshot ${file}`);
        } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
      }
      await settle(ctx);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const types = Object.entries(stats.types).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ');
console.log(`requests: ${stats.requests} seen (${types}), ${stats.outside} outside ${ORIGIN}${stats.dataUrls ? `, ${stats.dataUrls} data: URL(s)` : ''}`);
console.log(`CSP: ${stats.withCsp} of ${stats.documents} HTML responses carried a Content-Security-Policy${stats.policies.size ? ` (${stats.policies.size} distinct: ${[...stats.policies].join(' | ')})` : ''}; ${stats.csp} violation(s)`);
console.log(`browser: ${checks} check(s), ${problems.length} problem(s); screenshots in ${shots}`);
process.exit(problems.length ? 1 : 0);
