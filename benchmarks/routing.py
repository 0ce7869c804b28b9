"""Route planner benchmark: the project's planner vs bare PyVRP on public VRPTW instances, and
a generated market day.  A measurement, run by hand; results go to docs/routing.md.

    uv run python benchmarks/routing.py --set solomon_100 --seconds 2
    uv run python benchmarks/routing.py --set homberger_1000 --seconds 10 --only C1_10_1,R1_10_1
    uv run python benchmarks/routing.py --set market_day --seconds 1      # seconds per slot

VRPTW sets use the DIMACS convention of ../shared/data/vrptw/README.md: d_ij = floor(10 ×
euclid_ij), travel time = distance, windows and service times × 10, cost reported / 10,
objective = distance only, the file's fleet (25 or 250).  "ours" builds a ``PlanRequest`` from
the instance and calls ``plan_routes`` with that DIMACS matrix behind ``MatrixDistances``:
the production path (model building, two seeds on two cores, independent check), timed
around the whole call.  "bare" is ``pyvrp.read(path, round_func="dimacs")`` +
``pyvrp.solve(MaxRuntime(seconds), seed=0)`` on one core, timed around ``solve``.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pyvrp
import vrplib  # installed with pyvrp; reads Solomon's text format
from pyvrp.stop import MaxRuntime

from jangbogi.delivery import planning
from jangbogi.delivery.planning import PlanRequest, Stop, Vehicle, check_plan, plan_routes
from jangbogi.integrations.routing import HaversineDistances, MatrixDistances

DATA = Path(os.environ.get("JANGBOGI_VRPTW_DIR",
                           Path(__file__).resolve().parents[2] / "shared" / "data" / "vrptw"))
SETS = {"solomon_100": "*.txt", "homberger_1000": "*.vrp"}


@dataclass
class Outcome:
    cost: float | None  # distance / 10, None when infeasible
    vehicles: int
    seconds: float
    cpu: float  # CPU seconds each solver process got (mean over ours' two workers)


def workers_cpu() -> float:
    """CPU seconds used so far by the planner's worker processes (from /proc), in total."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in planning._executor()._processes:  # the benchmark may peek; production does not
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def cpu_idle(sample_s: float = 1.0) -> float:
    """Share of all CPUs left idle over a short sample (from /proc/stat)."""
    def read() -> list[int]:
        with open("/proc/stat") as fh:
            return [int(x) for x in fh.readline().split()[1:9]]
    a = read()
    time.sleep(sample_s)
    b = read()
    busy = [y - x for x, y in zip(a, b, strict=True)]
    return (busy[3] + busy[4]) / max(sum(busy), 1)  # idle + iowait


def wait_idle(max_wait_s: float) -> float:
    """Wait (up to max_wait_s) until the machine is at least 90 % idle: other people's jobs
    on a shared machine take the second core this benchmark is about.  Returns the idle share
    seen last."""
    deadline = time.monotonic() + max_wait_s
    idle = cpu_idle()
    while idle < 0.9 and time.monotonic() < deadline:
        idle = cpu_idle()
    return idle


def natural(name: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def best_known() -> dict[str, float]:
    with open(DATA / "bks.csv", newline="") as fh:
        return {r["instance"]: float(r["bks_distance"]) for r in csv.DictReader(fh)
                if r["bks_distance"]}


def read_instance(path: Path) -> dict:
    fmt = "solomon" if path.suffix == ".txt" else "vrplib"
    return vrplib.read_instance(path, instance_format=fmt)


def dimacs_request(inst: dict, seconds: float) -> tuple[PlanRequest, MatrixDistances]:
    """The instance as a production PlanRequest, plus its DIMACS matrix as a distance port."""
    coords = inst["node_coord"]
    points = [(float(y), float(x)) for x, y in coords]  # (lat, lng) = (y, x)
    matrix = (10 * inst["edge_weight"]).astype(np.int64)  # floor: coordinates are >= 0
    tw = (10 * np.asarray(inst["time_window"])).astype(np.int64)
    service = (10 * np.broadcast_to(inst["service_time"], len(coords))).astype(np.int64)
    stops = [Stop(id=i, lat=points[i][0], lng=points[i][1], window_start_s=int(tw[i, 0]),
                  window_end_s=int(tw[i, 1]), service_s=int(service[i]),
                  demand_bags=int(inst["demand"][i])) for i in range(1, len(coords))]
    vehicles = [Vehicle(id=k, capacity_bags=int(inst["capacity"]), capacity_kg=0,
                        shift_start_s=int(tw[0, 0]), shift_end_s=int(tw[0, 1]))
                for k in range(int(inst["vehicles"]))]
    request = PlanRequest(depot_lat=points[0][0], depot_lng=points[0][1], stops=stops,
                          vehicles=vehicles, seconds=seconds)
    return request, MatrixDistances(points, matrix)


def run_ours(inst: dict, seconds: float) -> tuple[Outcome, list[str]]:
    request, distances = dimacs_request(inst, seconds)
    cpu, started = workers_cpu(), time.perf_counter()
    plan = plan_routes(request, distances)
    elapsed, cpu = time.perf_counter() - started, workers_cpu() - cpu
    problems = check_plan(request, plan, distances.matrix(planning.request_points(request)))
    cost = plan.cost / 10 if plan.feasible and not problems else None
    return Outcome(cost, len(plan.routes), elapsed, cpu / len(request.seeds)), problems


def bare_data(path: Path, inst: dict) -> pyvrp.ProblemData:
    if path.suffix != ".txt":
        return pyvrp.read(path, round_func="dimacs")
    # pyvrp.read takes VRPLIB only: write the Solomon instance out as VRPLIB, unchanged.
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{path.stem}.vrp"
        vrplib.write_instance(target, {
            "NAME": path.stem, "TYPE": "VRPTW", "DIMENSION": len(inst["node_coord"]),
            "VEHICLES": int(inst["vehicles"]), "CAPACITY": int(inst["capacity"]),
            "EDGE_WEIGHT_TYPE": "EUC_2D", "NODE_COORD_SECTION": inst["node_coord"],
            "DEMAND_SECTION": inst["demand"], "TIME_WINDOW_SECTION": inst["time_window"],
            "SERVICE_TIME_SECTION": inst["service_time"], "DEPOT_SECTION": [1, -1],
        })
        return pyvrp.read(target, round_func="dimacs")


def run_bare(path: Path, inst: dict, seconds: float) -> Outcome:
    data = bare_data(path, inst)
    cpu, started = time.process_time(), time.perf_counter()
    result = pyvrp.solve(data, stop=MaxRuntime(seconds), seed=0, collect_stats=False,
                         display=False)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    cost = result.best.distance() / 10 if result.is_feasible() else None
    return Outcome(cost, result.best.num_routes(), elapsed, cpu)


def gap(cost: float | None, bks: float | None) -> float | None:
    return None if cost is None or bks is None else 100 * (cost - bks) / bks


def fmt(value: float | None, spec: str, width: int) -> str:
    return f"{'-' if value is None else format(value, spec):>{width}}"


def vrptw(args: argparse.Namespace) -> None:
    bks = best_known()
    paths = sorted((DATA / args.set).glob(SETS[args.set]), key=lambda p: natural(p.stem))
    if args.only:
        wanted = args.only.split(",")
        paths = [p for p in paths if p.stem in wanted]
    paths = paths[: args.limit] if args.limit else paths
    print(f"# {args.set}, {len(paths)} instances, {args.seconds:g} s each; "
          f"ours = plan_routes (seeds 0, 1 on {planning.WORKERS} processes), bare = PyVRP "
          f"{version('pyvrp')} seed 0; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    print(f"{'instance':<10} {'bks':>9} | {'ours':>9} {'veh':>3} {'gap %':>6} {'s':>5} {'cpu':>5} | "
          f"{'bare':>9} {'veh':>3} {'gap %':>6} {'s':>5} {'cpu':>5} | load")
    planning.warm_up()
    gaps_ours, gaps_bare = [], []
    for path in paths:
        inst = read_instance(path)
        attempt, fair = 0, False
        while not fair and attempt <= args.fair_retries:
            attempt += 1
            idle = wait_idle(args.wait_idle) if args.wait_idle else None
            ours, problems = run_ours(inst, args.seconds)
            bare = run_bare(path, inst, args.seconds)
            fair = min(ours.cpu, bare.cpu) >= 0.9 * args.seconds
        b = bks.get(path.stem)
        g_ours, g_bare = gap(ours.cost, b), gap(bare.cost, b)
        if b is not None:
            gaps_ours.append(math.inf if g_ours is None else g_ours)
            gaps_bare.append(math.inf if g_bare is None else g_bare)
        note = f"  INFEASIBLE: {problems[:2]}" if problems else ("" if b else "  (no BKS)")
        note += f"  (try {attempt})" if attempt > 1 else ""
        note += "  (contended)" if not fair else ""
        print(f"{path.stem:<10} {fmt(b, '.1f', 9)} | {fmt(ours.cost, '.1f', 9)} {ours.vehicles:>3} "
              f"{fmt(g_ours, '.2f', 6)} {ours.seconds:>5.2f} {ours.cpu:>5.2f} | "
              f"{fmt(bare.cost, '.1f', 9)} {bare.vehicles:>3} {fmt(g_bare, '.2f', 6)} "
              f"{bare.seconds:>5.2f} {bare.cpu:>5.2f} | {os.getloadavg()[0]:.1f}"
              f"{'' if idle is None else f' idle {idle:.0%}'}{note}", flush=True)
    wins = sum(o < b - 1e-9 for o, b in zip(gaps_ours, gaps_bare, strict=True))
    losses = sum(o > b + 1e-9 for o, b in zip(gaps_ours, gaps_bare, strict=True))
    print(f"# ours better on {wins}, worse on {losses}, equal on {len(gaps_ours) - wins - losses} "
          f"of {len(gaps_ours)} instances with a best-known value")
    print(f"mean gap: {np.mean(gaps_ours):.2f} % (bare PyVRP: {np.mean(gaps_bare):.2f} %)")


# --- market day ------------------------------------------------------------------------------

CENTER = (37.5985, 127.1395)  # a market's delivery center (구리), lat/lng
SLOTS = [(10, 12), (12, 14), (14, 16), (16, 18)]
ORDERS_PER_SLOT = [60, 75, 75, 90]  # 300 orders; the evening slot is the busiest
RIDERS, BAGS_PER_RIDER, KG_PER_RIDER = 15, 8, 50


def market_day(seed: int) -> list[PlanRequest]:
    """300 orders within 5 km of one center, 4 two-hour slots, 15 riders × 8 bundles each slot.
    One bundle per order (2–12 kg), 2–5 min at the door; one order in ten has a note
    narrowing its window to the slot's second hour ("after 17:00"); riders may leave 30 min
    before the slot (bundles packed by then) and must be back 30 min after it."""
    rng = random.Random(seed)
    requests = []
    for (start_h, end_h), n in zip(SLOTS, ORDERS_PER_SLOT, strict=True):
        start, end = start_h * 3600, end_h * 3600
        stops = []
        for k in range(n):
            r, theta = 5000 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            lat = CENTER[0] + r * math.cos(theta) / 111_320
            lng = CENTER[1] + r * math.sin(theta) / (111_320 * math.cos(math.radians(CENTER[0])))
            note = rng.random() < 0.1
            stops.append(Stop(id=f"{start_h}-{k}", lat=lat, lng=lng,
                              window_start_s=start + 3600 if note else start, window_end_s=end,
                              service_s=rng.randint(120, 300), demand_bags=1,
                              demand_kg=round(rng.uniform(2, 12), 1), ready_s=start - 1800))
        riders = [Vehicle(id=f"rider-{i + 1}", capacity_bags=BAGS_PER_RIDER,
                          capacity_kg=KG_PER_RIDER, shift_start_s=start - 1800,
                          shift_end_s=end + 1800) for i in range(RIDERS)]
        requests.append(PlanRequest(depot_lat=CENTER[0], depot_lng=CENTER[1], stops=stops,
                                    vehicles=riders))
    return requests


def run_market_day(args: argparse.Namespace) -> None:
    distances = HaversineDistances()
    print(f"# market day: {sum(ORDERS_PER_SLOT)} orders within 5 km, {len(SLOTS)} slots, "
          f"{RIDERS} riders × {BAGS_PER_RIDER} bundles, {args.seconds:g} s per slot, "
          f"seed {args.seed}, {distances!r}; load {os.getloadavg()[0]:.2f}")
    day_started = time.perf_counter()
    planning.warm_up()
    warm = time.perf_counter() - day_started
    print(f"solver processes started in {warm:.2f} s")
    print(f"{'slot':<12} {'orders':>6} {'served':>6} {'riders':>6} {'km':>6} {'feasible':>8} {'s':>5}")
    all_ok = True
    for (start_h, end_h), request in zip(SLOTS, market_day(args.seed), strict=True):
        request = PlanRequest(**{**request.__dict__, "seconds": args.seconds})
        started = time.perf_counter()
        plan = plan_routes(request, distances)
        elapsed = time.perf_counter() - started
        problems = check_plan(request, plan, distances.matrix(planning.request_points(request)))
        served = sum(len(r.stop_ids) for r in plan.routes)
        ok = plan.feasible and not problems and served == len(request.stops)
        all_ok &= ok
        print(f"{start_h:02d}:00–{end_h:02d}:00  {len(request.stops):>6} {served:>6} "
              f"{len(plan.routes):>6} {plan.cost / 1000:>6.1f} {str(ok):>8} {elapsed:>5.2f}"
              + (f"  {(plan.reasons + problems)[:3]}" if not ok else ""), flush=True)
    total = time.perf_counter() - day_started
    print(f"market day: {'feasible, every order served' if all_ok else 'NOT feasible'} in "
          f"{total:.2f} s (process start {warm:.2f} s + planning {total - warm:.2f} s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", required=True, choices=[*SETS, "market_day"])
    parser.add_argument("--seconds", type=float,
                        help="time limit per instance (VRPTW, default 2) or per slot (market day, default 1)")
    parser.add_argument("--only", help="comma-separated instance names")
    parser.add_argument("--limit", type=int, help="first N instances (natural order)")
    parser.add_argument("--seed", type=int, default=2026, help="market day generator seed")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each instance, wait up to this long for a 90 %% idle machine")
    parser.add_argument("--fair-retries", type=int, default=0, metavar="N",
                        help="run an instance again (up to N times) while either solver got "
                             "less than 90 %% of a core: someone else's job took it")
    args = parser.parse_args(argv)
    if args.set == "market_day":
        args.seconds = args.seconds or 1.0
        run_market_day(args)
    else:
        args.seconds = args.seconds or 2.0
        vrptw(args)


if __name__ == "__main__":
    sys.exit(main())
