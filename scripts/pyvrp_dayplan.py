#!/usr/bin/env python3
"""Solves a fieldfix-dispatch-v1 day plan with PyVRP, for comparison only.

Reads the day plan (it must carry its ``durations_s`` matrix, as
``fieldfix generate`` writes it, so both solvers use the same travel times),
builds a PyVRP problem and writes an answer in the JSON shape of
``fieldfix optimize --problem``, which ``fieldfix check`` then judges with the
same independent checker as our own answers.

Modelling:

* every technician home is a depot; every technician is a vehicle type of
  one vehicle leaving and returning home inside the shift;
* every visit is an optional client with its window, service duration and a
  large prize, so that PyVRP first serves as many visits as it can and then
  drives as little as it can (travel seconds are both distance and duration);
  a pinned visit has five times that prize (still below the cost of a
  forbidden edge): as a required client PyVRP found no feasible plan at all
  within a few seconds on 30/300 to 80/700 days, so it stays optional and
  ``fieldfix check`` rejects an answer that leaves one out;
* skills and pins are not PyVRP concepts. Each technician gets a routing
  profile whose matrices make every edge into a visit the technician may not
  serve prohibitively long and costly, so no feasible PyVRP solution can use
  it. Technicians allowed the same visits share a profile. Profile 0 is the
  plain matrix; PyVRP builds its neighbourhoods from it.

``--relax`` drops skills and pins (every technician may serve every visit):
the relaxed problem both solvers can be given when profiles are too slow.

Needs ``pip install pyvrp`` (tested with 0.14.1); only the comparison needs it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

import numpy as np
import pyvrp
from pyvrp.stop import MaxRuntime

FORMAT = "fieldfix-dispatch-v1"
PIN_PRIZE_FACTOR = 5


@dataclass
class Encoding:
    """The PyVRP problem of a day plan and what is needed to read its answer."""

    data: pyvrp.ProblemData
    travel: np.ndarray  # plain travel seconds over depots then clients
    profiles: int


def allowed_visits(plan: dict, relax: bool) -> list[frozenset[int]]:
    """For each technician, the visit positions it may serve."""
    everything = frozenset(range(len(plan["visits"])))
    if relax:
        return [everything] * len(plan["technicians"])
    allowed = []
    for tech in plan["technicians"]:
        skills = set(tech["skills"])
        allowed.append(
            frozenset(
                i
                for i, visit in enumerate(plan["visits"])
                if visit["skill"] in skills
                and visit.get("pinned_to") in (None, tech["id"])
            )
        )
    return allowed


def encode(plan: dict, prize_factor: float, relax: bool) -> Encoding:
    """Builds the PyVRP problem data of ``plan``."""
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
    longest = int(travel.max(initial=1))
    prize = max(1, int(prize_factor * longest))
    # Longer than any day (a visit behind it is late by more than a day) and
    # costlier than any prize (leaving a visit out is always cheaper).
    forbidden = max(10 * prize, 100 * 86_400)

    profile_of_set: dict[frozenset[int], int] = {}
    matrices = [travel]
    everything = frozenset(range(len(visits)))
    vehicle_profiles = []
    for allowed in allowed_visits(plan, relax):
        if allowed == everything:
            vehicle_profiles.append(0)
            continue
        if allowed not in profile_of_set:
            matrix = travel.copy()
            barred = [nt + i for i in range(len(visits)) if i not in allowed]
            matrix[:, barred] = forbidden
            np.fill_diagonal(matrix, 0)
            profile_of_set[allowed] = len(matrices)
            matrices.append(matrix)
        vehicle_profiles.append(profile_of_set[allowed])

    locations = [pyvrp.Location(x=t["home"]["lon"], y=t["home"]["lat"]) for t in techs]
    locations += [pyvrp.Location(x=v["location"]["lon"], y=v["location"]["lat"]) for v in visits]
    depots = [pyvrp.Depot(location=i, name=str(t["id"])) for i, t in enumerate(techs)]
    clients = [
        pyvrp.Client(
            location=nt + i,
            service_duration=v["duration_s"],
            tw_early=v["window"][0],
            tw_late=v["window"][1],
            prize=prize * (PIN_PRIZE_FACTOR if v.get("pinned_to") is not None else 1),
            required=False,
            name=str(v["id"]),
        )
        for i, v in enumerate(visits)
    ]
    vehicle_types = [
        pyvrp.VehicleType(
            num_available=1,
            start_depot=i,
            end_depot=i,
            tw_early=t["shift"][0],
            tw_late=t["shift"][1],
            profile=vehicle_profiles[i],
            name=str(t["id"]),
        )
        for i, t in enumerate(techs)
    ]
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=vehicle_types,
        distance_matrices=matrices,
        duration_matrices=matrices,
    )
    return Encoding(data=data, travel=travel, profiles=len(matrices))


def answer_of(plan: dict, enc: Encoding, solution: pyvrp.Solution, seconds: float) -> dict:
    """The answer in the shape of `fieldfix optimize --problem`."""
    techs, visits = plan["technicians"], plan["visits"]
    nt = len(techs)
    served = [False] * len(visits)
    routes, travel_s = [], 0
    for route in solution.routes():
        vehicle = route.vehicle_type()
        stops, at = [], vehicle  # node of a depot = its technician position
        for activity in route.schedule():
            if activity.type != pyvrp.ActivityType.CLIENT:
                continue
            client = activity.idx
            served[client] = True
            travel_s += int(enc.travel[at, nt + client])
            at = nt + client
            stops.append({"id": visits[client]["id"], "start_s": int(activity.start_time)})
        if stops:
            travel_s += int(enc.travel[at, vehicle])
            routes.append({"technician": techs[vehicle]["id"], "visits": stops})
    return {
        "served": sum(served),
        "unassigned": [v["id"] for v, s in zip(visits, served) if not s],
        "travel_s": travel_s,
        "routes": routes,
        "feasible": bool(solution.is_feasible()),
        "seconds": round(seconds, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problem", help="fieldfix-dispatch-v1 day plan with durations_s")
    parser.add_argument("--seconds", type=float, default=10.0, help="PyVRP time limit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="answer file (default: stdout)")
    parser.add_argument(
        "--prize-factor",
        type=float,
        default=10.0,
        help="prize of a visit, in multiples of the longest drive of the plan",
    )
    parser.add_argument("--relax", action="store_true", help="ignore skills and pins")
    args = parser.parse_args()

    with open(args.problem, encoding="utf-8") as fh:
        plan = json.load(fh)
    started = time.perf_counter()
    try:
        enc = encode(plan, args.prize_factor, args.relax)
    except ValueError as err:
        print(f"{args.problem}: {err}", file=sys.stderr)
        return 2
    built = time.perf_counter()
    result = pyvrp.solve(
        enc.data, MaxRuntime(args.seconds), seed=args.seed, collect_stats=False
    )
    answer = answer_of(plan, enc, result.best, time.perf_counter() - built)
    answer["build_seconds"] = round(built - started, 3)
    answer["profiles"] = enc.profiles
    answer["solver"] = "pyvrp"
    text = json.dumps(answer)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
