"""Demonstration data (演示数据): a registry of per-app loaders run by `manage.py load_demo`.

Each app that has demo records puts them in its own ``demo.py`` and registers one loader::

    from changxiao.core.demo import register_demo

    @register_demo("targets", order=200)
    def load(stdout):
        ...  # create or update the app's demo records; running it twice changes nothing
        return [DemoAccount(...)]  # optional: accounts to list in the printed table

The command imports every installed app's ``demo`` module (``autodiscover_modules("demo")``), runs the
loaders in ``order`` inside one transaction, marks the site as carrying demo data (``SiteFlag``) and prints
the demo accounts. Loaders must be idempotent: look records up by a natural key (code, username …) and
write only what differs, so a re-run creates no duplicates and no timeline events.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

# Every demo login uses this password; the admin account too. Shown on the login page of a demo site.
DEMO_PASSWORD = "Changxiao#2026"
# The superuser the orgs loader creates; other loaders use it as the actor of their timeline events.
DEMO_ADMIN_USERNAME = "admin"
DEMO_EMAIL_DOMAIN = "demo.changxiao.local"


@dataclass(frozen=True)
class DemoAccount:
    """One row of the demo accounts table printed at the end of `load_demo`."""

    role: str
    username: str
    password: str
    unit: str


@dataclass(frozen=True)
class DemoLoader:
    name: str
    func: Callable[..., Iterable[DemoAccount] | None]
    order: int


_LOADERS: dict[str, DemoLoader] = {}


def register_demo(name: str, order: int = 100):
    """Register ``func(stdout)`` as the demo loader of ``name``; lower ``order`` runs first (orgs is 10)."""

    def decorator(func: Callable[..., Iterable[DemoAccount] | None]):
        _LOADERS[name] = DemoLoader(name=name, func=func, order=order)
        return func

    return decorator


def registered_loaders() -> list[DemoLoader]:
    return sorted(_LOADERS.values(), key=lambda loader: (loader.order, loader.name))


def discover_loaders() -> list[DemoLoader]:
    """Import every installed app's ``demo`` module so its loader registers itself."""
    autodiscover_modules("demo")
    return registered_loaders()


def load_demo_data(stdout) -> list[DemoAccount]:
    """Run every registered loader in order, all or nothing; then flag the site as carrying demo data."""
    from .context_processors import DEMO_CACHE_KEY
    from .models import SiteFlag

    accounts: list[DemoAccount] = []
    with transaction.atomic():
        for loader in discover_loaders():
            accounts.extend(loader.func(stdout) or ())
        SiteFlag.objects.get_or_create(name=SiteFlag.DEMO_DATA)
    cache.delete(DEMO_CACHE_KEY)
    return accounts


def demo_actor():
    """The demo superuser, the actor of demo timeline events; created by the orgs loader (order 10)."""
    return get_user_model().objects.get(username=DEMO_ADMIN_USERNAME)


def demo_moment(day: date, hour: int = 10) -> datetime:
    """``day`` at ``hour`` o'clock local time, never later than now: the time a replayed step is dated to."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def first_member(unit):
    """The unit's first active member (who takes a step of the story in its name), or None."""
    membership = unit.memberships.active().select_related("user").order_by("pk").first()
    return membership.user if membership else None


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def sync_fields(obj: models.Model, values: dict) -> list[str]:
    """Set ``values`` on an existing object and save only the fields that differ; returns their names.

    Used by loaders on re-runs, so an unchanged record is not written again (no audit entry, no timeline).
    """
    changed = []
    for name, value in values.items():
        field = obj._meta.get_field(name)
        attname = field.attname
        if field.is_relation and isinstance(value, models.Model):
            value = value.pk
        if getattr(obj, attname) != value:
            setattr(obj, attname, value)
            changed.append(attname)
    if changed:
        obj.save(update_fields=changed)
    return changed


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """update_or_create that writes nothing when the stored record already matches."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    sync_fields(obj, values)
    return obj, False
