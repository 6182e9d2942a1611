#!/usr/bin/env python3
"""The measuring half of scripts/bench-peers.sh (which installs the tools and then runs this).

Usage (normally through bench-peers.sh):
  python3 scripts/bench-peers.py --work DIR --replyvs BIN --kit KIT --floor BIN
      [--sizes "25 100 300"] [--scale-sizes "1000"] [--runs 5] [--warmup 1] [--scale-runs 1]
      [--settle 5] [--hugo BIN] [--eleventy] [--zola BIN] [--skip NOTE]...

For every size N of --sizes, with the registry of ../shared/bench/gen_data.py (N codes, seed 2026):

  cold     every tool builds into a new, never-used folder, nothing deleted inside the timed
           command: replyvs (default threads = one per core), replyvs --jobs 1, Hugo, Eleventy,
           Zola, and the file-writing floor (2 threads; page size = replyvs's average pair page,
           index size = replyvs's smtp/index.html). The round's folders are deleted, `sync`ed and
           left --settle seconds after each round, never inside a timed command.
  rebuild  replyvs over its existing output with nothing changed; replyvs after one code file was
           edited (a sentence appended to its description, outside the timed command); each peer
           "rm + build" (the timed command deletes the previous output, then builds) after the same
           edit to its own copy of the data. Peers rebuild everything whatever changed, so one peer
           series is compared with both replyvs series.

Runs are interleaved: every round runs each tool once, the order rotating from round to round,
and every ratio is the median of the per-round ratios (wall of A / wall of B in the same round),
as ../shared/bench/README.md recommends for this disk. Every run is timed by
../shared/bench/timeit.py -n 1 --warmup 0 in its own process (whole process through /bin/sh -c:
wall, user+sys cpu, peak RSS of the largest process, from os.wait4).

--scale-sizes (replyvs and the floor only, --scale-runs rounds without warm-up): a cold build by
replyvs (into the folder then reused), the floor, replyvs --jobs 1, then the two rebuilds.

Prints a Markdown report and saves it, with the raw figures as JSON, under --work.
Python 3 standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def load_timer(kit):
    """One measured run through ../shared/bench/timeit.py itself (`-n 1 --warmup 0`), in a fresh
    small process: the peak RSS it reports cannot be inflated by this driver's own size (a child
    inherits its parent's resident set until exec, and ru_maxrss counts it)."""
    timer = os.path.join(kit, "timeit.py")

    def run_once(cmd, cwd):
        args = [sys.executable, timer, "-n", "1", "--warmup", "0"] + (["--cwd", cwd] if cwd else []) + ["--", cmd]
        out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        values = {}
        for line in out.splitlines():
            parts = line.split()
            if parts and parts[0] in ("wall", "cpu", "peak") and "median" in parts:
                values[parts[0]] = float(parts[parts.index("median") + 1])
        m = re.search(r"exit codes \[(-?\d+)\]", out)
        if len(values) != 3 or not m:
            raise SystemExit("cannot read timeit.py's output:\n" + out)
        return values["wall"], values["cpu"], values["peak"], int(m.group(1))

    return run_once


def sh(cmd, cwd=None):
    return subprocess.run(["/bin/sh", "-c", cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def remove(path):
    if os.path.lexists(path):
        subprocess.run(["rm", "-rf", path], check=False)


def settle(seconds):
    subprocess.run(["sync"], check=False)
    if seconds > 0:
        time.sleep(seconds)


def edit_code(path, k):
    """Append a sentence to the code's description (the block just before `when_seen:`)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    i = text.index("\nwhen_seen:")
    text = text[:i] + " Edited in benchmark run %d." % k + text[i:]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def fmt_s(x):
    return "%.3f s" % x if x < 100 else "%.1f s" % x


def fmt_ratio(x):
    if x is None:
        return "–"
    return "%.2f" % x if x < 10 else "%.1f" % x if x < 100 else "%.0f" % x


class Tool:
    """One series: a label and how to make its command for round r."""

    def __init__(self, key, label, make, pre=None):
        self.key, self.label, self.make, self.pre = key, label, make, pre
        self.failed = None


class Bench:
    def __init__(self, a):
        self.a = a
        self.run_once = load_timer(a.kit)
        self.report = {"started": datetime.datetime.now().isoformat(timespec="seconds"), "sizes": {}, "notes": list(a.skip)}
        self.round_counter = 0
        self.loads = []

    # ---- measuring -------------------------------------------------------------------------

    def rounds(self, tools, runs, warmup, after_round=None, rotate=True, label=""):
        """Runs every tool once per round; returns {key: [(wall, cpu, peak) or None per round]}."""
        samples = {t.key: [] for t in tools}
        for r in range(warmup + runs):
            self.loads.append(os.getloadavg()[0])
            order = tools[r % len(tools):] + tools[:r % len(tools)] if rotate else list(tools)
            for t in order:
                if t.failed:
                    if r >= warmup:
                        samples[t.key].append(None)
                    continue
                self.round_counter += 1
                if t.pre:
                    t.pre(self.round_counter)
                cmd, cwd = t.make(r)
                wall, cpu, peak, rc = self.run_once(cmd, cwd)
                tag = "warm-up" if r < warmup else "run %d/%d" % (r - warmup + 1, runs)
                log("  %-10s %-44s %s  wall %8.3f s  cpu %8.3f s  peak %7.1f MiB%s"
                    % (label, t.label, tag, wall, cpu, peak, "" if rc == 0 else "  EXIT %d" % rc))
                if rc != 0:
                    out = sh(cmd, cwd).stdout
                    t.failed = "exit %d: %s" % (rc, out.strip().splitlines()[-1] if out.strip() else "no output")
                    log("  %s failed, left out from now on: %s\n%s" % (t.label, t.failed, out[-2000:]))
                    self.report["notes"].append("%s (%s) failed and was left out: %s" % (t.label, label, t.failed))
                    if r >= warmup:
                        samples[t.key].append(None)
                    continue
                if r >= warmup:
                    samples[t.key].append((wall, cpu, peak))
            if after_round:
                after_round(r, r == warmup + runs - 1)
        return samples

    @staticmethod
    def stats(series):
        ok = [s for s in series if s]
        if not ok:
            return None
        walls = [s[0] for s in ok]
        return {"wall": statistics.median(walls), "min": min(walls), "max": max(walls),
                "cpu": statistics.median(s[1] for s in ok), "peak": max(s[2] for s in ok), "runs": len(ok)}

    @staticmethod
    def ratio(a, b):
        """Median over rounds of wall(a) / wall(b)."""
        r = [x[0] / y[0] for x, y in zip(a, b) if x and y and y[0] > 0]
        return statistics.median(r) if r else None

    # ---- one size ----------------------------------------------------------------------------

    def prepare_size(self, n, peers):
        a = self.a
        d = os.path.join(a.work, "n%d" % n)
        remove(d)
        os.makedirs(d)
        content, raw = os.path.join(d, "content"), os.path.join(d, "data")
        subprocess.run([sys.executable, os.path.join(HERE, "bench-data.py"), str(n), content, "--raw", raw], check=True, stdout=subprocess.DEVNULL)
        projects = {}
        for peer in peers:
            work = os.path.join(d, peer)
            subprocess.run([sys.executable, os.path.join(a.kit, peer, "prepare.py"), raw, work], check=True, stdout=subprocess.DEVNULL)
            projects[peer] = work
        # The replyvs output the rebuild series start from (untimed), and the floor's sizes.
        out = os.path.join(d, "replyvs-out")
        res = sh("%s --content %s --output %s" % (self.build, content, out))
        if res.returncode != 0:
            raise SystemExit("replyvs cannot build the generated site:\n" + res.stdout)
        codes = sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(raw, "*.yaml")))
        edited = codes[len(codes) // 2]
        return d, content, raw, projects, out, codes, edited, res.stdout.strip().splitlines()[0]

    def floor_sizes(self, out):
        pairs = glob.glob(os.path.join(out, "smtp", "*-vs-*.html"))
        page = round(sum(os.path.getsize(p) for p in pairs) / max(len(pairs), 1))
        index = os.path.getsize(os.path.join(out, "smtp", "index.html"))
        files = sum(len(fs) for _, _, fs in os.walk(out))
        return page, index, len(pairs), files

    def peer_tools(self, projects, fresh, scenario, edited):
        a = self.a
        tools = []
        for peer in ("hugo", "eleventy", "zola"):
            if peer not in projects:
                continue
            work = projects[peer]
            if peer == "hugo":
                label, cold, rebuild = self.versions["hugo"], "%s --quiet -d {out}" % a.hugo, "rm -rf public && %s --quiet" % a.hugo
            elif peer == "eleventy":
                e = "node node_modules/@11ty/eleventy/cmd.cjs --quiet"
                label, cold, rebuild = self.versions["eleventy"], e + " --output={out}", "rm -rf _site && " + e
            else:
                label, cold, rebuild = self.versions["zola"], "%s build -o {out}" % a.zola, "rm -rf public && %s build" % a.zola
            if scenario == "cold":
                tools.append(Tool(peer, label, lambda r, c=cold, p=peer, w=work: (c.format(out=os.path.join(fresh, "%s-%d" % (p, r))), w)))
            else:
                data = os.path.join(work, "data", "codes", edited + ".yaml")
                tools.append(Tool(peer, label, lambda r, c=rebuild, w=work: (c, w), pre=lambda k, f=data: edit_code(f, k)))
        return tools

    def run_size(self, n, peers):
        a = self.a
        pages = n * (n - 1) // 2 + 1
        log("== N=%d (%d pair pages + index), load %s" % (n, pages - 1, self.load()))
        d, content, raw, projects, out, codes, edited, ref_report = self.prepare_size(n, peers)
        page, index, npairs, files = self.floor_sizes(out)
        assert npairs == pages - 1, "replyvs wrote %d pair pages, expected %d" % (npairs, pages - 1)
        fresh = os.path.join(d, "fresh")
        os.makedirs(fresh)
        size = {"n": n, "pages": pages, "replyvs_files": files, "floor_page_bytes": page, "floor_index_bytes": index,
                "edited_code": edited, "load_before": self.load(), "reference_build": ref_report, "verify": []}
        rv = self.build
        edited_file = os.path.join(content, "smtp", edited + ".yaml")

        # (a) cold, fresh folders
        tools = [
            Tool("replyvs", "replyvs", lambda r: ("%s --content %s --output %s/replyvs-%d" % (rv, content, fresh, r), None)),
            Tool("floor", "floor (C, 2 threads)", lambda r: ("%s %s %s/floor-%d %d %d 2" % (a.floor, raw, fresh, r, page, index), None)),
            Tool("replyvs-j1", "replyvs --jobs 1", lambda r: ("%s --jobs 1 --content %s --output %s/replyvs-j1-%d" % (rv, content, fresh, r), None)),
        ] + self.peer_tools(projects, fresh, "cold", edited)

        def after_cold(r, last):
            if r == 0:
                size["verify"] = self.verify(raw, fresh, r, projects, pages - 1)
            for p in os.listdir(fresh):
                remove(os.path.join(fresh, p))
            settle(a.settle)

        settle(a.settle)
        cold = self.rounds(tools, a.runs, a.warmup, after_cold, label="N=%d cold" % n)

        # (b) + (c) rebuilds
        tools = [
            Tool("noop", "replyvs, nothing changed", lambda r: ("%s --content %s --output %s" % (rv, content, out), None)),
            Tool("edit", "replyvs, one code edited", lambda r: ("%s --content %s --output %s" % (rv, content, out), None),
                 pre=lambda k: edit_code(edited_file, k)),
        ] + self.peer_tools(projects, fresh, "rebuild", edited)
        rebuild = self.rounds(tools, a.runs, a.warmup, label="N=%d rebuild" % n)
        size["noop_report"] = sh("%s --content %s --output %s" % (rv, content, out)).stdout.strip().splitlines()[0]
        edit_code(edited_file, 0)
        size["edit_report"] = sh("%s --content %s --output %s" % (rv, content, out)).stdout.strip().splitlines()[0]
        size["load_after"] = self.load()
        size["round_loads"], self.loads = self.loads, []
        size["cold"], size["rebuild"] = cold, rebuild
        self.report["sizes"][str(n)] = size
        remove(fresh)
        for p in projects.values():
            for sub in ("public", "_site"):
                remove(os.path.join(p, sub))

    def run_scale(self, n):
        """replyvs and the floor only: cold (reference build, floor, --jobs 1), then the rebuilds."""
        a = self.a
        pages = n * (n - 1) // 2 + 1
        log("== N=%d scaling (%d pair pages + index), load %s" % (n, pages - 1, self.load()))
        d = os.path.join(a.work, "n%d" % n)
        remove(d)
        os.makedirs(d)
        content, raw = os.path.join(d, "content"), os.path.join(d, "data")
        subprocess.run([sys.executable, os.path.join(HERE, "bench-data.py"), str(n), content, "--raw", raw], check=True, stdout=subprocess.DEVNULL)
        codes = sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(raw, "*.yaml")))
        edited = codes[len(codes) // 2]
        edited_file = os.path.join(content, "smtp", edited + ".yaml")
        fresh = os.path.join(d, "fresh")
        os.makedirs(fresh)
        out = os.path.join(d, "replyvs-out")
        rv = self.build
        size = {"n": n, "pages": pages, "edited_code": edited, "load_before": self.load(), "scale_only": True, "verify": []}
        sizes = {}

        def floor_cmd(r):
            if not sizes:
                sizes["page"], sizes["index"], npairs, sizes["files"] = self.floor_sizes(out)
                assert npairs == pages - 1
            return ("%s %s %s/floor-%d %d %d 2" % (a.floor, raw, fresh, r, sizes["page"], sizes["index"]), None)

        tools = [
            Tool("replyvs", "replyvs", lambda r: ("%s --content %s --output %s" % (rv, content, out if r == 0 else "%s/replyvs-%d" % (fresh, r)), None)),
            Tool("floor", "floor (C, 2 threads)", floor_cmd),
            Tool("replyvs-j1", "replyvs --jobs 1", lambda r: ("%s --jobs 1 --content %s --output %s/replyvs-j1-%d" % (rv, content, fresh, r), None)),
        ]

        def after(r, last):
            for p in os.listdir(fresh):
                remove(os.path.join(fresh, p))
            settle(a.settle)

        settle(a.settle)
        cold = self.rounds(tools, a.scale_runs, 0, after, rotate=False, label="N=%d cold" % n)
        size.update(replyvs_files=sizes.get("files"), floor_page_bytes=sizes.get("page"), floor_index_bytes=sizes.get("index"))
        tools = [
            Tool("noop", "replyvs, nothing changed", lambda r: ("%s --content %s --output %s" % (rv, content, out), None)),
            Tool("edit", "replyvs, one code edited", lambda r: ("%s --content %s --output %s" % (rv, content, out), None),
                 pre=lambda k: edit_code(edited_file, k)),
        ]
        rebuild = self.rounds(tools, a.scale_runs, 0, label="N=%d rebuild" % n)
        size["noop_report"] = sh("%s --content %s --output %s" % (rv, content, out)).stdout.strip().splitlines()[0]
        size["load_after"] = self.load()
        size["round_loads"], self.loads = self.loads, []
        size["cold"], size["rebuild"] = cold, rebuild
        self.report["sizes"][str(n)] = size
        log("  deleting the N=%d trees" % n)
        remove(d)

    def verify(self, raw, fresh, r, projects, npairs):
        lines = []
        verify = os.path.join(self.a.kit, "verify.py")
        for peer, sub in (("hugo", "hugo"), ("eleventy", "eleventy"), ("zola", "zola")):
            path = os.path.join(fresh, "%s-%d" % (sub, r))
            if peer in projects and os.path.isdir(path):
                res = sh("%s %s %s %s" % (sys.executable, verify, raw, path))
                last = res.stdout.strip().splitlines()
                lines.append("%s: %s" % (self.versions[peer], " ".join(last[-1:]) + ("" if res.returncode == 0 else " — " + "; ".join(last[:3]))))
        res = sh("%s %s %s %s/floor-%d --floor" % (sys.executable, verify, raw, fresh, r))
        lines.append("floor: %s" % res.stdout.strip().splitlines()[-1])
        got = len(glob.glob(os.path.join(fresh, "replyvs-%d" % r, "smtp", "*-vs-*.html")))
        lines.append("replyvs: %d/%d pair pages %s" % (got, npairs, "OK" if got == npairs else "MISSING"))
        return lines

    @staticmethod
    def load():
        return "%.2f %.2f %.2f" % os.getloadavg()

    # ---- report ------------------------------------------------------------------------------

    def markdown(self):
        a = self.a
        rep = self.report
        out = []
        w = out.append
        w("# replyvs side by side with Hugo, Eleventy, Zola and the file-writing floor")
        w("")
        w("Run %s → %s on %s, %d cores, %s. replyvs %s. Timer: `../shared/bench/timeit.py -n 1` per run, in its own process "
          "(whole process: wall, user+sys cpu, peak RSS of the largest process). %d run(s) per series after %d warm-up round(s), "
          "tools interleaved (order rotating each round); ratios are medians of per-round ratios. Pages = pair pages + the index "
          "(the peers' site); pages/s = pages / median wall. peak = the largest of the runs."
          % (rep["started"], rep.get("finished", "?"), platform.node() or "this machine", os.cpu_count(), platform.platform(), self.versions["replyvs"],
             a.runs, a.warmup))
        w("")
        w("| N | pages | tool | scenario | wall median (min–max) | cpu | peak RSS MiB | pages/s | ÷ floor (cold) | peer ÷ replyvs (same round) |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        targets = []
        scale_rows = []
        for key, s in rep["sizes"].items():
            n, pages = s["n"], s["pages"]
            cold, reb = s["cold"], s["rebuild"]
            peers = [p for p in ("hugo", "zola", "eleventy") if p in cold]
            labels = self.labels

            def row(tool, scenario, series, floor_ratio, peer_text):
                st = self.stats(series)
                if not st:
                    w("| %d | %d | %s | %s | – | – | – | – | – | %s |" % (n, pages, tool, scenario, "failed or skipped"))
                    return None
                w("| %d | %d | %s | %s | %s (%s–%s) | %s | %.1f | %.0f | %s | %s |"
                  % (n, pages, tool, scenario, fmt_s(st["wall"]), fmt_s(st["min"]).replace(" s", ""), fmt_s(st["max"]).replace(" s", ""),
                     fmt_s(st["cpu"]), st["peak"], pages / st["wall"], fmt_ratio(floor_ratio), peer_text))
                return st

            if s.get("scale_only"):
                rst = row("replyvs", "cold, fresh folder", cold["replyvs"], self.ratio(cold["replyvs"], cold["floor"]), "–")
                j1 = row("replyvs --jobs 1", "cold, fresh folder", cold["replyvs-j1"], self.ratio(cold["replyvs-j1"], cold["floor"]), "–")
                row("floor (C, 2 threads)", "cold, fresh folder", cold["floor"], 1.0, "–")
                row("replyvs", "rebuild, nothing changed", reb["noop"], None, "–")
                row("replyvs", "rebuild, one code edited", reb["edit"], None, "–")
            else:
                pr = {p: self.ratio(cold[p], cold["replyvs"]) for p in peers}
                rst = row("replyvs", "cold, fresh folder", cold["replyvs"], self.ratio(cold["replyvs"], cold["floor"]),
                          ", ".join("%s %s×" % (self.short[p], fmt_ratio(pr[p])) for p in peers) or "–")
                j1 = row("replyvs --jobs 1", "cold, fresh folder", cold["replyvs-j1"], self.ratio(cold["replyvs-j1"], cold["floor"]), "–")
                for p in peers:
                    row(labels[p], "cold, fresh folder", cold[p], self.ratio(cold[p], cold["floor"]), fmt_ratio(pr[p]) + "×")
                row("floor (C, 2 threads)", "cold, fresh folder", cold["floor"], 1.0, "–")
                pn = {p: self.ratio(reb[p], reb["noop"]) for p in peers}
                pe = {p: self.ratio(reb[p], reb["edit"]) for p in peers}
                row("replyvs", "rebuild, nothing changed", reb["noop"], None, ", ".join("%s %s×" % (self.short[p], fmt_ratio(pn[p])) for p in peers) or "–")
                row("replyvs", "rebuild, one code edited", reb["edit"], None, ", ".join("%s %s×" % (self.short[p], fmt_ratio(pe[p])) for p in peers) or "–")
                for p in peers:
                    row(labels[p], "rm + build (one code edited)", reb[p], None, "%s× vs nothing changed, %s× vs one edit" % (fmt_ratio(pn[p]), fmt_ratio(pe[p])))
                fast = [p for p in ("hugo", "zola") if p in peers]
                if n == 300:
                    fr = self.ratio(cold["replyvs"], cold["floor"])
                    targets.append(("1. cold ≤ 1.25× floor", n, fmt_ratio(fr), fr is not None and fr <= 1.25))
                    for p in fast:
                        targets.append(("1. cold ≥ 2.5× faster than %s" % labels[p], n, fmt_ratio(pr[p]), pr[p] is not None and pr[p] >= 2.5))
                        targets.append(("2. no-change rebuild ≥ 50× faster than %s rm + build" % labels[p], n, fmt_ratio(pn[p]), pn[p] is not None and pn[p] >= 50))
                        targets.append(("3. one edit ≥ 100× faster than %s rm + build" % labels[p], n, fmt_ratio(pe[p]), pe[p] is not None and pe[p] >= 100))
                    if "eleventy" in peers:
                        targets.append(("3. one edit ≥ 100× faster than %s rm + build" % labels["eleventy"], n, fmt_ratio(pe["eleventy"]), pe["eleventy"] is not None and pe["eleventy"] >= 100))
            st = self.stats(cold["replyvs"])
            if n in (300, 1000) and st:
                limit = 64 if n == 300 else 128
                peak = max([x["peak"] for x in (st, self.stats(reb["noop"]), self.stats(reb["edit"])) if x])
                targets.append(("4. peak RSS ≤ %d MiB (cold and rebuilds)" % limit, n, "%.1f MiB" % peak, peak <= limit))
            st1 = self.stats(cold["replyvs-j1"])
            fl = self.stats(cold["floor"])
            scale_rows.append("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                n, pages, s.get("replyvs_files") or "–",
                "%s, %.0f pages/s, %.1f MiB" % (fmt_s(st["wall"]), pages / st["wall"], st["peak"]) if st else "–",
                "%s, %.0f pages/s, %.1f MiB" % (fmt_s(st1["wall"]), pages / st1["wall"], st1["peak"]) if st1 else "–",
                fmt_ratio(self.ratio(cold["replyvs-j1"], cold["replyvs"])),
                "%s, %.0f pages/s" % (fmt_s(fl["wall"]), pages / fl["wall"]) if fl else "–",
                fmt_ratio(self.ratio(cold["replyvs"], cold["floor"])),
                fmt_s(self.stats(reb["noop"])["wall"]) if self.stats(reb["noop"]) else "–",
                fmt_s(self.stats(reb["edit"])["wall"]) if self.stats(reb["edit"]) else "–"))
        w("")
        w("## replyvs scaling (cold build into a fresh folder; 2 threads = the default, one per core)")
        w("")
        w("| N | pages | files replyvs writes | 2 threads: wall, pages/s, peak | 1 thread (`--jobs 1`) | speed-up 1 → 2 threads | floor, 2 threads | replyvs ÷ floor | no-change rebuild | one-edit rebuild |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        out.extend(scale_rows)
        if targets:
            w("")
            w("## Issue 4 targets (ratios from this run)")
            w("")
            w("| target | N | measured | met |")
            w("|---|---|---|---|")
            for name, n, value, ok in targets:
                w("| %s | %d | %s | %s |" % (name, n, value, "yes" if ok else "**no**"))
        w("")
        w("## Notes")
        w("")
        for key, s in rep["sizes"].items():
            rl = s.get("round_loads") or [0]
            w("* N=%s: load average %s before, %s after, 1-minute load at the start of each round %.2f–%.2f (median %.2f); replyvs writes %s files (pair pages, code pages, indexes, sitemap, search, API); "
              "floor page/index bytes %s/%s (replyvs's average pair page and smtp/index.html); edited code %s."
              % (key, s["load_before"], s["load_after"], min(rl), max(rl), statistics.median(rl), s.get("replyvs_files"), s.get("floor_page_bytes"), s.get("floor_index_bytes"), s["edited_code"]))
            if s.get("reference_build"):
                w("  * reference build (untimed, the rebuilds' starting point): `%s`" % s["reference_build"])
            w("  * replyvs report of a no-change rebuild: `%s`" % s.get("noop_report"))
            if s.get("edit_report"):
                w("  * replyvs report after one more edit: `%s`" % s["edit_report"])
            for v in s.get("verify", []):
                w("  * output check: %s" % v)
        for note in rep["notes"]:
            w("* %s" % note)
        w("* Commands: replyvs cold `replyvs build --content C --output FRESH/replyvs-R` (and `--jobs 1`); rebuilds "
          "`replyvs build --content C --output OUT` over the existing OUT (every replyvs command also gets `--theme` of a copy of themes/default taken with the binary); Hugo cold `hugo --quiet -d FRESH/hugo-R`, rebuild "
          "`rm -rf public && hugo --quiet`; Eleventy cold `node node_modules/@11ty/eleventy/cmd.cjs --quiet --output=FRESH/eleventy-R`, "
          "rebuild `rm -rf _site && node node_modules/@11ty/eleventy/cmd.cjs --quiet`; Zola cold `zola build -o FRESH/zola-R`, rebuild "
          "`rm -rf public && zola build`; floor `floor DATA FRESH/floor-R PAGE_BYTES INDEX_BYTES 2`. The one-code edit (a sentence "
          "appended to the description) is made before the timed command, to replyvs's content and to each peer's own data copy.")
        w("* The timer's peak cannot read below its own size at fork (about 11-17 MiB here): a peak near that is an upper bound.")
        w("* replyvs writes one file per page (`smtp/a-vs-b.html`), the peers and the floor a folder per page (`a-vs-b/index.html`): "
          "the floor is the cost of the peers' layout, with replyvs's page size.")
        return "\n".join(out) + "\n"

    def main(self):
        a = self.a
        peers = [p for p, on in (("hugo", a.hugo), ("eleventy", a.eleventy), ("zola", a.zola)) if on]
        self.versions = {"replyvs": sh("%s --version" % a.replyvs).stdout.strip().replace("replyvs ", "") + " (commit " + (open(os.path.join(a.work, "replyvs.commit")).read().strip() if os.path.exists(os.path.join(a.work, "replyvs.commit")) else sh("git -C %s describe --always --dirty" % REPO).stdout.strip()) + ")"}
        if a.hugo:
            self.versions["hugo"] = "Hugo " + sh("%s version" % a.hugo).stdout.split()[1].lstrip("v").split("+")[0].split("-")[0]
        if a.eleventy:
            with open(os.path.join(a.kit, "eleventy", "node_modules", "@11ty", "eleventy", "package.json")) as f:
                self.versions["eleventy"] = "Eleventy " + json.load(f)["version"]
        if a.zola:
            self.versions["zola"] = "Zola " + sh("%s --version" % a.zola).stdout.split()[-1]
        # `replyvs build` with the theme snapshot taken with the binary (never the repo's, which may change).
        self.build = "%s build --theme %s" % (a.replyvs, a.theme)
        self.labels = {p: self.versions[p] for p in peers}
        self.short = {"hugo": "Hugo", "eleventy": "Eleventy", "zola": "Zola"}
        for n in a.sizes:
            self.run_size(n, peers)
        for n in a.scale_sizes:
            self.run_scale(n)
        self.report["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
        md = self.markdown()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        with open(os.path.join(a.work, "results-%s.md" % stamp), "w") as f:
            f.write(md)
        with open(os.path.join(a.work, "results-%s.json" % stamp), "w") as f:
            json.dump(self.report, f, indent=1)
        print(md)
        log("saved %s/results-%s.{md,json}" % (a.work, stamp))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--replyvs", required=True)
    ap.add_argument("--theme", required=True, help="the theme folder replyvs builds with")
    ap.add_argument("--kit", required=True, help="a writable copy of ../shared/bench")
    ap.add_argument("--floor", required=True)
    ap.add_argument("--sizes", default="25 100 300")
    ap.add_argument("--scale-sizes", default="")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--scale-runs", type=int, default=1)
    ap.add_argument("--settle", type=float, default=5)
    ap.add_argument("--hugo", default=None)
    ap.add_argument("--eleventy", action="store_true")
    ap.add_argument("--zola", default=None)
    ap.add_argument("--skip", action="append", default=[], help="a note to print (a peer that was skipped and why)")
    a = ap.parse_args()
    a.sizes = [int(x) for x in a.sizes.split()]
    a.scale_sizes = [int(x) for x in a.scale_sizes.split()]
    a.work = os.path.abspath(a.work)
    Bench(a).main()


if __name__ == "__main__":
    main()
