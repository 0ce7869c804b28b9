"""Payment provider webhooks: `POST /api/v1/payments/webhooks/toss` (register this URL in the
Toss developer center, 웹훅 → PAYMENT_STATUS_CHANGED).

Toss webhooks are unsigned, so the body is never trusted: the service looks the payment up at
the provider and applies what the provider says (orders.payment_recovery.handle_webhook).
Answers 200 for anything handled, a duplicate, an unknown payment or another event type (a
non-200 only makes Toss re-send, up to 7 times); 400 for a body that is not JSON; 503 when the
provider did not answer the lookup (Toss re-sends later).  Not in the public API docs."""

import json

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jangbogi.orders import payment_recovery

router = Router(tags=["payments"])


class WebhookOut(Schema):
    result: str


@router.post("/payments/webhooks/toss", response={200: WebhookOut}, include_in_schema=False)
def toss_webhook(request: HttpRequest):
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        raise HttpError(400, "본문이 JSON이 아닙니다.") from None
    result = payment_recovery.handle_webhook(body)
    return {"result": result.outcome}
