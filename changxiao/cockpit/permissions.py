"""Who may see and do what in the cockpit: the people who read a whole jurisdiction (office, district coordinator,
leader) see its cockpit, snapshots and reports; the leading-group office arranges layouts, takes snapshots, records
decisions and compiles and issues the annual report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope, inside, lies_in, reads_jurisdiction

from .models import AnnualReport, Decision, Layout, Snapshot, Tile


def can_view_cockpit(user) -> bool:
    return reads_jurisdiction(user)


def cockpit_regions(user):
    """The jurisdictions whose cockpit the person opens: their own and every one inside."""
    scope = get_scope(user)
    if scope.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(inside(scope.jurisdiction_paths, "path"))


def cockpit_units(user):
    scope = get_scope(user)
    if scope.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(inside(scope.jurisdiction_paths, "region__path"))


def can_arrange(user, region: Region) -> bool:
    """Layouts, snapshots, decisions and reports of a jurisdiction are kept by its leading-group office."""
    return is_office_of(user, region)


def can_recompute(user, subject: Region | Unit) -> bool:
    """Who may have the kept figures of a jurisdiction or of a unit computed again now: the jurisdiction's office,
    anyone reading it as a whole who may change something (a district coordinator, after recording the district's
    data), and those who act for a unit, for that unit's own figures (a venue, after recording its activities). A
    refresh of derived figures, not a decision; a read-only leader writes nothing."""
    region = subject if isinstance(subject, Region) else subject.region
    if can_arrange(user, region):
        return True
    scope = get_scope(user)
    if scope.read_only:
        return False
    return lies_in(region, scope.jurisdiction_paths) or (
        isinstance(subject, Unit) and subject.pk in scope.acting_unit_ids
    )


def can_see_region(user, region: Region) -> bool:
    scope = get_scope(user)
    return scope.is_superuser or lies_in(region, scope.jurisdiction_paths)


def get_cockpit_region_for_user(user, pk: int, *, write: bool = False) -> Region:
    region = get_object_or_404(cockpit_regions(user), pk=pk)
    if write and not can_arrange(user, region):
        raise PermissionDenied
    return region


def get_cockpit_unit_for_user(user, pk: int) -> Unit:
    return get_object_or_404(cockpit_units(user).select_related("region"), pk=pk)


def get_layout_for_user(user, pk: int, *, write: bool = False) -> Layout:
    layout = get_object_or_404(Layout.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_arrange(user, layout.region):
        raise PermissionDenied
    return layout


def get_snapshot_for_user(user, pk: int, *, write: bool = False) -> Snapshot:
    snapshot = get_object_or_404(
        Snapshot.objects.visible_to(user).select_related("region", "taken_by"), pk=pk
    )
    if write and not can_arrange(user, snapshot.region):
        raise PermissionDenied
    return snapshot


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    decision = get_object_or_404(
        Decision.objects.filter(snapshot__in=Snapshot.objects.visible_to(user)).select_related(
            "snapshot__region"
        ),
        pk=pk,
    )
    if write and not can_arrange(user, decision.snapshot.region):
        raise PermissionDenied
    return decision


def get_report_for_user(user, pk: int, *, write: bool = False) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_arrange(user, report.region):
        raise PermissionDenied
    return report


def get_tile_for_user(user, layout_pk: int, pk: int) -> Tile:
    """A tile of a layout the person arranges (404 when unseen, 403 when seen but not theirs to arrange)."""

    layout = get_layout_for_user(user, layout_pk, write=True)
    return get_object_or_404(Tile.objects.select_related("layout__region"), layout=layout, pk=pk)
