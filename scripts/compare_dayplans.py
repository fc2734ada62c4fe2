#!/usr/bin/env python3
"""Compares fieldfix and PyVRP on generated day plans; prints markdown tables.

For every size and seed, ``fieldfix generate`` writes the day (with its
travel matrix); for every budget both solvers solve it pinned to the same
single core, one after the other, the order alternating so that both see the
same machine load; ``fieldfix check`` judges both answers with the same
independent checker. The tables give medians over the seeds.

Run from the repository root after ``cargo build --release`` and
``pip install pyvrp``:

    python3 scripts/compare_dayplans.py            # about 7 minutes
    python3 scripts/compare_dayplans.py --relax    # skills and pins dropped
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(cmd: list[str], core: int) -> tuple[subprocess.CompletedProcess, float]:
    """Runs ``cmd`` pinned to ``core``; returns the process and its wall time."""
    started = time.perf_counter()
    proc = subprocess.run(["taskset", "-c", str(core), *cmd], capture_output=True, text=True)
    return proc, time.perf_counter() - started


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
    proc, wall = run(cmd + ["--seconds", str(seconds), "--seed", str(seed)], args.core)
    out.write_text(proc.stdout)
    if proc.returncode != 0:
        print(f"fieldfix failed on {problem}: {proc.stderr[:500]}", file=sys.stderr)
    return wall


def solve_pyvrp(args, problem: Path, seconds: float, seed: int, out: Path) -> float:
    cmd = [sys.executable, str(HERE / "pyvrp_dayplan.py"), str(problem)]
    cmd += ["--seconds", str(seconds), "--seed", str(seed), "--out", str(out)]
    if args.relax:
        cmd.append("--relax")
    proc, wall = run(cmd, args.core)
    if proc.returncode != 0:
        print(f"pyvrp failed on {problem}: {proc.stderr[:500]}", file=sys.stderr)
        out.write_text("")
    return wall


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
    parser.add_argument("--sizes", default="8x60,30x300,80x700", help="technicians x visits, comma separated")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--budgets", default="1,5,10", help="seconds, comma separated")
    parser.add_argument("--core", type=int, default=1, help="the one core both solvers run on")
    parser.add_argument("--relax", action="store_true", help="drop skills and pins for both solvers")
    parser.add_argument("--workdir", help="keeps problems and answers here (default: a temporary folder)")
    parser.add_argument("--json", help="writes every run to this file")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    budgets = [float(b) for b in args.budgets.split(",")]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fieldfix-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)

    rows, firsts, turn = [], [], 0
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
            # The first plan: the greedy start that runs even at a zero budget.
            first = workdir / f"first-{techs}-{visits}-{seed}.json"
            solve_fieldfix(args, problem, 0.001, seed, first)
            verdict = check(args.fieldfix, problem, first)
            answer = json.loads(first.read_text() or "{}")
            firsts.append({"size": (techs, visits), "seed": seed, "seconds": answer.get("seconds"),
                           "served": verdict.get("served"), "feasible": verdict.get("feasible")})
            for budget in budgets:
                stem = f"{techs}-{visits}-{seed}-{budget:g}"
                ff, py = workdir / f"fieldfix-{stem}.json", workdir / f"pyvrp-{stem}.json"
                order = [("fieldfix", solve_fieldfix, ff), ("pyvrp", solve_pyvrp, py)]
                if turn % 2:
                    order.reverse()
                turn += 1
                for name, solve, out in order:
                    wall = solve(args, problem, budget, seed, out)
                    verdict = check(args.fieldfix, problem, out)
                    rows.append({"solver": name, "size": (techs, visits), "seed": seed, "budget": budget,
                                 "wall_s": round(wall, 2), **verdict})
                    print(f"{name:8} {techs}/{visits} seed {seed} {budget:g} s: served {verdict.get('served')} "
                          f"travel {verdict.get('travel_s')} feasible {verdict.get('feasible')} "
                          f"wall {wall:.1f} s", file=sys.stderr)

    if args.json:
        Path(args.json).write_text(json.dumps({"runs": rows, "first_plans": firsts}, indent=1))
    print_tables(rows, firsts, sizes, budgets, len(seeds), args.relax)
    return 0


def print_tables(rows, firsts, sizes, budgets, nseeds, relax) -> None:
    what = "relaxed days (no skills, no pins)" if relax else "days with skills, shifts, windows and pins"
    print(f"\nGenerated {what}; one core each; median of {nseeds} seeds; every answer checked by `fieldfix check`.\n")
    print("| technicians / visits | budget s | served fieldfix | served PyVRP | travel h fieldfix | travel h PyVRP "
          "| travel ratio fieldfix/PyVRP | seeds fieldfix serves ≥ PyVRP | checked feasible |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        for budget in budgets:
            pick = lambda solver: [r for r in rows if r["solver"] == solver and r["size"] == size
                                   and r["budget"] == budget]
            ff, py = pick("fieldfix"), pick("pyvrp")
            ok = lambda rs: sum(1 for r in rs if r.get("feasible"))
            served = lambda rs: median([r["served"] for r in rs if r.get("feasible")])
            hours = lambda rs: median([r["travel_s"] / 3600 for r in rs if r.get("feasible")])
            ratios = [f["travel_s"] / p["travel_s"] for f, p in zip(ff, py)
                      if f.get("feasible") and p.get("feasible") and p["travel_s"] > 0]
            at_least = sum(1 for f, p in zip(ff, py) if f.get("feasible")
                           and (not p.get("feasible") or f["served"] >= p["served"]))
            print(f"| {size[0]} / {size[1]} | {budget:g} | {served(ff):g} | {served(py):g} | {hours(ff):.1f} "
                  f"| {hours(py):.1f} | {median(ratios):.2f} | {at_least}/{len(ff)} "
                  f"| {ok(ff)}/{len(ff)} and {ok(py)}/{len(py)} |")
    print("\n| technicians / visits | first fieldfix plan: seconds | served | feasible |")
    print("| --- | --- | --- | --- |")
    for size in sizes:
        fs = [f for f in firsts if f["size"] == size]
        secs = median([f["seconds"] for f in fs if f["seconds"] is not None])
        print(f"| {size[0]} / {size[1]} | {secs:.3f} | {median([f['served'] for f in fs if f['served'] is not None]):g} "
              f"| {sum(1 for f in fs if f['feasible'])}/{len(fs)} |")


if __name__ == "__main__":
    sys.exit(main())
