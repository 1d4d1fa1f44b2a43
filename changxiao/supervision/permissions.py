"""Who may run inspections, record findings, rectify and verify; used alike by views, templates and the API."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from changxiao.orgs.choices import Capability, RegionLevel
from changxiao.orgs.models import Region
from changxiao.orgs.permissions import can_manage_region, is_office_of
from changxiao.orgs.scope import get_scope, lies_in

from .models import Accountability, Bulletin, Finding, Inspection, Rectification


def can_start_inspection(user, region=None) -> bool:
    """The office (and district coordinators) record inspections in their jurisdiction; inspectors in the
    jurisdiction of their inspection team's region."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    if region is None:
        return bool(scope.managing_paths) or scope.can(Capability.INSPECT)
    if can_manage_region(user, region):
        return True
    return scope.can(Capability.INSPECT) and lies_in(region, scope.region_paths)


def can_run_inspection(user, inspection: Inspection) -> bool:
    """The inspection's team and the office of its jurisdiction record its findings."""
    if can_manage_region(user, inspection.region):
        return True
    return get_scope(user).can(Capability.INSPECT) and inspection.team.filter(pk=user.pk).exists()


def is_responsible(user, finding: Finding) -> bool:
    unit_ids = get_scope(user).unit_ids
    return finding.lead_unit_id in unit_ids or finding.co_units.filter(pk__in=unit_ids).exists()


def can_rectify(user, finding: Finding) -> bool:
    """The lead responsible unit submits the rectification."""
    return finding.lead_unit_id in get_scope(user).acting_unit_ids


def can_verify(user, finding: Finding) -> bool:
    """An inspector of the inspection or the office verifies — never someone of a responsible unit."""
    if is_responsible(user, finding):
        return False
    return can_run_inspection(user, finding.inspection)


def can_close(user, finding: Finding) -> bool:
    """Closing other than by verified rectification is the office's decision."""
    return can_manage_region(user, finding.inspection.region) and not is_responsible(user, finding)


def get_inspection_for_user(user, pk: int, *, write: bool = False) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_run_inspection(user, inspection):
        raise PermissionDenied
    return inspection


def get_finding_for_user(user, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.visible_to(user).select_related("inspection__region", "lead_unit"), pk=pk
    )


def get_rectification_for_user(user, pk: int) -> Rectification:
    """A rectification of a finding the person sees (another's: 404); who may verify it is the step's check."""
    return get_object_or_404(Rectification.objects.visible_to(user).select_related("finding"), pk=pk)


def can_record_accountability(user, region=None) -> bool:
    """Accountability is decided and recorded by the leading-group office."""
    if region is None:
        scope = get_scope(user)
        return scope.is_superuser or bool(scope.office_paths)
    return is_office_of(user, region)


def get_accountability_for_user(user, pk: int, *, write: bool = False) -> Accountability:
    record = get_object_or_404(
        Accountability.objects.visible_to(user).select_related("region", "unit"), pk=pk
    )
    if write and not can_record_accountability(user, record.region):
        raise PermissionDenied
    return record


def can_write_bulletins(user) -> bool:
    """Bulletins are generated, issued, published, corrected and withdrawn by the office (or district coordinator)
    of the jurisdiction they report on."""
    scope = get_scope(user)
    return scope.is_superuser or bool(scope.managing_paths)


def can_manage_bulletin(user, bulletin) -> bool:
    return can_manage_region(user, bulletin.region)


def can_edit_inspection(user, inspection: Inspection) -> bool:
    """Whoever runs the inspection corrects its details, while it stands."""
    return not inspection.is_cancelled and can_run_inspection(user, inspection)


def can_cancel_inspection(user, inspection: Inspection) -> bool:
    """The office of the jurisdiction cancels an inspection recorded by mistake; its team may too while no finding
    has been recorded against any unit (after that, what becomes of the findings is the office's decision)."""
    if inspection.is_cancelled:
        return False
    if can_manage_region(user, inspection.region):
        return True
    return can_run_inspection(user, inspection) and not inspection.findings.exists()


def can_correct_accountability(user, record: Accountability) -> bool:
    """The office that records accountability corrects or cancels a record, while it stands."""
    return not record.is_cancelled and can_record_accountability(user, record.region)


def get_bulletin_for_user(user, pk: int, *, write: bool = False) -> Bulletin:
    """A bulletin the person reads (another jurisdiction's draft: 404); with write, one they manage (403 otherwise)."""
    bulletin = get_object_or_404(Bulletin.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_manage_bulletin(user, bulletin):
        raise PermissionDenied
    return bulletin


def get_public_bulletin(pk: int) -> Bulletin:
    """A bulletin on the public site, for anyone: a published one, or a withdrawn one (its address, shared earlier,
    says it was withdrawn); a draft or an internal one: 404."""
    shown = Bulletin.objects.public() | Bulletin.objects.withdrawn()
    return get_object_or_404(shown.select_related("region"), pk=pk)


# The levels at which a jurisdiction sets its own escalation ladder (below them, the nearest one above applies).
POLICY_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE)


def policy_regions(user):
    """The jurisdictions whose escalation ladder the person sets: those they manage, down to county level."""
    return Region.objects.managed_by(user).filter(level__in=POLICY_LEVELS)


def get_policy_region_for_user(user, pk: int) -> Region:
    """One of policy_regions (any other: 404)."""
    return get_object_or_404(policy_regions(user), pk=pk)
