"""Errors of the distance port: retryable (try again later) vs terminal (fix the request)."""


class RoutingError(Exception):
    retryable = False


class RoutingUnavailable(RoutingError):
    """The service did not answer usefully this time: timeout, refused connection, HTTP 5xx
    or 429.  The same request may succeed later."""

    retryable = True


class RoutingRejected(RoutingError):
    """The service answered, and the answer is final for this request: HTTP 4xx, an OSRM error
    code (InvalidQuery, NoSegment, TooBig, NoTable, ...), a pair with no route, or a body that
    is not the documented JSON (wrong base URL, a proxy's HTML page)."""

    retryable = False
