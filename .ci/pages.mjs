// One page of each template in each language, as paths on the served site (see serve.mjs).
// `search` is the home page with a query typed into the search box: its results are shown
// before the page is audited or measured; `decoded` is the decoder page with a whole bounce
// message in its text area, audited with its verdict shown. `document` is the Markdown template
// (document.html): a guide and a page of the site.
import { DSN } from './bounces.mjs';

export const TEMPLATES = [
  { template: 'home', path: '/' },
  { template: 'protocol', path: '/smtp/' },
  { template: 'protocol', path: '/smtp-enhanced/' },
  { template: 'code', path: '/smtp/550' },
  { template: 'code', path: '/smtp-enhanced/X.1.1' },
  { template: 'pair', path: '/smtp/354-vs-550' },
  // HTTP's session diagram: steps that classes answer, with crowded lines of replies.
  { template: 'code', path: '/http/404' },
  { template: 'pair', path: '/http/100-vs-404' },
  { template: 'alias', path: '/smtp/550-vs-354' },
  { template: 'alias', path: '/smtp-enhanced/5.1.1' },
  { template: '404', path: '/no-such-page', status: 404 },
  { template: 'search', path: '/', type: '550' },
  { template: 'decode', path: '/decode' },
  { template: 'decoded', path: '/decode', decode: DSN },
  { template: 'document', path: '/smtp/guides/read-a-bounce' },
  { template: 'document', path: '/about' },
];
export const LANGUAGES = ['', '/tr'];

export function pages() {
  return LANGUAGES.flatMap(prefix => TEMPLATES.map(p => ({
    ...p, lang: prefix ? prefix.slice(1) : 'en', path: prefix + p.path,
    name: `${prefix ? prefix.slice(1) : 'en'} ${p.template} ${prefix + p.path}${p.type ? ` + typed "${p.type}"` : ''}${p.decode ? ` + a bounce of ${p.decode.length} characters` : ''}`,
  })));
}

// Loads a page and, for the search view, types the query and waits for the results list; for the
// decoded view, puts the text in the decoder's text area as a paste does (the value, then a
// paste event, which the decoder answers) and waits for the result.
// Alias pages forward with <meta http-equiv="refresh" content="0; url=...">. The alias page
// itself is what is checked, so every navigation after the first one of open() is answered
// with 204 No Content (the browser then stays where it is); for an alias page, the refresh
// must happen and lead to a page of the site that answers 200.
const guarded = new WeakMap();
export async function open(page, base, p) {
  if (!guarded.has(page)) {
    guarded.set(page, { left: 0, held: [] });
    await page.route('**/*', route => {
      const req = route.request(), state = guarded.get(page);
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
        if (state.left <= 0) { state.held.push(req.url()); return route.fulfill({ status: 204 }); }
        state.left--;
      }
      return route.continue();
    });
  }
  const state = guarded.get(page);
  state.left = 1; state.held = [];
  const response = await page.goto(base + p.path, { waitUntil: 'load' });
  const want = p.status || 200;
  if (!response || response.status() !== want) throw new Error(`${p.name}: HTTP ${response && response.status()}, expected ${want}`);
  if (p.template === 'alias') {
    const refresh = await page.$eval('meta[http-equiv="refresh"]', m => m.content).catch(() => null);
    if (!refresh || !/^0; url=\/\S*$/.test(refresh)) throw new Error(`${p.name}: no meta refresh into the site (${refresh})`);
    for (let i = 0; i < 50 && !state.held.length; i++) await page.waitForTimeout(20);
    const target = state.held[0];
    if (!target) throw new Error(`${p.name}: the meta refresh did not fire`);
    const status = (await page.request.get(target)).status();
    if (status !== 200 || !target.startsWith(base + '/')) throw new Error(`${p.name}: refreshes to ${target} (HTTP ${status})`);
    if (page.url() !== base + p.path) throw new Error(`${p.name}: left the page for ${page.url()}`);
  }
  // Waits of 20 s: with four audit tabs on two cores, a Turkish decoder verdict once took over 5 s
  // to appear (the index is fetched and parsed first); a decoder that never answers still fails.
  if (p.type !== undefined) {
    await page.fill('#search-input', p.type);
    await page.waitForSelector('#search-results li a, #search-results p', { timeout: 20000 });
  }
  if (p.decode !== undefined) {
    await page.fill('#decode-input', p.decode);
    await page.dispatchEvent('#decode-input', 'paste');
    await page.waitForSelector('#decode-result section, #decode-result p', { timeout: 20000 });
  }
  return response;
}
