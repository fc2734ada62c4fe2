#!/usr/bin/env python3
"""Solves a fieldfix-dispatch-v1 day plan with VROOM (pyvroom), for comparison only.

Reads the day plan (it must carry its ``durations_s`` matrix, as
``fieldfix generate`` writes it, so every solver uses the same travel times)
and writes an answer in the JSON shape of ``fieldfix optimize --problem``,
which ``fieldfix check`` then judges with the same independent checker as our
own answers.

Modelling:

* every technician is a vehicle leaving and returning home inside the shift,
  with its skills (VROOM knows skills natively);
* a pin is one more skill: technician ``t`` has skill ``pin:t`` and only it,
  and a visit pinned to ``t`` needs it, so nobody else may take that visit;
* every visit is a job with its window and service duration; VROOM leaves out
  the jobs it cannot fit and maximises first the priority served, then the
  number of jobs, then drives as little as it can. Pinned visits get the
  highest priority, the others none;
* one thread; ``--exploration`` is VROOM's exploration level (``-x``, 0 to 5).

VROOM has no time limit: it stops when its search ends. ``--seconds`` is
ignored and printed as its own time, so a comparison gives the other solvers
the time VROOM took.

Needs ``pip install pyvroom`` (measured with 1.15.2); only the comparison needs it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import vroom

FORMAT = "fieldfix-dispatch-v1"
PIN_PRIORITY = 100


def build(plan: dict) -> tuple[vroom.Input, np.ndarray]:
    """The VROOM problem of ``plan`` and its travel matrix (technicians then visits)."""
    if plan.get("format") != FORMAT:
        raise ValueError(f"format is {plan.get('format')!r}, expected {FORMAT!r}")
    if plan.get("durations_s") is None:
        raise ValueError("the plan has no durations_s; write it with `fieldfix generate`")
    techs, visits = plan["technicians"], plan["visits"]
    nt = len(techs)
    index = [t.get("matrix_index", i) for i, t in enumerate(techs)]
    index += [v.get("matrix_index", nt + i) for i, v in enumerate(visits)]
    full = np.asarray(plan["durations_s"], dtype=np.int64)
    travel = full[np.ix_(index, index)]

    skill_ids: dict[str, int] = {}
    for tech in techs:
        for skill in tech["skills"]:
            skill_ids.setdefault(skill, len(skill_ids) + 1)
    for visit in visits:
        skill_ids.setdefault(visit["skill"], len(skill_ids) + 1)
    pin_skill = {json.dumps(t["id"]): 10_000 + i for i, t in enumerate(techs)}

    problem = vroom.Input()
    problem.set_durations_matrix("car", travel)
    for i, tech in enumerate(techs):
        skills = {skill_ids[s] for s in tech["skills"]} | {10_000 + i}
        problem.add_vehicle(
            vroom.Vehicle(
                id=i,
                start=i,
                end=i,
                skills=skills,
                time_window=vroom.TimeWindow(tech["shift"][0], tech["shift"][1]),
            )
        )
    for i, visit in enumerate(visits):
        skills = {skill_ids[visit["skill"]]}
        pinned = visit.get("pinned_to")
        if pinned is not None:
            skills.add(pin_skill[json.dumps(pinned)])
        problem.add_job(
            vroom.Job(
                id=i,
                location=nt + i,
                default_service=visit["duration_s"],
                skills=skills,
                priority=PIN_PRIORITY if pinned is not None else 0,
                time_windows=[vroom.TimeWindow(visit["window"][0], visit["window"][1])],
            )
        )
    return problem, travel


def answer_of(plan: dict, travel: np.ndarray, solution, seconds: float) -> dict:
    """The answer in the shape of `fieldfix optimize --problem`."""
    techs, visits = plan["technicians"], plan["visits"]
    nt = len(techs)
    served = [False] * len(visits)
    routes, travel_s = [], 0
    steps = solution.routes
    for vehicle in sorted(set(int(v) for v in steps["vehicle_id"])):
        rows = steps[(steps["vehicle_id"] == vehicle) & (steps["type"] == "job")]
        stops, at = [], vehicle
        for _, row in rows.iterrows():
            job = int(row["id"])
            served[job] = True
            travel_s += int(travel[at, nt + job])
            at = nt + job
            start = int(row["arrival"]) + int(row["waiting_time"]) + int(row["setup"])
            stops.append({"id": visits[job]["id"], "start_s": start})
        if stops:
            travel_s += int(travel[at, vehicle])
            routes.append({"technician": techs[vehicle]["id"], "visits": stops})
    return {
        "served": sum(served),
        "unassigned": [v["id"] for v, s in zip(visits, served) if not s],
        "travel_s": travel_s,
        "routes": routes,
        "seconds": round(seconds, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problem", help="fieldfix-dispatch-v1 day plan with durations_s")
    parser.add_argument("--exploration", type=int, default=5, help="VROOM exploration level, 0 to 5")
    parser.add_argument("--seconds", type=float, help="ignored: VROOM runs to the end of its search")
    parser.add_argument("--out", help="answer file (default: stdout)")
    args = parser.parse_args()

    with open(args.problem, encoding="utf-8") as fh:
        plan = json.load(fh)
    started = time.perf_counter()
    try:
        problem, travel = build(plan)
    except ValueError as err:
        print(f"{args.problem}: {err}", file=sys.stderr)
        return 2
    built = time.perf_counter()
    solution = problem.solve(exploration_level=args.exploration, nb_threads=1)
    answer = answer_of(plan, travel, solution, time.perf_counter() - built)
    answer["build_seconds"] = round(built - started, 3)
    answer["solver"] = f"vroom-x{args.exploration}"
    text = json.dumps(answer)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
