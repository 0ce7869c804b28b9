"""The JSON API v1 for host delivery apps, mounted at /api/v1/ (OpenAPI at
/api/v1/openapi.json, docs at /api/v1/docs).  See README.md in this package."""

from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from jangbogi.api import carts, catalog, claims, errors, markets, orders, payment_webhooks

DESCRIPTION = """\
전통시장 장보기 API.  Money is integer KRW; dates and times are Asia/Seoul.

* Errors: `{"code", "message" (Korean), ...details}`; field errors in `errors` (422).
* Carts: `POST /carts` returns a `token`; send it as `X-Cart-Token` on every other cart route.
  A wrong or missing token answers 404 `cart_not_found`.
* Checkout needs an `Idempotency-Key` header (a new UUID per attempt, the same on retries).
* Orders: send the `access_token` from checkout as `X-Order-Token` (or be the logged-in customer).
"""


class KoreanJSONRenderer(JSONRenderer):
    """UTF-8 Korean as is ("주문 접수", not "\\uc8fc...")."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(title="jangbogi API", version="1", description=DESCRIPTION, urls_namespace="api",
               renderer=KoreanJSONRenderer())
errors.install(api)

api.add_router("", markets.router)
api.add_router("", catalog.router)
api.add_router("", carts.router)
api.add_router("", orders.router)
api.add_router("", claims.router)
api.add_router("", payment_webhooks.router)

# Last: any other path under /api/v1/ answers the JSON 404 shape instead of Django's HTML page.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
def unknown_route(request, rest: str):
    raise errors.RouteNotFound()


api.add_router("", fallback)
