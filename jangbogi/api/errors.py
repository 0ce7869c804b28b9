"""One place that turns failures into JSON: `{"code", "message", ...details}`.

* `DomainError` → its own status, code and Korean message; its details (`errors`,
  `next_slot_date`, `next_slot_start`, `product_ids`, ...) are merged into the body.
* ninja's `ValidationError` (bad query/body/path) → 422 `validation_failed` with a Korean
  message per field in `errors`, the same shape the services use for `ValidationFailed`.
* `Http404` and `HttpError` (unparseable JSON, ...) → the same `{code, message}` shape.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from jangbogi.core.errors import DomainError, NotFound, ValidationFailed

VALIDATION_MESSAGE = ValidationFailed.message  # "입력값을 확인해 주세요."


class ErrorOut(Schema):
    code: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: dict[str, str] = {}


class ConflictOut(ErrorOut):
    next_slot_date: dt.date | None = None  # slot_closed / slot_full: the next open slot's date
    next_slot_start: str | None = None  # slot_closed / slot_full: its start, "HH:MM"
    product_ids: list[int] | None = None  # out_of_stock: the products that ran short


class IdempotencyKeyRequired(DomainError):
    code = "idempotency_key_required"
    message = "Idempotency-Key 헤더가 필요합니다. 주문 요청마다 새 UUID를 보내 주세요."
    status = 400


class IdempotencyKeyInvalid(DomainError):
    code = "idempotency_key_invalid"
    message = "Idempotency-Key는 100자 이하로 보내 주세요."
    status = 400


class RouteNotFound(NotFound):
    code = "not_found"
    message = "요청한 API 주소가 없습니다. 주소와 버전(/api/v1/)을 확인해 주세요."


_HTTP_ERRORS = {
    400: ("bad_request", "요청 형식이 올바르지 않습니다. JSON 본문을 확인해 주세요."),
    401: ("unauthorized", "로그인이 필요합니다."),
    403: ("forbidden", "권한이 없습니다."),
    429: ("too_many_requests", "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요."),
}


def _num(value: Any) -> str:
    """180.0 -> "180", 0.5 -> "0.5"."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _expected(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")


# pydantic error type -> Korean message (ctx holds the limits).
_MESSAGES = {
    "missing": lambda ctx: "꼭 입력해야 합니다.",
    "int_type": lambda ctx: "정수로 적어 주세요.",
    "int_parsing": lambda ctx: "정수로 적어 주세요.",
    "int_from_float": lambda ctx: "정수로 적어 주세요.",
    "float_type": lambda ctx: "숫자로 적어 주세요.",
    "float_parsing": lambda ctx: "숫자로 적어 주세요.",
    "finite_number": lambda ctx: "숫자로 적어 주세요.",
    "string_type": lambda ctx: "문자로 적어 주세요.",
    "bool_type": lambda ctx: "true 또는 false로 적어 주세요.",
    "bool_parsing": lambda ctx: "true 또는 false로 적어 주세요.",
    "date_type": lambda ctx: "날짜는 YYYY-MM-DD 형식으로 적어 주세요.",
    "date_parsing": lambda ctx: "날짜는 YYYY-MM-DD 형식으로 적어 주세요.",
    "date_from_datetime_parsing": lambda ctx: "날짜는 YYYY-MM-DD 형식으로 적어 주세요.",
    "date_from_datetime_inexact": lambda ctx: "날짜는 YYYY-MM-DD 형식으로 적어 주세요.",
    "time_type": lambda ctx: "시각은 HH:MM 형식으로 적어 주세요.",
    "time_parsing": lambda ctx: "시각은 HH:MM 형식으로 적어 주세요.",
    "enum": lambda ctx: f"다음 중 하나를 골라 주세요: {_expected(ctx)}",
    "literal_error": lambda ctx: f"다음 중 하나를 골라 주세요: {_expected(ctx)}",
    "greater_than_equal": lambda ctx: f"{_num(ctx.get('ge'))} 이상이어야 합니다.",
    "greater_than": lambda ctx: f"{_num(ctx.get('gt'))}보다 커야 합니다.",
    "less_than_equal": lambda ctx: f"{_num(ctx.get('le'))} 이하여야 합니다.",
    "less_than": lambda ctx: f"{_num(ctx.get('lt'))}보다 작아야 합니다.",
    "string_too_long": lambda ctx: f"{ctx.get('max_length')}자 이하로 적어 주세요.",
    "string_too_short": lambda ctx: f"{ctx.get('min_length')}자 이상 적어 주세요.",
    "json_invalid": lambda ctx: "JSON 형식이 올바르지 않습니다.",
    "model_attributes_type": lambda ctx: "JSON 객체로 보내 주세요.",
    "dict_type": lambda ctx: "JSON 객체로 보내 주세요.",
}


def _field_name(loc: tuple | list) -> str:
    """("body", "payload", "phone") -> "phone"; ("query", "page_size") -> "page_size"."""
    parts = list(loc)
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]  # drop the source and the view's body-parameter name
    elif parts:
        parts = parts[1:] or parts
    return ".".join(str(p) for p in parts)


def _korean(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    make = _MESSAGES.get(error.get("type", ""))
    return make(ctx) if make else "값을 확인해 주세요."


def field_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        out.setdefault(_field_name(error.get("loc", ())), _korean(error))
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (replacing ninja's English defaults)."""

    def respond(request: HttpRequest, body: dict, status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, {**exc.details, "code": exc.code, "message": exc.message}, exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = {"code": ValidationFailed.code, "message": VALIDATION_MESSAGE,
                "errors": field_errors(exc.errors)}
        return respond(request, body, 422)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"code": NotFound.code, "message": NotFound.message}, 404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = _HTTP_ERRORS.get(exc.status_code, ("http_error", str(exc)))
        return respond(request, {"code": code, "message": message}, exc.status_code)
