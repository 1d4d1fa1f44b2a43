"""The version of the public pages' cache: every key carries it, and a change a keeper makes to what the public pages
show moves it on once the change commits, so no cached page outlives the change (the rest expire within a minute)."""

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "portal:public-version"


def public_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        version = cache.get(_VERSION_KEY) or 1
    return version


def _bump() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)


def public_pages_changed() -> None:
    transaction.on_commit(_bump)
