// The site's search, run with node's test runner against the search index of a real build:
//   SEARCH_SITE=output node --test tests/search.test.cjs
// (.ci/run builds the bundled site first). The function under test is the one the pages load.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const { replyvsSearch } = require("../themes/default/static/search.js");

const site = process.env.SEARCH_SITE || path.join(__dirname, "..", "output");
const english = JSON.parse(fs.readFileSync(path.join(site, "search-index.json"), "utf8"));
const turkish = JSON.parse(fs.readFileSync(path.join(site, "tr", "search-index.json"), "utf8"));
const en = (query) => replyvsSearch(english, query, { lang: "en", compare: "Compare", vs: "vs" }).map((r) => r.url);
const tr = (query) => replyvsSearch(turkish, query, { lang: "tr", compare: "Karşılaştır", vs: "ile" }).map((r) => r.url);

test("a code number finds its page first", () => {
  assert.strictEqual(en("550")[0], "/smtp/550");
});

test("an enhanced code finds the registry row through its alias", () => {
  assert.deepStrictEqual(en("5.1.1"), ["/smtp-enhanced/X.1.1"]);
});

test("a pasted bounce line finds the basic and the enhanced code", () => {
  const found = en("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
  assert.ok(found.includes("/smtp/550"), found);
  assert.ok(found.includes("/smtp-enhanced/X.1.1"), found);
});

test("two codes of one protocol give their comparison first", () => {
  assert.strictEqual(en("421 vs 450")[0], "/smtp/421-vs-450");
  assert.strictEqual(en("550 or 450?")[0], "/smtp/450-vs-550", "the pair URL is in canonical order");
});

test("words find codes by name in the page's language", () => {
  assert.ok(en("mailbox").includes("/smtp/550"));
  const kutu = tr("kutu");
  assert.ok(kutu.length > 0 && kutu.every((url) => url.startsWith("/tr/")), kutu);
  assert.ok(kutu.includes("/tr/smtp/550"), kutu);
});

test("nothing is found for text that names no code", () => {
  assert.deepStrictEqual(en("zzzz qqqq"), []);
  assert.deepStrictEqual(en("571"), [], "571 is not a valid reply code");
});
