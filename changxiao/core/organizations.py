"""The registry of social organizations (a seam, docs/architecture.md section 4). An organization has one home: the
workforce's registry of industry organizations and social groups (行业组织、社会团体), with its unified social credit
code; its account on the platform is a unit of the social-organization kind. Whoever meets an organization through
its account — the feedback channel's social-force offers, the linkage's providers — reads its registration here and
imports no app. The app that keeps the registry registers the lookup (workforce's `registry` module)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Registration:
    unit_id: int
    name: str
    credit_code: str
    url: str  # the registry's record (staff site)
    active: bool  # False once the organization is dissolved


Lookup = Callable[[set[int]], dict[int, Registration]]
_LOOKUP: list[Lookup] = []


def register_lookup(lookup: Lookup) -> Lookup:
    """`lookup(unit_ids)` gives the registration of each account unit that has one — one query."""
    if lookup not in _LOOKUP:
        _LOOKUP.append(lookup)
    return lookup


def registrations(unit_ids: Iterable[int]) -> dict[int, Registration]:
    """The registration of each of the units that has one (none when no registry is installed)."""
    ids = {int(pk) for pk in unit_ids}
    found: dict[int, Registration] = {}
    for lookup in _LOOKUP if ids else ():
        found.update(lookup(ids))
    return found
