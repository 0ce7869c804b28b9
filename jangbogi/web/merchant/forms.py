"""Forms of the merchant portal's order pages.  They parse what the merchant typed or tapped;
the fulfilment services decide whether it is acceptable (and say why, in Korean)."""

import datetime as dt

from django import forms

from jangbogi.orders.models import OrderLine, Substitution

REFUND = "refund"


class DayForm(forms.Form):
    """The order list's query string: the delivery date and, on polls, how many new orders the
    merchant has already seen."""

    date = forms.DateField(required=False)
    seen = forms.IntegerField(min_value=0, required=False)

    def day(self, today: dt.date) -> dt.date:
        return (self.cleaned_data.get("date") if self.is_valid() else None) or today

    def seen_count(self) -> int | None:
        return self.cleaned_data.get("seen") if self.is_valid() else None


class PickForm(forms.Form):
    """담았어요.  Sold-by-weight lines also send the weighed grams (the service requires them)."""

    actual_grams = forms.IntegerField(
        label="실제 무게(g)", min_value=1, max_value=100_000, required=False,
        error_messages={"invalid": "무게는 숫자로 적어 주세요. 예: 1200",
                        "min_value": "무게는 1g 이상으로 적어 주세요.",
                        "max_value": "무게가 너무 커요. g 단위로 적었는지 확인해 주세요."},
    )


class ShortForm(forms.Form):
    """부족해요: how many are there (0 = 품절) and, when the customer allows a similar item from
    this store, which product to offer (or `refund` to offer nothing)."""

    available = forms.IntegerField(
        label="있는 수량", min_value=0, max_value=99,
        error_messages={"required": "있는 수량을 적어 주세요. 하나도 없으면 0이에요.",
                        "invalid": "있는 수량은 숫자로 적어 주세요.",
                        "min_value": "있는 수량은 0개 이상으로 적어 주세요."},
    )
    proposal = forms.CharField(label="대신 드릴 상품", required=False, max_length=20)
    message = forms.CharField(label="고객에게 한마디", required=False, max_length=200)

    def __init__(self, *args, line: OrderLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line

    def clean_proposal(self) -> str:
        value = (self.cleaned_data.get("proposal") or "").strip()
        if self.line.substitution != Substitution.SIMILAR_SAME_STORE:
            return ""
        if not value:
            raise forms.ValidationError("대신 드릴 상품을 고르거나 '제안하지 않고 환불'을 골라 주세요.")
        if value != REFUND and not value.isdigit():
            raise forms.ValidationError("목록에서 상품을 골라 주세요.")
        return value

    def service_kwargs(self) -> dict:
        """Keyword arguments for `fulfilment.mark_short` (besides line and actor)."""
        data = self.cleaned_data
        proposal = data["proposal"]
        return {
            "available": data["available"],
            "proposal_product_id": int(proposal) if proposal and proposal != REFUND else None,
            "message": data["message"],
        }

    def first_error(self) -> str:
        for errors in self.errors.values():
            return errors[0]
        return ""
