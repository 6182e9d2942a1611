// Page weight of one built page: its HTML, the stylesheets and scripts it links (root-relative
// URLs in the built site), and the search index its search box fetches on first use.
// Raw bytes and gzip -9 / brotli bytes, as a static host would send them compressed.
//
//   node .ci/page-weight.mjs SITE_DIR /smtp/354-vs-550
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const [site, path = '/smtp/354-vs-550'] = process.argv.slice(2);
if (!site) { console.error('usage: node page-weight.mjs SITE_DIR [/url/path]'); process.exit(2); }
const file = url => {
  const clean = url.replace(/[?#].*$/, '');
  for (const f of [clean, clean + '.html', join(clean, 'index.html')]) if (existsSync(join(site, f)) && !f.endsWith('/')) return join(site, f);
  return null;
};
const htmlFile = file(path);
if (!htmlFile) { console.error(`no page for ${path} in ${site}`); process.exit(1); }
const html = readFileSync(htmlFile, 'utf8');
const attr = (re) => [...html.matchAll(re)].map(m => m[1]).filter(u => u.startsWith('/'));
const rows = [['HTML', path, htmlFile]];
for (const u of attr(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) rows.push(['CSS', u, file(u)]);
for (const u of attr(/<script[^>]+src="([^"]+)"/g)) rows.push(['JS', u, file(u)]);
for (const u of attr(/data-index="([^"]+)"/g)) rows.push(['JSON (on first search)', u, file(u)]);

const size = b => b.length;
let total = { raw: 0, gz: 0, br: 0 }, firstLoad = { raw: 0, gz: 0, br: 0 };
console.log(`page weight of ${path}`);
console.log(`  ${'kind'.padEnd(23)} ${'bytes'.padStart(8)} ${'gzip -9'.padStart(8)} ${'brotli'.padStart(8)}  url`);
for (const [kind, url, f] of rows) {
  if (!f) { console.log(`  ${kind.padEnd(23)} missing: ${url}`); continue; }
  const data = readFileSync(f);
  const raw = size(data), gz = size(gzipSync(data, { level: 9 })),
    br = size(brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  console.log(`  ${kind.padEnd(23)} ${String(raw).padStart(8)} ${String(gz).padStart(8)} ${String(br).padStart(8)}  ${url}`);
  for (const t of kind.startsWith('JSON') ? [total] : [total, firstLoad]) { t.raw += raw; t.gz += gz; t.br += br; }
}
console.log(`  ${'first load (HTML+CSS+JS)'.padEnd(23)} ${String(firstLoad.raw).padStart(8)} ${String(firstLoad.gz).padStart(8)} ${String(firstLoad.br).padStart(8)}`);
console.log(`  ${'with the search index'.padEnd(23)} ${String(total.raw).padStart(8)} ${String(total.gz).padStart(8)} ${String(total.br).padStart(8)}`);
