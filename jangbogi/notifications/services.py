"""Send a notification through the messaging port and keep a record of it.

Callers pass plain values (phone, store id, text): notifications imports no domain app."""

from jangbogi.integrations.messaging import Message, get_messenger
from jangbogi.notifications.models import Audience, Notification


def notify(*, audience: str, template: str, text: str, to_phone: str = "", store_id: int | None = None,
           user=None, link: str = "") -> Notification:
    note = Notification(audience=audience, template=template, text=text, to_phone=to_phone,
                        store_id=store_id, user=user, link=link)
    if to_phone:
        result = get_messenger().send(Message(to_phone=to_phone, template=template, text=text))
        note.delivered, note.error = result.delivered, result.error[:200]
    note.save()
    return note


def notify_store(*, store_id: int, phone: str, template: str, text: str, link: str = "") -> Notification:
    return notify(audience=Audience.MERCHANT, template=template, text=text, to_phone=phone,
                  store_id=store_id, link=link)


def notify_customer(*, phone: str, template: str, text: str, user=None, link: str = "") -> Notification:
    return notify(audience=Audience.CUSTOMER, template=template, text=text, to_phone=phone, user=user,
                  link=link)
