// The site as a phone and a desktop browser see it, served over HTTP by serve.mjs:
//  - no horizontal overflow at 390 px and 1280 px on one page of each template in each language
//    (pages.mjs), no script error, no request that leaves the site;
//  - the search box finds the right pages for a pasted bounce line, a code, an alias, a pair
//    ("421 vs 450"), an English word and a Turkish one, and is keyboard reachable;
//  - screenshots of a pair page (and of the search results and a code page) at both widths in
//    light and dark mode, written to SHOTS_DIR (a new temp folder by default), paths printed.
//
//   node .ci/browser-check.mjs SITE_DIR [SHOTS_DIR]
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { pages, open } from './pages.mjs';

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
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROME_ARGS });

// Every page gets listeners for script errors and for requests that leave the site.
async function newPage(ctx, label) {
  const page = await ctx.newPage();
  page.on('pageerror', error => fail(`${label()}: script error: ${error.message}`));
  page.on('console', message => { if (message.type() === 'error' && !/status of 404/.test(message.text())) fail(`${label()}: console error: ${message.text()}`); });
  page.on('request', request => {
    const url = request.url();
    if (!url.startsWith(server.url + '/') && !url.startsWith('data:')) fail(`${label()}: request outside the site: ${url}`);
  });
  return page;
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

let checks = 0;
try {
  // 1. Overflow, at each width, on every page of pages.mjs (search results shown where typed).
  for (const viewport of WIDTHS) {
    const ctx = await browser.newContext({ viewport, colorScheme: 'light' });
    let current = '';
    const page = await newPage(ctx, () => current);
    for (const p of pages()) {
      current = `${viewport.width}px ${p.name}`;
      try {
        await open(page, server.url, p);
        const o = await overflow(page);
        checks++;
        if (o) fail(`${current}: horizontal overflow, scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
      } catch (error) { fail(`${current}: ${error.message.split('\n')[0]}`); }
    }
    await ctx.close();
  }
  console.log(`overflow: ${checks} page views at ${WIDTHS.map(v => v.width + ' px').join(' and ')}`);

  // 2. Search.
  for (const viewport of WIDTHS) {
    const ctx = await browser.newContext({ viewport, colorScheme: 'light' });
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
    await ctx.close();
  }

  // 3. Screenshots.
  const SHOTS = [
    { name: 'pair', path: '/smtp/354-vs-550' },
    { name: 'pair-tr', path: '/tr/smtp/354-vs-550', only: [390] },
    { name: 'code', path: '/smtp/550' },
    { name: 'search', path: '/', type: '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown' },
    { name: 'protocol', path: '/smtp/', fold: true },
  ];
  for (const viewport of WIDTHS) {
    for (const colorScheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport, colorScheme });
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
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`browser: ${checks} check(s), ${problems.length} problem(s); screenshots in ${shots}`);
process.exit(problems.length ? 1 : 0);
