import re

import pytest

from changxiao.core.sms import MemorySmsBackend, get_sms_backend


@pytest.fixture
def sms(settings):
    """The text messages sent, in memory."""
    settings.SMS_BACKEND = "changxiao.core.sms.MemorySmsBackend"
    get_sms_backend.cache_clear()
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    get_sms_backend.cache_clear()


def last_code(outbox) -> str:
    return re.search(r"\d{6}", outbox[-1][1]).group(0)
