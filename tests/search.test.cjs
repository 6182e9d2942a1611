// The site's search, run with node's test runner against the search index of a real build:
//   SEARCH_SITE=output node --test tests/search.test.cjs
// (.ci/run builds the bundled site first). The function under test is the one the pages load.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const { replyvsSearch, replyvsDecode } = require("../themes/default/static/search.js");

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

// ------------------------------------------------------------------ every protocol, both languages

const languages = [
  { name: "English", index: english, find: en },
  { name: "Turkish", index: turkish, find: tr },
];
const protocolOf = (index, id) => index.protocols.find((p) => p.id === id);
const urlOf = (index, id, code) => protocolOf(index, id).code_url.replace("{code}", code);
const pairUrlOf = (index, id, a, b) => protocolOf(index, id).pair_url.replace("{a}", a).replace("{b}", b);
const sharedBy = (index, code) => index.protocols.filter((p) => p.codes.some((c) => c.c === code)).length;

for (const { name, index, find } of languages) {
  const url = (id, code) => urlOf(index, id, code);

  test(`${name}: every code of every protocol is found by its number or spelling`, () => {
    const misses = [];
    for (const p of index.protocols) {
      for (const code of p.codes) {
        const found = find(code.c);
        const want = url(p.id, code.c);
        if (!found.includes(want)) misses.push(`${code.c}: ${found.slice(0, 3).join(" ")}`);
        else if (sharedBy(index, code.c) === 1 && found[0] !== want) misses.push(`${code.c} not first: ${found.slice(0, 3).join(" ")}`);
      }
    }
    assert.deepStrictEqual(misses, []);
  });

  test(`${name}: every alias finds its code`, () => {
    const misses = [];
    for (const p of index.protocols) {
      for (const code of p.codes) {
        for (const alias of code.a || []) {
          const found = find(alias);
          if (!found.slice(0, 3).includes(url(p.id, code.c))) misses.push(`${p.id} ${alias}: ${found.slice(0, 3).join(" ")}`);
        }
      }
    }
    assert.deepStrictEqual(misses, []);
  });

  test(`${name}: every code of the six new registries is found by its name as the index spells it`, () => {
    const misses = [];
    for (const id of ["http", "ftp", "dns", "sip", "grpc", "websocket"]) {
      for (const code of protocolOf(index, id).codes) {
        const found = find(code.n);
        if (!found.slice(0, 5).includes(url(id, code.c))) misses.push(`${id} ${code.c} "${code.n}": ${found.slice(0, 5).join(" ")}`);
      }
    }
    assert.deepStrictEqual(misses, []);
  });

  test(`${name}: names people paste find DNS and gRPC codes, in any letter case`, () => {
    assert.strictEqual(find("NXDOMAIN")[0], url("dns", "3"));
    assert.strictEqual(find("nxdomain")[0], url("dns", "3"));
    assert.strictEqual(find("SERVFAIL")[0], url("dns", "2"));
    assert.strictEqual(find("UNAVAILABLE")[0], url("grpc", "14"));
    assert.strictEqual(find("Unavailable")[0], url("grpc", "14"));
    assert.strictEqual(find("DEADLINE_EXCEEDED")[0], url("grpc", "4"));
    assert.strictEqual(find("grpc 14")[0], url("grpc", "14"));
    assert.strictEqual(find("dns 3")[0], url("dns", "3"));
    assert.deepStrictEqual(find("14"), [url("grpc", "14")], "DNS has no 14");
    assert.ok(find("3").includes(url("dns", "3")) && find("3").includes(url("grpc", "3")), find("3"));
  });

  test(`${name}: HTTP by number, by name and in a status line`, () => {
    assert.strictEqual(find("404")[0], url("http", "404"));
    assert.strictEqual(find("HTTP/1.1 404 Not Found")[0], url("http", "404"));
    assert.ok(!find("HTTP/1.1 404 Not Found").includes(url("sip", "404")), "the status line says HTTP");
    assert.strictEqual(find("HTTP/2 503")[0], url("http", "503"));
    assert.strictEqual(find("HTTP/1.1 429 Too Many Requests\nRetry-After: 120")[0], url("http", "429"));
    assert.strictEqual(find("curl: (22) The requested URL returned error: 502")[0], url("http", "502"));
  });

  test(`${name}: DNS in a dig header`, () => {
    const found = find(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242");
    assert.strictEqual(found[0], url("dns", "3"), found);
    assert.strictEqual(find(";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 17")[0], url("dns", "2"));
    const dig = "; <<>> DiG 9.18.24 <<>> example.invalid\n;; global options: +cmd\n;; Got answer:\n" +
      ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242\n;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n";
    assert.strictEqual(find(dig)[0], url("dns", "3"), find(dig));
    assert.ok(!find(dig).includes(url("dns", "1")), "QUERY: 1 is a count, not an RCODE");
  });

  test(`${name}: gRPC in an error message`, () => {
    assert.strictEqual(find("rpc error: code = Unavailable desc = connection refused")[0], url("grpc", "14"));
    assert.ok(!find("rpc error: code = Unavailable desc = connection refused").includes(url("dns", "5")), "refused is a word here");
    assert.strictEqual(find("rpc error: code = DeadlineExceeded desc = context deadline exceeded")[0], url("grpc", "4"));
    assert.strictEqual(find("io.grpc.StatusRuntimeException: UNAVAILABLE: io exception")[0], url("grpc", "14"));
    assert.strictEqual(find("grpc._channel._InactiveRpcError: status = StatusCode.NOT_FOUND")[0], url("grpc", "5"));
    assert.strictEqual(find("Error: 14 UNAVAILABLE: No connection established")[0], url("grpc", "14"));
  });

  test(`${name}: a WebSocket close code in a browser console message`, () => {
    const line = "WebSocket connection to 'wss://example.org/' failed: Connection closed before receiving a handshake response, code 1006";
    assert.strictEqual(find(line)[0], url("websocket", "1006"));
    assert.strictEqual(find("CloseEvent {isTrusted: true, wasClean: false, code: 1006, reason: ''}")[0], url("websocket", "1006"));
    assert.strictEqual(find("1001")[0], url("websocket", "1001"));
    assert.strictEqual(find("1001 vs 1006")[0], pairUrlOf(index, "websocket", "1001", "1006"));
  });

  test(`${name}: SIP by number, by status line, and its shared numbers`, () => {
    assert.strictEqual(find("486")[0], url("sip", "486"));
    assert.strictEqual(find("SIP/2.0 486 Busy Here")[0], url("sip", "486"));
    const notFound = find("SIP/2.0 404 Not Found");
    assert.strictEqual(notFound[0], url("sip", "404"), notFound);
    assert.ok(!notFound.includes(url("http", "404")), notFound);
    assert.strictEqual(find("486 vs 600")[0], pairUrlOf(index, "sip", "486", "600"));
  });

  test(`${name}: FTP replies, with the hints that tell them from SMTP`, () => {
    const login = find("530 Login incorrect.");
    assert.strictEqual(login[0], url("ftp", "530"), login);
    assert.ok(!login.includes(url("smtp", "530")), login);
    assert.strictEqual(find("226 Transfer complete")[0], url("ftp", "226"));
    assert.strictEqual(find("vsFTPd: 550 Failed to open file.")[0], url("ftp", "550"));
    assert.strictEqual(find("227 Entering Passive Mode (192,0,2,1,195,80)")[0], url("ftp", "227"));
    assert.strictEqual(find("425 vs 426")[0], pairUrlOf(index, "ftp", "425", "426"));
  });

  test(`${name}: SMTP bounce lines`, () => {
    const line = find("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");
    assert.deepStrictEqual(line.slice(0, 2), [url("smtp-enhanced", "X.1.1"), url("smtp", "550")]);
    assert.ok(!line.includes(url("ftp", "550")), "an enhanced code says the line is SMTP");
    assert.strictEqual(find("Diagnostic-Code: smtp; 552 5.2.2 Mailbox full")[0], url("smtp-enhanced", "X.2.2"));
    assert.strictEqual(find("421 4.7.0 Try again later, closing connection.")[0], url("smtp-enhanced", "X.7.0"));
  });

  test(`${name}: comparisons by name`, () => {
    assert.strictEqual(find("NXDOMAIN vs SERVFAIL")[0], pairUrlOf(index, "dns", "2", "3"));
    assert.strictEqual(find("UNAVAILABLE vs DEADLINE_EXCEEDED")[0], pairUrlOf(index, "grpc", "4", "14"));
    assert.strictEqual(find("401 vs 403")[0], pairUrlOf(index, "http", "401", "403"));
  });
}

test("HTTP, SIP and gRPC share the name Not Found; all three are found", () => {
  const found = en("Not Found");
  for (const want of ["/http/404", "/sip/404", "/grpc/5"]) assert.ok(found.slice(0, 3).includes(want), found);
  assert.strictEqual(en("Service Unavailable")[0], "/http/503");
});

// ------------------------------------------------------------------ ranking rules (issue 12)

test("an enhanced code ranks before the basic code it comes with", () => {
  assert.deepStrictEqual(en("550 5.1.1 The email account that you tried to reach does not exist").slice(0, 2), ["/smtp-enhanced/X.1.1", "/smtp/550"]);
  assert.deepStrictEqual(en("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##").slice(0, 2), ["/smtp-enhanced/X.1.1", "/smtp/550"]);
});

test("a pair page never outranks the codes of a pasted line", () => {
  const found = en("451 4.7.1 Greylisted, please try again; after 3 attempts the server said 550 5.7.1 rejected");
  const pair = found.findIndex((url) => /-vs-/.test(url));
  const codes = ["/smtp-enhanced/X.7.1", "/smtp/451", "/smtp/550"];
  for (const code of codes) assert.ok(found.includes(code), found);
  if (pair >= 0) for (const code of codes) assert.ok(found.indexOf(code) < pair, found);
});

test("a greeting continuation is not a code: 220-laposte 421 4.2.1", () => {
  const found = en("220-laposte 421 4.2.1 Service refuse. Veuillez essayer plus tard.");
  assert.ok(!found.includes("/smtp/220"), found);
  assert.deepStrictEqual(found.slice(0, 2), ["/smtp-enhanced/X.2.1", "/smtp/421"]);
  const transcript = en("220-mx.example.com ESMTP Postfix\n220 mx.example.com\n250-PIPELINING\n250 SIZE 10240000\n550 5.7.1 Client host rejected");
  assert.deepStrictEqual(transcript.slice(0, 2), ["/smtp-enhanced/X.7.1", "/smtp/550"], transcript);
});

test("an expired message and the reason inside it: X.4.7 and X.4.2 both in the first three", () => {
  const found = en("554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>");
  assert.strictEqual(found[0], "/smtp-enhanced/X.4.7", found);
  assert.ok(found.slice(0, 3).includes("/smtp-enhanced/X.4.2"), found);
  assert.ok(found.includes("/smtp/421") && !found.includes("/http/421") && !found.includes("/ftp/421"), found);
});

const simpleDsn = [
  "Reporting-MTA: dns; cs.utk.edu",
  "",
  "Original-Recipient: rfc822;louisl@larry.slip.umd.edu",
  "Final-Recipient: rfc822;louisl@larry.slip.umd.edu",
  "Action: failed",
  "Status: 4.0.0",
  "Diagnostic-Code: smtp; 426 connection timed out",
  "Last-Attempt-Date: Thu, 7 Jul 1994 17:15:49 -0400",
].join("\n");

test("a DSN's fields are read; a code found only in Status: counts", () => {
  const d = replyvsDecode(english, simpleDsn);
  assert.strictEqual(d.fields.status, "4.0.0");
  assert.strictEqual(d.fields.action, "failed");
  assert.strictEqual(d.fields.diagnostic, "smtp; 426 connection timed out");
  assert.strictEqual(d.fields.reporting_mta, "dns; cs.utk.edu");
  assert.strictEqual(d.fields.final_recipient, "rfc822;louisl@larry.slip.umd.edu");
  const status = d.codes.find((c) => c.code === "X.0.0");
  assert.ok(status && status.where === "status" && status.said === "4.0.0", JSON.stringify(d.codes));
  assert.ok(en(simpleDsn).includes("/smtp-enhanced/X.0.0"));
  assert.ok(!d.codes.some((c) => c.protocol === "ftp" || c.protocol === "http"), "smtp; 426 is an SMTP reply, not FTP's or HTTP's 426");
  assert.ok(!d.codes.some((c) => c.protocol === "dns"), "Reporting-MTA: dns; names a naming scheme, not the protocol");
  assert.strictEqual(d.verdict.outcome, "permanent", "failed is final, even with a 4.x.x status (RFC 3464 §2.3.3)");
  if (protocolOf(english, "smtp-enhanced").kinds.expired) assert.strictEqual(d.verdict.kind, "expired");
});

test("Diagnostic-Code is read, folded lines included", () => {
  const text = "Action: failed\nStatus: 5.0.0 (permanent failure)\nDiagnostic-Code: smtp;  550 'arathib@vnet.IBM.COM' is not a\n registered gateway user\nRemote-MTA: dns; vnet.ibm.com";
  const d = replyvsDecode(english, text);
  assert.strictEqual(d.fields.diagnostic, "smtp;  550 'arathib@vnet.IBM.COM' is not a registered gateway user");
  assert.strictEqual(d.fields.remote_mta, "dns; vnet.ibm.com");
  const basic = d.codes.find((c) => c.code === "550");
  assert.ok(basic && basic.protocol === "smtp" && basic.where === "diagnostic", JSON.stringify(d.codes));
  assert.strictEqual(d.verdict.outcome, "permanent");
});

test("a delayed DSN is a temporary failure", () => {
  const d = replyvsDecode(english, "Reporting-MTA: dns; sun2.nsfnet-relay.ac.uk\n\nFinal-Recipient: rfc822;thomas@de-montfort.ac.uk\nStatus: 4.0.0 (unknown temporary failure)\nAction: delayed\n");
  assert.strictEqual(d.verdict.outcome, "transient");
  assert.strictEqual(d.fields.status, "4.0.0 (unknown temporary failure)");
});

test("small numbers in prose are not DNS or gRPC codes", () => {
  const text = "Subject: Returned mail: Cannot send message for 5 days\nMessage could not be delivered for 5 days\nDate: Thu, 7 Jul 1994 17:16:05 -0400";
  const d = replyvsDecode(english, text);
  assert.deepStrictEqual(d.codes, [], JSON.stringify(d.codes));
});

const providerWith = (hint) => (english.providers || []).find((p) => (p.hints || []).some((h) => h.toLowerCase() === hint));

test("provider hints are recognised", (t) => {
  const gmail = providerWith("gsmtp"), microsoft = providerWith("storedrv");
  if (!gmail || !microsoft) return t.skip("the index has no providers with these hints");
  const g = replyvsDecode(english, "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp");
  assert.strictEqual(g.provider && g.provider.id, gmail.id);
  const m = replyvsDecode(english, "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'");
  assert.strictEqual(m.provider && m.provider.id, providerWith("resolver.adr") ? providerWith("resolver.adr").id : m.provider && m.provider.id);
  const s = replyvsDecode(english, "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded");
  assert.strictEqual(s.provider && s.provider.id, microsoft.id);
  assert.strictEqual(replyvsDecode(english, "550 5.1.1 user unknown").provider, null);
});

test("a provider's note for the code gives the verdict when it says more", (t) => {
  let found = null;
  for (const p of english.protocols) for (const code of p.codes) for (const n of code.p || []) if (!found && (n.k || n.w)) found = { p, code, n };
  if (!found) return t.skip("no provider note with its own verdict in the index");
  const provider = english.providers.find((x) => x.id === found.n.v);
  const said = found.p.codes === found.code ? found.code.c : (found.code.a || [found.code.c])[0];
  const d = replyvsDecode(english, `${said} something went wrong ${provider.hints[0]}`);
  assert.strictEqual(d.provider && d.provider.id, provider.id, JSON.stringify(d));
  if (found.n.k) assert.strictEqual(d.verdict.kind, found.n.k);
  if (found.n.w) assert.strictEqual(d.verdict.acts, found.n.w);
  assert.strictEqual(d.verdict.from.provider, provider.id);
});

test("the verdict comes from the data: outcome, hard or soft bounce, kind, who acts, first step", () => {
  const x11 = protocolOf(english, "smtp-enhanced").codes.find((c) => c.c === "X.1.1");
  const d = replyvsDecode(english, "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
  assert.strictEqual(d.verdict.outcome, "permanent");
  assert.strictEqual(d.verdict.kind, x11.k || null);
  assert.strictEqual(d.verdict.acts, x11.w || null);
  assert.strictEqual(d.verdict.first_step, x11.f || null);
  assert.strictEqual(d.verdict.from.code, "X.1.1");
  if (x11.k === "address") assert.strictEqual(d.verdict.bounce, "hard");
  const soft = replyvsDecode(english, "452 4.2.2 The recipient's inbox is out of storage space.");
  assert.strictEqual(soft.verdict.outcome, "transient");
  if (Object.keys(protocolOf(english, "smtp").kinds).length) assert.strictEqual(soft.verdict.bounce, "soft");
  const ok = replyvsDecode(english, "250 2.0.0 OK 1717000000 a1si123 - gsmtp");
  assert.strictEqual(ok.verdict.outcome, "success");
  assert.strictEqual(ok.verdict.bounce, null);
  assert.strictEqual(replyvsDecode(english, "hello there").verdict, null);
});

test("the decoder lists codes in the order of the transcript, each once", () => {
  const d = replyvsDecode(english, "554 4.4.7 Message expired <421 4.4.2 Connection timed out> and again 421 4.4.2");
  assert.deepStrictEqual(d.codes.map((c) => c.code), ["X.4.7", "554", "X.4.2", "421"]);
  assert.ok(d.pairs.some((p) => p.url === "/smtp/421-vs-554"), JSON.stringify(d.pairs));
});

test("the decoder's answer has the shape of the spec", () => {
  const d = replyvsDecode(english, "550 5.1.1 user unknown");
  for (const key of ["codes", "fields", "provider", "verdict", "pairs"]) assert.ok(key in d, key);
  for (const key of ["protocol", "code", "said", "url", "label", "where"]) assert.ok(key in d.codes[0], key);
  for (const key of ["outcome", "bounce", "kind", "acts", "first_step", "from"]) assert.ok(key in d.verdict, key);
});

test("labels name a code with its protocol's short prefix, not the registry's title", () => {
  const d = replyvsDecode(english, "550 5.1.1 user unknown; also 5.2.2 mailbox full");
  const enhanced = d.codes.find((c) => c.code === "X.1.1");
  assert.ok(enhanced.label.startsWith("SMTP X.1.1"), enhanced.label);
  assert.ok(d.pairs.some((p) => p.label.includes("SMTP X.1.1 vs X.2.2")), JSON.stringify(d.pairs.map((p) => p.label)));
});

test("an unregistered enhanced detail is read at its subject (RFC 3463 §2) and reported", () => {
  const d = replyvsDecode(english, "550 5.7.999 Something the registry does not list");
  const generic = d.codes.find((c) => c.protocol === "smtp-enhanced");
  assert.ok(generic && generic.code === "X.7.0" && generic.said === "5.7.999" && generic.generic, JSON.stringify(d.codes));
  assert.ok(d.unknown.some((u) => u.said === "5.7.999"));
});

test("the returned message and HTML noise do not give codes", () => {
  const text = [
    "Reporting-MTA: dns; mail.example.net",
    "",
    "Final-Recipient: rfc822; bob@example.com",
    "Action: failed",
    "Status: 5.1.1",
    "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown [416]",
    "",
    "--BOUNDARY",
    "Content-Type: message/rfc822",
    "",
    "From: alice@example.net",
    "Received: by mail-wr1-f41.google.com with SMTP id 123",
    "Content-Type: text/html",
    "",
    "<p style=\"font-weight: 400; width: 100%\">Hello <img width=\"300\" height=\"250\"> color: #555 !important</p>",
    "Status: 5.3.5",
    "Diagnostic-Code: smtp; 553 5.3.5 an older bounce quoted in the message",
  ].join("\n");
  const d = replyvsDecode(english, text);
  assert.deepStrictEqual(d.codes.map((c) => `${c.protocol}/${c.code}`), ["smtp-enhanced/X.1.1", "smtp/550"]);
  assert.strictEqual(d.fields.status, "5.1.1");
  assert.strictEqual(d.provider, null, "the returned message's Received line names the sender's provider, not the one that refused");
  assert.deepStrictEqual(en(text).slice(0, 2), ["/smtp-enhanced/X.1.1", "/smtp/550"]);
});

test("a hint starts a word: FTP inside base64 is no FTP hint", () => {
  const found = en("Remote host said: 550 mailbox unavailable\n\nZm9vYmFyIGxhZnRwbXRsbm5vanZiaXk5ZmFm laftpmtlnnojvbiy9fafgslkjlhl");
  assert.ok(found.includes("/smtp/550") && !found.includes("/ftp/550"), found);
});

test("a 100 KB message decodes (no timing asserted; see tests/decode-bench.cjs)", () => {
  const text = (simpleDsn + "\n" + "x".repeat(200) + " 123 45 6.7.8 ").repeat(300);
  const d = replyvsDecode(english, text);
  assert.ok(d.codes.some((c) => c.code === "X.0.0"));
  assert.ok(en(text).length > 0);
});

test("the script renders as text only and asks for nothing but the site's index", () => {
  const source = fs.readFileSync(path.join(__dirname, "..", "themes", "default", "static", "search.js"), "utf8");
  for (const banned of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "XMLHttpRequest(", "import("]) {
    assert.ok(!source.includes(banned), banned);
  }
  assert.strictEqual(source.split("fetch(").length - 1, 1, "one fetch: the index");
  assert.ok(!/["'`]https?:\/\//.test(source), "no absolute URL in the script");
});
