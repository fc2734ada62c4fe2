#!/usr/bin/env python3
"""fieldfix and PyVRP side by side on VRPLIB instances; prints markdown tables of gaps.

For each instance and seed, ``fieldfix optimize --vrplib`` runs on one core
and PyVRP on the other at the same time, in the same minutes, with the same
budget: machines here differ up to three times in speed, so only figures
measured side by side are compared. fieldfix's routes of a single-depot
instance (``bench/gh1000``) are priced and checked here on PyVRP's reading
of the file (its distances and durations with DIMACS rounding, as the
published costs, its windows, demands and fleet), by a few lines that share
nothing with fieldfix; on the multi-depot set fieldfix's own checker answers.
The gap is to the cost in the ``.sol`` beside each file; the tables give
each seed, the median per instance, and the mean of the medians per family
and over all.

    pip install pyvrp
    python3 scripts/compare_vrplib.py bench/gh1000/*.vrp --seconds 60 --seeds 1,2,3
    python3 scripts/compare_vrplib.py bench/mdvrptw/*.vrp --seconds 30 --seeds 1,2,3
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def is_multi_depot(path: Path) -> bool:
    kind = re.search(r"TYPE\s*:\s*(\S+)", path.read_text())
    return bool(kind and kind.group(1).upper() == "MDVRPTW")


def published(path: Path) -> float | None:
    sol = path.with_suffix(".sol")
    if not sol.exists():
        return None
    match = re.search(r"Cost:?\s*([0-9.]+)", sol.read_text())
    return float(match.group(1)) if match else None


def peer(path: Path, seconds: float, seed: int) -> dict:
    """PyVRP on ``path`` (run in a child process pinned to the peers' core)."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    dimacs = not is_multi_depot(path)
    data = pyvrp.read(str(path), round_func="dimacs" if dimacs else "exact")
    result = pyvrp.solve(data, stop=MaxRuntime(seconds), seed=seed, display=False)
    cost = result.best.distance() / 10 if dimacs else result.best.distance()
    return {"cost": cost, "feasible": result.best.is_feasible(), "seconds": result.runtime}


def judged(path: Path, answer: dict) -> dict:
    """fieldfix's answer of a single-depot file, priced and checked on PyVRP's reading of the file
    (its distances and durations with DIMACS rounding, its windows, demands and fleet); fieldfix's
    own verdict on the multi-depot set."""
    if is_multi_depot(path):
        return {"cost": answer["cost"], "feasible": answer["feasible"], "judge": "fieldfix"}
    import pyvrp

    data = pyvrp.read(str(path), round_func="dimacs")
    dist, dur = data.distance_matrix(0), data.duration_matrix(0)
    clients, fleet = data.clients(), data.vehicle_type(0)
    # fieldfix names the file's node ids (the depot is 1); PyVRP counts locations from 0.
    routes = [[c - 1 for c in r["clients"]] for r in answer["routes"] if r["clients"]]
    seen = sorted(c for r in routes for c in r)
    feasible = seen == list(range(1, data.num_locations)) and len(routes) <= fleet.num_available
    cost = 0
    for route in routes:
        at, load, prev = fleet.tw_early, 0, 0
        for loc in route:
            client = clients[loc - data.num_depots]
            cost += dist[prev, loc]
            at = max(at + dur[prev, loc], client.tw_early)
            feasible &= at <= client.tw_late
            at += client.service_duration
            load += client.delivery[0]
            prev = loc
        cost += dist[prev, 0]
        feasible &= at + dur[prev, 0] <= fleet.tw_late and load <= fleet.capacity[0]
    return {"cost": cost / 10, "feasible": bool(feasible), "judge": "PyVRP's data"}


def run(cmd: list[str], core: int) -> subprocess.CompletedProcess:
    return subprocess.run(["taskset", "-c", str(core), *cmd], capture_output=True, text=True)


def one(args, path: Path, seed: int) -> tuple[dict, dict]:
    ours = [args.fieldfix, "optimize", "--vrplib", str(path), "--seconds", str(args.seconds), "--seed", str(seed)]
    theirs = [sys.executable, __file__, "--peer-one", str(path), str(args.seconds), str(seed)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.submit(run, ours, args.core), pool.submit(run, theirs, args.peer_core)
        mine, peer_run = a.result(), b.result()
    answer = json.loads(mine.stdout.strip().splitlines()[-1])
    return judged(path, answer), json.loads(peer_run.stdout.strip().splitlines()[-1])


def family(stem: str) -> str:
    return stem.split("_")[0] if "_" in stem else re.sub(r"[0-9].*$", "", stem) or stem


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--peer-one":
        print(json.dumps(peer(Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--fieldfix", default="./target/release/fieldfix")
    parser.add_argument("--core", type=int, default=0, help="fieldfix's core")
    parser.add_argument("--peer-core", type=int, default=1, help="PyVRP's core")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    for name in args.files:
        path = Path(name)
        best = published(path)
        for seed in seeds:
            ours, theirs = one(args, path, seed)
            gap = lambda r: 100 * (r["cost"] - best) / best if best and r["feasible"] else float("nan")
            rows.append({"instance": path.stem, "seed": seed, "fieldfix": gap(ours), "pyvrp": gap(theirs),
                         "judge": ours.get("judge"), "feasible": (ours["feasible"], theirs["feasible"])})
            print(f"{path.stem} seed {seed}: fieldfix {gap(ours):.2f} % ({ours['judge']} judged, feasible "
                  f"{ours['feasible']}), PyVRP {gap(theirs):.2f} %", file=sys.stderr)
    print(f"\nGap % to the published cost, {args.seconds:g} s per run, fieldfix on core {args.core} and PyVRP on "
          f"core {args.peer_core} at the same time; seeds {args.seeds}; medians per instance.\n")
    print("| instance | fieldfix by seed | **fieldfix median** | PyVRP by seed | **PyVRP median** | judged by |")
    print("| --- | --- | --- | --- | --- | --- |")
    medians = {}
    for stem in dict.fromkeys(r["instance"] for r in rows):
        mine = [r for r in rows if r["instance"] == stem]
        f = [r["fieldfix"] for r in mine]
        p = [r["pyvrp"] for r in mine]
        medians[stem] = (statistics.median(f), statistics.median(p))
        print(f"| {stem} | {' / '.join(f'{x:.2f}' for x in f)} | **{medians[stem][0]:.2f}** | "
              f"{' / '.join(f'{x:.2f}' for x in p)} | **{medians[stem][1]:.2f}** | {mine[0]['judge']} |")
    print("\n| family | instances | fieldfix mean of medians | PyVRP mean of medians | ahead |")
    print("| --- | --- | --- | --- | --- |")
    groups: dict[str, list[str]] = {}
    for stem in medians:
        groups.setdefault(family(stem), []).append(stem)
    groups["all"] = list(medians)
    for name, stems in groups.items():
        f = statistics.mean(medians[s][0] for s in stems)
        p = statistics.mean(medians[s][1] for s in stems)
        print(f"| {name} | {len(stems)} | {f:.2f} | {p:.2f} | {'tie' if abs(f - p) < 0.005 else 'fieldfix' if f < p else 'PyVRP'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
