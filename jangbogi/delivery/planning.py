"""Route planning for one delivery slot: packed bundles → riders' routes.  Pure: no models,
no database; callers (delivery services) turn bundles and riders into a ``PlanRequest`` and
store the ``Plan``.

    plan = plan_routes(request, distances)      # distances: integrations.routing port
    check_plan(request, plan, matrix) == []     # independent check, also run inside

Model (PyVRP 0.14, vehicle routing with time windows):
* the depot is the market's delivery center; every route leaves it and comes back;
* a ``Stop`` is one bundle's door: its time window is the slot, narrowed by a customer note
  ("after 17:00" → ``window_start_s``), plus a service time at the door; ``ready_s`` is when
  the bundle is packed (a late bundle holds back the route that carries it);
* a ``Vehicle`` is a rider for this slot: bags and kg it can carry, and its shift
  (leave the center no earlier than ``shift_start_s``, be back by ``shift_end_s``);
* ``locked`` routes have started: kept exactly, their stops and riders are not planned again.
  Re-plan after a late bundle or a rider dropping out = same request with the started routes
  locked, the new ``ready_s`` / the rider removed, and ``shift_start_s`` of the free riders
  set to now;
* objective: total distance.  Every stop must be served, or the plan is infeasible and says
  why; with ``allow_unassigned`` a stop may be left out (a prize far above any detour makes
  the solver serve all it can).
Times are integer seconds (of the business day), distances integer metres.

Two solver runs with different seeds go to two worker processes (this machine has two
cores) and the better plan wins; both stop at one wall-clock deadline, ``request.seconds``
after the call started, so ``seconds`` bounds the whole call, matrix and checks included.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import numpy as np
import pyvrp

from jangbogi.integrations.routing import Distances, Point

StopId = int | str
VehicleId = int | str
Matrices = tuple[np.ndarray, np.ndarray]

WORKERS = 2
"""Solver processes: one per core of the production machine."""


@dataclass(frozen=True)
class Stop:
    id: StopId
    lat: float
    lng: float
    window_start_s: int
    window_end_s: int
    service_s: int = 0
    demand_bags: int = 1
    demand_kg: float = 0.0
    ready_s: int = 0


@dataclass(frozen=True)
class Vehicle:
    id: VehicleId
    capacity_bags: int
    capacity_kg: float
    shift_start_s: int
    shift_end_s: int


@dataclass(frozen=True)
class PlanRequest:
    depot_lat: float
    depot_lng: float
    stops: Sequence[Stop]
    vehicles: Sequence[Vehicle]
    locked: Mapping[VehicleId, Sequence[StopId]] = field(default_factory=dict)
    seconds: float = 2.0
    seeds: tuple[int, ...] = (0, 1)
    allow_unassigned: bool = False


@dataclass(frozen=True)
class Route:
    vehicle_id: VehicleId
    stop_ids: tuple[StopId, ...]
    arrival_s: tuple[int, ...]
    """When service starts at each stop (after waiting for the window if early)."""
    distance_m: int
    duration_s: int
    start_s: int
    """Leaves the depot."""
    end_s: int
    """Back at the depot."""
    locked: bool = False


@dataclass(frozen=True)
class Plan:
    routes: list[Route]
    unassigned: list[StopId]
    feasible: bool
    cost: int
    """Total distance of all routes, metres."""
    reasons: list[str] = field(default_factory=list)
    """Why the plan is infeasible, or why stops were left out."""
    seconds: float = 0.0
    seed: int | None = None


def request_points(request: PlanRequest) -> list[Point]:
    """The points whose matrix check_plan expects: the depot, then the stops in order."""
    return [(request.depot_lat, request.depot_lng)] + [(s.lat, s.lng) for s in request.stops]


def plan_routes(request: PlanRequest, distances: Distances) -> Plan:
    started = time.monotonic()
    _validate(request)
    matrix = distances.matrix(request_points(request))
    locked = [_simulated_route(request, vid, ids, matrix, locked=True)
              for vid, ids in request.locked.items()]
    problem = _Problem(request, matrix)
    reasons = problem.impossible_reasons()
    if reasons and not request.allow_unassigned:
        return Plan(locked, [s.id for _, s in problem.stops], False, _cost(locked), reasons,
                    time.monotonic() - started)
    found = None
    if problem.candidates:
        deadline = started + request.seconds - _margin_s(len(problem.candidates))
        found = min(_solve_all(problem.data(), request.seeds, deadline), key=_Found.rank)
    routes = locked + (problem.routes(found) if found else [])
    if found and not found.feasible:  # PyVRP's times "warp back" when late: show real ones
        routes = locked + [_simulated_route(request, r.vehicle_id, r.stop_ids, matrix)
                           for r in routes[len(locked):]]
    served = {sid for r in routes for sid in r.stop_ids}
    unassigned = [s.id for s in request.stops if s.id not in served]
    plan = Plan(routes, unassigned, True, _cost(routes), reasons, 0.0, found and found.seed)
    violations = check_plan(request, plan, matrix)
    if found and not found.feasible:
        violations.insert(0, f"no feasible plan found in {request.seconds:g} s "
                             f"(best try: {found.time_warp} s late in total, overload {found.excess_load})")
    return Plan(routes, unassigned, not violations, plan.cost, reasons + violations,
                time.monotonic() - started, plan.seed)


def _validate(request: PlanRequest) -> None:
    stop_ids = [s.id for s in request.stops]
    vehicle_ids = [v.id for v in request.vehicles]
    if len(set(stop_ids)) != len(stop_ids) or len(set(vehicle_ids)) != len(vehicle_ids):
        raise ValueError("stop ids and vehicle ids must be unique")
    locked_stops = [sid for ids in request.locked.values() for sid in ids]
    if len(set(locked_stops)) != len(locked_stops):
        raise ValueError("a stop is in two locked routes")
    if not set(request.locked) <= set(vehicle_ids) or not set(locked_stops) <= set(stop_ids):
        raise ValueError("locked routes name unknown vehicles or stops")
    if request.seconds <= 0 or not 1 <= len(request.seeds) <= WORKERS:
        raise ValueError(f"need seconds > 0 and 1..{WORKERS} seeds")


def _cost(routes: list[Route]) -> int:
    return sum(r.distance_m for r in routes)


def _margin_s(n: int) -> float:
    """Time kept back from the solvers for sending the answer and checking it (measured:
    about 10 ms at 100 stops, 30 ms at 1000)."""
    return 0.02 + n * 4e-5


def _grams(kg: float) -> int:
    return round(kg * 1000)


def _clock(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" if 0 <= s < 172_800 else f"{s} s"


def _simulated_route(request: PlanRequest, vehicle_id: VehicleId, stop_ids: Sequence[StopId],
                     matrix: Matrices, locked: bool = False) -> Route:
    """A route with the given stops, leaving at the shift start (or when its last bundle is
    ready) and serving each stop as soon as possible: for started (locked) routes and for
    showing how late an infeasible best try runs."""
    distance, duration = matrix
    pos = {s.id: i + 1 for i, s in enumerate(request.stops)}
    stops = {s.id: s for s in request.stops}
    vehicle = next(v for v in request.vehicles if v.id == vehicle_id)
    start = max([vehicle.shift_start_s] + [stops[sid].ready_s for sid in stop_ids])
    t, prev, dist, arrivals = start, 0, 0, []
    for sid in stop_ids:
        i, stop = pos[sid], stops[sid]
        t = max(t + int(duration[prev, i]), stop.window_start_s)
        arrivals.append(t)
        dist += int(distance[prev, i])
        t, prev = t + stop.service_s, i
    end = t + int(duration[prev, 0]) if stop_ids else start
    dist += int(distance[prev, 0]) if stop_ids else 0
    return Route(vehicle_id, tuple(stop_ids), tuple(arrivals), dist, end - start, start, end,
                 locked=locked)


class _Problem:
    """The free part of the request (stops and riders not in locked routes) as PyVRP data."""

    def __init__(self, request: PlanRequest, matrix: Matrices):
        self.request, self.matrix = request, matrix
        locked_stops = {sid for ids in request.locked.values() for sid in ids}
        self.stops = [(i + 1, s) for i, s in enumerate(request.stops) if s.id not in locked_stops]
        self.vehicles = [v for v in request.vehicles if v.id not in request.locked]
        self._impossible = self._impossible_stops()
        self.candidates = [(i, s) for i, s in self.stops if s.id not in self._impossible]
        self.dims = [dim for dim in ("bags", "kg")
                     if any(_demand(s, dim) for _, s in self.candidates)]
        self.types: dict[tuple, list[VehicleId]] = {}
        for v in self.vehicles:
            key = (tuple(_capacity(v, d) for d in self.dims), v.shift_start_s, v.shift_end_s)
            self.types.setdefault(key, []).append(v.id)

    def _impossible_stops(self) -> dict[StopId, str]:
        """Stops no free rider can serve, each with the reason."""
        _, duration = self.matrix
        shifts = {(v.shift_start_s, v.shift_end_s) for v in self.vehicles}
        capacities = {(v.capacity_bags, _grams(v.capacity_kg)) for v in self.vehicles}
        out = {}
        for i, s in self.stops:
            fits = any(s.demand_bags <= bags and _grams(s.demand_kg) <= grams
                       for bags, grams in capacities)
            if s.window_start_s > s.window_end_s:
                out[s.id] = f"stop {s.id}: window ends before it starts"
            elif not self.vehicles:
                out[s.id] = f"stop {s.id}: no rider is free"
            elif not fits:
                out[s.id] = (f"stop {s.id}: {s.demand_bags} bags / {s.demand_kg:g} kg do not fit "
                             "on any rider")
            elif not any(_reachable(s, i, start, end, duration) for start, end in shifts):
                earliest = max(min(a for a, _ in shifts), s.ready_s) + int(duration[0, i])
                out[s.id] = (f"stop {s.id}: cannot be reached in its window "
                             f"(earliest arrival {_clock(earliest)}, window "
                             f"{_clock(s.window_start_s)}–{_clock(s.window_end_s)}, or back too late)")
        return out

    def impossible_reasons(self) -> list[str]:
        reasons = list(self._impossible.values())
        for dim, unit in (("bags", "bags"), ("kg", "kg")):
            need = sum(_demand(s, dim) for _, s in self.candidates)
            have = sum(_capacity(v, dim) for v in self.vehicles)
            if need > have:
                scale = 1000 if dim == "kg" else 1
                reasons.append(f"the riders carry {have / scale:g} {unit} in all; "
                               f"the stops need {need / scale:g} {unit}")
        return reasons

    def data(self) -> pyvrp.ProblemData:
        distance, duration = self.matrix
        index = [0] + [i for i, _ in self.candidates]
        if len(index) != len(distance):
            sub = np.ix_(index, index)
            distance, duration = distance[sub], duration[sub]
        prize = 4 * int(distance.max(initial=0)) + 1 if self.request.allow_unassigned else 0
        clients = [pyvrp.Client(
            location=k + 1, delivery=[_demand(s, d) for d in self.dims],
            service_duration=s.service_s, tw_early=s.window_start_s, tw_late=s.window_end_s,
            release_time=s.ready_s, prize=prize, required=not self.request.allow_unassigned,
        ) for k, (_, s) in enumerate(self.candidates)]
        vehicle_types = [pyvrp.VehicleType(
            num_available=len(ids), capacity=list(caps), tw_early=start, tw_late=end,
            name=",".join(map(str, ids)),
        ) for (caps, start, end), ids in self.types.items()]
        locations = [pyvrp.Location(x=0, y=0) for _ in index]
        return pyvrp.ProblemData(locations, clients, [pyvrp.Depot(location=0)], vehicle_types,
                                 [distance], [duration])

    def routes(self, found: _Found) -> list[Route]:
        type_ids = [list(ids) for ids in self.types.values()]
        routes = []
        for vtype, clients, arrivals, dist, start, end in found.routes:
            routes.append(Route(
                vehicle_id=type_ids[vtype].pop(0),
                stop_ids=tuple(self.candidates[c][1].id for c in clients),
                arrival_s=tuple(arrivals), distance_m=dist, duration_s=end - start,
                start_s=start, end_s=end,
            ))
        return routes


def _demand(stop: Stop, dim: str) -> int:
    return stop.demand_bags if dim == "bags" else _grams(stop.demand_kg)


def _capacity(vehicle: Vehicle, dim: str) -> int:
    return vehicle.capacity_bags if dim == "bags" else _grams(vehicle.capacity_kg)


def _reachable(s: Stop, i: int, shift_start: int, shift_end: int, duration: np.ndarray) -> bool:
    arrive = max(shift_start, s.ready_s) + int(duration[0, i])
    back = max(arrive, s.window_start_s) + s.service_s + int(duration[i, 0])
    return arrive <= s.window_end_s and back <= shift_end


# --- solving: one PyVRP run per seed, in worker processes ---------------------------------

@dataclass(frozen=True)
class _Found:
    seed: int
    feasible: bool
    objective: int
    routes: list[tuple[int, list[int], list[int], int, int, int]]
    time_warp: int
    excess_load: list[int]

    def rank(self) -> tuple:
        return (not self.feasible, self.objective if self.feasible else self.time_warp, self.seed)


class _Deadline:
    """PyVRP stopping criterion: stop at a wall-clock moment (time.monotonic is system-wide
    on Linux, so the parent's deadline holds in the workers)."""

    def __init__(self, at: float):
        self.at = at

    def __call__(self, best_cost: float) -> bool:
        return time.monotonic() >= self.at


def _solve_one(data: pyvrp.ProblemData, seed: int, deadline: float) -> _Found:
    best = pyvrp.solve(data, stop=_Deadline(deadline), seed=seed, collect_stats=False,
                       display=False).best
    routes = []
    for r in best.routes():
        clients = [a for a in r if a.is_client()]
        routes.append((r.vehicle_type(), [a.idx for a in clients], [a.start_time for a in clients],
                       r.distance(), r.start_time(), r.end_time()))
    return _Found(seed, best.is_feasible(), best.distance_cost() + best.uncollected_prizes(),
                  routes, best.time_warp(), list(best.excess_load()))


def _solve_pickled(payload: bytes, seed: int, deadline: float) -> _Found:
    return _solve_one(pickle.loads(payload), seed, deadline)


_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    """A pool kept for the life of the process: starting a worker costs ~0.3 s.  forkserver,
    not fork: the web process has threads, and forking threads is unsafe."""
    global _pool
    if _pool is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=ctx,
                                    initializer=_exit_with_parent)
    return _pool


def _exit_with_parent() -> None:
    """In a worker: exit when the process that asked for it dies, even by SIGKILL (a pool
    worker otherwise waits for work forever, an orphan)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=lambda: (parent.join(), os._exit(0)), daemon=True).start()


def warm_up() -> None:
    """Start the solver processes now rather than in the first plan_routes call."""
    list(_executor().map(abs, range(WORKERS)))


def _solve_all(data: pyvrp.ProblemData, seeds: Sequence[int], deadline: float) -> list[_Found]:
    global _pool
    try:
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)  # once, not per worker
        futures = [_executor().submit(_solve_pickled, payload, seed, deadline) for seed in seeds]
        return [f.result(timeout=max(deadline - time.monotonic(), 0) + 60) for f in futures]
    except BrokenProcessPool:
        # A worker died (killed, out of memory): solve here with the time left, start afresh.
        _pool = None
        return [_solve_one(data, seeds[0], deadline)]


# --- independent check -----------------------------------------------------------------------

def check_plan(request: PlanRequest, plan: Plan, matrix: Matrices) -> list[str]:
    """Everything wrong with ``plan`` for ``request``, recomputed from the matrix of
    ``request_points(request)``: every stop served once (or allowed out), in its window,
    after its bundle is ready; loads within each rider's bags and kg; each rider out no
    earlier than the shift start and back by its end; locked routes unchanged."""
    stops = {s.id: (i + 1, s) for i, s in enumerate(request.stops)}
    vehicles = {v.id: v for v in request.vehicles}
    problems: list[str] = []
    served: dict[StopId, VehicleId] = {}
    for route in plan.routes:
        if route.vehicle_id not in vehicles:
            problems.append(f"route for unknown rider {route.vehicle_id}")
            continue
        if sum(r.vehicle_id == route.vehicle_id for r in plan.routes) > 1:
            problems.append(f"rider {route.vehicle_id} has more than one route")
        for sid in route.stop_ids:
            if sid not in stops:
                problems.append(f"rider {route.vehicle_id}: unknown stop {sid}")
            elif sid in served:
                problems.append(f"stop {sid} is served twice")
            served.setdefault(sid, route.vehicle_id)
        if all(sid in stops for sid in route.stop_ids):
            problems += _check_route(route, vehicles[route.vehicle_id], stops, matrix)
    for sid in stops:
        if sid not in served and (sid not in plan.unassigned or not request.allow_unassigned):
            problems.append(f"stop {sid} is not served")
    for vid, ids in request.locked.items():
        kept = [r for r in plan.routes if r.vehicle_id == vid]
        if not kept or kept[0].stop_ids != tuple(ids):
            problems.append(f"locked route of rider {vid} was changed")
    return problems


def _check_route(route: Route, vehicle: Vehicle, stops: dict, matrix: Matrices) -> list[str]:
    distance, duration = matrix
    who = f"rider {route.vehicle_id}"
    out = []
    visits = [stops[sid] for sid in route.stop_ids]
    if len(route.arrival_s) != len(visits):
        return [f"{who}: {len(route.arrival_s)} arrival times for {len(visits)} stops"]
    bags = sum(s.demand_bags for _, s in visits)
    grams = sum(_grams(s.demand_kg) for _, s in visits)
    if bags > vehicle.capacity_bags or grams > _grams(vehicle.capacity_kg):
        out.append(f"{who}: carries {bags} bags / {grams / 1000:g} kg, "
                   f"more than {vehicle.capacity_bags} / {vehicle.capacity_kg:g}")
    if route.start_s < vehicle.shift_start_s:
        out.append(f"{who}: leaves at {_clock(route.start_s)}, before the shift starts")
    t, prev, dist = route.start_s, 0, 0
    for (i, s), arrival in zip(visits, route.arrival_s, strict=True):
        if s.ready_s > route.start_s:
            out.append(f"{who}: leaves before stop {s.id}'s bundle is ready ({_clock(s.ready_s)})")
        if arrival < t + duration[prev, i]:
            out.append(f"{who}: cannot reach stop {s.id} by {_clock(arrival)}")
        if arrival < s.window_start_s:
            out.append(f"{who}: serves stop {s.id} at {_clock(arrival)}, before its window")
        if arrival > s.window_end_s:
            out.append(f"{who}: reaches stop {s.id} at {_clock(arrival)}, "
                       f"{arrival - s.window_end_s} s after its window ends")
        dist += int(distance[prev, i])
        t, prev = arrival + s.service_s, i
    back = t + int(duration[prev, 0]) if visits else route.start_s
    dist += int(distance[prev, 0]) if visits else 0
    if route.end_s < back:
        out.append(f"{who}: cannot be back at the depot by {_clock(route.end_s)}")
    if max(route.end_s, back) > vehicle.shift_end_s:
        out.append(f"{who}: back at {_clock(max(route.end_s, back))}, after the shift ends")
    if dist != route.distance_m:
        out.append(f"{who}: distance {route.distance_m} m, the matrix says {dist} m")
    return out
