#!/usr/bin/env bash
# Browser-proof checks of the bundled site (issue 6, point 6; recipes from ../shared/web-checks.md).
# Runs on a brand-new Debian machine as root: installs Chromium, Java and three npm packages,
# builds the release binary and the bundled site into a temp folder, then
#   0. the test server's `_headers` reader (node --test .ci/serve.test.mjs);
#   1. host headers: the build's own `_headers` if it wrote one, else .ci/fallback-headers copied
#      into the site (the summary says which), so that every page is served with a CSP;
#   2. the Nu HTML Checker over every HTML page of the site (zero errors wanted);
#   3. axe-core on one page of each template in each language, light and dark (zero violations);
#   4. Playwright at 390 px and 1280 px: no horizontal overflow, no request outside the site, no
#      CSP violation, the search box finds the right pages (pasted bounce line, 5.1.1,
#      "421 vs 450", "kutu"), the decoder decodes a pasted DSN and NDR in both languages,
#      screenshots of a pair page and of the decoder;
#   5. the page weight of a pair page (informational).
# Every check runs even when an earlier one fails; the exit status is non-zero if any failed.
# Environment: KEEP_SITE=1 keeps the built site; SHOTS_DIR=... puts the screenshots there;
# REPLYVS_BIN=path builds with that replyvs binary instead of `cargo run --release`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_DIR=$ROOT/.ci/node            # git-ignored work folder for the npm packages
export CI_NODE_DIR=$NODE_DIR
NPM_PACKAGES=(vnu-jar@26.9.27 axe-core@4.14.1 playwright-core@1.65.1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/replyvs-web-checks.XXXXXX")
SITE=$WORK/site
SHOTS=${SHOTS_DIR:-$WORK/screenshots}
cleanup() { if [ "${KEEP_SITE:-0}" != 1 ]; then rm -rf "$SITE"; fi; }
trap cleanup EXIT

declare -a SUMMARY=()
FAILED=0
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# step NAME COMMAND...: runs it, prints its time, records pass/fail.
step() {
  local name=$1; shift
  echo
  echo "=== $name"
  local t0; t0=$(now)
  "$@"
  local rc=$?
  local took; took=$(since "$t0")
  if [ $rc -eq 0 ]; then SUMMARY+=("ok    ${took}s  $name"); else SUMMARY+=("FAIL  ${took}s  $name (exit $rc)"); FAILED=1; fi
  echo "--- $name: $([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc)") in ${took}s"
  return $rc
}
finish() {
  echo
  echo "=== web checks summary"
  printf '  %s\n' "${SUMMARY[@]}"
  echo "  host headers: $HEADERS_CASE"
  echo "  screenshots: $SHOTS"
  [ "${KEEP_SITE:-0}" = 1 ] && echo "  site kept in: $SITE"
  if [ $FAILED -eq 0 ]; then echo "web checks: all passed"; else echo "web checks: FAILED"; fi
  exit $FAILED
}

install_system() {
  local packages=()
  command -v chromium >/dev/null || packages+=(chromium)
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v node >/dev/null || packages+=(nodejs)   # the machine image ships Node 20 with npm
  command -v npm >/dev/null || packages+=(npm)
  if [ ${#packages[@]} -eq 0 ]; then
    echo "chromium, java, node and npm already installed"
  else
    echo "apt-get install ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null || return 1
  fi
  chromium --version 2>/dev/null | grep -v 'unexpected operator'; java -version 2>&1 | head -1; echo "node $(node --version)"
}

install_npm() {
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}") || return 1
  test -f "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
}

build_site() {
  if [ -n "${REPLYVS_BIN:-}" ]; then
    echo "building with $REPLYVS_BIN"
    "$REPLYVS_BIN" build --content "$ROOT/content" --output "$SITE" | tail -n 2 || return 1
  else
    cargo run --release --quiet -- build --output "$SITE" | tail -n 2 || return 1
  fi
  echo "$(find "$SITE" -name '*.html' | wc -l) HTML pages in $SITE"
}

# The host headers the browser checks are served with. The build is to write `_headers` with a
# Content-Security-Policy (issue 13, point 7); until it does, .ci/fallback-headers stands in, so
# that the CSP check has a policy to enforce. Either way the file must parse (serve.mjs).
HEADERS_CASE="not decided"
host_headers() {
  if [ -f "$SITE/_headers" ]; then
    HEADERS_CASE="the build's own _headers"
    echo "CASE: the build wrote _headers; the checks serve it as written"
  else
    cp "$ROOT/.ci/fallback-headers" "$SITE/_headers" || return 1
    HEADERS_CASE="the build wrote NO _headers: .ci/fallback-headers stands in"
    echo "CASE: the build wrote no _headers; .ci/fallback-headers was copied into the site for the checks"
  fi
  node --input-type=module -e '
    import { loadHeaders } from "./.ci/serve.mjs";
    const h = loadHeaders(process.argv[1]);
    for (const r of h.rules) console.log(`  ${r.pattern}: ${r.headers.map(([n]) => n).join(", ")}${r.detach.length ? `; detaches ${r.detach.join(", ")}` : ""}`);
    const csp = h.rules.flatMap(r => r.headers.filter(([n]) => n.toLowerCase() === "content-security-policy").map(([, v]) => `  ${r.pattern}: ${v}`));
    console.log(csp.length ? `Content-Security-Policy:\n${csp.join("\n")}` : "no Content-Security-Policy in _headers");
    process.exit(csp.length ? 0 : 1);
  ' "$SITE" || { echo "_headers is malformed or sets no Content-Security-Policy"; return 1; }
}

# The whole bundled site in one JVM (--skip-non-html walks the folder). --verbose names every file
# it checks, so a run that silently checked nothing (or fewer files than exist) fails too.
validate_html() {
  local expected checked errors
  expected=$(find "$SITE" -name '*.html' | wc -l)
  java -Xss8m -jar "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html --format gnu --verbose \
    "$SITE" >"$WORK/vnu.files" 2>"$WORK/vnu.errors"
  local rc=$?
  checked=$(grep -c '\.html$' "$WORK/vnu.files")
  errors=$(grep -c ': error: ' "$WORK/vnu.errors")
  head -n 50 "$WORK/vnu.errors" | sed "s|$SITE/||g"
  [ "$errors" -gt 50 ] && echo "... $((errors - 50)) more"
  echo "vnu: $checked of $expected pages checked, $errors error(s), exit $rc"
  [ "$rc" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$checked" -eq "$expected" ] && [ "$expected" -gt 0 ]
}

# A page with a known error must fail, to prove the validator runs and reports (a few seconds).
validate_canary() {
  mkdir -p "$WORK/canary"
  printf '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>' > "$WORK/canary/bad.html"
  if java -jar "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format gnu "$WORK/canary/bad.html" 2>/dev/null; then
    echo "the validator accepted a broken page"; return 1
  fi
  echo "the validator rejects a broken page, as it should"
}

step "install chromium, java (apt)" install_system || finish
step "install npm packages into .ci/node" install_npm || finish
step "serve.mjs: _headers parser and matcher (node --test)" node --test .ci/serve.test.mjs
step "build the release binary and the bundled site" build_site || finish
step "host headers: _headers of the build, or the fallback" host_headers
step "Nu HTML Checker canary" validate_canary
step "Nu HTML Checker: every page of the bundled site" validate_html
step "axe-core: each template x language, light and dark, 1280 px" node .ci/axe-audit.mjs "$SITE" --scheme both
step "axe-core: the phone layout (390 px) of pair, code, search, decoder and document pages" \
  node .ci/axe-audit.mjs "$SITE" --scheme both --width 390 --templates pair,code,search,decode,decoded,document
step "Playwright: requests, CSP, overflow at 390/1280 px, search, decoder, screenshots" node .ci/browser-check.mjs "$SITE" "$SHOTS"
step "page weight of a pair page" node .ci/page-weight.mjs "$SITE" /smtp/354-vs-550
finish
