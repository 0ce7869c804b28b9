"""상점: the market's store list, new and edit forms through markets.services.save_store."""

from jangbogi.markets.models import Role, Store
from tests.factories import MembershipFactory, StoreFactory

NEW = {"name": "새싹 채소", "owner_name": "이새싹", "bizno": "2208162517", "mail_order_no": "",
       "mail_order_exemption": "간이과세자", "phone": "031-555-9999", "stall": "C동 3호", "description": "",
       "accepts_onnuri": "on", "is_active": "on"}


def test_list_shows_identity_and_badges(admin_client, market, other):
    veg = StoreFactory(market=market, name="상수네 채소", owner_name="박상수", bizno="220-81-62517",
                       accepts_onnuri=True, accepts_local_currency=True)
    StoreFactory(market=market, name="닫은 가게", is_active=False)
    MembershipFactory(role=Role.MERCHANT, store=veg)
    response = admin_client.get("/market-admin/stores")
    assert [s.name for s in response.context["stores"]] == ["상수네 채소", "닫은 가게"]
    html = response.content.decode()
    for text in ("상점 <span class=\"muted ma-count\">2곳</span>", "<dd>박상수</dd>", "<dd>220-81-62517</dd>",
                 '<span class="pill">온누리</span>', '<span class="pill">지역화폐</span>', "쉬는 중",
                 "<dd>1개</dd>", f'href="/market-admin/stores/{veg.pk}/edit"'):
        assert text in html, text
    assert other.store.name not in html


def test_empty_list(admin_client, market):
    assert "아직 등록한 상점이 없어요." in admin_client.get("/market-admin/stores").content.decode()


def test_create_store(admin_client, market):
    response = admin_client.post("/market-admin/stores/new", NEW)
    assert response.status_code == 302 and response["Location"] == "/market-admin/stores"
    store = Store.objects.get(name="새싹 채소")
    assert (store.market, store.bizno, store.mail_order_exemption, store.accepts_onnuri,
            store.accepts_local_currency, store.is_active) == (market, "220-81-62517", "간이과세자", True, False, True)
    assert "새싹 채소 정보를 저장했어요." in admin_client.get("/market-admin/stores").content.decode()


def test_bad_bizno_keeps_input_and_creates_nothing(admin_client, market):
    response = admin_client.post("/market-admin/stores/new", {**NEW, "bizno": "220-81-62518", "mail_order_exemption": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "bizno": ["사업자등록번호가 올바르지 않습니다. 10자리 숫자를 확인해 주세요."],
        "mail_order_no": ["통신판매업 신고번호 또는 면제 사유 중 하나를 적어 주세요."],
    }
    html = response.content.decode()
    assert "상점 정보를 확인해 주세요." in html
    assert 'value="220-81-62518"' in html and 'value="새싹 채소"' in html and 'value="C동 3호"' in html
    assert Store.objects.count() == 0


def test_duplicate_bizno_refused(admin_client, market, other):
    response = admin_client.post("/market-admin/stores/new", {**NEW, "bizno": other.store.bizno})
    assert response.context["form"].errors == {"bizno": ["이미 등록된 사업자등록번호입니다."]}
    assert Store.objects.count() == 1


def test_missing_required_fields_in_korean(admin_client, market):
    response = admin_client.post("/market-admin/stores/new", {**NEW, "name": " ", "owner_name": "", "phone": ""})
    assert response.context["form"].errors == {"name": ["상호를 적어 주세요."], "owner_name": ["대표자를 적어 주세요."],
                                               "phone": ["전화번호를 적어 주세요."]}


def test_edit_form_is_filled(admin_client, market):
    store = StoreFactory(market=market, name="바다 수산", stall="B동 3호", accepts_local_currency=True)
    html = admin_client.get(f"/market-admin/stores/{store.pk}/edit").content.decode()
    assert "<h1>바다 수산</h1>" in html
    assert 'value="B동 3호"' in html and f'value="{store.bizno}"' in html
    assert 'name="accepts_local_currency" id="id_accepts_local_currency" checked' in html
    assert 'name="accepts_onnuri" id="id_accepts_onnuri">' in html


def test_edit_store_unticks_and_changes(admin_client, market):
    store = StoreFactory(market=market, name="바다 수산", accepts_onnuri=True, accepts_local_currency=True)
    # Unticked checkboxes are simply not sent.
    data = {k: v for k, v in NEW.items() if k not in ("accepts_onnuri", "is_active")}
    data.update(name="바다 수산", bizno=store.bizno, mail_order_no="제2021-경기구리-0009호")
    response = admin_client.post(f"/market-admin/stores/{store.pk}/edit", data)
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.stall, store.mail_order_no, store.accepts_onnuri, store.accepts_local_currency,
            store.is_active) == ("C동 3호", "제2021-경기구리-0009호", False, False, False)
    assert Store.objects.count() == 1


def test_edit_with_bad_bizno_changes_nothing(admin_client, market):
    store = StoreFactory(market=market, name="바다 수산")
    before = store.bizno
    response = admin_client.post(f"/market-admin/stores/{store.pk}/edit", {**NEW, "bizno": "1234567890"})
    assert "사업자등록번호가 올바르지 않습니다." in response.content.decode()
    assert "<h1>바다 수산</h1>" in response.content.decode()
    store.refresh_from_db()
    assert (store.name, store.bizno) == ("바다 수산", before)


def test_another_markets_store_is_404(admin_client, market, other):
    assert admin_client.get(f"/market-admin/stores/{other.store.pk}/edit").status_code == 404
    response = admin_client.post(f"/market-admin/stores/{other.store.pk}/edit", {**NEW, "bizno": other.store.bizno})
    assert response.status_code == 404
    other.store.refresh_from_db()
    assert other.store.name == "오산 정육"
    assert admin_client.get("/market-admin/stores/999999/edit").status_code == 404

