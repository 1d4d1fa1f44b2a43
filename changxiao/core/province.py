"""Province-sized data (省级规模数据): a registry of per-app generators run by `manage.py generate_province`.

A province of 13 cities, 104 counties, 1,352 townships and 20,280 villages with a year of every mechanism's records
at the volumes of issue 26 (at scale 1: 1,000,000 feedback items, 10,000,000 survey responses, 50,000 facilities …),
for the benches (`python -m bench province`) — not for a city's site: it is synthetic, flagged as demonstration data.

Each app that has records puts its part in its own ``province.py`` and registers one generator, as for the demo::

    from changxiao.core.province import Province, register_province

    @register_province("feedback", order=300)
    def generate(province: Province) -> dict[str, int]:
        ...  # bulk_create the app's records from province.tree, province.volume(1_000_000) of them
        return {"feedback items": n}  # the rows written, printed by the command

orgs (order 10) builds the jurisdiction tree and the units and puts them in ``province.tree`` (``TREE_KEYS``); the
others read them there, so core imports no app. Rows are written with ``bulk_create`` in batches of ``BATCH``, with
every app's invariants kept by the generator (states and their dates, running totals, encrypted personal data through
``core.personal_data``), not through the services: the services would time the writes, not the pages.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

BATCH = 5_000
# The tree at scale 1 (and at any scale from TREE_FULL_SCALE up): cities, counties per city, townships per county,
# villages per township. Below, each is cut by the same factor, so a test's tiny province has a few of each.
TREE = (13, 8, 13, 15)
TREE_FULL_SCALE = 0.01
TREE_KEYS = (
    "province",
    "cities",
    "counties",
    "towns",
    "villages",
    "offices",
    "bureaus",
    "stations",
    "centres",
)


@dataclass
class Province:
    """What the generators share: the scale, the year of the records, the actor, the tree built by orgs."""

    scale: float
    seed: int
    year: int
    today: date
    admin: object = None
    # Filled by orgs: the regions by level and the units (an office per city, a culture bureau per county, a station
    # per township, a centre per village), each list in tree order with `region` loaded.
    tree: dict = field(default_factory=dict)

    def volume(self, at_scale_one: int) -> int:
        """How many records of a kind: ``at_scale_one`` × scale, at least one."""
        return max(1, round(at_scale_one * self.scale))

    def rng(self, name: str) -> random.Random:
        """A generator's own reproducible random numbers (the same seed gives the same province on the same day)."""
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 — synthetic data, not secrets

    def tree_shape(self) -> tuple[int, int, int, int]:
        factor = min(1.0, self.scale / TREE_FULL_SCALE) ** 0.25
        return tuple(max(1, round(n * factor)) for n in TREE)  # type: ignore[return-value]


@dataclass(frozen=True)
class Generator:
    name: str
    func: Callable[[Province], dict[str, int]]
    order: int
    # Models whose rows mean "this database already holds data": the command refuses to write beside them.
    occupied_by: tuple[str, ...]


_GENERATORS: dict[str, Generator] = {}


def register_province(name: str, order: int = 100, occupied_by: tuple[str, ...] = ()):
    """Register ``func(province) -> {what: rows}`` as the province generator of ``name``; lower order runs first."""

    def decorator(func: Callable[[Province], dict[str, int]]):
        _GENERATORS[name] = Generator(name=name, func=func, order=order, occupied_by=occupied_by)
        return func

    return decorator


def discover_generators() -> list[Generator]:
    """Import every installed app's ``province`` module so its generator registers itself."""
    autodiscover_modules("province")
    return sorted(_GENERATORS.values(), key=lambda g: (g.order, g.name))


def occupied() -> list[str]:
    """The models named by the generators that already hold rows (``app_label.Model``)."""
    from django.apps import apps

    return [
        label
        for generator in discover_generators()
        for label in generator.occupied_by
        if apps.get_model(label)._default_manager.exists()
    ]


def generate_province(
    *, scale: float, seed: int, stdout=None, only: tuple[str, ...] | None = None
) -> dict[str, int]:
    """Run every generator in order (or those named in ``only``, orgs always) in one transaction (all or nothing);
    flag the site as carrying demo data. Returns the rows written by what.

    Refuses (ValueError) a scale outside (0, 1] or a database where any generator's models already hold rows."""
    import time

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection, transaction

    from .context_processors import DEMO_CACHE_KEY
    from .deadlines import local_today
    from .models import SiteFlag

    if not 0 < scale <= 1:
        raise ValueError(_("The scale must be above 0 and at most 1, not %(scale)s.") % {"scale": scale})
    taken = occupied()
    if taken:
        raise ValueError(
            _(
                "This database already holds data (%(tables)s): the province is generated into an empty, migrated "
                "database only. Nothing was changed."
            )
            % {"tables": ", ".join(taken)}
        )
    today = local_today()
    province = Province(scale=scale, seed=seed, year=today.year, today=today)
    written: dict[str, int] = {}
    with transaction.atomic():
        province.admin = get_user_model().objects.create_superuser(
            "province-admin", "province-admin@demo.changxiao.local", None
        )
        for generator in discover_generators():
            if only is not None and generator.name not in (*only, "orgs"):
                continue
            started = time.perf_counter()
            counts = generator.func(province) or {}
            written.update(counts)
            if stdout is not None:
                parts = ", ".join(f"{n:,} {what}" for what, n in counts.items())
                stdout.write(f"{generator.name}: {parts} ({time.perf_counter() - started:.1f} s)")
        SiteFlag.objects.get_or_create(name=SiteFlag.DEMO_DATA)
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # As a database in use stands: statistics taken and the new rows' pages marked visible. Otherwise autovacuum
        # goes over the hundreds of thousands of new rows while the benches time pages, on the same two cores.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cache.delete(DEMO_CACHE_KEY)
    return written


def identity_number(n: int, born: date, area: str = "340102") -> str:
    """The ``n``-th synthetic resident identity card number (GB 11643, with its check character) of a person born on
    ``born``: valid for ``personal_data.normalize_id_number``, distinct for n below 1,000 per birth date and area."""
    from .personal_data import ID_CHECK, ID_WEIGHTS

    body = f"{area}{born:%Y%m%d}{n % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
