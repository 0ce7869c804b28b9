"""Toss Payments v1 adapter behind the payment port.

API facts used here (docs.tosspayments.com, "코어 API" and "인증 및 기타 헤더 설정"):
* Basic auth: base64(secret_key + ":"); the secret key is the user name, no password.
* POST /v1/payments/confirm {paymentKey, orderId, amount} — widget flow: the browser
  authenticates the payment and hands us paymentKey; the tax-free part was fixed at that step
  (the confirm body has no taxFreeAmount), so we only check what Toss reports.
* POST /v1/billing/{billingKey} {customerKey, amount, orderId, orderName, taxFreeAmount, ...} —
  자동결제; "takes up to 60 seconds, set the timeout to at least 60 seconds".
* GET /v1/payments/{paymentKey}, GET /v1/payments/orders/{orderId} → Payment object.
* POST /v1/payments/{paymentKey}/cancel {cancelReason, cancelAmount, taxFreeAmount,
  refundableAmount?}; without cancelAmount Toss cancels everything, so we always send it.
* Idempotency-Key header on POSTs (≤ 300 chars, valid 15 days; ignored on GET).  Toss scopes a
  key to (key, API key, URL, method): a reused key replays the first answer even for a different
  body; 409 IDEMPOTENT_REQUEST_PROCESSING while the first request is still running.
* GET /v1/settlements?startDate&endDate[&dateType&page&size] → an array of Settlement objects
  (sold on those days by default): {paymentKey, orderId, method, amount, interestFee,
  fees: [{type, fee}], supplyAmount, vat, payOutAmount, approvedAt, soldDate, paidOutDate,
  cancel}; payOutAmount = amount − the fee (supplyAmount + vat).  We take the fee as
  amount − payOutAmount (the docs show `fees[].fee` both as numbers and as strings).  We page
  with page=1.. and size until a page comes back short (page numbering: an assumption).
* Errors are {code, message} with an HTTP status.  PROVIDER_ERROR is a 400 that the docs call
  temporary ("잠시 후 다시 시도해주세요"), so it is retryable here.
Not confirmed in the docs (assumptions, see the tests and the fake):
* whether a replayed answer for a key includes errors (4xx/5xx) — the fake replays 4xx, not 5xx;
* whether the cancels array is in chronological order — check_cancel reads the last entry.
"""

import base64
import datetime as dt
import http.client
import json
import logging
import ssl
from urllib.parse import quote, urlencode, urlsplit

from jangbogi.integrations.payments import (
    TOSS_API_BASE,
    ApprovalRequest,
    ApprovalResult,
    CancelRequest,
    CancelResult,
    PaymentNotFound,
    ProviderCancel,
    ProviderError,
    ProviderPayment,
    ProviderSettlement,
    ProviderTimeout,
    check_approval,
    check_cancel,
)

log = logging.getLogger("jangbogi.payments.toss")

Timeout = tuple[float, float]  # (connect, read) seconds

# 4xx codes that mean "try again later" rather than "no".
RETRYABLE_CODES = frozenset({"PROVIDER_ERROR", "IDEMPOTENT_REQUEST_PROCESSING", "FORBIDDEN_CONSECUTIVE_REQUEST"})
# Refusals that may hide an approval we already have (a retry after a lost answer, without the
# original idempotency key): look the payment up before calling it a decline.
RECOVERABLE_CODES = frozenset({"ALREADY_PROCESSED_PAYMENT", "DUPLICATED_ORDER_ID"})
# Our integration is broken, not the customer's card: still "not approved", but say so loudly.
INTEGRATION_CODES = frozenset({"UNAUTHORIZED_KEY", "INVALID_API_KEY", "INCORRECT_BASIC_AUTH_FORMAT",
                               "INVALID_IDEMPOTENCY_KEY", "FORBIDDEN_REQUEST", "INVALID_REQUEST"})
MAX_IDEMPOTENCY_KEY = 300


def _iso(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def payment_from_toss(data: dict) -> ProviderPayment:
    """A Toss Payment object → ProviderPayment.  A malformed one is an unknown outcome."""
    try:
        total = int(data["totalAmount"])
        return ProviderPayment(
            provider_ref=data["paymentKey"], order_ref=data["orderId"], status=data["status"],
            total_amount=total, balance_amount=int(data.get("balanceAmount", total)),
            tax_free_amount=int(data.get("taxFreeAmount") or 0), method=data.get("method") or "",
            approved_at=_iso(data.get("approvedAt")),
            cancels=tuple(ProviderCancel(
                amount=int(c["cancelAmount"]), tax_free_amount=int(c.get("taxFreeAmount") or 0),
                canceled_at=_iso(c.get("canceledAt")), transaction_key=c.get("transactionKey") or "",
                reason=c.get("cancelReason") or "",
            ) for c in data.get("cancels") or ()),
            failure_code=(data.get("failure") or {}).get("code", ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"결제사 응답을 읽지 못했습니다: {exc!r}", code="INVALID_RESPONSE",
                            retryable=True) from exc


def settlement_from_toss(data: dict) -> ProviderSettlement:
    """A Toss Settlement object → ProviderSettlement (fee = amount − payOutAmount)."""
    try:
        amount, pay_out = int(data["amount"]), int(data["payOutAmount"])
        paid_out = data.get("paidOutDate")
        return ProviderSettlement(
            provider_ref=data["paymentKey"], order_ref=data.get("orderId") or "", method=data.get("method") or "",
            amount=amount, fee=amount - pay_out, pay_out_amount=pay_out,
            sold_date=dt.date.fromisoformat(data["soldDate"]),
            paid_out_date=dt.date.fromisoformat(paid_out) if paid_out else None,
            is_cancel=bool(data.get("cancel")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"정산 응답을 읽지 못했습니다: {exc!r}", code="INVALID_RESPONSE", retryable=True) from exc


class TossPaymentsClient:
    """Thin HTTP client: one method per endpoint, JSON in and out, errors as ProviderError.
    Standard library only (http.client gives separate connect and read timeouts)."""

    def __init__(self, secret_key: str, base_url: str = TOSS_API_BASE, timeout: Timeout = (3.05, 10),
                 billing_timeout: Timeout = (3.05, 60)):
        if not secret_key:
            raise ValueError("secret_key is required")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"bad Toss API base URL: {base_url!r}")
        self._scheme, self._host, self._port = parts.scheme, parts.hostname, parts.port
        self._prefix = parts.path.rstrip("/")
        self.base_url, self.timeout, self.billing_timeout = base_url, timeout, billing_timeout
        self._auth = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode("ascii")

    def confirm(self, *, payment_key: str, order_id: str, amount: int, idempotency_key: str) -> dict:
        return self._call("POST", "/v1/payments/confirm", idempotency_key=idempotency_key,
                          body={"paymentKey": payment_key, "orderId": order_id, "amount": amount})

    def charge_billing_key(self, *, billing_key: str, customer_key: str, amount: int, order_id: str,
                           order_name: str, tax_free_amount: int, idempotency_key: str,
                           customer_email: str = "", customer_name: str = "") -> dict:
        body = {"customerKey": customer_key, "amount": amount, "orderId": order_id,
                "orderName": order_name, "taxFreeAmount": tax_free_amount}
        if customer_email:
            body["customerEmail"] = customer_email
        if customer_name:
            body["customerName"] = customer_name
        return self._call("POST", f"/v1/billing/{quote(billing_key, safe='')}", body=body,
                          idempotency_key=idempotency_key, timeout=self.billing_timeout)

    def get_payment(self, payment_key: str) -> dict:
        return self._call("GET", f"/v1/payments/{quote(payment_key, safe='')}")

    def get_payment_by_order_id(self, order_id: str) -> dict:
        return self._call("GET", f"/v1/payments/orders/{quote(order_id, safe='')}")

    def get_settlements(self, *, start_date: str, end_date: str, page: int = 1, size: int = 100) -> list:
        query = urlencode({"startDate": start_date, "endDate": end_date, "page": page, "size": size})
        return self._call("GET", f"/v1/settlements?{query}", expect=list)

    def cancel(self, *, payment_key: str, cancel_reason: str, cancel_amount: int, tax_free_amount: int,
               idempotency_key: str, refundable_amount: int | None = None) -> dict:
        body = {"cancelReason": cancel_reason, "cancelAmount": cancel_amount, "taxFreeAmount": tax_free_amount}
        if refundable_amount is not None:
            body["refundableAmount"] = refundable_amount
        return self._call("POST", f"/v1/payments/{quote(payment_key, safe='')}/cancel", body=body,
                          idempotency_key=idempotency_key)

    def _call(self, method: str, path: str, *, body: dict | None = None, idempotency_key: str = "",
              timeout: Timeout | None = None, expect: type = dict):
        headers = {"Authorization": self._auth, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if idempotency_key:
            if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
                raise ValueError(f"Idempotency-Key longer than {MAX_IDEMPOTENCY_KEY} characters")
            headers["Idempotency-Key"] = idempotency_key
        status, raw = self._send(method, self._prefix + path, data, headers, timeout or self.timeout)
        return self._parse(status, raw, expect)

    def _send(self, method, path, data, headers, timeout: Timeout) -> tuple[int, bytes]:
        connect_timeout, read_timeout = timeout
        if self._scheme == "https":
            conn = http.client.HTTPSConnection(self._host, self._port, timeout=connect_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout)
        try:
            try:
                conn.connect()
            except OSError as exc:  # nothing was sent
                raise ProviderError(f"결제사에 연결하지 못했습니다: {exc!r}", code="NETWORK_ERROR",
                                    retryable=True) from exc
            conn.sock.settimeout(read_timeout)  # per socket read, not a total deadline
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                return response.status, response.read()
            except TimeoutError as exc:
                raise ProviderTimeout() from exc
            except (OSError, http.client.HTTPException) as exc:  # sent, then the line dropped
                raise ProviderTimeout(f"결제사 연결이 끊겼습니다: {exc!r}", code="CONNECTION_LOST") from exc
        finally:
            conn.close()

    @staticmethod
    def _parse(status: int, raw: bytes, expect: type = dict):
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            payload = None
        if 200 <= status < 300:
            if not isinstance(payload, expect):
                raise ProviderError("결제사 응답이 JSON이 아닙니다.", code="INVALID_RESPONSE", retryable=True,
                                    http_status=status)
            return payload
        payload = payload if isinstance(payload, dict) else {}
        code = str(payload.get("code") or f"HTTP_{status}")
        message = str(payload.get("message") or "결제사 오류")
        if status == 404 and code == "NOT_FOUND_PAYMENT":
            raise PaymentNotFound(message, code=code)
        retryable = status >= 500 or status in (408, 429) or code in RETRYABLE_CODES
        raise ProviderError(message, code=code, retryable=retryable, http_status=status)


class TossPaymentProvider:
    name = "toss"

    def __init__(self, client: TossPaymentsClient):
        self.client = client

    def approve(self, request: ApprovalRequest) -> ApprovalResult:
        try:
            data = self._send_approval(request)
        except ProviderError as err:
            if err.retryable:
                raise
            if err.code in RECOVERABLE_CODES:
                return self._recover(request, err)
            return self._declined(request, err)
        return check_approval(request, payment_from_toss(data))

    def cancel(self, request: CancelRequest) -> CancelResult:
        try:
            data = self.client.cancel(
                payment_key=request.provider_ref, cancel_reason=request.reason[:200],
                cancel_amount=request.amount, tax_free_amount=request.tax_free_amount,
                idempotency_key=request.idempotency_key, refundable_amount=request.refundable_amount,
            )
        except ProviderError as err:
            if err.retryable:
                raise
            return CancelResult(canceled=False, failure_code=err.code, failure_message=err.message)
        return check_cancel(request, payment_from_toss(data))

    def lookup(self, provider_ref: str) -> ProviderPayment:
        return payment_from_toss(self.client.get_payment(provider_ref))

    def lookup_by_order_id(self, order_ref: str) -> ProviderPayment:
        return payment_from_toss(self.client.get_payment_by_order_id(order_ref))

    def settlements(self, start: dt.date, end: dt.date, *, page_size: int = 100) -> list[ProviderSettlement]:
        lines, page = [], 1
        while True:
            rows = self.client.get_settlements(start_date=start.isoformat(), end_date=end.isoformat(), page=page,
                                               size=page_size)
            lines.extend(settlement_from_toss(row) for row in rows)
            if len(rows) < page_size:
                return lines
            page += 1

    def _send_approval(self, request: ApprovalRequest) -> dict:
        metadata = request.metadata
        if metadata.get("billing_key"):
            if not metadata.get("customer_key"):
                raise ValueError("a Toss billing charge needs metadata customer_key with billing_key")
            return self.client.charge_billing_key(
                billing_key=metadata["billing_key"], customer_key=metadata["customer_key"],
                amount=request.amount, order_id=request.order_ref,
                order_name=(request.order_name or f"장보기 주문 {request.order_ref}")[:100],
                tax_free_amount=request.tax_free_amount, idempotency_key=request.idempotency_key,
                customer_email=metadata.get("customer_email", ""), customer_name=metadata.get("customer_name", ""),
            )
        if metadata.get("payment_key"):
            return self.client.confirm(payment_key=metadata["payment_key"], order_id=request.order_ref,
                                       amount=request.amount, idempotency_key=request.idempotency_key)
        raise ValueError("a Toss approval needs metadata payment_key (widget) or billing_key + customer_key")

    def _recover(self, request: ApprovalRequest, err: ProviderError) -> ApprovalResult:
        """Toss says this payment or order was already processed: if that is our approval (same
        order, same amount), it is the answer we lost; otherwise a decline."""
        payment_key = request.metadata.get("payment_key")
        try:
            payment = self.lookup(payment_key) if payment_key else self.lookup_by_order_id(request.order_ref)
        except PaymentNotFound:
            return self._declined(request, err)
        if not payment.was_approved:
            return self._declined(request, err)
        log.info("토스 %s: 주문 %s의 기존 승인 %s을 찾았습니다", err.code, request.order_ref, payment.provider_ref)
        return check_approval(request, payment)

    @staticmethod
    def _declined(request: ApprovalRequest, err: ProviderError) -> ApprovalResult:
        if err.code in INTEGRATION_CODES or err.http_status == 401:
            log.error("토스 승인 요청이 거절되었습니다 (연동 설정 확인 필요) 주문 %s: %s %s",
                      request.order_ref, err.code, err.message)
        return ApprovalResult(approved=False, failure_code=err.code, failure_message=err.message)
