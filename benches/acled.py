#!/usr/bin/env python3
"""Events from data (issue #18): how imported ACLED rows scale.

    python3 benches/acled.py [--rows 10000,100000] [--runs 1] [--work DIR]
                             [--binary target/release/dossier] [--build]

For each row count, writes a site (cached in --work) of a few countries and
actors and one ACLED export of that many rows in the current export's
columns: dates over three years, two thirds of the actor names matching an
actor by name or alias, a third nothing (listed on /data/unresolved/),
every row with coordinates and a `geo_precision` of 1, 2 or 3. Then runs
`dossier check --timings` on it under /usr/bin/time (every page rendered,
nothing written: 100,000 event pages are 2.5 GB on disk) and prints the
wall and CPU time, the peak memory, and dossier's own stages (load: reading
the CSV; link: resolving names and merging; render), with how each grows
from one row count to the next (10x the rows should cost about 10x). With
--build, `dossier build` is timed too, below 100,000 rows, and its output
removed after.

The machine is shared: run 100,000 rows once. This asserts nothing.
"""
import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
    "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,"
    "fatalities,tags,timestamp"
).split(",")

COUNTRIES = [
    # Boxes well inside each country, so that `check` finds every place
    # in its country.
    ("mali", "Mali", "ML", 466, (13.5, 16.0), (-7.5, -1.0)),
    ("burkina-faso", "Burkina Faso", "BF", 854, (11.5, 13.5), (-3.5, 0.5)),
    ("niger", "Niger", "NE", 562, (14.0, 17.0), (5.0, 11.0)),
]

TYPES = [
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Strategic developments", "Strategic developments", "Looting/property destruction"),
]


def write_site(root, rows):
    """A site with countries, 40 actors and `rows` ACLED rows."""
    rng = random.Random(18)
    content = os.path.join(root, "content")
    for folder in ("countries", "actors", "briefs"):
        os.makedirs(os.path.join(content, folder), exist_ok=True)
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write('title: "ACLED bench"\nbase_url: "https://example.org/"\nlanguage: en\n'
                "data:\n  - {source: acled, file: data/acled.csv}\n")
    for slug, name, iso2, _, _, _ in COUNTRIES:
        with open(os.path.join(content, "countries", slug + ".md"), "w") as f:
            f.write(f'---\nname: "{name}"\niso2: "{iso2}"\n---\n')
    named = []
    for n in range(40):
        slug, country = f"group-{n}", COUNTRIES[n % 3][0]
        with open(os.path.join(content, "actors", slug + ".md"), "w") as f:
            f.write(f'---\nname: "Group {n}"\nkind: armed-group\ncountries: [{country}]\n'
                    f'aliases: ["Armed Group {n} (Sahel)"]\n---\n')
        named += [f"Group {n}", f"Armed Group {n} (Sahel)"]
    with open(os.path.join(content, "briefs", "overview.md"), "w") as f:
        f.write('---\ntitle: "Overview"\ndate: 2025-01-01\ncountries: [mali]\n'
                'sources: [{title: "ACLED"}]\n---\nThe data.\n')
    path = os.path.join(root, "data", "acled.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for i in range(rows):
            slug, cname, _, iso, lat, lon = COUNTRIES[i % 3]
            disorder, etype, sub = TYPES[i % len(TYPES)]
            pick = i % 3  # 0, 1: a known name; 2: an unknown one
            actor1 = (rng.choice(named) if pick < 2 else f"Unidentified Armed Group {i % 500}")
            actor2 = "Civilians ({})".format(cname) if etype == "Violence against civilians" else rng.choice(named)
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            year = 2023 + i % 3
            w.writerow([
                f"{cname[:3].upper()}{i}", f"{year}-{month:02d}-{day:02d}", year, 1 + i % 3,
                disorder, etype, sub, actor1, "", "Rebel group", actor2, "", "State forces",
                "Rebel group-State forces", "", iso, "Western Africa", cname, f"Region {i % 9}",
                "", "", f"Place {i % 2000}", f"{rng.uniform(*lat):.4f}", f"{rng.uniform(*lon):.4f}",
                1 + i % 3, "Local source; Reuters", "National",
                f"On this day, {actor1} and {actor2} met near Place {i % 2000}. Row {i}.",
                i % 7, "", 1700000000 + i,
            ])
    return os.path.getsize(path)


def timed(cmd):
    """(wall s, cpu s, peak MB, stderr) of one run under /usr/bin/time -v."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + cmd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        text = report.read()
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    field = lambda name: re.search(rf"{name}: ([\d.:]+)", text).group(1)
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    parts = [float(p) for p in wall.split(":")]
    wall_s = sum(p * 60 ** (len(parts) - 1 - k) for k, p in enumerate(parts))
    cpu = float(field("User time \\(seconds\\)")) + float(field("System time \\(seconds\\)"))
    peak = int(field(r"Maximum resident set size \(kbytes\)")) / 1024
    return wall_s, cpu, peak, result.stderr


def stages(stderr):
    """dossier's --timings lines: stage → ms."""
    found = {}
    for line in stderr.splitlines():
        m = re.match(r"\s*([a-z ()]+):\s+(\d+) ms", line)
        if m:
            found[m.group(1).strip()] = int(m.group(2))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "dossier-acled-bench"))
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "dossier"))
    parser.add_argument("--build", action="store_true", help="also time `build` below 100,000 rows")
    args = parser.parse_args()
    results = []
    for rows in [int(r) for r in args.rows.split(",")]:
        root = os.path.join(args.work, f"acled-{rows}")
        if not os.path.exists(os.path.join(root, "data", "acled.csv")):
            shutil.rmtree(root, ignore_errors=True)
            size = write_site(root, rows)
        else:
            size = os.path.getsize(os.path.join(root, "data", "acled.csv"))
        best = None
        for _ in range(args.runs if rows < 100000 else 1):
            run = timed([args.binary, "check", "--root", root, "--timings"])
            best = run if best is None or run[0] < best[0] else best
        wall, cpu, peak, stderr = best
        st = stages(stderr)
        results.append((rows, wall, cpu, peak, st))
        print(f"{rows:>7} rows ({size / 1e6:.1f} MB of CSV), check: wall {wall:.2f} s, cpu {cpu:.2f} s, "
              f"peak {peak:.0f} MB; load {st.get('load', 0)} ms, link {st.get('link', 0)} ms, "
              f"render {st.get('render and write', 0)} ms", flush=True)
        if args.build and rows < 100000:
            out = os.path.join(args.work, f"public-{rows}")
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu, peak, _ = timed([args.binary, "build", "--root", root, "--output", out])
            shutil.rmtree(out, ignore_errors=True)
            for spare in os.listdir(args.work):
                if spare.startswith(f".public-{rows}."):
                    shutil.rmtree(os.path.join(args.work, spare), ignore_errors=True)
            print(f"{rows:>7} rows, build: wall {wall:.2f} s, cpu {cpu:.2f} s, peak {peak:.0f} MB",
                  flush=True)
    for (r0, w0, c0, p0, s0), (r1, w1, c1, p1, s1) in zip(results, results[1:]):
        ratio = lambda a, b: f"{b / a:.1f}x" if a else "-"
        print(f"{r0} -> {r1} rows ({r1 / r0:.0f}x): wall {ratio(w0, w1)}, cpu {ratio(c0, c1)}, "
              f"peak memory {ratio(p0, p1)}, load {ratio(s0.get('load', 0), s1.get('load', 0))}, "
              f"link {ratio(s0.get('link', 0), s1.get('link', 0))}, "
              f"render {ratio(s0.get('render and write', 0), s1.get('render and write', 0))}")


if __name__ == "__main__":
    main()
