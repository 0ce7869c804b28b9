"""Who a staff user is and what they may touch: the one place memberships are read."""

from dataclasses import dataclass

from django.db.models import QuerySet

from jangbogi.markets.models import Market, Membership, Role, Store

STAFF_HOME = {
    Role.MERCHANT: "/merchant/",
    Role.CENTER_STAFF: "/center/",
    Role.MARKET_ADMIN: "/market-admin/",
    Role.OPERATOR: "/market-admin/",
}


@dataclass(frozen=True)
class StaffScope:
    role: str
    stores: tuple[Store, ...]
    markets: tuple[Market, ...]

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR


def memberships(user) -> QuerySet[Membership]:
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("store", "store__market", "market").order_by("pk")


def is_staff_member(user) -> bool:
    return memberships(user).exists()


def scope_for(user, *roles: str) -> StaffScope | None:
    """The user's scope for the first of `roles` they hold, or None.  When `roles` admits the
    operator, an operator's scope is every market."""
    held = list(memberships(user))
    if Role.OPERATOR in roles and any(m.role == Role.OPERATOR for m in held):
        return StaffScope(Role.OPERATOR, tuple(Store.objects.select_related("market").order_by("pk")),
                          tuple(Market.objects.order_by("pk")))
    for role in roles:
        mine = [m for m in held if m.role == role]
        if mine:
            return StaffScope(
                role,
                tuple(m.store for m in mine if m.store_id),
                tuple(m.market for m in mine if m.market_id)
                or tuple(dict.fromkeys(m.store.market for m in mine if m.store_id)),
            )
    return None


def home_for(user) -> str | None:
    """Where a staff user lands after logging in (None for customers)."""
    roles = {m.role for m in memberships(user)}
    for role in (Role.OPERATOR, Role.MARKET_ADMIN, Role.CENTER_STAFF, Role.MERCHANT):
        if role in roles:
            return STAFF_HOME[role]
    return None
