#!/usr/bin/env python3
"""Compares fieldfix, VROOM and PyVRP on generated day plans side by side at equal time; prints markdown tables.

For every size and seed, ``fieldfix generate`` writes the day (with its
travel matrix). VROOM has no time limit, so at each exploration level it
first runs alone on the peers' core to learn its time T (at least
``--min-seconds``); then fieldfix (budget T, on its own core) and VROOM
again (on the peers' core) run at the same time, in the same minutes, and
the answer of that second VROOM run is the one compared; PyVRP (budget T)
runs on the peers' core next, beside fieldfix's run of the next seed when
there is one. Every solver has one core (one thread), and ``fieldfix
check`` judges every answer with the same independent checker. The tables
give medians over the seeds: served, travel, travel per served visit, and
each solver's wall time.

Run from the repository root after ``cargo build --release`` and
``pip install pyvroom pyvrp``:

    python3 scripts/compare_dayplans.py                     # 4 sizes x 3 seeds
    python3 scripts/compare_dayplans.py --levels 1 --sizes 50x450 --seeds 1,2,3,4,5
    python3 scripts/compare_dayplans.py --levels 1 --sizes 200x2000 --no-pyvrp
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(cmd: list[str], core: int) -> tuple[subprocess.CompletedProcess, float]:
    """Runs ``cmd`` pinned to ``core``; returns the process and its wall time."""
    started = time.perf_counter()
    proc = subprocess.run(["taskset", "-c", str(core), *cmd], capture_output=True, text=True)
    return proc, time.perf_counter() - started


def side_by_side(*jobs):
    """Runs the thunks ``jobs`` at the same time (each pins its own process to its core)."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [f.result() for f in [pool.submit(job) for job in jobs]]


def check(fieldfix: str, problem: Path, answer: Path) -> dict:
    """The verdict of ``fieldfix check``; infeasible answers keep their violations."""
    proc = subprocess.run(
        [fieldfix, "check", "--problem", str(problem), "--answer", str(answer)],
        capture_output=True,
        text=True,
    )
    lines = proc.stdout.strip().splitlines()
    if not lines:
        return {"feasible": False, "violations": [proc.stderr.strip()[:500]]}
    return json.loads(lines[-1])


def solve_fieldfix(args, problem: Path, seconds: float, seed: int, out: Path) -> float:
    cmd = [args.fieldfix, "optimize", "--problem", str(problem)]
    proc, wall = run(cmd + ["--seconds", f"{seconds:.3f}", "--seed", str(seed)], args.core)
    out.with_suffix(".wall").write_text(f"{wall:.3f}")
    out.write_text(proc.stdout)
    if proc.returncode != 0:
        print(f"fieldfix failed on {problem}: {proc.stderr[:500]}", file=sys.stderr)
    return wall


def solve_pyvrp(args, problem: Path, seconds: float, seed: int, out: Path) -> float:
    cmd = [sys.executable, str(HERE / "pyvrp_dayplan.py"), str(problem)]
    cmd += ["--seconds", f"{seconds:.3f}", "--seed", str(seed), "--out", str(out)]
    if args.relax:
        cmd.append("--relax")
    proc, wall = run(cmd, args.peer_core)
    out.with_suffix(".wall").write_text(f"{wall:.3f}")
    if proc.returncode != 0:
        print(f"pyvrp failed on {problem}: {proc.stderr[:500]}", file=sys.stderr)
        out.write_text("")
    return wall


def solve_vroom(args, problem: Path, level: int, out: Path) -> float:
    """Runs VROOM at exploration ``level``; returns the seconds of its solve call."""
    cmd = [sys.executable, str(HERE / "vroom_dayplan.py"), str(problem), "--exploration", str(level)]
    proc, wall = run(cmd + ["--out", str(out)], args.peer_core)
    out.with_suffix(".wall").write_text(f"{wall:.3f}")
    if proc.returncode != 0:
        print(f"vroom failed on {problem}: {proc.stderr[:500]}", file=sys.stderr)
        out.write_text("")
        return float("nan")
    return float(json.loads(out.read_text())["seconds"])


def relaxed(problem: Path) -> Path:
    """The same day without skills and pins (every technician can do everything)."""
    plan = json.loads(problem.read_text())
    skills = sorted({v["skill"] for v in plan["visits"]})
    for tech in plan["technicians"]:
        tech["skills"] = skills
    for visit in plan["visits"]:
        visit.pop("pinned_to", None)
    out = problem.with_name(problem.stem + "-relaxed.json")
    out.write_text(json.dumps(plan))
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fieldfix", default="./target/release/fieldfix")
    parser.add_argument("--sizes", default="8x60,30x300,50x450,80x700", help="technicians x visits, comma separated")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--levels", default="1,5", help="VROOM exploration levels, comma separated")
    parser.add_argument("--min-seconds", type=float, default=0.1, help="smallest budget given to fieldfix and PyVRP")
    parser.add_argument("--core", type=int, default=0, help="fieldfix's core")
    parser.add_argument("--peer-core", type=int, default=1, help="the peers' core (VROOM, PyVRP)")
    parser.add_argument("--relax", action="store_true", help="drop skills and pins for every solver")
    parser.add_argument("--no-pyvrp", action="store_true", help="leave PyVRP out")
    parser.add_argument("--workdir", help="keeps problems and answers here (default: a temporary folder)")
    parser.add_argument("--json", help="writes every run to this file")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    levels = [int(x) for x in args.levels.split(",")]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fieldfix-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)

    rows = []
    for techs, visits in sizes:
        for seed in seeds:
            problem = workdir / f"day-{techs}-{visits}-{seed}.json"
            subprocess.run(
                [args.fieldfix, "generate", "--technicians", str(techs), "--visits", str(visits),
                 "--seed", str(seed), "--out", str(problem)],
                check=True,
            )
            if args.relax:
                problem = relaxed(problem)
            for level in levels:
                stem = f"{techs}-{visits}-{seed}-x{level}"
                alone = workdir / f"vroom-alone-{stem}.json"
                budget = solve_vroom(args, problem, level, alone)
                budget = max(args.min_seconds, budget if budget == budget else args.min_seconds)
                vr, ff = workdir / f"vroom-{stem}.json", workdir / f"fieldfix-{stem}.json"
                side_by_side(lambda: solve_fieldfix(args, problem, budget, seed, ff),
                             lambda: solve_vroom(args, problem, level, vr))
                record(rows, args, problem, f"vroom-x{level}", (techs, visits), seed, level, budget, vr)
                record(rows, args, problem, "fieldfix", (techs, visits), seed, level, budget, ff)
                if not args.no_pyvrp:
                    out = workdir / f"pyvrp-{stem}.json"
                    solve_pyvrp(args, problem, budget, seed, out)
                    record(rows, args, problem, "pyvrp", (techs, visits), seed, level, budget, out)

    if args.json:
        Path(args.json).write_text(json.dumps({"runs": rows}, indent=1))
    print_tables(rows, sizes, levels, len(seeds), args.relax, not args.no_pyvrp)
    return 0


def record(rows, args, problem, solver, size, seed, level, budget, out) -> None:
    verdict = check(args.fieldfix, problem, out)
    wall = out.with_suffix(".wall")
    seconds = float(wall.read_text()) if wall.exists() else float("nan")
    rows.append({"solver": solver, "size": size, "seed": seed, "level": level, "budget": round(budget, 3),
                 "wall_s": round(seconds, 2), **verdict})
    print(f"{solver:9} {size[0]}/{size[1]} seed {seed} x{level} budget {budget:.2f} s: served "
          f"{verdict.get('served')} travel {verdict.get('travel_s')} feasible {verdict.get('feasible')}",
          file=sys.stderr)


def print_tables(rows, sizes, levels, nseeds, relax, with_pyvrp) -> None:
    what = "relaxed days (no skills, no pins)" if relax else "days with skills, shifts, windows and pins"
    print(f"\nGenerated {what}; one core each, fieldfix and VROOM side by side in the same minutes; median "
          f"of {nseeds} seeds; every answer judged by `fieldfix check`; fieldfix and PyVRP get the time VROOM's "
          "solve took alone at that level. Travel per served visit compares plans that serve different counts.\n")
    names = ["vroom", "fieldfix"] + (["pyvrp"] if with_pyvrp else [])
    label = " / ".join(names)
    print(f"| technicians / visits | VROOM -x | budget s | wall s {label} | served {label} | travel h {label} "
          f"| travel per served min {label} | fieldfix − VROOM served, by seed "
          f"| fieldfix / VROOM travel per served, by seed | passed check {label} |")
    print("| --- " * 10 + "|")
    for size in sizes:
        for level in levels:
            pick = lambda solver: sorted((r for r in rows if r["solver"] == solver and r["size"] == size
                                          and r["level"] == level), key=lambda r: r["seed"])
            runs = {n: pick(f"vroom-x{level}" if n == "vroom" else n) for n in names}
            per = lambda r: r["travel_s"] / 60 / r["served"] if r.get("served") else float("nan")
            walls = " / ".join(f"{median([r['wall_s'] for r in runs[n]]):.1f}" for n in names)
            served = " / ".join(f"{median([r['served'] for r in runs[n] if 'served' in r]):g}" for n in names)
            hours = " / ".join(f"{median([r['travel_s'] / 3600 for r in runs[n] if 'travel_s' in r]):.1f}"
                               for n in names)
            per_served = " / ".join(f"{median([per(r) for r in runs[n] if 'travel_s' in r]):.2f}" for n in names)
            budget = median([r["budget"] for r in runs["vroom"]])
            pairs = list(zip(runs["fieldfix"], runs["vroom"]))
            diff = ", ".join(f"{f['served'] - v['served']:+d}" for f, v in pairs if "served" in f and "served" in v)
            ratio = ", ".join(f"{per(f) / per(v):.2f}" for f, v in pairs if f.get("travel_s") and v.get("travel_s"))
            ok = " / ".join(f"{sum(1 for r in runs[n] if r.get('feasible'))}/{len(runs[n])}" for n in names)
            print(f"| {size[0]} / {size[1]} | {level} | {budget:.2f} | {walls} | {served} | {hours} | {per_served} "
                  f"| {diff} | {ratio} | {ok} |")


if __name__ == "__main__":
    sys.exit(main())
