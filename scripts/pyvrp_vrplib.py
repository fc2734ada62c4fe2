#!/usr/bin/env python3
"""Solves VRPLIB instances with PyVRP on one core at a fixed budget; prints a markdown table.

The peer measurement of ``fieldfix bench vrplib``: PyVRP reads the files
natively, with each set's rounding (``dimacs`` for ``bench/gh1000``: costs
x10 integers, divided back; ``exact`` for ``bench/mdvrptw``: costs x1000, as
published). The gap is to the cost of the ``.sol`` beside each file.

    pip install pyvrp
    taskset -c 1 python3 scripts/pyvrp_vrplib.py bench/mdvrptw/PR11A.vrp --seconds 5
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pyvrp
from pyvrp.stop import MaxRuntime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| instance | PyVRP cost | published | gap % | feasible | s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.files:
        path = Path(name)
        kind = re.search(r"TYPE\s*:\s*(\S+)", path.read_text())
        dimacs = not (kind and kind.group(1).upper() == "MDVRPTW")
        data = pyvrp.read(str(path), round_func="dimacs" if dimacs else "exact")
        result = pyvrp.solve(data, stop=MaxRuntime(args.seconds), seed=args.seed, display=False)
        cost = result.best.distance() / 10 if dimacs else result.best.distance()
        published = None
        sol = path.with_suffix(".sol")
        if sol.exists():
            match = re.search(r"Cost:?\s*([0-9.]+)", sol.read_text())
            published = float(match.group(1)) if match else None
        gap = f"{100 * (cost - published) / published:.2f}" if published else "-"
        shown = f"{cost:.1f}" if dimacs else f"{cost:.0f}"
        print(f"| {path.stem} | {shown} | {published} | {gap} | {result.best.is_feasible()} | {result.runtime:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
