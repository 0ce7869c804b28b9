"""The rider's pages: today's route (before and after dispatch), bundle check, 출발, one stop
with 전화하기 through a masked number, 지도 앱에서 열기, 전달 완료 with code or photo, 전달 못 함."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Route, RouteStatus, Stop, StopStatus
from jangbogi.orders.models import Order, OrderStatus
from tests.web.center.builders import htmx
from tests.web.rider.conftest import first_stop, plan_and_dispatch


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_route_page_lists_my_stops_in_order_with_masked_numbers(rider_client, routes):
    mine = routes[0]
    response = rider_client.get("/rider/")
    html = response.content.decode()
    assert response.status_code == 200 and "<title>내 배송 · 장보기</title>" in html
    assert "<h1>오늘 11월 26일(목) 16:00–19:00</h1>" in html
    stops = list(mine.stops.select_related("order").order_by("sequence"))
    assert [int(n) for n in re.findall(r'<span class="rs-no" aria-hidden="true">(\d+)</span>', html)] == [1, 2, 3]
    for stop in stops:
        assert stop.order.phone not in html and stop.order.phone.replace("-", "") not in html
        assert f'href="tel:{stop.masked_phone.replace("-", "")}">전화하기</a>' in html
        assert f"{stop.order.address} <strong>101동 1203호</strong>" in html
        assert (f'href="https://map.kakao.com/link/to/{stop.sequence}%EB%B2%88%20%EB%B0%B0%EC%86%A1%EC%A7%80,'
                f'{stop.order.lat:.6f},{stop.order.lng:.6f}"') in html
        assert f"{stop.order.number}-B" in html
    assert 'class="rider-stop stop-pending is-next"' in html
    assert "꾸러미 확인 0/3" in html and "출발하기</button>" in html
    for stop in routes[1].stops.select_related("order"):
        assert stop.order.number not in html


def test_before_dispatch_no_detailed_address_and_no_call_button(client, market, riders, morning):
    mine, _ = plan_and_dispatch(market, riders, dispatch=False)
    Order.objects.update(delivery_note="공동현관 비밀번호 1203#")  # a door code: not before dispatch
    client.force_login(riders[0].user)
    html = client.get("/rider/").content.decode()
    assert "아직 배차 전이에요." in html and 'hx-trigger="every 30s"' in html
    assert "101동 1203호" not in html and "tel:" not in html and "전달하기</a>" not in html
    assert "1203#" not in html
    stop = first_stop(mine)
    page = client.get(f"/rider/stops/{stop.pk}/").content.decode()
    assert "101동 1203호" not in page and "아직 배차 전이에요. 배차하면 전달할 수 있어요." in page
    assert 'name="code"' not in page and "1203#" not in page

    delivery.dispatch(plan=mine.plan)
    html = client.get("/rider/").content.decode()
    assert "101동 1203호" in html and "요청: 공동현관 비밀번호 1203#" in html


def test_partials(rider_client, routes):
    html = rider_client.get("/rider/", **htmx()).content.decode()
    assert html.lstrip().startswith('<section id="route"') and "<html" not in html
    stop = first_stop(routes[0])
    html = rider_client.get(f"/rider/stops/{stop.pk}/", **htmx()).content.decode()
    assert html.lstrip().startswith('<section id="stop"') and "<html" not in html
    html = rider_client.get(f"/rider/routes/{routes[0].pk}/", **htmx()).content.decode()
    assert html.lstrip().startswith('<section id="route"')


def test_bundle_check_and_start(rider_client, routes):
    mine = routes[0]
    stop = first_stop(mine)
    html = rider_client.post(f"/rider/routes/{mine.pk}/pickup", {"code": f"JB:{stop.order.number}-B"},
                             **htmx()).content.decode()
    assert f"1번 {stop.order.recipient_name} 님 꾸러미 확인 ✓" in html and "꾸러미 확인 1/3" in html
    other = first_stop(routes[1])
    html = rider_client.post(f"/rider/routes/{mine.pk}/pickup", {"code": f"{other.order.number}-B"},
                             **htmx()).content.decode()
    assert f"&#x27;{other.order.number}-B&#x27;는 이 경로의 꾸러미가 아니에요. 센터에 알려 주세요." in html

    response = rider_client.post(f"/rider/routes/{mine.pk}/start")
    assert response.status_code == 302 and response["Location"] == f"/rider/routes/{mine.pk}/"
    assert Route.objects.get(pk=mine.pk).status == RouteStatus.STARTED
    html = rider_client.get(response["Location"]).content.decode()
    assert "출발! 차례대로 가요." in html and "배송 중 · 남은 곳 3" in html and "출발하기" not in html


def test_stop_page_has_call_map_code_photo_and_failure(rider_client, routes):
    stop = first_stop(routes[0])
    html = rider_client.get(f"/rider/stops/{stop.pk}/").content.decode()
    assert f"<h1>1번 · {stop.order.recipient_name} 님</h1>" in html
    assert f"전화는 안심번호 {stop.masked_phone}로 걸려요. 고객님 번호는 보이지 않아요." in html
    assert stop.order.phone not in html
    assert 'inputmode="numeric" pattern="[0-9]{4}"' in html
    assert 'type="file" accept="image/*" capture="environment"' in html
    for label in ("고객 부재", "주소가 틀림", "수령 거부"):
        assert f'required> {label}</label>' in html


def test_deliver_with_the_code(rider_client, routes):
    stop = first_stop(routes[0])
    response = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"code": stop.handover_code})
    assert response.status_code == 302 and response["Location"] == "/rider/"
    assert Order.objects.get(pk=stop.order_id).status == OrderStatus.DELIVERED
    html = rider_client.get("/rider/").content.decode()
    assert f"1번 {stop.order.recipient_name} 님께 전달 완료!" in html
    assert "✓ 전달 완료 10:00" in html and "배송 중 · 남은 곳 2" in html


def test_wrong_code_keeps_the_input_and_says_why(rider_client, routes):
    stop = first_stop(routes[0])
    wrong = f"{(int(stop.handover_code) + 1) % 10_000:04d}"
    response = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<p class="notice error" role="alert">전달 코드가 맞지 않아요. 고객님께 다시 여쭤봐 주세요.</p>' in html
    assert f'value="{wrong}"' in html
    assert Stop.objects.get(pk=stop.pk).status == StopStatus.PENDING
    partial = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"code": wrong}, **htmx())
    assert partial.status_code == 200 and partial.content.decode().lstrip().startswith('<section id="stop"')


def test_deliver_by_htmx_redirects_the_whole_page(rider_client, routes):
    stop = first_stop(routes[0])
    response = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"code": stop.handover_code}, **htmx())
    assert response.status_code == 204 and response["HX-Redirect"] == "/rider/"


def test_deliver_with_a_photo(rider_client, routes, media):
    stop = first_stop(routes[0])
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 90, 30)).save(out, "JPEG")
    upload = SimpleUploadedFile("door.jpg", out.getvalue(), content_type="image/jpeg")
    response = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"photo": upload})
    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.status == StopStatus.DELIVERED and (media / stop.proof_photo.name).is_file()


def test_no_proof_is_refused(rider_client, routes):
    stop = first_stop(routes[0])
    html = rider_client.post(f"/rider/stops/{stop.pk}/deliver", {"code": ""}).content.decode()
    assert "고객님이 불러 주는 전달 코드 4자리를 넣거나, 문 앞 사진을 찍어 주세요." in html


def test_cannot_deliver_goes_back_to_the_center(rider_client, routes):
    stop = first_stop(routes[0])
    html = rider_client.post(f"/rider/stops/{stop.pk}/fail", {}).content.decode()
    assert "전달하지 못한 이유를 골라 주세요." in html
    response = rider_client.post(f"/rider/stops/{stop.pk}/fail", {"reason": "wrong_address"})
    assert response.status_code == 302
    assert Order.objects.get(pk=stop.order_id).status == OrderStatus.PACKED
    html = rider_client.get("/rider/").content.decode()
    assert "1번 꾸러미는 센터로 가져가 주세요 (주소가 틀림)." in html
    assert "✕ 전달 못 함 (주소가 틀림)" in html


def test_route_page_queries_do_not_grow_with_stops(rider_client, routes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine, theirs = routes
    rider_client.get("/rider/")  # session set up once
    with CaptureQueriesContext(connection) as three:
        rider_client.get("/rider/")
    for stop in list(theirs.stops.order_by("sequence"))[:2]:
        delivery.move_stop(stop=stop, to_route=mine)
    with CaptureQueriesContext(connection) as five:
        html = rider_client.get("/rider/").content.decode()
    assert html.count('class="rider-stop stop-pending') == 5
    assert len(five) == len(three) <= 12
