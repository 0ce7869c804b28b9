"""factory_boy factories shared by the suite."""

import datetime as dt
import itertools

import factory

from jangbogi.accounts.models import User
from jangbogi.catalog.models import Category, Product
from jangbogi.core.bizno import bizno_check_digit, format_bizno
from jangbogi.markets.models import (
    DeliveryCenter,
    DeliverySlotRule,
    Market,
    Membership,
    Role,
    Sigun,
    Store,
)
from jangbogi.payments.models import StorePaymentProfile

_bizno_seq = itertools.count(100_000_001)


def next_bizno() -> str:
    nine = str(next(_bizno_seq))[:9]
    return format_bizno(nine + str(bizno_check_digit(nine)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = "김순자"
    phone = "010-5550-1234"
    password = factory.PostGenerationMethodCall("set_password", "pass1234!")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

    name = factory.Sequence(lambda n: f"테스트시장{n}")
    slug = factory.Sequence(lambda n: f"market-{n}")
    sigun = Sigun.GURI
    address = "경기도 구리시 인창동 1"
    lat = 37.5985
    lng = 127.1398
    delivery_radius_m = 3000


class DeliveryCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryCenter

    market = factory.SubFactory(MarketFactory)
    name = factory.LazyAttribute(lambda o: f"{o.market.name} 배송센터")
    address = "경기도 구리시 인창동 2"
    lat = 37.5986
    lng = 127.1399


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    market = factory.SubFactory(MarketFactory)
    slug = factory.Sequence(lambda n: f"store-{n}")
    name = factory.Sequence(lambda n: f"가게{n}")
    owner_name = "박상인"
    bizno = factory.LazyFunction(next_bizno)
    mail_order_no = factory.Sequence(lambda n: f"제2021-경기구리-{n:04d}호")
    phone = "031-555-0000"
    stall = "A동 1호"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    store = factory.SubFactory(StoreFactory)
    category = Category.VEG_FRUIT
    name = factory.Sequence(lambda n: f"애호박{n}")
    unit_label = "1개"
    price = 1500
    origin = "국내산"
    stock = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.OPERATOR


class StorePaymentProfileFactory(factory.django.DjangoModelFactory):
    """Registered for both vouchers, revenue unknown."""

    class Meta:
        model = StorePaymentProfile

    store = factory.SubFactory(StoreFactory)
    local_currency_registered = True
    onnuri_card_registered = True
    annual_revenue = None
    revenue_year = factory.LazyAttribute(lambda o: None if o.annual_revenue is None else 2025)


class DeliverySlotRuleFactory(factory.django.DjangoModelFactory):
    """The 2021 pair as an explicit rule: orders until 13:00 → 16:00–19:00, 2 riders × 10
    bundles, the center packs 30 (capacity 20)."""

    class Meta:
        model = DeliverySlotRule

    market = factory.SubFactory(MarketFactory)
    start = dt.time(16, 0)
    end = dt.time(19, 0)
    order_cutoff = dt.time(13, 0)
    riders = 2
    bundles_per_rider = 10
    packing_capacity = 30
