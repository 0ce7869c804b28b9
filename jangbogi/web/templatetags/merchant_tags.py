"""Display helpers for the merchant portal's templates."""

from django import template

from jangbogi.web.merchant import present

register = template.Library()


@register.filter
def short_number(number: str) -> str:
    """"261126-04817263" -> "7263"."""
    return present.short_number(number or "")


@register.filter
def masked_name(name: str) -> str:
    """"김순자" -> "김**"."""
    return present.masked_name(name)


@register.filter
def hhmm(value) -> str:
    """An aware datetime as "14:05" in Seoul time."""
    return present.local_hhmm(value) if value else ""


@register.filter
def signed_won(amount: int) -> str:
    """A price difference: "600원 더 비싸요" / "600원 싸요" / "값이 같아요"."""
    amount = int(amount or 0)
    if amount > 0:
        return f"{amount:,}원 더 비싸요"
    if amount < 0:
        return f"{-amount:,}원 싸요"
    return "값이 같아요"


NOTE_KINDS = {
    "new_order": "새 주문",
    "moved_line": "옮겨 온 상품",
    "substitution_approved": "대체 승인",
}


@register.filter
def note_kind(template_name: str) -> str:
    return NOTE_KINDS.get(template_name, "알림")


@register.filter
def grams(value) -> str:
    """1200 -> "1,200g"."""
    return f"{int(value):,}g" if value else ""
