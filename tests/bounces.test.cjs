// The bounce corpus (issue 12), run with node's test runner against the search index of a build:
//   SEARCH_SITE=output node --test tests/bounces.test.cjs
// Every case of every tests/bounces/*.json file is decoded with the script the pages load, and
// must meet the pass bar:
//   1. every code the text shows (`codes`) is among the first three results of the search (the
//      first N when a case lists N > 3 codes);
//   2. when the case lists an enhanced status code, the first result is one of its pages;
//   3. the verdict agrees: each of `outcome`, `kind`, `acts`, `bounce` and `provider` that the
//      case gives equals what replyvsDecode says (null means "no verdict value" / "no provider").
// A file is { "source": "...", "url": "...", "cases": [ { "text", "codes": ["smtp/550", ...],
// "outcome", "kind", "acts", "provider", "name"? } ] }. Figures are printed per source and overall.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const { replyvsSearch, replyvsDecode } = require("../themes/default/static/search.js");

const site = process.env.SEARCH_SITE || path.join(__dirname, "..", "output");
const index = JSON.parse(fs.readFileSync(path.join(site, "search-index.json"), "utf8"));
const dir = path.join(__dirname, "bounces");
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
const VERDICT_KEYS = ["outcome", "kind", "acts", "bounce"];

// An enhanced-status registry is one whose codes carry the class placeholder (X.1.1).
const enhancedProtocols = new Set(index.protocols.filter((p) => p.codes.length && p.codes.every((c) => /^X\./.test(c.c))).map((p) => p.id));

function urlOf(ref) {
  const slash = ref.indexOf("/");
  const protocol = index.protocols.find((p) => p.id === ref.slice(0, slash));
  if (!protocol) return null;
  const code = protocol.codes.find((c) => c.c === ref.slice(slash + 1));
  return code ? protocol.code_url.replace("{code}", code.c) : null;
}

function short(text) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 70 ? line.slice(0, 67) + "..." : line;
}

// Checks one case; returns the figures and the reasons it fails.
function check(c) {
  const reasons = [];
  const results = replyvsSearch(index, c.text).map((r) => r.url);
  const decoded = replyvsDecode(index, c.text);
  const codes = c.codes || [];
  const depth = Math.max(3, codes.length);
  const top = results.slice(0, depth);
  const fig = { basic: 0, basicFound: 0, enhanced: 0, enhancedFound: 0, enhancedFirst: null, verdict: true };
  const enhancedUrls = [];
  for (const ref of codes) {
    const url = urlOf(ref);
    const isEnhanced = enhancedProtocols.has(ref.split("/")[0]);
    if (isEnhanced) fig.enhanced++; else fig.basic++;
    if (!url) { reasons.push(`${ref} has no page in the index`); continue; }
    if (isEnhanced) enhancedUrls.push(url);
    if (top.includes(url)) { if (isEnhanced) fig.enhancedFound++; else fig.basicFound++; }
    else reasons.push(`${ref} not in the first ${depth}: [${top.join(", ")}]`);
  }
  if (enhancedUrls.length) {
    fig.enhancedFirst = enhancedUrls.includes(results[0]);
    if (!fig.enhancedFirst) reasons.push(`first result ${results[0]} is not the enhanced code's page`);
  }
  const verdict = decoded.verdict || {};
  for (const key of VERDICT_KEYS) {
    if (!(key in c)) continue;
    const got = verdict[key] === undefined ? null : verdict[key];
    if (got !== c[key]) { fig.verdict = false; reasons.push(`${key}: ${JSON.stringify(got)}, expected ${JSON.stringify(c[key])}`); }
  }
  if ("provider" in c) {
    const got = decoded.provider ? decoded.provider.id : null;
    if (got !== c.provider) { fig.verdict = false; reasons.push(`provider: ${JSON.stringify(got)}, expected ${JSON.stringify(c.provider)}`); }
  }
  return { fig, reasons };
}

function pct(n, d) { return d ? `${((100 * n) / d).toFixed(1)}%` : "-"; }

const totals = { sources: 0, cases: 0, passed: 0, basic: 0, basicFound: 0, enhanced: 0, enhancedFound: 0, firstCases: 0, first: 0, verdictCases: 0, verdict: 0 };
const rows = [];

if (!files.length) {
  test("the bounce corpus", (t) => t.skip("tests/bounces/ has no *.json file"));
}

for (const file of files) {
  const data = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  test(`bounces: ${data.source || file} (${file})`, (t) => {
    assert.ok(Array.isArray(data.cases) && data.cases.length > 0, `${file} has no cases`);
    const s = { cases: 0, passed: 0, basic: 0, basicFound: 0, enhanced: 0, enhancedFound: 0, firstCases: 0, first: 0, verdictCases: 0, verdict: 0 };
    const failures = [];
    data.cases.forEach((c, i) => {
      assert.strictEqual(typeof c.text, "string", `${file} case ${i} has no text`);
      const { fig, reasons } = check(c);
      s.cases++;
      s.basic += fig.basic; s.basicFound += fig.basicFound;
      s.enhanced += fig.enhanced; s.enhancedFound += fig.enhancedFound;
      if (fig.enhancedFirst !== null) { s.firstCases++; if (fig.enhancedFirst) s.first++; }
      if (VERDICT_KEYS.some((k) => k in c) || "provider" in c) { s.verdictCases++; if (fig.verdict) s.verdict++; }
      if (reasons.length) failures.push(`#${i}${c.name ? " " + c.name : ""} «${short(c.text)}»\n      ${reasons.join("\n      ")}`);
      else s.passed++;
    });
    for (const k of Object.keys(s)) totals[k] += s[k];
    totals.sources++;
    const row = `${file}: ${s.passed}/${s.cases} cases pass; basic codes in the first three ${pct(s.basicFound, s.basic)} (${s.basic}), ` +
      `enhanced ${pct(s.enhancedFound, s.enhanced)} (${s.enhanced}), enhanced first ${pct(s.first, s.firstCases)}, verdict agrees ${pct(s.verdict, s.verdictCases)}`;
    rows.push(row);
    t.diagnostic(row);
    assert.ok(failures.length === 0, `${failures.length} of ${s.cases} cases fail:\n  ${failures.join("\n  ")}`);
  });
}

test("bounces: overall figures", (t) => {
  const line = `${totals.sources} sources, ${totals.cases} cases, ${totals.passed} pass (${pct(totals.passed, totals.cases)}); ` +
    `basic codes in the first three ${pct(totals.basicFound, totals.basic)} of ${totals.basic}; enhanced ${pct(totals.enhancedFound, totals.enhanced)} of ${totals.enhanced}; ` +
    `enhanced page first ${pct(totals.first, totals.firstCases)} of ${totals.firstCases}; verdict agrees ${pct(totals.verdict, totals.verdictCases)} of ${totals.verdictCases}`;
  t.diagnostic(line);
  if (process.env.BOUNCES_SUMMARY !== "0") console.log(["", "bounce corpus:", ...rows.map((r) => "  " + r), "  overall: " + line].join("\n"));
});
