"""Domain errors.  Every failure a user can cause is a DomainError with a stable code and a
plain-Korean message; interfaces map the code to an HTTP status (see api/errors.py)."""


class DomainError(Exception):
    code = "domain_error"
    message = "요청을 처리하지 못했습니다."
    status = 400

    def __init__(self, message: str | None = None, *, code: str | None = None, **details):
        self.message = message or self.message
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    message = "찾을 수 없습니다."
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    message = "권한이 없습니다."
    status = 403


class ValidationFailed(DomainError):
    code = "validation_failed"
    message = "입력값을 확인해 주세요."
    status = 422


class Conflict(DomainError):
    code = "conflict"
    message = "다른 요청과 충돌했습니다. 다시 시도해 주세요."
    status = 409


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = "지금 상태에서는 할 수 없는 작업입니다."


class OutOfStock(Conflict):
    code = "out_of_stock"
    message = "재고가 부족한 상품이 있습니다."


class SlotClosed(Conflict):
    code = "slot_closed"
    message = "선택한 배송 시간의 주문이 마감되었습니다."


class SlotFull(Conflict):
    """The slot still takes orders by the clock, but it has no place left for one more bundle."""

    code = "slot_full"
    message = "선택한 배송 시간은 자리가 모두 찼습니다. 다른 배송 시간을 골라 주세요."


class PaymentDeclined(DomainError):
    code = "payment_declined"
    message = "결제가 승인되지 않았습니다."
    status = 402


class PaymentUnknown(DomainError):
    """The provider did not answer: the payment may or may not have gone through."""

    code = "payment_unknown"
    message = "결제 결과를 아직 확인하지 못했어요. 같은 결제가 두 번 되지는 않아요. 잠시 후 주문 화면에서 확인해 주세요."
    status = 503
