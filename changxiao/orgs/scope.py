"""One answer to "what may this person see": computed once per request from their memberships."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    is_superuser: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    # Units the person belongs to.
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    # Region subtrees seen as a whole (office, district coordinator, leader).
    jurisdiction_paths: tuple[str, ...] = ()
    # Region subtrees whose organization the person manages (office, district coordinator).
    managing_paths: tuple[str, ...] = ()
    # Region subtrees visible as reference data: the jurisdictions plus the regions of the person's units.
    region_paths: tuple[str, ...] = ()
    # Region subtrees where the person acts as the leading-group office.
    office_paths: tuple[str, ...] = ()

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))


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
    from .choices import JURISDICTION_ROLES, MANAGING_ROLES, Role
    from .models import Membership

    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("unit__region")
        .only("role", "unit_id", "unit__region__path")
    )
    roles = {m.role for m in memberships}
    unit_ids = {m.unit_id for m in memberships}
    jurisdiction = {m.unit.region.path for m in memberships if m.role in JURISDICTION_ROLES}
    managing = {m.unit.region.path for m in memberships if m.role in MANAGING_ROLES}
    office = {m.unit.region.path for m in memberships if m.role == Role.OFFICE}
    own_regions = {m.unit.region.path for m in memberships}
    scope = Scope(
        is_superuser=user.is_superuser,
        roles=frozenset(roles),
        unit_ids=frozenset(unit_ids),
        jurisdiction_paths=_outermost(jurisdiction),
        managing_paths=_outermost(managing),
        region_paths=_outermost(jurisdiction | own_regions),
        office_paths=_outermost(office),
    )
    user._changxiao_scope = scope
    return scope


def clear_scope(user) -> None:
    if hasattr(user, "_changxiao_scope"):
        del user._changxiao_scope
