"""What a bundle asks of a rider: the window from the slot and the customer's note, bags per
temperature group, and the weight estimate."""

import pytest

from jangbogi.delivery.demand import bundle_bags, bundle_kg, line_kg, note_window
from jangbogi.orders.models import OrderLine

H = 3600
SLOT = (16 * H, 19 * H)


@pytest.mark.parametrize(("note", "window"), [
    ("", (16, 19)),
    ("17시 이후", (17, 19)),
    ("17시 이후에 와 주세요", (17, 19)),
    ("오후 5시 이후", (17, 19)),
    ("5시 넘어서 와 주세요", (17, 19)),
    ("17:30 이후", (17.5, 19)),
    ("after 17:00", (17, 19)),
    ("After 5pm please", (17, 19)),
    ("18시 전까지", (16, 18)),
    ("before 18:30", (16, 18.5)),
    ("5시부터 6시까지", (17, 18)),
    ("10시 이후", (16, 19)),  # outside the slot: ignored
    ("20시 이후", (16, 19)),
    ("2시간 후에 와 주세요", (16, 19)),
    ("문 앞에 두세요 101동 1203호", (16, 19)),
    ("18:30 전", (16, 18.5)),
    ("오후 6시 전에 와 주세요", (16, 18)),
    ("18시30분 이후", (18.5, 19)),
    ("6시 전화 주세요", (16, 19)),  # 전화, not 전: ignored
    ("17시 이후 18시 전", (17, 18)),
    ("18시 이후 17시 전", (16, 19)),  # contradictory: neither is trusted
    ("오후 5시 이후 초인종 누르지 마세요", (17, 19)),
    ("25시 이후", (16, 19)),  # not a time
    ("저녁에 와 주세요", (16, 19)),  # no clock time: unknown text is ignored
])
def test_note_narrows_the_slot(note, window):
    assert note_window(note, *SLOT) == (int(window[0] * H), int(window[1] * H))


def line(**fields) -> OrderLine:
    values = {"quantity": 1, "picked_quantity": 1, "unit_label": "1개", "temperature": "ambient"} | fields
    return OrderLine(**values)


def test_weight_from_grams_estimate_label_or_default():
    assert line_kg(line(actual_grams=650, estimated_grams=600, quantity=2, picked_quantity=2)) == 0.65
    assert line_kg(line(estimated_grams=600, quantity=2, picked_quantity=2)) == 1.2
    assert line_kg(line(unit_label="1단(300g)", quantity=3, picked_quantity=3)) == pytest.approx(0.9)
    assert line_kg(line(unit_label="쌀 2kg")) == 2.0
    assert line_kg(line(unit_label="2마리")) == 0.5
    assert line_kg(line(picked_quantity=0)) == 0.0


def test_bags_per_temperature_group_of_shipped_lines():
    lines = [line(temperature="ambient"), line(temperature="chilled"), line(temperature="chilled"),
             line(temperature="frozen", picked_quantity=0)]
    assert bundle_bags(lines) == 2
    assert bundle_bags([]) == 1
    assert bundle_kg(lines) == 1.5
