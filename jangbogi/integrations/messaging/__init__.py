"""Messaging port: informational messages to a phone (카카오 알림톡, SMS fallback).

The local default writes each message to the log and keeps it in memory
(`OUTBOX`) so the demo and tests can see what went out.  알림톡 carries only approved informational
templates; advertising is never sent through this port."""

import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("jangbogi.messaging")


@dataclass(frozen=True)
class Message:
    to_phone: str
    template: str
    text: str


@dataclass(frozen=True)
class SendResult:
    delivered: bool
    provider_ref: str = ""
    error: str = ""


class Messenger(Protocol):
    name: str

    def send(self, message: Message) -> SendResult: ...


# What the console messenger sent in this process (the demo and tests read it).
OUTBOX: list[Message] = []


class ConsoleMessenger:
    name = "console"

    def send(self, message: Message) -> SendResult:
        log.info("메시지 → %s [%s] %s", message.to_phone, message.template, message.text)
        OUTBOX.append(message)
        return SendResult(delivered=True, provider_ref=f"console-{len(OUTBOX)}")


def get_messenger() -> Messenger:
    from django.conf import settings

    if settings.JANGBOGI_MESSENGER == "console":
        return ConsoleMessenger()
    raise ValueError(f"unknown messenger: {settings.JANGBOGI_MESSENGER}")
