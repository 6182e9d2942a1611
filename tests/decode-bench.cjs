// Benchmark of the bounce decoder (issue 12: "well under 50 ms for 100 KB"). Not a test: it
// asserts nothing about time, it prints it.
//   SEARCH_SITE=output node tests/decode-bench.cjs [runs] [kilobytes]
// Builds a message of about 100 KB from a real DSN (RFC 3464 Appendix E, "Multi-Recipient DSN",
// with a Postfix/Gmail human-readable part) repeated with noise (headers, numbers, dates, host
// names, base64), then decodes it `runs` times with replyvsDecode and searches it with
// replyvsSearch, and prints the time per run and per KB.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const { replyvsDecode, replyvsSearch } = require("../themes/default/static/search.js");

const site = process.env.SEARCH_SITE || path.join(__dirname, "..", "output");
const index = JSON.parse(fs.readFileSync(path.join(site, "search-index.json"), "utf8"));
const runs = Number(process.argv[2]) || 200;
const kilobytes = Number(process.argv[3]) || 100;

const dsn = `<bob@example.com>: host gmail-smtp-in.l.google.com[142.250.102.27] said:
    550-5.1.1 The email account that you tried to reach does not exist. Please
    try 550-5.1.1 double-checking the recipient's email address for typos or
    550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1
    https://support.google.com/mail/?p=NoSuchUser a1si1234567qkb.123 - gsmtp (in reply to RCPT TO command)

Reporting-MTA: dns; cs.utk.edu

Original-Recipient: rfc822;arathib@vnet.ibm.com
Final-Recipient: rfc822;arathib@vnet.ibm.com
Action: failed
Status: 5.0.0 (permanent failure)
Diagnostic-Code: smtp;  550 'arathib@vnet.IBM.COM' is not a
 registered gateway user
Remote-MTA: dns; vnet.ibm.com

Original-Recipient: rfc822;johnh@hpnjld.njd.hp.com
Final-Recipient: rfc822;johnh@hpnjld.njd.hp.com
Action: delayed
Status: 4.0.0 (hpnjld.njd.jp.com: host name lookup failure)
`;

// Deterministic noise: a linear congruential generator, so every run builds the same message.
let seed = 12345;
function rand(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function noise() {
  const lines = [];
  lines.push(`Received: from mx${rand(99)}.example.net (mx${rand(99)}.example.net [192.0.2.${rand(255)}]) by relay.example.org with ESMTPS id ${rand(1e9).toString(36)}; Thu, ${rand(28) + 1} Jul 2024 ${rand(24)}:${rand(60)}:${rand(60)} +0000`);
  lines.push(`X-Spam-Score: ${rand(100) / 10} (${rand(1000)} tests, ${rand(500)} ms) port ${rand(65535)} size=${rand(99999)}`);
  lines.push(`Message-ID: <${rand(1e9)}.${rand(1e6)}@example.org>  Date: ${rand(31)} ${rand(12)} ${1990 + rand(40)}`);
  let line = "";
  for (let i = 0; i < 76; i++) line += b64[rand(64)];
  lines.push(line);
  lines.push(`> quoted text with numbers ${rand(1000)} ${rand(10)}.${rand(10)}.${rand(10)} and words Unavailable OK NotFound code ${rand(30)}`);
  return lines.join("\n") + "\n";
}
let text = "";
while (text.length < kilobytes * 1024) text += dsn + noise() + noise();
text = text.slice(0, kilobytes * 1024);
const kb = text.length / 1024;

// Wall time is noisy on a shared machine: the runs go in batches of ten, and the median and the
// fastest batch are printed, with the process's CPU time per run beside them.
function time(label, fn, size = kb) {
  for (let i = 0; i < 5; i++) fn(); // warm up
  const batches = [];
  const cpu0 = process.cpuUsage();
  for (let done = 0; done < runs; done += 10) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) fn();
    batches.push(Number(process.hrtime.bigint() - t0) / 1e6 / 10);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / (batches.length * 10);
  batches.sort((a, b) => a - b);
  const median = batches[Math.floor(batches.length / 2)], best = batches[0];
  console.log(`${label.padEnd(14)} ${median.toFixed(2)} ms per run (median; fastest ${best.toFixed(2)}, CPU ${cpuMs.toFixed(2)}), ` +
    `${(median / size).toFixed(3)} ms per KB (${batches.length * 10} runs, ${size.toFixed(1)} KB)`);
  return median;
}

const d = replyvsDecode(index, text);
console.log(`message: ${text.length} characters, ${text.split("\n").length} lines; ${d.codes.length} codes found: ${d.codes.slice(0, 6).map((c) => c.protocol + "/" + c.code).join(", ")}${d.codes.length > 6 ? ", ..." : ""}`);
console.log(`verdict: ${d.verdict ? `${d.verdict.outcome}, ${d.verdict.kind}, ${d.verdict.acts}` : "none"}; provider: ${d.provider ? d.provider.id : "none"}`);
time("replyvsDecode", () => replyvsDecode(index, text));
time("replyvsSearch", () => replyvsSearch(index, text));
// Linear time: the same cost per KB at a tenth of the size.
const small = text.slice(0, Math.floor(text.length / 10));
time("  at 10 KB", () => replyvsDecode(index, small), small.length / 1024);
