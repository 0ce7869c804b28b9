"""Which payment methods a store can take, and the approvals one checkout needs.

Each store is the merchant of record: 경기지역화폐 and 온누리상품권(카드형) are accepted only when
the approval is made in the name of a registered, eligible store.  So a checkout is paid by
one approval per store part — even when every part goes on the same credit card, since the
money is the store's sale, not the platform's (the provider's 지급대행 pays it out).

Rules, per store (`accepted_methods`):
* 카드 (credit/check card): always accepted.
* 온누리상품권(카드형): the store is registered for the card-type 온누리.
* 경기지역화폐 (card-type only online): the store's 시군 issues card-type 지역화폐 (성남 and
  시흥 issue mobile-type only), the store is registered, the customer's card is from the
  store's 시군 (when known), and the store's last fiscal year's revenue is at most the cap in
  force for its 시군 on that day (`LocalCurrencyCap` rows, `cap_for`).

Registration comes from `StorePaymentProfile` when the store has one, else from the
`Store.accepts_local_currency` / `Store.accepts_onnuri` flags (taken to mean card-type 온누리).
Without a known revenue (no profile, or a profile with no revenue) the store is treated as
under the cap: the 시군 checked its revenue when it registered it.

Reads only; nothing here writes."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from jangbogi.markets.models import Market, Sigun, Store
from jangbogi.payments.models import LocalCurrencyCap, Method, StorePaymentProfile

# 시군 whose 경기지역화폐 is mobile-type only: no card approval can be made in their name.
MOBILE_ONLY_SIGUN = frozenset({Sigun.SEONGNAM, Sigun.SIHEUNG})

NOT_ONNURI = "이 가게는 온누리상품권(카드형) 가맹점이 아니에요"
NOT_LOCAL_CURRENCY = "이 가게는 경기지역화폐 가맹점이 아니에요"
MOBILE_ONLY = "성남·시흥은 모바일형이라 카드형 결제가 안 돼요"
NO_CAP_KNOWN = "지금은 지역화폐 가맹 매출 한도를 확인할 수 없어요"

Accepted = dict[Method, str | None]  # method -> None if accepted, else why not (Korean)


@dataclass(frozen=True)
class Tender:
    """One approval to ask for: `amount` won (`tax_free_amount` of it VAT-exempt) by `method`
    in the name of store `store_id`.  `reason_if_fallback` says why the preferred method
    could not be used (the tender is then by card), None otherwise."""

    store_id: int
    method: Method
    amount: int
    tax_free_amount: int
    reason_if_fallback: str | None = None


@dataclass(frozen=True)
class _Registration:
    local_currency: bool
    onnuri_card: bool
    annual_revenue: int | None


def cap_for(sigun: str, on_date: dt.date) -> int | None:
    """The 지역화폐 revenue cap (won) in force in `sigun` on `on_date`; None if no row covers it."""
    return _pick_cap(_caps_on(on_date, {sigun}), sigun)


def accepted_methods(store: Store, *, on_date: dt.date, card_sigun: str | None = None) -> Accepted:
    """For each method, None if `store` can take it on `on_date`, else the reason it cannot.
    `card_sigun`: the 시군 that issued the customer's 지역화폐 card, if known."""
    return accepted_methods_by_store([store], on_date=on_date, card_sigun=card_sigun)[store.pk]


def accepted_methods_by_store(stores: Iterable[Store], *, on_date: dt.date,
                              card_sigun: str | None = None) -> dict[int, Accepted]:
    """`accepted_methods` for many stores (by store id) in at most three queries."""
    stores = list(stores)
    if not stores:
        return {}
    siguns = _siguns(stores)
    registrations = _registrations(stores)
    known_revenue = any(r.annual_revenue is not None for r in registrations.values())
    caps = _caps_on(on_date, set(siguns.values())) if known_revenue else []
    return {
        store.pk: {
            Method.LOCAL_CURRENCY: _local_currency_refusal(
                registrations[store.pk], siguns[store.pk], card_sigun, caps),
            Method.ONNURI: None if registrations[store.pk].onnuri_card else NOT_ONNURI,
            Method.CARD: None,
        }
        for store in stores
    }


def tender_plan(parts: Sequence[tuple[Store, int, int]], preferred: Method | str, *, on_date: dt.date,
                card_sigun: str | None = None, accepted: dict[int, Accepted] | None = None) -> list[Tender]:
    """The approvals for a checkout: one per `(store, amount, tax_free)` part, in the parts'
    order, by `preferred` where that store accepts it and by card otherwise.  `accepted`: the
    stores' `accepted_methods_by_store`, when the caller already has it (several plans of one
    basket); read here otherwise.

    One per part even for card: each store is the merchant of record.  Raises ValueError for
    an amount below 1 won or a tax-free part outside 0..amount."""
    preferred = Method(preferred)
    for store, amount, tax_free in parts:
        if amount < 1 or not 0 <= tax_free <= amount:
            raise ValueError(f"bad part for store {store.pk}: amount {amount}, tax-free {tax_free}")
    if preferred == Method.CARD:
        accepted = {}
    elif accepted is None:
        accepted = accepted_methods_by_store([store for store, _, _ in parts], on_date=on_date,
                                             card_sigun=card_sigun)
    tenders = []
    for store, amount, tax_free in parts:
        reason = accepted[store.pk][preferred] if accepted else None
        tenders.append(Tender(store_id=store.pk, method=Method.CARD if reason else preferred,
                              amount=amount, tax_free_amount=tax_free, reason_if_fallback=reason))
    return tenders


# --- pieces -----------------------------------------------------------------------------------

def _local_currency_refusal(reg: _Registration, sigun: str, card_sigun: str | None,
                            caps: list[LocalCurrencyCap]) -> str | None:
    if sigun in MOBILE_ONLY_SIGUN:
        return MOBILE_ONLY
    if not reg.local_currency:
        return NOT_LOCAL_CURRENCY
    if card_sigun and card_sigun != sigun:
        return f"{sigun} 지역화폐만 쓸 수 있어요"
    if reg.annual_revenue is None:
        return None
    cap = _pick_cap(caps, sigun)
    if cap is None:
        return NO_CAP_KNOWN
    if reg.annual_revenue > cap:
        return f"지역화폐 가맹 매출 한도({won_in_units(cap)})를 넘는 가게예요"
    return None


def _caps_on(on_date: dt.date, siguns: set[str]) -> list[LocalCurrencyCap]:
    return list(LocalCurrencyCap.objects.filter(Q(sigun__in=siguns) | Q(sigun=""), effective_from__lte=on_date)
                .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on_date)))


def _pick_cap(rows: Iterable[LocalCurrencyCap], sigun: str) -> int | None:
    """A 시군's own row beats the every-시군 row; then the latest start; then the latest row."""
    best = max((r for r in rows if r.sigun in (sigun, "")),
               key=lambda r: (r.sigun != "", r.effective_from, r.pk), default=None)
    return best.cap_won if best else None


def _siguns(stores: list[Store]) -> dict[int, str]:
    """Each store's 시군, from its market when already loaded, else in one query."""
    market_field = Store._meta.get_field("market")
    missing = {s.market_id for s in stores if not market_field.is_cached(s)}
    loaded = {}
    if missing:
        loaded = dict(Market.objects.filter(pk__in=missing).order_by().values_list("pk", "sigun"))
    return {s.pk: s.market.sigun if market_field.is_cached(s) else loaded[s.market_id] for s in stores}


def _registrations(stores: list[Store]) -> dict[int, _Registration]:
    profiles = {p.store_id: p for p in StorePaymentProfile.objects.filter(store__in=[s.pk for s in stores])}
    result = {}
    for store in stores:
        profile = profiles.get(store.pk)
        if profile is None:
            result[store.pk] = _Registration(store.accepts_local_currency, store.accepts_onnuri, None)
        else:
            result[store.pk] = _Registration(profile.local_currency_registered, profile.onnuri_card_registered,
                                             profile.annual_revenue)
    return result


def won_in_units(amount: int) -> str:
    """1_200_000_000 -> "12억 원"; 1_250_000_000 -> "12억 5,000만 원"; 12_345 -> "1만 2,345원"."""
    eok, rest = divmod(amount, 100_000_000)
    man, won = divmod(rest, 10_000)
    parts = [f"{eok:,}억"] if eok else []
    if man:
        parts.append(f"{man:,}만")
    if won or not parts:
        return " ".join([*parts, f"{won:,}원"])
    return " ".join(parts) + " 원"
