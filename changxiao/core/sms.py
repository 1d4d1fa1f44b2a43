"""SMS is a pluggable backend: set SMS_BACKEND to a class with send(phone, text)."""

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSmsBackend:
    """Writes messages to the log; the default until a carrier gateway is configured."""

    def send(self, phone: str, text: str) -> None:
        masked = phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
        logger.info("SMS to %s: %s", masked, text)


class MemorySmsBackend:
    """Keeps sent messages in memory (tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


@cache
def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
