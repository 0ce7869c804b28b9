"""A local fake of the Toss Payments v1 API: the contract tests run the Toss adapter against it,
and it lets anyone try the adapter by hand without network or keys.

    python -m jangbogi.integrations.payments.fake_toss --port 8765 [--secret test_sk_fake]
    # then run the app with JANGBOGI_PAYMENT_PROVIDER=toss JANGBOGI_TOSS_SECRET_KEY=test_sk_fake
    #                       JANGBOGI_TOSS_API_BASE=http://127.0.0.1:8765

    fake = FakeToss("test_sk_x")                      # in tests
    with running_fake_toss(fake=fake) as base_url: ...

In memory, one merchant registered as 복합과세 (taxFreeAmount is honoured).  Implements
POST /v1/payments/confirm, POST /v1/billing/{billingKey}, GET /v1/payments/{paymentKey},
GET /v1/payments/orders/{orderId}, POST /v1/payments/{paymentKey}/cancel and
GET /v1/settlements?startDate&endDate[&page&size] (one line per approval and per cancel, sold
on its Seoul date, fee `fee_bp` basis points VAT included — 200 by default, a made-up rate), with Basic auth
(the configured secret) and the Idempotency-Key rules of the docs: on POST, scoped to key +
method + path (one secret per fake), the first answer replayed whatever the new body, 409
IDEMPOTENT_REQUEST_PROCESSING while the first request runs, 400 INVALID_IDEMPOTENCY_KEY over
300 characters.  GETs ignore the header.

Browser steps have stand-ins (also over HTTP, without auth: POST /_fake/authorize,
POST /_fake/billing-keys): `authorize(order_id, amount, tax_free_amount)` → paymentKey is the
payment widget; `issue_billing_key(customer_key)` → billingKey is requestBillingAuth + issue.
Knobs: `fail_next()` (POST /_fake/fail-next), `delay_next()` (POST /_fake/delay-next),
`decline(amount)` (POST /_fake/decline); amounts ending in `decline_suffix` (444, like the demo
provider) are declined; GET /_fake/state, POST /_fake/reset.

Where the docs are silent the fake assumes (and the adapter must cope either way): 4xx answers
are replayed for a reused idempotency key, 5xx are not; confirming with an orderId or amount
other than the widget's is 400 INVALID_REQUEST; a cancel's taxFreeAmount above what is left is
403 NOT_CANCELABLE_AMOUNT; a full cancel without cancelAmount or taxFreeAmount also cancels the
tax-free part that is left; a wrong or missing secret is 401 UNAUTHORIZED_KEY."""

import argparse
import base64
import copy
import datetime as dt
import json
import logging
import os
import re
import secrets
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from jangbogi.integrations.payments import SEOUL, cancel_refusal, invented_fee

log = logging.getLogger("jangbogi.payments.fake_toss")

DEFAULT_SECRET = "test_sk_fake"
ORDER_ID = re.compile(r"[A-Za-z0-9_-]{6,64}")
APPROVED = ("DONE", "PARTIAL_CANCELED", "CANCELED")
REJECT_CARD = ("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다.")
STATUS_OF = {"ALREADY_CANCELED_PAYMENT": 400, "NOT_MATCHES_REFUNDABLE_AMOUNT": 400, "NOT_CANCELABLE_AMOUNT": 403}

Reply = tuple[int, dict | list]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict  # lower-cased names
    body: dict | None


@dataclass(frozen=True)
class _Fault:
    status: int = 0
    code: str = ""
    message: str = ""
    seconds: float = 0.0
    before_processing: bool = False  # delay: hold the request in flight before processing it
    after_processing: bool = False  # fail: process (and remember) the request, then answer the error


def _error(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _now() -> str:
    return dt.datetime.now(SEOUL).replace(microsecond=0).isoformat()


def _is_amount(value, *, zero_ok: bool = False) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (value >= 0 if zero_ok else value > 0)


class FakeToss:
    def __init__(self, secret_key: str = DEFAULT_SECRET, *, decline_suffix: int | None = 444, fee_bp: int = 200):
        self.secret_key = secret_key
        self.decline_suffix = decline_suffix
        self.fee_bp = fee_bp
        self._auth = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode("ascii")
        self._lock = threading.RLock()
        self._closing = threading.Event()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.payments: dict[str, dict] = {}  # paymentKey → Toss Payment object
            self.billing_keys: dict[str, str] = {}  # billingKey → customerKey
            self.requests: list[RecordedRequest] = []  # every API request, in order
            self.charges: list[dict] = []  # every approval that took money: {paymentKey, orderId, amount}
            self.declined_amounts: set[int] = set()
            self._answers: dict[tuple, Reply] = {}
            self._in_flight: set[tuple] = set()
            self._faults: deque[_Fault] = deque()

    # ---- stand-ins for the browser steps, and knobs ------------------------------------------
    def authorize(self, order_id: str, amount: int, *, tax_free_amount: int = 0, order_name: str = "장보기 주문",
                  method: str = "카드") -> str:
        """What the payment widget does: a payment the customer has authenticated (IN_PROGRESS),
        waiting for the merchant's confirm.  Returns its paymentKey."""
        with self._lock:
            payment = self._new_payment(order_id, order_name, amount, tax_free_amount, kind="NORMAL", method=method)
            payment["status"] = "IN_PROGRESS"
            return payment["paymentKey"]

    def issue_billing_key(self, customer_key: str) -> str:
        with self._lock:
            billing_key = f"bk_{secrets.token_urlsafe(24)}"
            self.billing_keys[billing_key] = customer_key
            return billing_key

    def fail_next(self, status: int = 500, code: str = "FAILED_INTERNAL_SYSTEM_PROCESSING",
                  message: str = "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.", *,
                  after_processing: bool = False) -> None:
        """The next API call answers this error — without doing anything, or, with
        after_processing, after doing (and remembering for its idempotency key) the work."""
        with self._lock:
            self._faults.append(_Fault(status=status, code=code, message=message, after_processing=after_processing))

    def delay_next(self, seconds: float, *, before_processing: bool = False) -> None:
        """The next API call answers `seconds` late: after doing the work (the answer is lost if
        the client gave up), or, with before_processing, before doing it (meanwhile a retry
        with the same idempotency key gets 409 IDEMPOTENT_REQUEST_PROCESSING)."""
        with self._lock:
            self._faults.append(_Fault(seconds=seconds, before_processing=before_processing))

    def decline(self, amount: int) -> None:
        with self._lock:
            self.declined_amounts.add(amount)

    def charge_count(self, order_id: str) -> int:
        with self._lock:
            return sum(1 for c in self.charges if c["orderId"] == order_id)

    def close(self) -> None:
        """Wake delayed handlers (a server is stopping)."""
        self._closing.set()

    # ---- the API ------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict, raw: bytes, query: str = "") -> tuple[int, dict, float]:
        """One API request → (status, JSON body, seconds to wait before answering).  A GET's
        query parameters reach its handler in place of a body."""
        headers = {k.lower(): v for k, v in headers.items()}
        body, bad_json = None, False
        if method == "GET" and query:
            body = {k: v[-1] for k, v in parse_qs(query).items()}
        if method == "POST":
            try:
                body = json.loads(raw or b"{}")
                bad_json = not isinstance(body, dict)
            except ValueError:
                bad_json = True
        with self._lock:
            self.requests.append(RecordedRequest(method, path, headers, body))
        if headers.get("authorization") != self._auth:
            return 401, _error("UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다."), 0
        route = self._route(method, path)
        if route is None:
            return 404, _error("NOT_FOUND", "존재하지 않는 정보 입니다."), 0
        if bad_json:
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다."), 0
        with self._lock:
            fault = self._faults.popleft() if self._faults else _Fault()
        if fault.status and not fault.after_processing:
            return fault.status, _error(fault.code, fault.message), 0
        hold = fault.seconds if fault.before_processing else 0
        status, reply = self._idempotent(method, path, headers.get("idempotency-key", ""), route, body, hold)
        if fault.status:
            return fault.status, _error(fault.code, fault.message), 0
        return status, reply, 0 if fault.before_processing else fault.seconds

    def _route(self, method: str, path: str):
        table = (
            ("POST", r"/v1/payments/confirm", self._confirm),
            ("POST", r"/v1/payments/([^/]+)/cancel", self._cancel),
            ("GET", r"/v1/payments/orders/([^/]+)", self._by_order_id),
            ("GET", r"/v1/payments/([^/]+)", self._by_payment_key),
            ("POST", r"/v1/billing/([^/]+)", self._charge_billing_key),
            ("GET", r"/v1/settlements", self._settlements),
        )
        for verb, pattern, handler in table:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler, [unquote(arg) for arg in match.groups()]
        return None

    def _idempotent(self, method, path, key, route, body, hold: float) -> Reply:
        handler, args = route
        if method != "POST" or not key:
            self._closing.wait(hold)
            return handler(body, *args)
        if len(key) > 300:
            return 400, _error("INVALID_IDEMPOTENCY_KEY", "멱등키는 300자 이하여야 합니다.")
        scope = (method, path, key)
        with self._lock:
            if scope in self._answers:
                status, reply = self._answers[scope]
                return status, copy.deepcopy(reply)
            if scope in self._in_flight:
                return 409, _error("IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리중입니다.")
            self._in_flight.add(scope)
        try:
            self._closing.wait(hold)
            status, reply = handler(body, *args)
            if status < 500:
                with self._lock:
                    self._answers[scope] = (status, copy.deepcopy(reply))
            return status, reply
        finally:
            with self._lock:
                self._in_flight.discard(scope)

    def _confirm(self, body: dict) -> Reply:
        payment_key, order_id, amount = body.get("paymentKey"), body.get("orderId"), body.get("amount")
        if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
            return 400, _error("INVALID_ORDER_ID", "orderId는 영문 대소문자, 숫자, 특수문자(-, _) 만 허용합니다. "
                                                   "6자 이상 64자 이하여야 합니다.")
        if not isinstance(payment_key, str) or not _is_amount(amount):
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
        with self._lock:
            payment = self.payments.get(payment_key)
            if payment is None:
                return 404, _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            if payment["status"] != "IN_PROGRESS":
                return 400, _error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
            if (payment["orderId"], payment["totalAmount"]) != (order_id, amount):
                return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
            return self._settle(payment)

    def _charge_billing_key(self, body: dict, billing_key: str) -> Reply:
        customer_key = self.billing_keys.get(billing_key)
        if customer_key is None:
            return 404, _error("NOT_FOUND_BILLING", "존재하지 않는 빌링 결제 인증 정보 입니다.")
        order_id, amount, order_name = body.get("orderId"), body.get("amount"), body.get("orderName")
        tax_free = body.get("taxFreeAmount", 0)
        if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
            return 400, _error("INVALID_ORDER_ID", "orderId는 영문 대소문자, 숫자, 특수문자(-, _) 만 허용합니다. "
                                                   "6자 이상 64자 이하여야 합니다.")
        if (not _is_amount(amount) or not _is_amount(tax_free, zero_ok=True) or tax_free > amount
                or not isinstance(order_name, str) or not 1 <= len(order_name) <= 100):
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
        if body.get("customerKey") != customer_key:
            return 400, _error("NOT_MATCHES_CUSTOMER_KEY", "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.")
        with self._lock:
            if any(p["orderId"] == order_id and p["status"] in APPROVED for p in self.payments.values()):
                return 400, _error("DUPLICATED_ORDER_ID", "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. "
                                                          "다른 주문번호로 진행해주세요.")
            payment = self._new_payment(order_id, order_name, amount, tax_free, kind="BILLING", method="카드")
            return self._settle(payment)

    def _settle(self, payment: dict) -> Reply:
        """Ask the card company: decline or approve (the caller holds the lock)."""
        amount = payment["totalAmount"]
        suffix = self.decline_suffix
        if amount in self.declined_amounts or (suffix is not None and amount % 1000 == suffix):
            payment.update(status="ABORTED", failure=_error(*REJECT_CARD))
            return 403, _error(*REJECT_CARD)
        transaction_key = secrets.token_hex(16).upper()
        payment.update(status="DONE", approvedAt=_now(), lastTransactionKey=transaction_key)
        payment["card"]["approveNo"] = f"{secrets.randbelow(10**8):08d}"
        self.charges.append({"paymentKey": payment["paymentKey"], "orderId": payment["orderId"], "amount": amount,
                             "transactionKey": transaction_key})
        return 200, copy.deepcopy(payment)

    def _by_payment_key(self, body, payment_key: str) -> Reply:
        with self._lock:
            payment = self.payments.get(payment_key)
            if payment is None:
                return 404, _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            return 200, copy.deepcopy(payment)

    def _by_order_id(self, body, order_id: str) -> Reply:
        with self._lock:
            found = [p for p in self.payments.values() if p["orderId"] == order_id]
            if not found:
                return 404, _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            approved = [p for p in found if p["status"] in APPROVED]
            return 200, copy.deepcopy((approved or found)[-1])

    def _settlements(self, query: dict | None) -> Reply:
        query = query or {}
        try:
            start, end = dt.date.fromisoformat(query["startDate"]), dt.date.fromisoformat(query["endDate"])
            page, size = int(query.get("page", 1)), int(query.get("size", 100))
        except (KeyError, ValueError):
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
        if page < 1 or not 1 <= size <= 10_000:
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
        with self._lock:
            lines = [line for p in self.payments.values() for line in self._settlement_lines(p)
                     if start <= dt.date.fromisoformat(line["soldDate"]) <= end]
        lines.sort(key=lambda line: (line["soldDate"], line["approvedAt"] or ""))
        return 200, lines[(page - 1) * size:page * size]

    def _settlement_lines(self, payment: dict) -> list[dict]:
        """A Settlement object per approval and per cancel of `payment` (the caller holds the lock)."""
        if not payment.get("approvedAt"):
            return []
        approval_key = next((c["transactionKey"] for c in self.charges if c["paymentKey"] == payment["paymentKey"]), "")
        moves = [(payment["totalAmount"], payment["approvedAt"], approval_key, None)]
        for c in payment["cancels"] or ():
            moves.append((-c["cancelAmount"], c["canceledAt"], c["transactionKey"],
                          {"cancelAmount": c["cancelAmount"], "canceledAt": c["canceledAt"]}))
        lines = []
        for amount, at, transaction_key, cancel in moves:
            fee = invented_fee(amount, self.fee_bp)
            vat = (2 * fee + (11 if fee >= 0 else -11)) // 22
            sold = dt.datetime.fromisoformat(at).date()
            lines.append({
                "mId": "jangbogifake", "paymentKey": payment["paymentKey"], "transactionKey": transaction_key,
                "orderId": payment["orderId"], "currency": "KRW", "method": payment["method"], "amount": amount,
                "interestFee": 0, "fees": [{"type": "BASE", "fee": fee}], "supplyAmount": fee - vat, "vat": vat,
                "payOutAmount": amount - fee, "approvedAt": payment["approvedAt"], "soldDate": sold.isoformat(),
                "paidOutDate": (sold + dt.timedelta(days=2)).isoformat(), "cancel": cancel,
            })
        return lines

    def _cancel(self, body: dict, payment_key: str) -> Reply:
        reason, amount = body.get("cancelReason"), body.get("cancelAmount")
        tax_free, refundable = body.get("taxFreeAmount"), body.get("refundableAmount")
        if (not isinstance(reason, str) or not 1 <= len(reason) <= 200
                or (amount is not None and not _is_amount(amount))
                or (tax_free is not None and not _is_amount(tax_free, zero_ok=True))
                or (refundable is not None and not _is_amount(refundable, zero_ok=True))):
            return 400, _error("INVALID_REQUEST", "잘못된 요청입니다.")
        with self._lock:
            payment = self.payments.get(payment_key)
            if payment is None:
                return 404, _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            if payment["status"] not in APPROVED:
                return 403, _error("NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")
            if tax_free is None:  # the docs' default is 0; a full cancel (no cancelAmount) takes what is left
                tax_free = payment["taxFreeAmount"] if amount is None else 0
            refusal = cancel_refusal(balance=payment["balanceAmount"], tax_free=payment["taxFreeAmount"],
                                     amount=amount, tax_free_amount=tax_free, refundable_amount=refundable)
            if refusal:
                return STATUS_OF[refusal[0]], _error(*refusal)
            amount = payment["balanceAmount"] if amount is None else amount
            transaction_key = secrets.token_hex(16).upper()
            payment["balanceAmount"] -= amount
            payment["taxFreeAmount"] -= tax_free
            payment["status"] = "CANCELED" if payment["balanceAmount"] == 0 else "PARTIAL_CANCELED"
            payment["lastTransactionKey"] = transaction_key
            payment["cancels"] = (payment["cancels"] or []) + [{
                "transactionKey": transaction_key, "cancelReason": reason, "taxExemptionAmount": 0,
                "canceledAt": _now(), "cardDiscountAmount": 0, "transferDiscountAmount": 0,
                "easyPayDiscountAmount": 0, "receiptKey": None, "cancelAmount": amount,
                "taxFreeAmount": tax_free, "refundableAmount": payment["balanceAmount"],
                "cancelStatus": "DONE", "cancelRequestId": None,
            }]
            self._fill_tax(payment)
            return 200, copy.deepcopy(payment)

    def _new_payment(self, order_id, order_name, amount, tax_free, *, kind: str, method: str) -> dict:
        payment_key = f"fake{secrets.token_hex(20)}"
        payment = {
            "mId": "jangbogifake", "version": "2022-11-16", "paymentKey": payment_key, "type": kind,
            "orderId": order_id, "orderName": order_name, "currency": "KRW", "method": method,
            "status": "READY", "requestedAt": _now(), "approvedAt": None, "useEscrow": False,
            "lastTransactionKey": None, "totalAmount": amount, "balanceAmount": amount,
            "taxFreeAmount": tax_free, "taxExemptionAmount": 0, "cultureExpense": False,
            "isPartialCancelable": True, "cancels": None, "failure": None, "country": "KR",
            "card": {"amount": amount, "issuerCode": "71", "acquirerCode": "71", "number": "43301234****123*",
                     "installmentPlanMonths": 0, "approveNo": None, "useCardPoint": False, "cardType": "신용",
                     "ownerType": "개인", "acquireStatus": "READY", "isInterestFree": False,
                     "interestPayer": None},
            "virtualAccount": None, "transfer": None, "mobilePhone": None, "giftCertificate": None,
            "cashReceipt": None, "cashReceipts": None, "discount": None, "easyPay": None, "secret": None,
            "receipt": {"url": f"https://fake.invalid/receipt/{payment_key}"}, "checkout": None, "metadata": None,
        }
        self._fill_tax(payment)
        self.payments[payment_key] = payment
        return payment

    @staticmethod
    def _fill_tax(payment: dict) -> None:
        # vat = (amount - taxFreeAmount) / 11, rounded (docs); suppliedAmount = the taxable rest.
        taxable = payment["balanceAmount"] - payment["taxFreeAmount"]
        payment["vat"] = (2 * taxable + 11) // 22
        payment["suppliedAmount"] = taxable - payment["vat"]

    # ---- control endpoints (local use) --------------------------------------------------------
    def control(self, method: str, path: str, raw: bytes) -> Reply:
        try:
            body = json.loads(raw or b"{}") if method == "POST" else {}
            if path == "/_fake/state" and method == "GET":
                with self._lock:
                    return 200, {"payments": copy.deepcopy(list(self.payments.values())),
                                 "charges": list(self.charges)}
            if method != "POST":
                return 404, _error("NOT_FOUND", "no such control endpoint")
            if path == "/_fake/authorize":
                key = self.authorize(body["orderId"], int(body["amount"]),
                                     tax_free_amount=int(body.get("taxFreeAmount", 0)),
                                     order_name=body.get("orderName", "장보기 주문"))
                return 200, {"paymentKey": key, "orderId": body["orderId"], "amount": int(body["amount"])}
            if path == "/_fake/billing-keys":
                return 200, {"billingKey": self.issue_billing_key(body["customerKey"]),
                             "customerKey": body["customerKey"]}
            if path == "/_fake/fail-next":
                self.fail_next(int(body.get("status", 500)), body.get("code", "FAILED_INTERNAL_SYSTEM_PROCESSING"),
                               body.get("message", "내부 시스템 처리 작업이 실패했습니다."),
                               after_processing=bool(body.get("afterProcessing")))
            elif path == "/_fake/delay-next":
                self.delay_next(float(body["seconds"]), before_processing=bool(body.get("beforeProcessing")))
            elif path == "/_fake/decline":
                self.decline(int(body["amount"]))
            elif path == "/_fake/reset":
                self.reset()
            else:
                return 404, _error("NOT_FOUND", "no such control endpoint")
            return 200, {"ok": True}
        except (KeyError, TypeError, ValueError) as exc:
            return 400, _error("INVALID_REQUEST", f"bad control request: {exc!r}")


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeTossPayments/1"

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        fake: FakeToss = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        delay = 0.0
        try:
            if path.startswith("/_fake/"):
                status, body = fake.control(method, path, raw)
            else:
                status, body, delay = fake.handle(method, path, dict(self.headers.items()), raw,
                                                  urlsplit(self.path).query)
        except Exception:
            log.exception("fake Toss failed on %s %s", method, path)
            status, body = 500, _error("COMMON_ERROR", "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.")
        if delay:
            fake._closing.wait(delay)
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (a timeout test): the answer is lost, as intended
            pass

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's signature
        log.debug("%s " + format, self.address_string(), *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], fake: FakeToss):
        super().__init__(address, _Handler)
        self.fake = fake


@contextmanager
def running_fake_toss(secret_key: str | None = None, *, fake: FakeToss | None = None,
                      host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve a fake (yours, for its knobs, or a new one) on a free port; yields its base URL."""
    if fake is None:
        fake = FakeToss(secret_key or DEFAULT_SECRET)
    elif secret_key is not None and secret_key != fake.secret_key:
        raise ValueError("secret_key differs from fake.secret_key")
    fake._closing.clear()
    server = _Server((host, port), fake)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                              name="fake-toss")
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        fake.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local fake of the Toss Payments v1 API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--secret", default=os.environ.get("JANGBOGI_TOSS_SECRET_KEY") or DEFAULT_SECRET)
    parser.add_argument("--decline-suffix", type=int, default=444,
                        help="decline amounts whose last three digits are this (-1: none)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    fake = FakeToss(args.secret, decline_suffix=None if args.decline_suffix < 0 else args.decline_suffix)
    server = _Server((args.host, args.port), fake)
    print(f"fake Toss Payments on http://{args.host}:{server.server_address[1]} "
          f"(secret {args.secret}); POST /_fake/authorize {{orderId, amount}} gives a paymentKey", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.close()
        server.server_close()


if __name__ == "__main__":
    main()
