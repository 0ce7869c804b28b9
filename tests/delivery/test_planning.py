"""plan_routes on small generated slots (solver limit 0.3 s): every bundle served in its window
by a rider within bags, kg and shift; locked routes kept; impossible requests reported with
the reason; stops left out only when the request allows it."""

import dataclasses
import math
import random

import pytest

from jangbogi.delivery.planning import (
    PlanRequest,
    Stop,
    Vehicle,
    check_plan,
    plan_routes,
    request_points,
)
from jangbogi.integrations.routing import HaversineDistances

CENTER = (37.5985, 127.1395)
H = 3600
SLOT = (14 * H, 16 * H)
DISTANCES = HaversineDistances()


def stops_around(n: int, seed: int = 1, radius_m: float = 3000, **fields) -> list[Stop]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        r, a = radius_m * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        lat = CENTER[0] + r * math.cos(a) / 111_320
        lng = CENTER[1] + r * math.sin(a) / (111_320 * math.cos(math.radians(CENTER[0])))
        values = {"window_start_s": SLOT[0], "window_end_s": SLOT[1], "service_s": 120,
                  "demand_bags": 1, "demand_kg": round(rng.uniform(1, 6), 1)} | fields
        out.append(Stop(id=i + 1, lat=lat, lng=lng, **values))
    return out


def riders(n: int, bags: int = 8, kg: float = 40, shift=(SLOT[0] - 1800, SLOT[1] + 1800)):
    return [Vehicle(id=f"r{k + 1}", capacity_bags=bags, capacity_kg=kg, shift_start_s=shift[0],
                    shift_end_s=shift[1]) for k in range(n)]


def request(stops, vehicles, **kwargs) -> PlanRequest:
    return PlanRequest(depot_lat=CENTER[0], depot_lng=CENTER[1], stops=stops, vehicles=vehicles,
                       seconds=kwargs.pop("seconds", 0.3), **kwargs)


def violations(req, plan) -> list[str]:
    return check_plan(req, plan, DISTANCES.matrix(request_points(req)))


def test_every_stop_is_served_once_in_its_window_within_load_and_shift():
    req = request(stops_around(30), riders(6))
    plan = plan_routes(req, DISTANCES)
    assert plan.feasible and plan.reasons == [] and plan.unassigned == []
    served = [sid for r in plan.routes for sid in r.stop_ids]
    assert sorted(served) == list(range(1, 31))
    stops = {s.id: s for s in req.stops}
    for route in plan.routes:
        assert route.start_s >= SLOT[0] - 1800 and route.end_s <= SLOT[1] + 1800
        assert sum(stops[s].demand_bags for s in route.stop_ids) <= 8
        assert sum(stops[s].demand_kg for s in route.stop_ids) <= 40
        assert len(route.arrival_s) == len(route.stop_ids)
        assert all(SLOT[0] <= t <= SLOT[1] for t in route.arrival_s)
    assert plan.cost == sum(r.distance_m for r in plan.routes)
    assert violations(req, plan) == []


def test_a_customer_note_after_15_00_is_kept():
    stops = stops_around(12, seed=2)
    stops[:4] = [dataclasses.replace(s, window_start_s=15 * H) for s in stops[:4]]
    plan = plan_routes(request(stops, riders(3)), DISTANCES)
    assert plan.feasible
    arrival = {sid: t for r in plan.routes for sid, t in zip(r.stop_ids, r.arrival_s, strict=True)}
    assert all(arrival[s.id] >= 15 * H for s in stops[:4])


@pytest.mark.parametrize(("bags", "kg", "most_per_rider"), [(4, 100, 4), (8, 25, 2)])
def test_bags_and_kg_capacities_bind(bags, kg, most_per_rider):
    stops = stops_around(12, seed=3, demand_kg=10.0)
    req = request(stops, riders(6, bags=bags, kg=kg))
    plan = plan_routes(req, DISTANCES)
    assert plan.feasible and plan.unassigned == []
    assert max(len(r.stop_ids) for r in plan.routes) <= most_per_rider
    assert violations(req, plan) == []


def test_locked_routes_are_kept_and_their_stops_not_planned_again():
    stops, fleet = stops_around(20, seed=4), riders(5)
    first = plan_routes(request(stops, fleet), DISTANCES)
    started = first.routes[0]
    # r-dropped drops out; the started route is locked; its rider takes nothing more.
    dropped = next(v.id for v in fleet if v.id != started.vehicle_id)
    remaining = [v for v in fleet if v.id != dropped]
    req = request(stops, remaining, locked={started.vehicle_id: list(started.stop_ids)})
    plan = plan_routes(req, DISTANCES)
    assert plan.feasible and plan.unassigned == []
    kept = [r for r in plan.routes if r.vehicle_id == started.vehicle_id]
    assert len(kept) == 1 and kept[0].locked and kept[0].stop_ids == started.stop_ids
    others = [sid for r in plan.routes if r is not kept[0] for sid in r.stop_ids]
    assert not set(others) & set(started.stop_ids)
    assert dropped not in {r.vehicle_id for r in plan.routes}
    assert violations(req, plan) == []


def test_a_late_bundle_holds_back_only_the_route_that_carries_it():
    stops = stops_around(10, seed=5)
    stops[0] = dataclasses.replace(stops[0], ready_s=SLOT[0] + 1200)
    req = request(stops, riders(3))
    plan = plan_routes(req, DISTANCES)
    assert plan.feasible
    carrier = next(r for r in plan.routes if 1 in r.stop_ids)
    assert carrier.start_s >= SLOT[0] + 1200
    assert violations(req, plan) == []


@pytest.mark.parametrize(("change", "reason"), [
    ({"demand_bags": 9}, "stop 1: 9 bags / 3 kg do not fit on any rider"),
    ({"window_start_s": SLOT[0] - 1800, "window_end_s": SLOT[0] - 1800},
     "stop 1: cannot be reached in its window"),
    ({"window_start_s": SLOT[1], "window_end_s": SLOT[0]}, "stop 1: window ends before it starts"),
])
def test_a_stop_no_rider_can_serve_makes_the_plan_infeasible_with_the_reason(change, reason):
    stops = stops_around(5, seed=6, demand_kg=3.0)
    stops[0] = dataclasses.replace(stops[0], **change)
    plan = plan_routes(request(stops, riders(2)), DISTANCES)
    assert not plan.feasible
    assert any(r.startswith(reason) for r in plan.reasons), plan.reasons
    assert plan.routes == [] and sorted(plan.unassigned) == [1, 2, 3, 4, 5]


def test_too_few_riders_in_total_is_reported():
    plan = plan_routes(request(stops_around(20, seed=7), riders(2)), DISTANCES)
    assert not plan.feasible
    assert "the riders carry 16 bags in all; the stops need 20 bags" in plan.reasons


def tight_far_stops() -> list[Stop]:
    """Four stops 4 km out in four directions, all wanted in the same 10 minutes: one rider
    can reach any one of them, not all."""
    stops = []
    for i, (dy, dx) in enumerate([(1, 0), (0, 1), (-1, 0), (0, -1)]):
        lat = CENTER[0] + dy * 4000 / 111_320
        lng = CENTER[1] + dx * 4000 / (111_320 * math.cos(math.radians(CENTER[0])))
        stops.append(Stop(id=i + 1, lat=lat, lng=lng, window_start_s=SLOT[0],
                          window_end_s=SLOT[0] + 600, service_s=60))
    return stops


def test_when_no_plan_serves_everyone_the_best_try_is_reported_infeasible():
    req = request(tight_far_stops(), riders(1))
    plan = plan_routes(req, DISTANCES)
    assert not plan.feasible
    assert plan.reasons[0].startswith("no feasible plan found in 0.3 s")
    assert any("after its window ends" in r for r in plan.reasons)


def test_optional_stops_are_left_out_only_when_the_request_allows_it():
    req = request(tight_far_stops(), riders(1), allow_unassigned=True)
    plan = plan_routes(req, DISTANCES)
    assert plan.feasible and violations(req, plan) == []
    assert len(plan.routes) == 1 and len(plan.routes[0].stop_ids) == 1
    assert sorted(plan.unassigned + list(plan.routes[0].stop_ids)) == [1, 2, 3, 4]


def test_the_time_limit_bounds_the_whole_call():
    plan = plan_routes(request(stops_around(40, seed=8), riders(6), seconds=0.5), DISTANCES)
    assert plan.feasible
    assert plan.seconds < 0.6


@pytest.mark.parametrize("kwargs", [
    {"locked": {"nobody": [1]}},
    {"locked": {"r1": [1], "r2": [1]}},
    {"seeds": (0, 1, 2)},
    {"seconds": 0},
])
def test_malformed_requests_are_refused(kwargs):
    with pytest.raises(ValueError):
        plan_routes(request(stops_around(3), riders(2), **kwargs), DISTANCES)


def test_duplicate_stop_ids_are_refused():
    stops = stops_around(2)
    with pytest.raises(ValueError):
        plan_routes(request([stops[0], stops[0]], riders(1)), DISTANCES)
