"""Delivery use cases: plan a slot's routes, re-plan, move a stop, dispatch, and the rider's
pickup / start / deliver / fail.  The only code that writes the delivery tables; order status
changes go through `orders.services` (packed → out_for_delivery → delivered | packed).
Callers use this package: `from jangbogi.delivery import services as delivery`.

    plans.py        plan_slot, replan              inputs.py    bundles, riders → PlanRequest
    moves.py        move_stop                      dispatching.py  dispatch, masked_number_for
    handover.py     pick_up, start_route, deliver_stop, fail_stop
    shifts.py       save_shift, remove_shift, copy_last_week (rows in markets.RiderShift)

Planning reads the slot's packed bundles and the market's riders, asks the PyVRP planner
(`planning.plan_routes`, seconds-long) outside any transaction, then stores the answer in one
short transaction after checking nothing it relied on moved meanwhile.

* A plan is re-planned as often as the center likes; routes already started (locked) or
  finished are kept as they are, with their riders, and everything else is planned again —
  bundles that came back from a failed attempt, late bundles, a rider taken out.
* Moving a stop to another rider puts it where it adds the least distance to that rider's
  route (cheapest insertion); both routes keep their other stops in order and get new ETAs
  from the same simulation the planner checks plans with.  The planner is not run again:
  the center chose the rider on purpose, and a full re-plan would undo it.
* After a re-plan or a move the plan must be dispatched again for new routes: only then do
  riders see detailed addresses and call buttons (DOMAIN: riders get no detailed address
  before dispatch)."""

from jangbogi.delivery.services.dispatching import dispatch, masked_number_for
from jangbogi.delivery.services.handover import (
    MAX_WRONG_CODES,
    deliver_stop,
    fail_stop,
    pick_up,
    start_route,
)
from jangbogi.delivery.services.inputs import plan_seconds, service_seconds
from jangbogi.delivery.services.moves import move_stop
from jangbogi.delivery.services.plans import PLANNABLE, plan_slot, replan
from jangbogi.delivery.services.shifts import copy_last_week, remove_shift, save_shift

__all__ = [
    "MAX_WRONG_CODES", "PLANNABLE", "copy_last_week", "deliver_stop", "dispatch", "fail_stop", "masked_number_for",
    "move_stop", "pick_up", "plan_seconds", "plan_slot", "remove_shift", "replan", "save_shift", "service_seconds",
    "start_route",
]
