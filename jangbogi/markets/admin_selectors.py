"""Reads for the market admin portal, always scoped to one market: its stores, the staff
memberships that belong to it (market-wide roles, and merchants of its stores), its delivery
slot rules and its dated calendar exceptions."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from jangbogi.markets.models import (
    CalendarException,
    DeliverySlotRule,
    DeliveryZone,
    Market,
    Membership,
    Role,
    Store,
)

# The order staff are listed in: market roles first, then merchants by store.
_ROLE_RANK = {Role.MARKET_ADMIN: 0, Role.CENTER_STAFF: 1, Role.MERCHANT: 2}


def stores_of(market: Market) -> QuerySet[Store]:
    """The market's stores (active and not), each with `logins`: how many merchant logins
    it has."""
    return (Store.objects.filter(market=market)
            .annotate(logins=Count("membership", filter=Q(membership__role=Role.MERCHANT)))
            .order_by("-is_active", "name", "pk"))


def store_of(market: Market, store_id: int) -> Store | None:
    """One of the market's stores, or None (another market's store is not found)."""
    return Store.objects.filter(market=market, pk=store_id).first()


def _staff_qs(market: Market) -> QuerySet[Membership]:
    return (Membership.objects.filter(Q(market=market) | Q(store__market=market))
            .exclude(role=Role.OPERATOR)
            .select_related("user", "store"))


def staff_of(market: Market) -> list[Membership]:
    """The market's memberships: 시장 관리자, 배송센터 직원, then 상인 by store name."""
    return sorted(_staff_qs(market), key=lambda m: (
        _ROLE_RANK.get(m.role, 9), m.store.name if m.store_id else "", m.user.username))


def membership_of(market: Market, membership_id: int) -> Membership | None:
    """One membership of the market, or None (another market's, or an operator's)."""
    return _staff_qs(market).filter(pk=membership_id).first()


def slot_rules_of(market: Market) -> list[DeliverySlotRule]:
    """The market's slot rules: the running ones by start time, then the stopped ones."""
    return list(DeliverySlotRule.objects.filter(market=market).order_by("-is_active", "start", "pk"))


def slot_rule_of(market: Market, rule_id: int) -> DeliverySlotRule | None:
    """One of the market's slot rules, or None (another market's rule is not found)."""
    return DeliverySlotRule.objects.filter(market=market, pk=rule_id).first()


def exceptions_from(market: Market, start: dt.date) -> list[CalendarException]:
    """The market's dated exceptions from `start` on, by date."""
    return list(CalendarException.objects.filter(market=market, date__gte=start).order_by("date"))


def zones_of(market: Market) -> list[DeliveryZone]:
    """The market's delivery zones: the running ones first, by name."""
    return list(DeliveryZone.objects.filter(market=market).order_by("-is_active", "name", "pk"))


def zone_of(market: Market, zone_id: int) -> DeliveryZone | None:
    """One of the market's zones, or None (another market's zone is not found)."""
    return DeliveryZone.objects.filter(market=market, pk=zone_id).first()
