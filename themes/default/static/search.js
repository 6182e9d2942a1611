// replyvs search: offline, from the generated index. Finds codes by number, alias (5.1.1),
// words of their names, and every code named in a pasted bounce line; two codes of one
// protocol also give their comparison page.
// The search itself is a pure function of the index and the query, so it can be tested outside
// a browser (tests/search.test.cjs); the rest of this file wires it to the page.
function replyvsSearch(index, query, options) {
  "use strict";
  var lang = options.lang || "en";
  function fold(text) { return text.toLocaleLowerCase(lang); }

  // Tokens that look like codes: 550, 5.1.1, X.1.1.
  function codeTokens(text) {
    var found = [];
    var re = /(?:^|[^0-9A-Za-z.])([0-9X]\.[0-9]{1,3}\.[0-9]{1,3}|[2-5][0-9]{2})(?![0-9A-Za-z])/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (found.indexOf(m[1]) < 0) found.push(m[1]);
    }
    return found;
  }

  function matchCode(protocol, token) {
    for (var i = 0; i < protocol.codes.length; i++) {
      var code = protocol.codes[i];
      if (code.c === token || (code.a && code.a.indexOf(token) >= 0)) return i;
    }
    return -1;
  }

  // `token` is what the query said when it differs from the code's own spelling (5.1.1 for X.1.1).
  function codeLink(protocol, i, token) {
    var code = protocol.codes[i];
    var said = token && token !== code.c ? " (" + token + ")" : "";
    return { url: protocol.code_url.replace("{code}", code.c), label: protocol.name + " " + code.c + said + ": " + code.n };
  }

  var out = [];
  var seen = {};
  function add(item) { if (!seen[item.url]) { seen[item.url] = true; out.push(item); } }
  var tokens = codeTokens(query);
  index.protocols.forEach(function (protocol) {
    var hits = [], said = {};
    tokens.forEach(function (token) { var i = matchCode(protocol, token); if (i >= 0 && hits.indexOf(i) < 0) { hits.push(i); said[i] = token; } });
    if (hits.length >= 2) {
      var a = Math.min(hits[0], hits[1]), b = Math.max(hits[0], hits[1]);
      add({ url: protocol.pair_url.replace("{a}", protocol.codes[a].c).replace("{b}", protocol.codes[b].c),
            label: options.compare + ": " + protocol.name + " " + protocol.codes[a].c + " " + options.vs + " " + protocol.codes[b].c });
    }
    hits.forEach(function (i) { add(codeLink(protocol, i, said[i])); });
  });
  var words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 3 && !/^[0-9]+$/.test(w); });
  if (words.length) {
    index.protocols.forEach(function (protocol) {
      protocol.codes.forEach(function (code, i) {
        var text = fold(code.n + " " + code.s);
        if (words.every(function (w) { return text.indexOf(w) >= 0; })) add(codeLink(protocol, i));
      });
    });
  }
  return out.slice(0, 10);
}

if (typeof module === "object" && module.exports) module.exports = { replyvsSearch: replyvsSearch };

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var results = document.getElementById("search-results");
  var lang = document.documentElement.lang || "en";
  var index = null;

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) { index = data; return data; });
  }

  function search(query) {
    return replyvsSearch(index, query, { lang: lang, compare: form.getAttribute("data-compare"), vs: form.getAttribute("data-vs") });
  }

  function show(query) {
    results.textContent = "";
    if (!query.trim()) return;
    load().then(function () {
      var found = search(query);
      if (!found.length) {
        var p = document.createElement("p");
        p.textContent = form.getAttribute("data-empty");
        results.appendChild(p);
        return;
      }
      var ul = document.createElement("ul");
      found.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.label;
        li.appendChild(a);
        ul.appendChild(li);
      });
      results.appendChild(ul);
    }).catch(function () { /* the index could not load (e.g. opened from disk); the form still submits */ });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 80);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = results.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  results.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(results.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    if (event.key === "Escape") { input.focus(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value); // the user stays on the page; the first result is one Tab or ArrowDown away
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
})();
