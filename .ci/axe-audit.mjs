// axe-core in headless Chromium over the served site, in light and dark colour schemes.
// Based on ../shared/tools/axe-audit.mjs; differences: pages are served over HTTP by serve.mjs
// (the search box fetches /search-index.json), the page list comes from pages.mjs (one page of
// each template in each language, search results included), and the colour scheme is an option.
//
//   node .ci/axe-audit.mjs SITE_DIR [--scheme light|dark|both] [--width N] [--templates pair,code,...]
//
// Prints each violation (WCAG 2.1 A/AA + best practice) and exits 1 if there is any.
// Dependencies are resolved from .ci/node/node_modules (or $CI_NODE_DIR/node_modules).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { pages, open } from './pages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.env.CI_NODE_DIR || join(here, 'node'), 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : fallback; };
const scheme = option('--scheme', 'both');
const width = Number(option('--width', 1280));
const only = option('--templates', '');
const site = args[0];
if (!site || !['light', 'dark', 'both'].includes(scheme)) {
  console.error('usage: node axe-audit.mjs SITE_DIR [--scheme light|dark|both] [--width N] [--templates pair,code,...]'); process.exit(2);
}
const schemes = scheme === 'both' ? ['light', 'dark'] : [scheme];
const JOBS = Number(process.env.AXE_JOBS || 4);

const server = await serve(site);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROME_ARGS });
let total = 0, audited = 0, failed = 0;
try {
  for (const colorScheme of schemes) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    await ctx.addInitScript({ content: axeSource });
    const queue = pages().filter(p => !only || only.split(',').includes(p.template));
    const worker = async () => {
      const page = await ctx.newPage();
      for (let p; (p = queue.shift()) !== undefined;) {
        const label = `[${colorScheme}] ${p.name}`;
        try {
          await open(page, server.url, p);
          const res = await page.evaluate(() => axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
          audited++;
          for (const v of res.violations) {
            total++;
            console.log(`${label}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
            for (const n of v.nodes.slice(0, 3)) {
              console.log(`    ${n.target.join(' ')}  ${n.html.slice(0, 120)}`);
              if (n.failureSummary) console.log(`      ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim().slice(0, 200)}`);
            }
          }
        } catch (error) {
          failed++;
          console.log(`${label}: could not audit: ${error.message.split('\n')[0]}`);
        }
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: JOBS }, worker));
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`axe: ${audited} page view(s) audited (${schemes.join(' + ')}, ${width} px), ${total} violation(s), ${failed} failed to load`);
process.exit(total || failed ? 1 : 0);
