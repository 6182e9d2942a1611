// replyvs search and bounce decoder: offline, from the generated search index (version 2).
//
// One pure engine, two entry points, both exported for node (tests/search.test.cjs,
// tests/bounces.test.cjs, tests/decode-bench.cjs):
//   replyvsDecode(index, text)            -> every code a pasted text carries, the RFC 3464 fields,
//                                            the provider and a verdict
//   replyvsSearch(index, query, options)  -> the search box's results, at most 10 { url, label }
// The rest of the file wires them to the page: the search box of every page (form.search) and the
// decode page (form#decode). Nothing is ever inserted as markup, and nothing is fetched but the
// index named by the page.
//
// Codes are recognised by lookup, never by a fixed shape: the text is cut into tokens (runs of
// ASCII letters, digits, "." and "_"), and a token is a code of a protocol when it is one of its
// codes, aliases or one-word names. Context decides the rest: the protocols' hints, the words
// before a token, the RFC 3464 fields, and the data-free rules of RFC 5321 and RFC 3463 (a reply
// line starts with its code, an enhanced code follows the basic one, `220-` is a continuation).
// Everything is one pass over the text plus look-ups: linear time, no backtracking expressions.

var replyvsEngine = (function () {
  "use strict";

  // Words that, right before a number or a name, say that it is a code ("code = 14",
  // "status: NXDOMAIN", "rcode 3", "codes.Unavailable").
  var CONTEXT = set("code codes status rcode statuscode status_code error errno errorcode error_code close closecode close_code reason");
  // Words after which a number is in a reply position ("host said: 550", "returned 550").
  var REPLY_WORDS = set("said says returned reply replied response responded answer answered error code status rcode smtp esmtp lmtp");
  // Words a comparison query may hold beside its two codes.
  var CONNECTORS = set("vs v versus or and to against compared compare comparison with difference differences between the what is ile veya ya da de mi mı karşı fark farkı farklar arasındaki arasında kıyas karşılaştır karşılaştırma");
  // RFC 3464 fields: the message-level ones (the rest are per recipient), then all of them.
  var MESSAGE_FIELDS = set("reporting-mta dsn-gateway received-from-mta arrival-date original-envelope-id");
  var FIELD_NAMES = ["reporting-mta", "dsn-gateway", "received-from-mta", "arrival-date", "original-envelope-id", "original-recipient",
    "final-recipient", "action", "status", "remote-mta", "diagnostic-code", "last-attempt-date", "final-log-id", "will-retry-until"];
  var ACTIONS = { failed: "failed", failure: "failed", delayed: "delayed", expired: "delayed", delivered: "delivered", deliverable: "delivered", relayed: "relayed", expanded: "expanded" };
  var FAILURE = { transient: true, permanent: true };
  // RFC 3463 §2: the class digit of an enhanced status code.
  var ENHANCED_CLASS = { "2": "success", "4": "transient", "5": "permanent" };
  var MAX_RESULTS = 10;
  var RETURNED_MARKERS = ["content-type: message/rfc822", "content-type: text/rfc822-headers", "content-type: message/global",
    "------ this is a copy of the message", "--- below this line is a copy of the message", "original message headers:"];

  function set(words) {
    var out = Object.create(null);
    words.split(" ").forEach(function (w) { out[w] = true; });
    return out;
  }
  function isDigit(c) { return c >= 48 && c <= 57; }
  // Lower case with every position kept (String#toLowerCase may lengthen "İ"): ASCII only.
  function asciiLower(text) {
    var lower = text.toLowerCase();
    return lower.length === text.length ? lower : text.replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }
  function isAsciiLetter(c) { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }
  function isTokenChar(c) { return isDigit(c) || isAsciiLetter(c) || c === 46 || c === 95; }
  function allDigits(s) {
    if (!s.length) return false;
    for (var i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
    return true;
  }
  function hasLetter(s) {
    for (var i = 0; i < s.length; i++) if (isAsciiLetter(s.charCodeAt(i))) return true;
    return false;
  }
  // `5.1.1`, `4.7.650`: DIGIT "." 1*3DIGIT "." 1*3DIGIT (RFC 3463 §2, RFC 3464 §2.3.4).
  function enhancedShape(s) {
    var n = s.length;
    if (n < 5 || n > 9 || !isDigit(s.charCodeAt(0)) || s.charCodeAt(1) !== 46) return false;
    var i = 2, run = 0, dots = 0;
    for (; i < n; i++) {
      var c = s.charCodeAt(i);
      if (isDigit(c)) { if (++run > 3) return false; }
      else if (c === 46) { if (run === 0 || ++dots > 1) return false; run = 0; }
      else return false;
    }
    return dots === 1 && run > 0;
  }
  function tri(a, b, c) { return ((a & 31) << 10) | ((b & 31) << 5) | (c & 31); } // ASCII, lower case: letters are distinct
  function hasUpper(text, from, to) {
    for (var i = from; i < to; i++) { var c = text.charCodeAt(i); if (c >= 65 && c <= 90) return true; }
    return false;
  }
  function upperCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c >= 65 && c <= 90) n++; }
    return n;
  }
  function lowerCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c >= 97 && c <= 122) n++; }
    return n;
  }
  // A name that can stand as one token and does not read as an ordinary word: NXDomain,
  // UNAVAILABLE, DEADLINE_EXCEEDED, OK (but not Found, Gone, Continue, Refused).
  function identifierLike(s) { return s.indexOf("_") >= 0 || upperCount(s) >= 2; }
  // As written in the text: DEADLINE_EXCEEDED, NotFound, NXDomain (but not NXDOMAIN or Unavailable).
  function distinctiveAsWritten(s) { return s.indexOf("_") >= 0 || (upperCount(s) >= 2 && lowerCount(s) >= 1); }
  function singleToken(s) {
    if (!s.length) return false;
    for (var i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
    return s.charCodeAt(0) !== 46 && s.charCodeAt(s.length - 1) !== 46;
  }

  // ---------------------------------------------------------------- the index, prepared once

  var cache = typeof WeakMap === "function" ? new WeakMap() : null;

  function prepare(index) {
    if (cache && cache.has(index)) return cache.get(index);
    var protocols = (index.protocols || []).map(function (p, pi) {
      var placeholder = p.codes.length > 0 && p.codes.every(function (c) { return /^X\.[0-9]/.test(c.c); });
      var classDigits = {};
      if (placeholder) p.codes.forEach(function (c) { (c.a || []).forEach(function (a) { if (enhancedShape(a)) classDigits[a.charAt(0)] = true; }); });
      var examples = Object.create(null);
      (p.examples || []).forEach(function (e) { tokenize(String(e)).tokens.forEach(function (t) { examples[t.l] = true; }); });
      var words = [];
      [p.id, p.name].forEach(function (w) { if (w && singleToken(w) && hasLetter(w)) words.push(w.toLowerCase()); });
      return {
        i: pi, p: p, id: p.id, placeholder: placeholder, classDigits: classDigits, examples: examples, words: words,
        hints: (p.hints || []).map(function (h) { return asciiLower(String(h)); }).filter(function (h) { return h.length > 0; }),
        byCode: Object.create(null), siblings: [], expired: null
      };
    });
    var table = new Map(), maxKey = 0;
    function add(key, pi, ci, form) {
      key = key.toLowerCase();
      if (key.length > maxKey) maxKey = key.length;
      var list = table.get(key);
      if (!list) { list = []; table.set(key, list); }
      for (var i = 0; i < list.length; i++) if (list[i].p === pi) return; // the first spelling of a protocol wins
      list.push({ p: pi, c: ci, form: form });
    }
    function formOf(s) {
      if (allDigits(s)) return s.length <= 2 ? "short" : "number";
      if (s.indexOf(".") >= 0 && /[0-9]/.test(s)) return "dotted";
      return "name";
    }
    protocols.forEach(function (P) {
      P.p.codes.forEach(function (code, ci) {
        P.byCode[code.c.toLowerCase()] = ci;
        if (singleToken(code.c)) add(code.c, P.i, ci, formOf(code.c));
        (code.a || []).forEach(function (a) { if (singleToken(a) && (formOf(a) !== "name" || hasLetter(a))) add(a, P.i, ci, formOf(a)); });
        if (code.n && singleToken(code.n) && hasLetter(code.n) && identifierLike(code.n)) add(code.n, P.i, ci, "name");
        if (P.expired === null && code.k === "expired") P.expired = ci;
      });
    });
    // Siblings: registries that are read together (SMTP and its enhanced codes). From the data:
    // they share a hint, or one id extends the other (`smtp`, `smtp-enhanced`).
    protocols.forEach(function (A) {
      protocols.forEach(function (B) {
        if (A === B) return;
        var related = B.id.indexOf(A.id + "-") === 0 || A.id.indexOf(B.id + "-") === 0 ||
          A.hints.some(function (h) { return B.hints.indexOf(h) >= 0; });
        if (related) A.siblings.push(B.i);
      });
    });
    var nameWords = new Map(); // protocol id or one-word name -> protocols
    protocols.forEach(function (P) { P.words.forEach(function (w) { if (w.length > maxKey) maxKey = w.length; if (nameWords.has(w)) nameWords.get(w).push(P.i); else nameWords.set(w, [P.i]); }); });
    Object.keys(CONTEXT).concat(Object.keys(REPLY_WORDS), Object.keys(CONNECTORS)).forEach(function (w) { if (w.length > maxKey) maxKey = w.length; });
    // Every hint of the protocols and of the providers, found in one pass over the text: a table
    // from the first two characters of a hint to the hints that start with them.
    var hintList = [], hintTable = new Map(), hintPairs = new Uint8Array(128 * 128), hintTri = new Uint8Array(32768), wideHints = false;
    function addHint(h, owner, id) {
      h = asciiLower(String(h));
      if (h.length < 2) return;
      // A hint that starts with a letter or digit starts a word: "FTP" is not found in base64.
      var entry = { h: h, owner: owner, id: id, n: hintList.length, word: isDigit(h.charCodeAt(0)) || isAsciiLetter(h.charCodeAt(0)) };
      hintList.push(entry);
      var key = h.charCodeAt(0) * 65536 + h.charCodeAt(1);
      if (h.charCodeAt(0) < 128 && h.charCodeAt(1) < 128) {
        if (h.length === 2) hintPairs[h.charCodeAt(0) * 128 + h.charCodeAt(1)] = 1;
        else hintTri[tri(h.charCodeAt(0), h.charCodeAt(1), h.charCodeAt(2))] = 1;
      } else wideHints = true;
      var bucket = hintTable.get(key);
      if (bucket) bucket.push(entry); else hintTable.set(key, [entry]);
    }
    protocols.forEach(function (P) { P.hints.forEach(function (h) { addHint(h, "protocol", P.i); }); });
    (index.providers || []).forEach(function (prov, vi) { (prov.hints || []).forEach(function (h) { addHint(h, "provider", vi); }); });
    FIELD_NAMES.forEach(function (name, fi) { addHint(name, "field", fi); });
    var prepared = { index: index, protocols: protocols, table: table, nameWords: nameWords, maxKey: maxKey, hintList: hintList, hintTable: hintTable, hintPairs: hintPairs, hintTri: hintTri, wideHints: wideHints, folded: null, foldedLang: null };
    if (cache) cache.set(index, prepared);
    return prepared;
  }

  // ---------------------------------------------------------------- tokens and lines

  // Tokens longer than `maxLen` (base64, long ids) can be no code and no word the engine reads:
  // they keep empty strings, unless a dot may split them into such words (StatusCode.UNAVAILABLE).
  function tokenize(text, lower, maxLen) {
    if (lower === undefined) lower = asciiLower(text);
    if (!maxLen) maxLen = Infinity;
    var tokens = [], lines = [0], n = text.length, i = 0, line = 0;
    while (i < n) {
      var c = text.charCodeAt(i);
      if (c === 10) { line++; lines.push(i + 1); i++; continue; }
      if (!isTokenChar(c)) { i++; continue; }
      var s = i, dotted = false;
      while (i < n && isTokenChar(c = text.charCodeAt(i))) { if (c === 46) dotted = true; i++; }
      var a = s, b = i;
      while (a < b && text.charCodeAt(a) === 46) a++;
      while (b > a && text.charCodeAt(b - 1) === 46) b--;
      if (a < b) tokens.push({ s: a, e: b, l: b - a <= maxLen || dotted ? lower.slice(a, b) : "", line: line });
    }
    return { tokens: tokens, lines: lines };
  }

  function lineOf(lines, pos) {
    var lo = 0, hi = lines.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (lines[mid] <= pos) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // ---------------------------------------------------------------- RFC 3464 fields

  // Finds `Name: value` for the DSN fields anywhere (a whole message, or a flattened line), with
  // RFC 822 folding: a following line that is indented more than the field's line continues it.
  // `hits`: where the field names occur, in text order (from the one pass over the text).
  function findFields(text, lower, lines, hits) {
    var found = [];
    hits.forEach(function (hit) {
      var name = hit.name, at = hit.at;
      var before = at > 0 ? lower.charCodeAt(at - 1) : 32;
      if (isTokenChar(before) || before === 45) return;
      var j = at + name.length;
      while (j < lower.length && (lower.charCodeAt(j) === 32 || lower.charCodeAt(j) === 9)) j++;
      if (lower.charCodeAt(j) !== 58) return; // ':'
      found.push({ name: name, at: at, valueStart: j + 1 });
    });
    var fields = [];
    for (var k = 0; k < found.length; k++) {
      var f = found[k];
      var line = lineOf(lines, f.at);
      var lineEnd = line + 1 < lines.length ? lines[line + 1] - 1 : text.length;
      var next = k + 1 < found.length ? found[k + 1].at : text.length;
      var end = Math.min(lineEnd, next);
      var parts = [text.slice(f.valueStart, end)];
      if (end === lineEnd) {
        var indent = indentOf(text, lines[line]);
        var l = line + 1;
        while (l < lines.length) {
          var ls = lines[l], le = l + 1 < lines.length ? lines[l + 1] - 1 : text.length;
          if (next < le) break;              // the next field starts on that line
          var ind = indentOf(text, ls);
          if (ind <= indent || ls + ind >= le) break; // not indented further, or blank
          parts.push(text.slice(ls + ind, le));
          end = le;
          l++;
        }
      }
      var value = parts.map(function (p) { return p.replace(/\r$/, "").trim(); }).join(" ").trim();
      fields.push({ name: f.name, at: f.at, valueStart: f.valueStart, end: end, value: value });
    }
    return fields.filter(function (f) {
      if (f.name === "status") return enhancedShape(f.value.split(/[\s(;,]/)[0]);
      if (f.name === "action") return ACTIONS[f.value.split(/[\s(;,]/)[0].toLowerCase()] !== undefined;
      return f.value.length > 0;
    });
  }

  function indentOf(text, from) {
    var i = from;
    while (i < text.length) { var c = text.charCodeAt(i); if (c === 32 || c === 9 || c === 62) i++; else break; } // '>' quotes
    return i - from;
  }

  function fieldKey(name) { return name === "diagnostic-code" ? "diagnostic" : name.replace(/-/g, "_"); }

  // Per-message fields, then per-recipient groups; the group reported is the first that failed,
  // else the first delayed one, else the first.
  function groupFields(list) {
    var message = {}, groups = [], current = null;
    list.forEach(function (f) {
      var key = fieldKey(f.name);
      if (MESSAGE_FIELDS[f.name]) { if (message[key] === undefined) message[key] = f.value; return; }
      if (!current || current.values[key] !== undefined ||
          ((f.name === "original-recipient" || f.name === "final-recipient") && (current.values.action !== undefined || current.values.status !== undefined))) {
        current = { values: {}, spans: [] };
        groups.push(current);
      }
      current.values[key] = f.value;
      current.spans.push(f);
    });
    var chosen = null;
    ["failed", "delayed"].some(function (want) {
      chosen = groups.filter(function (g) { return g.values.action && ACTIONS[g.values.action.split(/[\s(;,]/)[0].toLowerCase()] === want; })[0] || null;
      return chosen !== null;
    });
    if (!chosen) chosen = groups[0] || null;
    var out = {};
    Object.keys(message).forEach(function (k) { out[k] = message[k]; });
    if (chosen) Object.keys(chosen.values).forEach(function (k) { out[k] = chosen.values[k]; });
    return { fields: out, chosen: chosen };
  }

  // ---------------------------------------------------------------- recognising codes

  function analyse(prepared, text) {
    text = String(text || "");
    var lower = asciiLower(text);
    var tk = tokenize(text, lower, prepared.maxKey), tokens = tk.tokens, lines = tk.lines;
    var P = prepared.protocols;
    var nonEmptyLines = 0;
    for (var l = 0; l < lines.length && nonEmptyLines < 2; l++) {
      var le = l + 1 < lines.length ? lines[l + 1] - 1 : text.length;
      for (var ci = lines[l]; ci < le; ci++) { var ch = text.charCodeAt(ci); if (ch !== 32 && ch !== 9 && ch !== 13) { nonEmptyLines++; break; } }
    }
    var oneLine = nonEmptyLines <= 1;
    var shortText = oneLine && tokens.length <= 16;

    // Hints: case-insensitive substrings of the protocols' `hints`, and the protocols' own names
    // as words ("sip 486", "SMTP error"), except in a URL scheme or an RFC 3464 type sub-field.
    var hintCount = P.map(function () { return 0; });
    var hintLines = P.map(function () { return Object.create(null); });
    var seenHint = new Uint8Array(prepared.hintList.length);
    var lastLine = new Int32Array(prepared.hintList.length).fill(-1);
    var providerHits = []; // { provider, hint, at, line }: the first of each hint on each line
    var fieldHits = [];
    var table = prepared.hintTable, pairs = prepared.hintPairs, tris = prepared.hintTri, wide = prepared.wideHints, hl = 0;
    for (var hi = 0, hn = lower.length; hi + 1 < hn; hi++) {
      var c0 = lower.charCodeAt(hi);
      if (c0 === 10) { hl++; continue; }
      var c1 = lower.charCodeAt(hi + 1);
      if (c0 < 128 && c1 < 128) {
        if (!pairs[c0 * 128 + c1] && !(hi + 2 < hn && tris[tri(c0, c1, lower.charCodeAt(hi + 2))])) continue;
      } else if (!wide) continue;
      var bucket = table.get(c0 * 65536 + c1);
      if (!bucket) continue;
      for (var bi = 0; bi < bucket.length; bi++) {
        var H = bucket[bi];
        if (lastLine[H.n] === hl || !lower.startsWith(H.h, hi)) continue;
        if (H.word && hi > 0 && (isDigit(lower.charCodeAt(hi - 1)) || isAsciiLetter(lower.charCodeAt(hi - 1)))) continue;
        lastLine[H.n] = hl;
        if (H.owner === "protocol") {
          if (!seenHint[H.n]) { seenHint[H.n] = 1; hintCount[H.id]++; }
          hintLines[H.id][hl] = true;
        } else if (H.owner === "provider") providerHits.push({ provider: H.id, hint: H.n, at: hi, line: hl });
        else { lastLine[H.n] = -1; fieldHits.push({ name: H.h, at: hi }); } // every field, even two on a line
      }
    }
    // The returned message (RFC 6522 §3, part 3, or an MTA's "copy of the message" line) tells
    // nothing about this failure: its codes (CSS `font-weight: 400`, an older bounce) rank last.
    var returnedAt = Infinity;
    RETURNED_MARKERS.forEach(function (m) {
      var at = lower.indexOf(m);
      if (at >= 0 && at < returnedAt) returnedAt = at;
    });
    // The top header block of a pasted message (up to its first blank line): the bounce's own
    // routing, whose hosts say who delivers the report, not who refused the message.
    var headerEnd = 0;
    if (/^(?:[A-Za-z][A-Za-z0-9-]*:|From )/.test(text.slice(0, 80))) {
      var blank = text.search(/\r?\n[ \t]*\r?\n/);
      headerEnd = blank < 0 ? text.length : blank;
    }

    // Fields and their zones; those of an older report inside the returned message are left out.
    var fieldList = findFields(text, lower, lines, fieldHits);
    if (fieldList.some(function (f) { return f.at < returnedAt; })) fieldList = fieldList.filter(function (f) { return f.at < returnedAt; });
    var grouped = groupFields(fieldList);
    var zones = fieldList.filter(function (f) { return f.name === "status" || f.name === "diagnostic-code"; })
      .map(function (f) {
        return { s: f.valueStart, e: f.end, where: f.name === "status" ? "status" : "diagnostic", status: f.name === "status",
          chosen: !!grouped.chosen && grouped.chosen.spans.indexOf(f) >= 0 };
      });
    var mtaZones = fieldList.filter(function (f) { return /-mta$|gateway|recipient/.test(f.name); }).map(function (f) { return { s: f.valueStart, e: f.end }; });
    var inZone = cursor(zones), inMtaZone = cursor(mtaZones);

    tokens.forEach(function (tok) {
      var ps = prepared.nameWords.get(tok.l);
      if (!ps) return;
      var after = text.slice(tok.e, tok.e + 3);
      if (after === "://") return;
      if (after.charAt(0) === ";" && inMtaZone(tok.s)) return;
      ps.forEach(function (pi) { hintCount[pi]++; hintLines[pi][tok.line] = true; });
    });

    // Raw candidates per token (and per dotted segment of a token such as StatusCode.UNAVAILABLE).
    var occs = [];
    var unknown = [];
    function lookup(key) {
      var refs = prepared.table.get(key);
      if (refs) return refs;
      if (enhancedShape(key)) {
        var out = [];
        P.forEach(function (proto) {
          if (!proto.placeholder || !proto.classDigits[key.charAt(0)]) return;
          var rest = key.slice(1);
          var ci = proto.byCode["x" + rest];
          if (ci !== undefined) { out.push({ p: proto.i, c: ci, form: "dotted" }); return; }
          // RFC 3463 §2: a client that does not know the detail reads the subject (X.7.509 as X.7.0).
          var subject = rest.split(".")[1];
          var gi = proto.byCode["x." + subject + ".0"];
          unknown.push({ protocol: proto.id, said: key });
          if (gi !== undefined) out.push({ p: proto.i, c: gi, form: "dotted", generic: true });
        });
        return out;
      }
      return null;
    }
    // A code repeated many times says nothing new after its first few occurrences (a Gmail reply
    // repeats `550-5.1.1` on every line): past 16, only those in a field are read, and none past
    // 256. This keeps a text made of nothing but codes about as fast as a real message.
    var seenTimes = new Map(), inFieldZone = cursor(zones);
    for (var ti = 0; ti < tokens.length; ti++) {
      var tok = tokens[ti];
      // `HTTP/2`, `SIP/2.0`: a protocol's version, not a code.
      if (ti > 0 && tokens[ti - 1].e === tok.s - 1 && text.charCodeAt(tok.s - 1) === 47 && prepared.nameWords.has(tokens[ti - 1].l)) { tok.version = true; continue; }
      if (!tok.l) continue;
      var times = seenTimes.get(tok.l) || 0;
      if (times >= 16 && (times >= 256 || !inFieldZone(tok.s))) continue;
      var refs = lookup(tok.l);
      if (refs) seenTimes.set(tok.l, times + 1);
      if (refs && refs.length) { occs.push({ ti: ti, s: tok.s, e: tok.e, said: text.slice(tok.s, tok.e), line: tok.line, raw: refs, prevWord: ti > 0 ? tokens[ti - 1] : null }); continue; }
      // A dotted name with a capital (StatusCode.UNAVAILABLE, codes.Unavailable): its parts.
      if (tok.l.indexOf(".") > 0 && hasUpper(text, tok.s, tok.e)) {
        var segs = text.slice(tok.s, tok.e).split("."), off = tok.s;
        for (var si = 0; si < segs.length; si++) {
          var seg = segs[si];
          var r = seg && hasLetter(seg) ? prepared.table.get(seg.toLowerCase()) : null;
          if (r && r.length) {
            occs.push({ ti: ti, s: off, e: off + seg.length, said: seg, line: tok.line, raw: r,
              prevWord: si > 0 ? { l: segs[si - 1].toLowerCase(), s: off - 1 - segs[si - 1].length, e: off - 1, line: tok.line } : (ti > 0 ? tokens[ti - 1] : null), segment: true });
          }
          off += seg.length + 1;
        }
      }
    }

    // Is the whole query made of codes, connectors and protocol names ("3", "dns 3", "421 vs 450")?
    var occByToken = Object.create(null);
    if (oneLine && tokens.length <= 8) occs.forEach(function (o) { if (!o.segment) occByToken[o.ti] = o; });
    var codeish = oneLine && tokens.length > 0 && tokens.length <= 8 && tokens.every(function (t, i) {
      var w = t.l;
      return occByToken[i] || CONNECTORS[w] || prepared.nameWords.has(w) || t.version;
    });
    if (codeish) {
      var rest = text.replace(/[A-Za-z0-9._]+/g, " ");
      codeish = !/[^\s\p{P}\p{S}]/u.test(rest); // no other letters (a Turkish word would be left here)
    }

    // A query of names ("NXDOMAIN vs SERVFAIL") takes every name; in "250 OK" the OK is a word.
    var namesOnly = occs.every(function (o) { return o.raw.some(function (r) { return r.form === "name"; }); });

    function sep(a, b) { return a && b && a.line === b.line && b.s - a.e <= 12 ? text.slice(a.e, b.s) : null; }
    // Is the code next to this one the same code in another form (`14 UNAVAILABLE`, `3 (NXDOMAIN)`)?
    function adjacentSame(k, r) {
      var o = occs[k];
      for (var d = -1; d <= 1; d += 2) {
        var n = occs[k + d];
        if (!n || n.line !== o.line) continue;
        var g = d < 0 ? sep(n, o) : sep(o, n);
        if (g === null || !/^[\s:()\[\]-]{0,3}$/.test(g)) continue;
        for (var x = 0; x < n.raw.length; x++) if (n.raw[x].p === r.p && n.raw[x].c === r.c && n.raw[x].form !== r.form) return true;
      }
      return false;
    }
    // A number in a reply position of a long text: at the start of a line, after a reply word or a
    // separator (`said: 550`, `smtp;550`, `<421`), before an enhanced code, or on a hint's line.
    function positional(o, prev, gap, prevLower, context, family, withEnhanced, refs) {
      var strong = !prev || o.enhanced || withEnhanced || context || REPLY_WORDS[prevLower] === true || family !== null;
      for (var q = 0; !strong && q < refs.length; q++) if (hintLines[refs[q].p][o.line]) strong = true;
      if (!strong && gap !== null) { var g = gap.replace(/\s+$/, ""); strong = g.length > 0 && ";:<('\">*=|".indexOf(g.charAt(g.length - 1)) >= 0; }
      return strong ? 2 : 1;
    }

    // Gating, position and family of each occurrence.
    var kept = [];
    occs.forEach(function (o, k) {
      var prev = o.prevWord && o.prevWord.line === o.line ? o.prevWord : null;
      var gap = prev ? sep(prev, o) : null;
      var prevLower = prev ? prev.l : "";
      var context = prev !== null && gap !== null && CONTEXT[prevLower] === true && /^[\s:=({\[]*$/.test(gap);
      var zone = inZone(o.s);
      var refs = [];
      o.raw.forEach(function (r) {
        for (var q = 0; q < refs.length; q++) if (refs[q].p === r.p) return;
        var ok = true;
        if (r.form === "short" || r.form === "name") {
          var adjacent = adjacentSame(k, r);
          if (r.form === "short") ok = codeish || context || adjacent || (hintCount[r.p] > 0 && shortText);
          else ok = (codeish && namesOnly) || context || adjacent || distinctiveAsWritten(o.said) || (hintCount[r.p] > 0 && identifierLike(o.said));
        }
        if (ok) refs.push(r);
      });
      if (!refs.length) return;

      // The family the text names right before the code: `smtp; 550` (an RFC 3464 diagnostic
      // type), `HTTP/1.1 404`, `SIP/2.0 486`, `smtp 550`.
      var family = null;
      if (prev && gap !== null) {
        var named = prepared.nameWords.get(prevLower);
        if (named && /^[\s;:]*$/.test(gap)) family = prevLower;
        if (!family && /^[0-9.]+$/.test(prev.l) && prev.s > 0 && text.charAt(prev.s - 1) === "/") {
          var before = tokens[prev === tokens[o.ti - 1] ? o.ti - 2 : -1];
          if (before && before.e === prev.s - 1 && prepared.nameWords.has(before.l)) family = before.l;
        }
      }
      if (family) {
        var inFamily = refs.filter(function (r) { var id = P[r.p].id.toLowerCase(), nm = String(P[r.p].p.name).toLowerCase(); return id === family || nm === family || id.indexOf(family + "-") === 0; });
        if (!inFamily.length) return; // the text says which protocol, and it has no such code
        refs = inFamily;
      }

      // Strength: 3 in a Status or Diagnostic-Code field or a query of codes, 2 in a reply
      // position (or any one-line text), 1 elsewhere in a long text, 0 for a continuation
      // (`220-laposte`, `250-PIPELINING`).
      var strength;
      var after = text.charCodeAt(o.e), after2 = text.charCodeAt(o.e + 1);
      var continuation = allDigits(o.said) && after === 45 && isAsciiLetter(after2);
      // RFC 3463: an enhanced status code right after a basic code (`550 5.1.1`, `550-5.1.1`)
      // makes the basic code an SMTP reply, whether or not the site knows that enhanced code.
      // A folded line may put the enhanced code on the next, indented line (`said: 554` / `    5.6.0`).
      var nextTok = o.segment ? null : tokens[o.ti + 1];
      var withEnhanced = false;
      var nextOk = nextTok && (nextTok.line === o.line ? /^[\s-]{1,3}$/.test(text.slice(o.e, nextTok.s)) :
        nextTok.line === o.line + 1 && /^[ \t]*\r?\n[ \t>]{1,12}$/.test(text.slice(o.e, nextTok.s)));
      if (nextOk && allDigits(o.said) && enhancedShape(nextTok.l)) {
        var enhancedFamily = [];
        P.forEach(function (proto) { if (proto.placeholder && proto.classDigits[nextTok.l.charAt(0)]) enhancedFamily = enhancedFamily.concat(proto.siblings); });
        if (enhancedFamily.length) {
          withEnhanced = true;
          var inEnhancedFamily = refs.filter(function (r) { return enhancedFamily.indexOf(r.p) >= 0; });
          if (inEnhancedFamily.length) refs = inEnhancedFamily;
        }
      }
      o.enhanced = enhancedShape(o.said);
      if (continuation) strength = 0;
      else if (codeish) strength = 3;
      else if (zone) {
        // In a Status or Diagnostic-Code field: its first code and an enhanced code count most; a
        // number further on in the reply's text (`OFR_416 [416]`) is read like any other.
        strength = !zone.seen || o.enhanced || withEnhanced ? 3 : positional(o, prev, gap, prevLower, context, family, withEnhanced, refs);
        zone.seen = true;
      } else if (oneLine) strength = 2;
      else strength = positional(o, prev, gap, prevLower, context, family, withEnhanced, refs);
      // `100%`, `font-weight: 400;`, `17:15`, `width="300"`: a number glued to a unit, a separator
      // or a closing quote is no reply.
      if (!oneLine && !zone && allDigits(o.said) && (after === 37 || after === 59 || after === 34 || after === 39 || (after === 58 && isDigit(after2)))) strength = Math.min(strength, 1);
      if (o.s > returnedAt && !zone) strength = Math.min(strength, 1);
      kept.push({ s: o.s, e: o.e, said: o.said, line: o.line, refs: refs, strength: strength, where: zone ? zone.where : "text",
        status: zone ? zone.status : false, chosen: zone ? zone.chosen : false, withEnhanced: withEnhanced, enhancedAt: withEnhanced ? nextTok.s : -1,
        enhanced: o.enhanced, lsaid: o.said.toLowerCase() });
    });

    // Evidence: a code that only one protocol has says the text is that protocol's (and its
    // siblings'): `550 5.1.1` is SMTP because 5.1.1 is an enhanced status code.
    var evidence = P.map(function () { return false; });
    kept.forEach(function (o) {
      if (o.refs.length === 1 && (o.strength >= 2 || o.enhanced)) {
        evidence[o.refs[0].p] = true;
        P[o.refs[0].p].siblings.forEach(function (s) { evidence[s] = true; });
      }
    });
    var anySignal = hintCount.some(function (n) { return n > 0; }) || evidence.some(Boolean);
    var coverage = P.map(function () { return 0; });
    var coverSeen = Object.create(null);
    kept.forEach(function (o) {
      o.refs.forEach(function (r) {
        var k = r.p + "/" + o.lsaid;
        if (!coverSeen[k]) { coverSeen[k] = true; coverage[r.p]++; }
      });
    });
    var saidSet = Object.create(null), saidList = [];
    kept.forEach(function (o) { if (!saidSet[o.lsaid]) { saidSet[o.lsaid] = true; saidList.push(o.lsaid); } });
    var priors = P.map(function (proto) { return saidList.some(function (w) { return proto.examples[w]; }) ? 1 : 0; });
    function prior(pi) { return priors[pi]; }
    kept.forEach(function (o) {
      if (o.refs.length < 2) {
        if (o.refs.length === 1 && anySignal && !hintCount[o.refs[0].p] && !evidence[o.refs[0].p] && o.strength < 3) o.strength = Math.min(o.strength, 1);
        return;
      }
      var hinted = o.refs.filter(function (r) { return hintCount[r.p] > 0; });
      if (hinted.length) {
        o.refs = hinted.sort(function (a, b) { return (hintCount[b.p] - hintCount[a.p]) || (a.p - b.p); });
        return;
      }
      var ev = o.refs.filter(function (r) { return evidence[r.p]; });
      if (ev.length) { o.refs = ev; return; }
      // Coverage: "421 vs 450" is a question about a protocol that has both codes.
      var best = 0;
      o.refs.forEach(function (r) { best = Math.max(best, coverage[r.p]); });
      if (best >= 2) o.refs = o.refs.filter(function (r) { return coverage[r.p] === best; });
      o.refs = o.refs.slice().sort(function (a, b) { return (prior(b.p) - prior(a.p)) || (a.p - b.p); });
      if (anySignal && o.strength < 3) o.strength = Math.min(o.strength, 1);
    });

    // Units: a basic code and the enhanced code right after it stand together (RFC 3463).
    var units = [];
    for (var u = 0; u < kept.length; u++) {
      var o = kept[u];
      if (o.withEnhanced && kept[u + 1] && kept[u + 1].enhanced && kept[u + 1].s === o.enhancedAt) {
        units.push({ s: o.s, occs: [kept[u + 1], o] });
        u++;
      } else units.push({ s: o.s, occs: [o] });
    }
    return { text: text, lower: lower, lines: lines, units: units, fields: grouped.fields, chosen: grouped.chosen,
      hintCount: hintCount, providerHits: providerHits, returnedAt: returnedAt, headerEnd: headerEnd, unknown: unknown, codeish: codeish, oneLine: oneLine, tokens: tokens, zones: zones, fieldList: fieldList };
  }

  function outcomeOf(prepared, pi, ci, said) {
    var proto = prepared.protocols[pi], code = proto.p.codes[ci];
    if (proto.placeholder && said && ENHANCED_CLASS[said.charAt(0)]) return ENHANCED_CLASS[said.charAt(0)];
    return code.o || null;
  }

  function codeLabel(prepared, pi, ci, said) {
    var proto = prepared.protocols[pi].p, code = proto.codes[ci];
    var shown = said && said.toLowerCase() !== code.c.toLowerCase() && said.toLowerCase() !== String(code.n).toLowerCase() ? " (" + said + ")" : "";
    return (proto.prefix || proto.name) + " " + code.c + shown + ": " + code.n;
  }

  function codeUrl(prepared, pi, ci) {
    var proto = prepared.protocols[pi].p;
    return proto.code_url.replace("{code}", proto.codes[ci].c);
  }

  function pairLink(prepared, pi, a, b, compare, vs) {
    var proto = prepared.protocols[pi].p;
    var x = Math.min(a, b), y = Math.max(a, b);
    return { url: proto.pair_url.replace("{a}", proto.codes[x].c).replace("{b}", proto.codes[y].c),
      label: compare + ": " + (proto.prefix || proto.name) + " " + proto.codes[x].c + " " + vs + " " + proto.codes[y].c, protocol: proto.id, pair: true };
  }

  var WHERE_RANK = { status: 3, diagnostic: 2, text: 1 };

  // Entries (one per protocol and code), the primary unit, and both orders.
  function entries(prepared, a) {
    var byKey = Object.create(null), list = [];
    var anyOther = a.units.some(function (unit) { return unit.occs.some(function (o) { return o.strength > 0; }); });
    a.units.forEach(function (unit, ui) {
      unit.occs.forEach(function (o, sub) {
        if (o.strength === 0 && anyOther) return; // a continuation line's code (`220-laposte 421 …`)
        o.refs.forEach(function (r, order) {
          var key = r.p + "/" + r.c;
          var strength = Math.max(o.strength, 1);
          var e = byKey[key];
          if (e) {
            if (strength > e.strength) e.strength = strength;
            if (o.chosen) e.chosen = true;
            if (WHERE_RANK[o.where] > WHERE_RANK[e.where]) e.where = o.where;
            if (e.generic && !r.generic) e.generic = false;
            return;
          }
          e = { key: key, p: r.p, c: r.c, said: o.said, where: o.where, strength: strength, unit: ui, sub: sub, order: order, chosen: !!o.chosen,
            pos: unit.s, generic: !!r.generic, outcome: outcomeOf(prepared, r.p, r.c, o.said) };
          byKey[key] = e;
          list.push(e);
        });
      });
    });
    // Numbers in prose, CSS or a returned message (strength 1) are left out when the text has
    // codes in reply positions or fields: `font-weight: 400` in an HTML bounce is no HTTP 400.
    if (list.some(function (e) { return e.strength >= 2; })) list = list.filter(function (e) { return e.strength >= 2; });
    return list;
  }

  function unitSummary(prepared, a, list) {
    var byUnit = a.units.map(function () { return []; });
    list.forEach(function (e) { byUnit[e.unit].push(e); });
    var units = a.units.map(function (unit, ui) {
      var mine = byUnit[ui];
      var strength = 0, failure = false, enhanced = false, specific = false, basic = false, chosen = false;
      mine.forEach(function (e) {
        strength = Math.max(strength, e.strength);
        if (e.chosen) chosen = true;
        if (FAILURE[e.outcome]) failure = true;
        if (prepared.protocols[e.p].placeholder) { enhanced = true; if (!/\.0\.0$/.test(prepared.protocols[e.p].p.codes[e.c].c) && !e.generic) specific = true; }
        else basic = true;
      });
      return { ui: ui, entries: mine, strength: strength, failure: failure, enhanced: enhanced, specific: specific, basic: basic, chosen: chosen, pos: unit.s };
    }).filter(function (u) { return u.entries.length > 0; });
    var best = null;
    function better(x, y) {
      // The report's own recipient group (the first that failed) first: a returned message may
      // carry an older DSN.
      var kx = [x.chosen ? 1 : 0, x.failure ? 1 : 0, x.strength, x.specific ? 1 : 0, x.enhanced ? 1 : 0, x.basic ? 1 : 0];
      var ky = [y.chosen ? 1 : 0, y.failure ? 1 : 0, y.strength, y.specific ? 1 : 0, y.enhanced ? 1 : 0, y.basic ? 1 : 0];
      for (var i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return kx[i] > ky[i];
      return x.pos < y.pos;
    }
    units.forEach(function (u) { if (!best || better(u, best)) best = u; });
    return { units: units, primary: best };
  }

  function transcriptOrder(list) {
    return list.slice().sort(function (x, y) { return (x.pos - y.pos) || (x.sub - y.sub) || (x.order - y.order); });
  }

  function rankedOrder(list, primary) {
    return list.slice().sort(function (x, y) {
      var px = primary && x.unit === primary.ui ? 1 : 0, py = primary && y.unit === primary.ui ? 1 : 0;
      if (px !== py) return py - px;
      if (x.strength !== y.strength) return y.strength - x.strength;
      var fx = FAILURE[x.outcome] ? 1 : 0, fy = FAILURE[y.outcome] ? 1 : 0;
      if (fx !== fy) return fy - fx;
      if (x.generic !== y.generic) return x.generic ? 1 : -1;
      return (x.pos - y.pos) || (x.sub - y.sub) || (x.order - y.order);
    });
  }

  // Pairs: the first two codes of one protocol that the text shows.
  function pairsOf(prepared, ordered, compare, vs) {
    var seen = Object.create(null), firsts = Object.create(null), out = [];
    ordered.forEach(function (e) {
      if (e.generic) return;
      var list = firsts[e.p] || (firsts[e.p] = []);
      if (list.length < 2 && list.indexOf(e.c) < 0) list.push(e.c);
      if (list.length === 2 && !seen[e.p]) { seen[e.p] = true; out.push(pairLink(prepared, e.p, list[0], list[1], compare, vs)); }
    });
    return out;
  }

  // ---------------------------------------------------------------- providers and verdict

  // Which span of `list` (sorted, not overlapping: { s, e }) holds a position; positions must be
  // asked in increasing order, so a whole pass costs one walk over the list.
  function cursor(list) {
    var i = 0;
    return function (pos) {
      while (i < list.length && list[i].e <= pos) i++;
      return i < list.length && pos >= list[i].s ? list[i] : null;
    };
  }

  // The provider whose hints the text shows, the strongest first: a hint in the Diagnostic-Code
  // field or on the line of the main reply weighs 3, in Remote-MTA 2, elsewhere 1; a provider's
  // score is the sum over its hints of their best weight.
  function detectProvider(prepared, a, primaryLines) {
    var providers = prepared.index.providers || [];
    if (!a.providerHits.length) return null;
    var span = function (f) { return { s: f.at, e: f.end }; };
    var inRemote = cursor(a.fieldList.filter(function (f) { return f.name === "remote-mta"; }).map(span));
    var inDiag = cursor(a.fieldList.filter(function (f) { return f.name === "diagnostic-code"; }).map(span));
    var weight = Object.create(null), score = providers.map(function () { return 0; });
    a.providerHits.forEach(function (hit) {
      if (hit.at > a.returnedAt) return; // the returned message's own hosts (the sender's provider)
      var d = inDiag(hit.at), r = inRemote(hit.at);
      var w = primaryLines[hit.line] || d ? 3 : r ? 2 : hit.at < a.headerEnd ? 0.5 : 1;
      var before = weight[hit.hint] || 0;
      if (w > before) { score[hit.provider] += w - before; weight[hit.hint] = w; }
    });
    var best = -1;
    score.forEach(function (v, i) { if (v > 0 && (best < 0 || v > score[best])) best = i; });
    return best < 0 ? null : { id: providers[best].id, name: providers[best].name };
  }

  function verdictOf(prepared, a, primary, provider, list) {
    var action = a.fields.action ? ACTIONS[a.fields.action.split(/[\s(;,]/)[0].toLowerCase()] : null;
    var statusClass = a.fields.status ? a.fields.status.charAt(0) : null;
    if (!primary && !action) return null;
    var enhanced = null, basic = null;
    (primary ? primary.entries : []).forEach(function (e) {
      if (prepared.protocols[e.p].placeholder) { if (!enhanced) enhanced = e; } else if (!basic) basic = e;
    });
    var codeOf = function (e) { return e ? prepared.protocols[e.p].p.codes[e.c] : null; };
    // X.0.0 says only the class (RFC 3463 §3.1): the basic code of the same report says more
    // (`Status: 5.0.0` with `Diagnostic-Code: smtp; 550 … user unknown`).
    var specific = enhanced && !/\.0\.0$/.test(codeOf(enhanced).c);
    if (enhanced && !specific && !basic) {
      var candidates = list.filter(function (e) { return e.where === "diagnostic" && !prepared.protocols[e.p].placeholder && FAILURE[e.outcome]; });
      basic = candidates.filter(function (e) { return e.chosen; })[0] || candidates[0] || null;
    }
    var order = specific ? [enhanced, basic] : [basic, enhanced];
    var main = order[0] || order[1];
    if (!statusClass && enhanced && ENHANCED_CLASS[enhanced.said.charAt(0)]) statusClass = enhanced.said.charAt(0);
    // The provider's note on the enhanced code; on the basic code only when no specific
    // enhanced code stands with it.
    var note = null;
    if (provider) (specific ? [enhanced] : order).some(function (e) {
      var code = codeOf(e);
      note = (code && (code.p || []).filter(function (x) { return x.v === provider.id; })[0]) || null;
      return !!note;
    });
    var outcome = null;
    if (action === "failed") outcome = "permanent";
    else if (action === "delayed") outcome = "transient";
    else if (action) outcome = "success";
    else if (note && note.o) outcome = note.o;
    else if (basic && basic.outcome) outcome = basic.outcome;
    else if (enhanced) outcome = enhanced.outcome;
    // X.0.0 names no subject, so it says nothing of the kind of problem or of who acts (RFC 3463
    // §3.1); only its first step (read the text) is taken from it.
    var pick = function (field) {
      if (note && note[field]) return note[field];
      var v = null;
      order.some(function (e) {
        var c = codeOf(e);
        if (c && c[field] && (specific || e !== enhanced || field === "f")) v = c[field];
        return !!v;
      });
      return v;
    };
    var kind = pick("k"), acts = pick("w"), first = pick("f");
    if (!FAILURE[outcome]) { kind = null; acts = null; first = note && note.f ? note.f : null; } // nothing failed: no kind, nobody to act
    // RFC 3464 §2.3.3: `failed` with a 4.x.x status means the message expired in the queue.
    var source = main ? prepared.protocols[main.p] : null;
    if (action === "failed" && statusClass === "4" && source && !(note && note.k)) {
      var expiredProto = null;
      order.forEach(function (e) {
        if (!expiredProto && e && prepared.protocols[e.p].p.kinds && prepared.protocols[e.p].p.kinds.expired !== undefined) expiredProto = prepared.protocols[e.p];
      });
      if (expiredProto) {
        kind = "expired";
        // Who acts stays the code's: the cause (an IP's reputation, say) outlived the queue.
        if (expiredProto.expired !== null) {
          var ex = expiredProto.p.codes[expiredProto.expired];
          acts = acts || ex.w || null;
          first = first || ex.f || null;
        }
      }
    }
    var kindsOf = source ? source.p.kinds || {} : {};
    var partiesOf = source ? source.p.parties || {} : {};
    var hasKinds = Object.keys(kindsOf).length > 0;
    var bounce = null;
    if (hasKinds && FAILURE[outcome]) bounce = outcome === "permanent" && kind === "address" ? "hard" : "soft";
    return {
      outcome: outcome, bounce: bounce, kind: kind, acts: acts, first_step: first,
      kind_label: kind ? (kindsOf[kind] || kind) : null,
      acts_label: acts ? (partiesOf[acts] || acts) : null,
      note: note ? note.t : null,
      from: main ? { protocol: source.id, code: source.p.codes[main.c].c, said: main.said, url: codeUrl(prepared, main.p, main.c), provider: note ? provider.id : null }
        : { protocol: null, code: null, said: a.fields.status || null, url: null, provider: null }
    };
  }

  // ---------------------------------------------------------------- public API

  function decode(index, text) {
    var prepared = prepare(index);
    var a = analyse(prepared, text);
    var list = entries(prepared, a);
    var summary = unitSummary(prepared, a, list);
    var primary = summary.primary;
    var primaryLines = Object.create(null);
    if (primary) primaryLines[lineOf(a.lines, primary.pos)] = true;
    var provider = detectProvider(prepared, a, primaryLines);
    var verdict = verdictOf(prepared, a, primary, provider, list);
    var labels = index.labels || {};
    var compare = labels.search_pair || "Compare", vs = labels.vs || "vs";
    var ordered = transcriptOrder(list);
    function out(e) {
      var proto = prepared.protocols[e.p];
      return { protocol: proto.id, code: proto.p.codes[e.c].c, said: e.said, url: codeUrl(prepared, e.p, e.c), label: codeLabel(prepared, e.p, e.c, e.said),
        where: e.where, outcome: e.outcome, generic: e.generic || undefined };
    }
    var seenUnknown = Object.create(null);
    return {
      codes: ordered.map(out),
      fields: a.fields,
      provider: provider,
      verdict: verdict,
      pairs: pairsOf(prepared, ordered, compare, vs).map(function (p) { return { url: p.url, label: p.label }; }),
      unknown: a.unknown.filter(function (u) { var k = u.protocol + "/" + u.said; if (seenUnknown[k]) return false; seenUnknown[k] = true; return true; })
    };
  }

  function fold(text, lang) {
    try { return text.toLocaleLowerCase(lang); } catch (e) { return text.toLowerCase(); }
  }
  function words(text, lang) {
    return fold(text, lang).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function foldedNames(prepared, lang) {
    if (prepared.folded && prepared.foldedLang === lang) return prepared.folded;
    prepared.folded = prepared.protocols.map(function (P) {
      return P.p.codes.map(function (code) {
        var name = String(code.n || "");
        return { name: words(name, lang).join(" "), all: fold(name + " " + (code.s || "") + " " + (code.a || []).join(" "), lang), exact: name };
      });
    });
    prepared.foldedLang = lang;
    return prepared.folded;
  }

  function search(index, query, options) {
    options = options || {};
    query = String(query || "");
    var prepared = prepare(index);
    var labels = index.labels || {};
    var lang = options.lang || index.lang || "en";
    var compare = options.compare || labels.search_pair || "Compare";
    var vs = options.vs || labels.vs || "vs";
    if (!query.trim()) return [];
    var a = analyse(prepared, query);
    var list = entries(prepared, a);
    var summary = unitSummary(prepared, a, list);
    var ranked = rankedOrder(list, summary.primary);
    var out = [], seen = Object.create(null);
    function add(item) { if (item && !seen[item.url]) { seen[item.url] = true; out.push({ url: item.url, label: item.label }); } }

    // A query that asks for a comparison ("421 vs 450", "NXDOMAIN or SERVFAIL?") gets the pair
    // first; in a pasted line the codes come first and the pair after them.
    var pairs = pairsOf(prepared, transcriptOrder(list), compare, vs);
    var distinctSaid = Object.create(null), nSaid = 0;
    list.forEach(function (e) { var k = e.said.toLowerCase(); if (!distinctSaid[k]) { distinctSaid[k] = true; nSaid++; } });
    var comparison = a.codeish && nSaid === 2 && pairs.length > 0;
    if (comparison) pairs.forEach(add);
    ranked.forEach(function (e) { add({ url: codeUrl(prepared, e.p, e.c), label: codeLabel(prepared, e.p, e.c, e.said) }); });
    if (!comparison) pairs.forEach(add);

    // Words of names and summaries, in the page's language, for a short query.
    if (a.oneLine && query.length <= 200) {
      var saidWords = Object.create(null);
      a.units.forEach(function (u) { u.occs.forEach(function (o) { words(o.said, lang).forEach(function (w) { saidWords[w] = true; }); }); });
      var restrict = null;
      var all = words(query, lang).filter(function (w) { return !saidWords[w]; });
      var qwords = all.filter(function (w) {
        if (saidWords[w]) return false;
        var named = prepared.nameWords.get(w);
        if (named) { restrict = (restrict || []).concat(named); return false; }
        return w.length >= 3 && !/^[0-9]+$/.test(w) && !CONNECTORS[w];
      });
      if (qwords.length && qwords.length <= 8) {
        var phrase = all.filter(function (w) { return !prepared.nameWords.has(w); }).join(" ");
        var folded = foldedNames(prepared, lang);
        var scored = [];
        prepared.protocols.forEach(function (P) {
          if (restrict && restrict.indexOf(P.i) < 0) return;
          P.p.codes.forEach(function (code, ci) {
            var f = folded[P.i][ci];
            var score = 0;
            if (f.name === phrase) score = f.exact.trim() === query.trim() ? 4 : 3;
            else if (qwords.every(function (w) { return f.name.indexOf(w) >= 0; })) score = 2;
            else if (qwords.every(function (w) { return f.all.indexOf(w) >= 0; })) score = 1;
            if (score) scored.push({ score: score, p: P.i, c: ci, n: scored.length });
          });
        });
        (index.pages || []).forEach(function (page, pgi) {
          var t = fold(String(page.t || ""), lang), all = t + " " + fold(String(page.s || ""), lang);
          var score = qwords.every(function (w) { return t.indexOf(w) >= 0; }) ? 2 : qwords.every(function (w) { return all.indexOf(w) >= 0; }) ? 1 : 0;
          if (score) scored.push({ score: score - 0.5, page: page, n: scored.length + pgi });
        });
        scored.sort(function (x, y) { return (y.score - x.score) || (x.n - y.n); });
        scored.forEach(function (s) {
          if (s.page) add({ url: s.page.u, label: s.page.t });
          else add({ url: codeUrl(prepared, s.p, s.c), label: codeLabel(prepared, s.p, s.c) });
        });
      }
    }
    return out.slice(0, MAX_RESULTS);
  }

  return { decode: decode, search: search, tokenize: tokenize };
})();

function replyvsDecode(index, text) { return replyvsEngine.decode(index, text); }
function replyvsSearch(index, query, options) { return replyvsEngine.search(index, query, options); }

if (typeof module === "object" && module.exports) module.exports = { replyvsSearch: replyvsSearch, replyvsDecode: replyvsDecode };

// ------------------------------------------------------------------ the page

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var form = document.querySelector("form.search");
  var decodeForm = document.getElementById("decode");
  if (!form && !decodeForm) return;
  var lang = document.documentElement.lang || "en";
  var indexUrl = (decodeForm && decodeForm.getAttribute("data-index")) || (form && form.getAttribute("data-index"));
  var loading = null;
  var STORE = "replyvs-decode";

  // The index, fetched once, from the site itself.
  function load() {
    if (loading) return loading;
    if (!indexUrl || typeof fetch !== "function") return Promise.reject(new Error("no index"));
    var url = new URL(indexUrl, window.location.href);
    if (url.origin !== window.location.origin) return Promise.reject(new Error("the index is not on this site"));
    loading = fetch(url.href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("index: " + r.status);
      return r.json();
    });
    loading.catch(function () { loading = null; });
    return loading;
  }

  var FALLBACK = {
    decode_link: "Decode this message", decode_empty: "No reply code was found in this text.",
    decode_index_error: "The list of codes could not be loaded, so this text cannot be decoded here.",
    decode_codes: "Codes in the text", decode_fields: "Delivery status fields", decode_provider: "Provider",
    decode_pairs: "Compare", decode_unknown: "Codes this site has no page for",
    decode_where_status: "Status field", decode_where_diagnostic: "Diagnostic-Code field", decode_where_text: "message text",
    verdict_title: "Verdict", verdict_outcome: "Outcome", verdict_success: "Success",
    verdict_intermediate: "Intermediate: more is needed", verdict_redirect: "Redirect",
    verdict_transient: "Temporary failure: it may work later without a change",
    verdict_permanent: "Permanent failure: do not send it again unchanged",
    verdict_kind: "Kind of problem", verdict_acts: "Who acts", verdict_first_step: "First step", verdict_from: "Based on",
    verdict_provider_note: "What the provider means", bounce_hard: "Hard bounce", bounce_soft: "Soft bounce"
  };
  function label(index, key) { return (index && index.labels && index.labels[key]) || FALLBACK[key] || key; }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function decodeHref(index, raw) {
    if (!index.decode_url) return null;
    return raw.length < 1500 ? index.decode_url + (index.decode_url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(raw) : index.decode_url;
  }
  var params = new URLSearchParams(window.location.search);

  // -------------------------------------------------------------- the search box
  if (form) (function () {
    var input = form.querySelector("input[type=search]");
    var results = document.getElementById("search-results");
    if (!input || !results) return;
    var pasted = null; // a pasted text keeps its line breaks, which the input's value loses
    var generation = 0;

    function show(value) {
      var mine = ++generation;
      results.textContent = "";
      if (!value.trim()) return;
      var raw = pasted && pasted.flat === value ? pasted.raw : value;
      var multiLine = /[\r\n]/.test(raw) || raw.length > 200;
      load().then(function (index) {
        if (mine !== generation) return;
        var found = replyvsSearch(index, raw, { lang: lang, compare: form.getAttribute("data-compare") || undefined, vs: form.getAttribute("data-vs") || undefined });
        var href = multiLine ? decodeHref(index, raw) : null;
        if (href) {
          var p = el("p", null, "decode-link");
          var a = link(href, label(index, "decode_link"));
          // A long text does not fit in the URL: the decode page takes it from this tab's storage.
          if (raw.length >= 1500) a.addEventListener("click", function () {
            try { window.sessionStorage.setItem(STORE, raw); } catch (e) { /* storage may be off */ }
          });
          p.appendChild(a);
          results.appendChild(p);
        }
        if (!found.length) {
          results.appendChild(el("p", form.getAttribute("data-empty") || label(index, "search_no_results")));
          return;
        }
        var ul = el("ul");
        found.forEach(function (item) {
          var li = el("li");
          li.appendChild(link(item.url, item.label));
          ul.appendChild(li);
        });
        results.appendChild(ul);
      }).catch(function () { /* the index could not load (e.g. opened from disk); the form still submits */ });
    }

    var timer = null;
    input.addEventListener("paste", function (event) {
      var data = event.clipboardData && event.clipboardData.getData("text");
      var whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
      pasted = data && /[\r\n]/.test(data) && whole ? { raw: data, flat: null } : null;
    });
    input.addEventListener("input", function () {
      if (pasted && pasted.flat === null) pasted.flat = input.value;
      else if (pasted && pasted.flat !== input.value) pasted = null;
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 80);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = results.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        clearTimeout(timer);
        generation++;
        results.textContent = "";
      }
    });
    results.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === "Escape") { event.preventDefault(); input.focus(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value); // the user stays on the page; the first result is one Tab or ArrowDown away
    });
    var initial = params.get("q");
    if (initial && !decodeForm) { input.value = initial; show(initial); }
  })();

  // -------------------------------------------------------------- the decode page
  if (decodeForm) (function () {
    var area = document.getElementById("decode-input");
    var out = document.getElementById("decode-result");
    if (!area || !out) return;

    function section(title) {
      var s = el("section");
      s.appendChild(el("h2", title));
      out.appendChild(s);
      return s;
    }
    function row(dl, term, value) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", term));
      var dd = el("dd");
      if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
      dl.appendChild(dd);
    }
    var FIELD_TITLES = { status: "Status", action: "Action", diagnostic: "Diagnostic-Code", remote_mta: "Remote-MTA", reporting_mta: "Reporting-MTA",
      final_recipient: "Final-Recipient", original_recipient: "Original-Recipient", received_from_mta: "Received-From-MTA", dsn_gateway: "DSN-Gateway",
      arrival_date: "Arrival-Date", last_attempt_date: "Last-Attempt-Date", will_retry_until: "Will-Retry-Until", final_log_id: "Final-Log-ID",
      original_envelope_id: "Original-Envelope-Id" };

    function render(index, text) {
      out.textContent = "";
      if (!text.trim()) return;
      var d = replyvsDecode(index, text);
      if (!d.codes.length && !d.verdict) { out.appendChild(el("p", label(index, "decode_empty"))); return; }
      var v = d.verdict;
      if (v) {
        var s = section(label(index, "verdict_title"));
        s.className = "verdict" + (v.outcome ? " verdict-" + v.outcome : "");
        var headline = v.outcome ? label(index, "verdict_" + v.outcome) : "";
        if (v.bounce) headline += (headline ? " · " : "") + label(index, "bounce_" + v.bounce);
        if (headline) s.appendChild(el("p", headline, "verdict-outcome"));
        var dl = el("dl");
        row(dl, label(index, "verdict_kind"), v.kind_label);
        row(dl, label(index, "verdict_acts"), v.acts_label);
        row(dl, label(index, "verdict_first_step"), v.first_step);
        if (v.from && v.from.url) {
          var code = d.codes.filter(function (c) { return c.url === v.from.url; })[0];
          row(dl, label(index, "verdict_from"), link(v.from.url, code ? code.label : v.from.code));
        }
        if (v.note) row(dl, label(index, "verdict_provider_note") + (d.provider ? " (" + d.provider.name + ")" : ""), v.note);
        s.appendChild(dl);
      }
      if (d.codes.length) {
        var cs = section(label(index, "decode_codes"));
        var ul = el("ul");
        d.codes.forEach(function (c) {
          var li = el("li");
          li.appendChild(link(c.url, c.label));
          li.appendChild(el("span", " (" + label(index, "decode_where_" + c.where) + ")", "decode-where"));
          ul.appendChild(li);
        });
        cs.appendChild(ul);
      }
      if (d.unknown.length) {
        var us = section(label(index, "decode_unknown"));
        us.appendChild(el("p", d.unknown.map(function (u) { return u.said; }).join(", ")));
      }
      var keys = Object.keys(d.fields);
      if (keys.length) {
        var fs = section(label(index, "decode_fields"));
        var fdl = el("dl");
        keys.forEach(function (k) { row(fdl, FIELD_TITLES[k] || k, d.fields[k]); });
        fs.appendChild(fdl);
      }
      if (d.provider) {
        var ps = section(label(index, "decode_provider"));
        // The provider's note for the code is in the verdict already, under the provider's name.
        ps.appendChild(el("p", d.provider.name));
      }
      if (d.pairs.length) {
        var pr = section(label(index, "decode_pairs"));
        var pul = el("ul");
        d.pairs.forEach(function (p) { var li = el("li"); li.appendChild(link(p.url, p.label)); pul.appendChild(li); });
        pr.appendChild(pul);
      }
    }

    function run(text) {
      load().then(function (index) { render(index, text); }).catch(function () {
        out.textContent = "";
        out.appendChild(el("p", decodeForm.getAttribute("data-error") || label(null, "decode_index_error")));
      });
    }
    decodeForm.addEventListener("submit", function (event) { event.preventDefault(); run(area.value); });
    area.addEventListener("paste", function () { setTimeout(function () { run(area.value); }, 0); });
    var initial = params.get("q"), stored = null;
    try { stored = window.sessionStorage.getItem(STORE); window.sessionStorage.removeItem(STORE); } catch (e) { stored = null; }
    if (!initial) initial = stored;
    if (initial) { area.value = initial; run(initial); }
  })();
})();
