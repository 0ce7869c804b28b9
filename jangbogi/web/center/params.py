"""The board's query string (?market=&date=&slot=&show=), parsed leniently: anything
unreadable falls back to today, every slot, every order."""

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.urls import reverse

from jangbogi.core import time as btime
from jangbogi.delivery import selectors as center


@dataclass(frozen=True)
class BoardParams:
    market_slug: str
    slot_date: dt.date
    slot_start: dt.time | None = None
    show: str = ""

    @classmethod
    def parse(cls, data, *, market) -> "BoardParams":
        try:
            slot_date = dt.date.fromisoformat(data.get("date") or "")
        except ValueError:
            slot_date = btime.today()
        try:
            slot_start = dt.time.fromisoformat(data["slot"]) if data.get("slot") else None
        except ValueError:
            slot_start = None
        show = data.get("show") or ""
        if show not in dict(center.FILTERS):
            show = ""
        return cls(market.slug, slot_date, slot_start, show)

    @property
    def is_today(self) -> bool:
        return self.slot_date == btime.today()

    def url(self, **changes) -> str:
        """The board's URL with these parameters (and `changes`)."""
        p = replace(self, **changes)
        query = {"market": p.market_slug, "date": p.slot_date.isoformat()}
        if p.slot_start is not None:
            query["slot"] = f"{p.slot_start:%H:%M}"
        if p.show:
            query["show"] = p.show
        return f"{reverse('center:board')}?{urlencode(query)}"

    def filter_links(self, counts) -> list[dict]:
        total = sum(counts.by_stage.values())
        return [
            {"label": label, "count": counts.by_stage.get(key, total) if key else total,
             "url": self.url(show=key), "is_on": key == self.show}
            for key, label in center.FILTERS
        ]

    def day_links(self) -> dict[str, str]:
        one = dt.timedelta(days=1)
        return {"prev": self.url(slot_date=self.slot_date - one, slot_start=None),
                "today": self.url(slot_date=btime.today(), slot_start=None),
                "next": self.url(slot_date=self.slot_date + one, slot_start=None)}
