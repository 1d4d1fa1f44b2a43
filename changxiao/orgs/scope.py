"""One answer to "what may this person see": computed once per request from their memberships."""

from dataclasses import dataclass, field

from django.db.models import BigAutoField, ForeignKey, Lookup, Q


@dataclass(frozen=True)
class Scope:
    is_superuser: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    # What the roles let the person do (orgs.choices.ROLE_CAPABILITIES).
    capabilities: frozenset[str] = field(default_factory=frozenset)
    # Units the person belongs to: what they read as their own.
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    # Units the person acts for (reports, submits, replies, rectifies): those of a role that may write. A leader
    # belongs to a unit without acting for it.
    acting_unit_ids: frozenset[int] = field(default_factory=frozenset)
    # Region subtrees seen as a whole (office, district coordinator, leader).
    jurisdiction_paths: tuple[str, ...] = ()
    # Region subtrees whose organization the person manages (office, district coordinator).
    managing_paths: tuple[str, ...] = ()
    # Region subtrees visible as reference data: the jurisdictions plus the regions of the person's units.
    region_paths: tuple[str, ...] = ()
    # Region subtrees where the person acts as the leading-group office.
    office_paths: tuple[str, ...] = ()
    # Those of office_paths whose settings the person keeps: a province, city, county or zone (orgs.owned).
    settings_paths: tuple[str, ...] = ()
    # What is worked out from the scope once for the request (remember()).
    _remembered: dict = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: str, work):
        """work() the first time in the request (the scope lives as long as its user object), its result after: a
        page asks for a person's feedback items several times, and their region keys are read once."""
        if key not in self._remembered:
            self._remembered[key] = work()
        return self._remembered[key]

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))

    def can(self, capability: str) -> bool:
        return self.is_superuser or capability in self.capabilities

    @property
    def read_only(self) -> bool:
        """Nothing the person holds lets them change anything (a leader, or nobody at all)."""
        from .choices import WRITE_CAPABILITIES

        return not self.is_superuser and not self.capabilities & WRITE_CAPABILITIES


EMPTY_SCOPE = Scope()


def _outermost(paths: set[str]) -> tuple[str, ...]:
    # Drop paths inside another path of the set so prefix filters stay short.
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


def get_scope(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_changxiao_scope", None)
    if cached is not None:
        return cached
    from .choices import KEEPING_LEVELS, ROLE_CAPABILITIES, Capability
    from .models import Membership

    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("unit__region")
        .only("role", "unit_id", "unit__region__path", "unit__region__level")
    )

    def paths(capability: str) -> set[str]:
        return {m.unit.region.path for m in memberships if capability in ROLE_CAPABILITIES.get(m.role, ())}

    roles = {m.role for m in memberships}
    capabilities = {c for m in memberships for c in ROLE_CAPABILITIES.get(m.role, ())}
    unit_ids = {m.unit_id for m in memberships}
    acting = {m.unit_id for m in memberships if Capability.ACT_FOR_UNIT in ROLE_CAPABILITIES.get(m.role, ())}
    jurisdiction = paths(Capability.READ_JURISDICTION)
    managing = paths(Capability.MANAGE_JURISDICTION)
    office = paths(Capability.RUN_OFFICE)
    keeping = {m.unit.region.path for m in memberships if m.unit.region.level in KEEPING_LEVELS}
    own_regions = {m.unit.region.path for m in memberships}
    scope = Scope(
        is_superuser=user.is_superuser,
        roles=frozenset(roles),
        capabilities=frozenset(capabilities),
        unit_ids=frozenset(unit_ids),
        acting_unit_ids=frozenset(acting),
        jurisdiction_paths=_outermost(jurisdiction),
        managing_paths=_outermost(managing),
        region_paths=_outermost(jurisdiction | own_regions),
        office_paths=_outermost(office),
        settings_paths=tuple(path for path in _outermost(office) if path in keeping),
    )
    user._changxiao_scope = scope
    return scope


def reads_jurisdiction(user) -> bool:
    """Whether a person reads a whole jurisdiction (office, district coordinator, leader, superuser), without a
    query: the cockpit's and the linkage overview's menu entries and pages."""
    scope = get_scope(user)
    return scope.is_superuser or bool(scope.jurisdiction_paths)


def clear_scope(user) -> None:
    if hasattr(user, "_changxiao_scope"):
        del user._changxiao_scope


@ForeignKey.register_lookup
class KeysIn(Lookup):
    """`relation__keys=frozenset(…)`: the relation's column among a set of keys (a list works too, but Django walks
    a list's every item when it builds the query). On PostgreSQL the keys go as one array,
    `= ANY(%s)` — the form PostgreSQL turns an IN list into, planned the same — instead of a placeholder per key: sent
    as IN, a city's 1,700 region keys cost some 10 ms of Python for each query (Django preparing each value, psycopg
    splitting the statement at each placeholder). Elsewhere (SQLite) an IN list."""

    lookup_name = "keys"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        keys = [int(key) for key in self.rhs]
        if connection.vendor == "postgresql":
            # The array as its text, cast to the column's own type: psycopg sent a list of small numbers as
            # smallint[], and a bigint compared with a smallint array is not hashed — outside an index a city's 1,700
            # keys were searched one by one for every row (a count of 20,000 articles: 280 ms instead of 10); and
            # dumping the list took some 3 ms each time.
            array = "{" + ",".join(map(str, keys)) + "}"
            return f"{column} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", [*params, array]
        return f"{column} IN ({', '.join(['%s'] * len(keys))})", [*params, *keys]


BigAutoField.register_lookup(KeysIn)  # `pk__keys=…`: rows by their own keys, read before (a city's regions)


# A subtree of at most this many regions is matched by its regions' keys when `inside` is asked for `indexed` (a
# county has ~210, a city ~1,700); a larger one (a province: 21,750) by the join, which reads most of a table anyway.
INDEXED_REGIONS_MAX = 5000


def inside(paths, lookup: str, indexed: bool = False) -> Q:
    """Rows whose region path (`lookup` from the model queried: "path", "region__path", "task__plan__region__path")
    lies in one of the subtrees `paths` (a Scope's jurisdiction_paths, managing_paths, …); no row when there is none.

    `indexed`, for a table of a million rows with an index on the relation's column (feedback items by region): the
    subtree's region keys are read first (one query on the path index) and the rows matched on them as constants
    (`region__keys`, KeysIn: one array on PostgreSQL), so the database reads a county's share through the column's
    index (beside the person's units: a BitmapOr), estimates it from the column's statistics and checks a row against
    a hashed list; matched on the region's path through a join it read the whole table. Issue 26 at scale 1
    (1,000,000 items): a county's feedback queue 577 → 70 ms; a city's linkage orders counted by state 18 → 8 ms.
    Without `indexed` the join: inside a scope's OR of conditions on other tables (findings, units, volunteers) it did
    as well or better, as the linkage orders' did (their scope is a UNION of keys, the jurisdiction's part indexed);
    and a subtree over INDEXED_REGIONS_MAX is most of a table anyway."""
    paths = list(paths)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    relation, _sep, field = lookup.rpartition("__")
    if indexed and relation:
        from .models import Region

        keys = Region.objects.filter(inside(paths, field)).order_by().values_list("pk", flat=True)
        keys = frozenset(keys[: INDEXED_REGIONS_MAX + 1])  # not a list: Django walks a list's every item
        if len(keys) <= INDEXED_REGIONS_MAX:
            return Q(**{f"{relation}__keys": keys})
    return condition


# The jurisdiction tree is queried through these helpers only: no app builds a `path__startswith` of its own.


def within(region, lookup: str = "region__path", indexed: bool = False) -> Q:
    """Rows whose region path (`lookup`, as for `inside`) lies in the subtree of `region` (a Region, or its path)."""
    return inside([getattr(region, "path", region)], lookup, indexed=indexed)


def narrowed(paths, path: str) -> list[str]:
    """The subtrees `paths` narrowed to the subtree `path` (their intersection): `path` itself where it lies in one of
    them, those of them that lie in it, nothing else."""
    if any(path.startswith(outer) for outer in paths):
        return [path]
    return [inner for inner in paths if inner.startswith(path)]


def lies_in(region, paths) -> bool:
    """Whether `region` (a Region) lies in one of the subtrees `paths` — `inside` for one object in hand."""
    return any(region.path.startswith(path) for path in paths)


def ancestor_paths(path: str) -> list[str]:
    """'/1/2/3/' → ['/1/', '/1/2/', '/1/2/3/']: the region itself and every region above it."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def inside_or_above(paths, lookup: str = "region__path") -> Q:
    """Rows of the subtrees `paths` or of a region above one of them (what a jurisdiction's own people read of the
    regions that contain theirs: the province's bulletins, the city's honour lists)."""
    condition = inside(paths, lookup)
    for path in paths:
        condition |= Q(**{f"{lookup}__in": ancestor_paths(path)})
    return condition
