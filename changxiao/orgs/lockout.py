"""Sign-in locks as the office sees them. django-axes locks an account from the address that failed too often
(settings.AXES_LOCKOUT_PARAMETERS: account and address together) for AXES_COOLOFF_TIME; this module reads those locks
for the account pages and lifts them for orgs.services.person_unlock."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Lock:
    """An account locked from one address: how many failures, since when, until when."""

    address: str
    failures: int
    last_failure: datetime
    until: datetime


def _cool_off() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def _current(usernames):
    return AccessAttempt.objects.filter(
        username__in=list(usernames),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - _cool_off(),
    )


def locks_of(username: str) -> list[Lock]:
    """The addresses the account is locked from now, the latest first."""
    return [
        Lock(
            attempt.ip_address or "",
            attempt.failures_since_start,
            attempt.attempt_time,
            attempt.attempt_time + _cool_off(),
        )
        for attempt in _current([username]).order_by("-attempt_time")
    ]


def locked_usernames(usernames) -> set[str]:
    """Which of the accounts are locked from some address now (one query, for a list page)."""
    return set(_current(usernames).values_list("username", flat=True))


def lift(username: str) -> int:
    """Forget the account's failed attempts from every address (its locks with them); the number removed."""
    return reset(username=username)
