"""Forms of the claim screens: the customer's report and the staff decision.  Business checks
(quantities, photos, the refund cap) stay in claims.services; these only carry the values so a
refused form re-shows what was typed."""

import secrets

from django import forms

from jangbogi.claims.models import Bearer, Reason, Remedy
from jangbogi.web.marketadmin.forms import DomainErrorsMixin


class ClaimForm(DomainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label="어떤 문제인가요?", choices=Reason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "어떤 문제인지 골라 주세요.",
                                               "invalid_choice": "어떤 문제인지 골라 주세요."})
    quantity = forms.IntegerField(label="몇 개가 그런가요?", min_value=1, max_value=99,
                                  error_messages={"required": "수량을 적어 주세요.", "invalid": "숫자로 적어 주세요.",
                                                  "min_value": "1개 이상 적어 주세요.",
                                                  "max_value": "수량을 확인해 주세요."},
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    description = forms.CharField(label="더 알려 주실 내용", required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"max_length": "500자 이내로 적어 주세요."})
    submit_key = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(16)


class DecisionForm(DomainErrorsMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "승인"), ("reject", "반려")], widget=forms.HiddenInput)
    remedy = forms.ChoiceField(label="처리 방법", choices=Remedy.choices, widget=forms.RadioSelect, required=False)
    refund_amount = forms.IntegerField(label="환불 금액(원)", min_value=0, required=False,
                                       widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                       error_messages={"invalid": "숫자로 적어 주세요.",
                                                       "min_value": "0원 이상으로 적어 주세요."})
    bearer = forms.ChoiceField(label="비용 부담", choices=Bearer.choices, widget=forms.RadioSelect, required=False)
    note = forms.CharField(label="메모(내부용)", required=False, max_length=100)
    reject_reason = forms.CharField(label="반려 사유(고객에게 보내져요)", required=False, max_length=300,
                                    widget=forms.Textarea(attrs={"rows": 2}))
