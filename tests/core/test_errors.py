"""The DomainError tree: stable codes, HTTP statuses, Korean messages and details."""

import pytest

from jangbogi.core import errors


@pytest.mark.parametrize(("cls", "code", "status", "parent"), [
    (errors.DomainError, "domain_error", 400, Exception),
    (errors.NotFound, "not_found", 404, errors.DomainError),
    (errors.PermissionDenied, "permission_denied", 403, errors.DomainError),
    (errors.ValidationFailed, "validation_failed", 422, errors.DomainError),
    (errors.Conflict, "conflict", 409, errors.DomainError),
    (errors.InvalidTransition, "invalid_transition", 409, errors.Conflict),
    (errors.OutOfStock, "out_of_stock", 409, errors.Conflict),
    (errors.SlotClosed, "slot_closed", 409, errors.Conflict),
    (errors.SlotFull, "slot_full", 409, errors.Conflict),
    (errors.PaymentDeclined, "payment_declined", 402, errors.DomainError),
])
def test_codes_and_statuses(cls, code, status, parent):
    error = cls()
    assert (error.code, error.status) == (code, status)
    assert issubclass(cls, parent)
    assert error.message == cls.message
    assert str(error) == cls.message
    assert error.details == {}


def test_message_code_and_details_override_per_instance():
    error = errors.ValidationFailed("상품 정보를 확인해 주세요.", code="bad_product", errors={"price": "x"})
    assert (error.message, error.code, error.details) == ("상품 정보를 확인해 주세요.", "bad_product",
                                                          {"errors": {"price": "x"}})
    # The class default is untouched.
    assert errors.ValidationFailed.code == "validation_failed"
    assert errors.ValidationFailed().code == "validation_failed"
