#!/bin/sh
# Side-by-side benchmark of issue 4: replyvs against Hugo, Eleventy, Zola and the file-writing
# floor on the same synthetic registry (../shared/bench/gen_data.py), measured interleaved in one
# run, as ratios. Prints a Markdown table and saves it under /tmp/replyvs-bench.
#
#   sh scripts/bench-peers.sh [--quick] [SIZES]     SIZES default "25 100 300"
#
#   --quick           sizes "25 100", RUNS=3, SETTLE=1, no 1,000-code scaling run (smoke test)
#   RUNS=5            measured rounds per series (after WARMUP=1 warm-up round)
#   SETTLE=5          seconds of rest after `sync` between cold rounds
#   SCALE_SIZES=1000  replyvs + floor only scaling sizes (499,500 pages at 1000; empty to skip)
#   SCALE_RUNS=1      rounds at those sizes (no warm-up: each round writes ~1.5 million files)
#   ZOLA=/path/zola   the Zola to measure (default: the kit's bin/zola, else a `zola` on PATH;
#                     skipped only when there is none)
#   BENCH_DIR=...     the peer benchmark kit (default: <repo>/../shared/bench)
#   WORK=/tmp/replyvs-bench
#
# Needs: cargo, python3, cc. Hugo is installed with apt-get when missing (skipped if that fails),
# Eleventy with `npm ci` in a copy of the kit (skipped if that fails). Runnable from a clean clone.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH_DIR:-$REPO/../shared/bench}
BENCH=$(cd "$BENCH" && pwd)
WORK=${WORK:-/tmp/replyvs-bench}
QUICK=
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
if [ -n "$QUICK" ]; then
  SIZES=${1:-"25 100"}; RUNS=${RUNS:-3}; SETTLE=${SETTLE:-1}; SCALE_SIZES=${SCALE_SIZES-}
else
  SIZES=${1:-"25 100 300"}; RUNS=${RUNS:-5}; SETTLE=${SETTLE:-5}; SCALE_SIZES=${SCALE_SIZES-1000}
fi
WARMUP=${WARMUP:-1}
SCALE_RUNS=${SCALE_RUNS:-1}
say() { echo "bench-peers: $*" >&2; }

mkdir -p "$WORK"
export BENCH_DIR="$BENCH"

say "building replyvs (cargo build --release)"
(cd "$REPO" && cargo build --release --quiet)
TARGET=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$REPO/target")
# Private copies of the binary and the theme, taken together: a later build or edit of the repo
# during the run cannot change what is measured (replyvs reads its theme at every build).
cp "$TARGET/release/replyvs" "$WORK/replyvs"
rm -rf "$WORK/theme"; cp -R "$REPO/themes/default" "$WORK/theme"
(cd "$REPO" && git describe --always --dirty 2>/dev/null || echo unknown) >"$WORK/replyvs.commit"

# A writable copy of the kit (prepare.py copies the read-only site skeletons; npm ci needs to write).
KIT=$WORK/kit
mkdir -p "$KIT"
for f in timeit.py verify.py gen_data.py; do cp "$BENCH/$f" "$KIT/$f"; done
for peer in hugo zola floor; do rm -rf "$KIT/$peer"; cp -R "$BENCH/$peer" "$KIT/$peer"; done
mkdir -p "$KIT/eleventy"
for f in package.json package-lock.json prepare.py; do cp "$BENCH/eleventy/$f" "$KIT/eleventy/$f"; done
rm -rf "$KIT/eleventy/site"; cp -R "$BENCH/eleventy/site" "$KIT/eleventy/site"
chmod -R u+w "$KIT"

say "compiling the floor (cc -O2 -pthread)"
cc -O2 -pthread -o "$WORK/floor" "$KIT/floor/floor.c"

set --
HUGO=$(command -v hugo || true)
if [ -z "$HUGO" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Hugo (apt-get install -y hugo)"
  if apt-get install -y hugo >"$WORK/apt.log" 2>&1 || { apt-get update >>"$WORK/apt.log" 2>&1 && apt-get install -y hugo >>"$WORK/apt.log" 2>&1; }; then
    HUGO=$(command -v hugo || true)
  fi
fi
if [ -n "$HUGO" ]; then set -- "$@" --hugo "$HUGO"
else say "Hugo skipped: not installed and apt-get could not install it (see $WORK/apt.log)"; set -- "$@" --skip "Hugo skipped: not installed and apt-get could not install it"; fi

ELEVENTY=
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [ -d "$KIT/eleventy/node_modules/@11ty/eleventy" ] && cmp -s "$KIT/eleventy/package-lock.json" "$KIT/eleventy/node_modules/.package-lock.json.bench"; then
    ELEVENTY=1
  else
    say "installing Eleventy (npm ci in $KIT/eleventy)"
    if (cd "$KIT/eleventy" && npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1); then
      cp "$KIT/eleventy/package-lock.json" "$KIT/eleventy/node_modules/.package-lock.json.bench"; ELEVENTY=1
    fi
  fi
fi
if [ -n "$ELEVENTY" ]; then set -- "$@" --eleventy
else say "Eleventy skipped: node/npm missing or npm ci failed (see $WORK/npm.log)"; set -- "$@" --skip "Eleventy skipped: node/npm missing or npm ci failed"; fi

KIT_ZOLA=$BENCH/bin/zola
if [ -z "${ZOLA:-}" ] && [ -x "$KIT_ZOLA" ]; then ZOLA=$KIT_ZOLA; fi
ZOLA_BIN=${ZOLA:-$(command -v zola || true)}
if [ -n "$ZOLA_BIN" ]; then set -- "$@" --zola "$ZOLA_BIN"
else say "Zola skipped: no $KIT_ZOLA, no zola on PATH and ZOLA not set"; set -- "$@" --skip "Zola skipped: no zola binary in the kit's bin/, on PATH or in ZOLA"; fi

say "sizes '$SIZES', scaling sizes '$SCALE_SIZES', $RUNS runs after $WARMUP warm-up, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
exec python3 "$REPO/scripts/bench-peers.py" --work "$WORK" --replyvs "$WORK/replyvs" --theme "$WORK/theme" --kit "$KIT" --floor "$WORK/floor" \
  --sizes "$SIZES" --scale-sizes "$SCALE_SIZES" --runs "$RUNS" --warmup "$WARMUP" --scale-runs "$SCALE_RUNS" --settle "$SETTLE" "$@"
