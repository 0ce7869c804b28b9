"""check_plan recomputes a plan from the matrix and names every broken rule, on a hand-timed
three-stop slot: lateness, early service, impossible travel, bundle not ready, bags, kg, shift,
a stop served twice or not at all, an unknown or doubled rider, a changed locked route, a
wrong distance."""

import dataclasses

import numpy as np
import pytest

from jangbogi.delivery.planning import (
    Plan,
    PlanRequest,
    Route,
    Stop,
    Vehicle,
    check_plan,
    plan_routes,
    request_points,
)
from jangbogi.integrations.routing import MatrixDistances

# Depot D and stops A, B, C on a line: travel seconds below, metres = 5 × seconds.
DURATION = np.array([[0, 600, 900, 1200],
                     [600, 0, 300, 600],
                     [900, 300, 0, 300],
                     [1200, 600, 300, 0]])
POINTS = [(37.00, 127.0), (37.01, 127.0), (37.02, 127.0), (37.03, 127.0)]
DISTANCES = MatrixDistances(POINTS, 5 * DURATION, DURATION)

A = Stop("A", *POINTS[1], window_start_s=50_000, window_end_s=52_000, service_s=60,
         demand_bags=3, demand_kg=5)
B = Stop("B", *POINTS[2], window_start_s=50_000, window_end_s=51_000, service_s=60,
         demand_bags=3, demand_kg=5)
C = Stop("C", *POINTS[3], window_start_s=51_000, window_end_s=53_000, service_s=60,
         demand_bags=2, demand_kg=5)
R1 = Vehicle("r1", capacity_bags=8, capacity_kg=20, shift_start_s=49_000, shift_end_s=54_000)
R2 = dataclasses.replace(R1, id="r2")

# Leave 49 400, A at 50 000, B at 50 360, wait for C's window at 51 000, back at 52 260.
GOOD = Route("r1", ("A", "B", "C"), (50_000, 50_360, 51_000), distance_m=12_000,
             duration_s=2_860, start_s=49_400, end_s=52_260)


def req(stops=(A, B, C), vehicles=(R1, R2), **kwargs) -> PlanRequest:
    return PlanRequest(depot_lat=37.0, depot_lng=127.0, stops=list(stops), vehicles=list(vehicles),
                       **kwargs)


def check(request: PlanRequest, *routes: Route, unassigned=()) -> list[str]:
    plan = Plan(routes=list(routes), unassigned=list(unassigned), feasible=True,
                cost=sum(r.distance_m for r in routes))
    return check_plan(request, plan, DISTANCES.matrix(request_points(request)))


def test_the_hand_timed_plan_is_clean():
    assert check(req(), GOOD) == []


def test_the_planner_finds_a_clean_plan_no_longer_than_the_hand_timed_one():
    request = dataclasses.replace(req(), seconds=0.3)
    plan = plan_routes(request, DISTANCES)
    assert plan.feasible and plan.cost <= 12_000
    assert check_plan(request, plan, DISTANCES.matrix(request_points(request))) == []


@pytest.mark.parametrize(("request_change", "route_change", "message"), [
    ({"stops": (A, dataclasses.replace(B, window_end_s=50_300), C)}, {},
     "rider r1: reaches stop B at 13:59:20, 60 s after its window ends"),
    ({}, {"arrival_s": (50_000, 50_360, 50_720)}, "rider r1: serves stop C at 14:05:20, before its window"),
    ({}, {"arrival_s": (49_900, 50_360, 51_000)}, "rider r1: cannot reach stop A by 13:51:40"),
    ({"stops": (dataclasses.replace(A, ready_s=49_500), B, C)}, {},
     "rider r1: leaves before stop A's bundle is ready (13:45:00)"),
    ({"vehicles": (dataclasses.replace(R1, capacity_bags=7),)}, {},
     "rider r1: carries 8 bags / 15 kg, more than 7 / 20"),
    ({"vehicles": (dataclasses.replace(R1, capacity_kg=14.5),)}, {},
     "rider r1: carries 8 bags / 15 kg, more than 8 / 14.5"),
    ({"vehicles": (dataclasses.replace(R1, shift_start_s=49_500),)}, {},
     "rider r1: leaves at 13:43:20, before the shift starts"),
    ({"vehicles": (dataclasses.replace(R1, shift_end_s=52_000),)}, {},
     "rider r1: back at 14:31:00, after the shift ends"),
    ({}, {"end_s": 52_000}, "rider r1: cannot be back at the depot by 14:26:40"),
    ({}, {"distance_m": 11_000}, "rider r1: distance 11000 m, the matrix says 12000 m"),
    ({"locked": {"r1": ["A", "B"]}}, {}, "locked route of rider r1 was changed"),
])
def test_each_broken_rule_is_named(request_change, route_change, message):
    problems = check(req(**request_change), dataclasses.replace(GOOD, **route_change))
    assert message in problems, problems


def test_a_stop_served_twice_and_a_rider_with_two_routes():
    again = Route("r1", ("C",), (51_000,), 12_000, 2_460, 49_800, 52_260)
    problems = check(req(), GOOD, again)
    assert "stop C is served twice" in problems
    assert "rider r1 has more than one route" in problems


def test_an_unknown_rider_is_named():
    assert "route for unknown rider r9" in check(req(), dataclasses.replace(GOOD, vehicle_id="r9"))


def test_a_left_out_stop_is_a_violation_unless_the_request_allows_it():
    without_c = Route("r1", ("A", "B"), (50_000, 50_360), 9_000, 1_920, 49_400, 51_320)
    assert check(req(), without_c) == ["stop C is not served"]
    assert check(req(), without_c, unassigned=["C"]) == ["stop C is not served"]
    assert check(req(allow_unassigned=True), without_c, unassigned=["C"]) == []
