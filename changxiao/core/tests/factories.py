"""What the apps' test factories share (targets, supervision, feedback and assessment each have a
`tests/factories.py`): a factory-boy factory whose objects are made by the app's own service, so a test's plan,
finding or round passed every rule a person meets (permission, state, deadlines) and wrote its timeline event.

A factory takes the service's arguments as keywords with defaults for the ordinary case, and `on`, the day the
services take as today while making it (None: today as it is). Tests of the year 2026 make its deadlines as of its
first days (`conftest.YEAR_START`), since a deadline in the past is refused.
"""

from contextlib import nullcontext

import factory

from changxiao.core.deadlines import replaying
from changxiao.orgs.models import Region, User


class ServiceFactory(factory.Factory):
    """Subclasses set `Meta.model` and implement `make(**fields)`, which calls the service and returns the object."""

    class Meta:
        abstract = True

    on = None

    @classmethod
    def make(cls, **fields):
        raise NotImplementedError

    @classmethod
    def _create(cls, model_class, *, on, **fields):
        with replaying(on) if on else nullcontext():
            return cls.make(**fields)

    @classmethod
    def _build(cls, model_class, *args, **fields):
        # An object that skipped its service is not one a person could have made.
        raise TypeError(f"{cls.__name__} makes its objects through the service only: call it, not .build().")


def home_region(user: User) -> Region:
    """The jurisdiction of the unit a person belongs to: where an office makes its plans and rounds, an
    inspection team its inspections."""
    return user.memberships.select_related("unit__region").first().unit.region
