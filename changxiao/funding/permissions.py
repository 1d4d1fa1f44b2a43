"""Who sees and does what with the funding guarantees: the one home of its access rules.

The fiscal figures of a jurisdiction are entered by the unit its office designates (the finance bureau: whoever
acts for it) and by the leading-group office of the jurisdiction or above; a district coordinator and a leader read
their own jurisdiction's and change nothing; the public reads only what the office has published. The rules, the
provincial averages and the minimum publicity shares are settings kept by an office (orgs.owned). A media unit
reports its own publicity resources; the managers of its jurisdiction read them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope, inside, lies_in

from .choices import FISCAL_LEVELS
from .models import AdReport, FiscalPublication, FiscalRecord, FiscalReporter, FundingRule, ProvincialAverage

# --- Predicates -------------------------------------------------------------------------------------------------


def _reported_paths(user, *, acting: bool) -> tuple[str, ...]:
    scope = get_scope(user)
    units = scope.acting_unit_ids if acting else scope.unit_ids
    if not units:
        return ()
    return tuple(FiscalReporter.objects.filter(unit_id__in=units).values_list("owner__path", flat=True))


def can_enter_figures(user, region: Region) -> bool:
    """The designated finance unit (whoever acts for it) and the office of the jurisdiction or above."""
    if region.level not in FISCAL_LEVELS:
        return False
    if is_office_of(user, region) and not get_scope(user).read_only:
        return True
    return lies_in(region, _reported_paths(user, acting=True))


def can_keep_settings(user, owner: Region | None) -> bool:
    return can_keep(user, owner)


def can_publish(user, region: Region) -> bool:
    """The office of the jurisdiction (or above) decides what the public sees."""
    return is_office_of(user, region) and not get_scope(user).read_only


def can_report_resources(user, unit: Unit) -> bool:
    """A media or outdoor-advertising unit reports its own resources; the office of its jurisdiction may too."""
    if unit.kind != UnitKind.MEDIA:
        return False
    scope = get_scope(user)
    if unit.pk in scope.acting_unit_ids:
        return True
    return is_office_of(user, unit.region) and not scope.read_only


# --- What a person reads ----------------------------------------------------------------------------------------


def fiscal_regions(user):
    """The jurisdictions whose figures the person reads: their own jurisdictions and those their unit reports."""
    scope = get_scope(user)
    regions = Region.objects.filter(level__in=FISCAL_LEVELS)
    if scope.is_superuser:
        return regions
    return regions.filter(
        inside(scope.jurisdiction_paths, "path") | inside(_reported_paths(user, acting=False), "path")
    )


def reporting_units(user):
    """The media units whose resources the person reports."""
    scope = get_scope(user)
    units = Unit.objects.active().filter(kind=UnitKind.MEDIA)
    if scope.is_superuser:
        return units
    offices = tuple(scope.office_paths) if not scope.read_only else ()
    return units.filter(Q(pk__in=scope.acting_unit_ids) | inside(offices, "region__path"))


# --- Objects for a person (404 outside the scope, 403 seen but not allowed) -------------------------------------


def get_region_for_user(user, pk: int, *, write: bool = False) -> Region:
    region = get_object_or_404(fiscal_regions(user), pk=pk)
    if write and not can_enter_figures(user, region):
        raise PermissionDenied
    return region


def get_record_for_user(user, pk: int, *, write: bool = False) -> FiscalRecord:
    record = get_object_or_404(
        FiscalRecord.objects.visible_to(user).select_related("region", "entered_by"), pk=pk
    )
    if write and not can_enter_figures(user, record.region):
        raise PermissionDenied
    return record


def get_rule_for_user(user, pk: int, *, write: bool = False) -> FundingRule:
    rule = get_object_or_404(FundingRule.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep_settings(user, rule.owner):
        raise PermissionDenied
    return rule


def get_average_for_user(user, pk: int) -> ProvincialAverage:
    return get_object_or_404(ProvincialAverage.objects.visible_to(user), pk=pk)


def get_publication_for_user(user, pk: int, *, write: bool = False) -> FiscalPublication:
    publication = get_object_or_404(
        FiscalPublication.objects.filter(region__in=fiscal_regions(user)).select_related("region"), pk=pk
    )
    if write and not can_publish(user, publication.region):
        raise PermissionDenied
    return publication


def get_report_for_user(user, pk: int, *, write: bool = False) -> AdReport:
    report = get_object_or_404(AdReport.objects.visible_to(user).select_related("unit__region"), pk=pk)
    if write and not can_report_resources(user, report.unit):
        raise PermissionDenied
    return report


def get_public_region(pk: int, year: int) -> Region:
    """A jurisdiction's figures of a year on the public site: only when the office has published them."""
    if not FiscalPublication.objects.standing().filter(region_id=pk, year=year).exists():
        raise Http404
    return get_object_or_404(Region, pk=pk)
