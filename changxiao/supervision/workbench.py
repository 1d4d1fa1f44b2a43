"""Findings my unit must rectify and rectifications waiting for my verification, on the workbench."""

from django.db.models import Q
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .choices import CLOSED_STATES, FindingState
from .models import Finding, FindingExtension

MAX_ITEMS = 20


@register_provider
def findings_to_rectify(user):
    # Those the person rectifies for: a read-only member of the unit (a leader) has nothing to do here.
    unit_ids = get_scope(user).acting_unit_ids
    if not unit_ids:
        return
    findings = (
        Finding.objects.current()
        .filter(lead_unit_id__in=unit_ids, state__in=[FindingState.OPEN, FindingState.RECTIFYING])
        .select_related("inspection")
        .order_by("due_date")[:MAX_ITEMS]
    )
    for finding in findings:
        yield Todo(
            title=_("Rectify: %(problem)s") % {"problem": finding.description[:40]},
            detail=f"{finding.inspection.title} · {finding.get_state_display()}",
            url=finding.get_absolute_url(),
            source=_("Supervision"),
            due=finding.due_date,
        )


@register_provider
def rectifications_to_verify(user):
    scope = get_scope(user)
    condition = Q(inspection__team=user)
    condition |= inside(scope.managing_paths, "inspection__region__path")
    waiting = (
        Finding.objects.filter(condition, state=FindingState.SUBMITTED)
        .exclude(lead_unit_id__in=scope.unit_ids)
        .distinct()
        .select_related("inspection", "lead_unit")
        .order_by("due_date")[:MAX_ITEMS]
    )
    for finding in waiting:
        yield Todo(
            title=_("Verify the rectification of %(unit)s") % {"unit": finding.lead_unit.name},
            detail=f"{finding.inspection.title} #{finding.number}",
            url=finding.get_absolute_url(),
            source=_("Supervision"),
        )


@register_provider
def extensions_to_decide(user):
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    # Not one's own request: someone else decides it.
    pending = (
        FindingExtension.objects.filter(state=FindingExtension.State.PENDING)
        .exclude(finding__state__in=CLOSED_STATES)
        .exclude(requested_by=user)
    )
    if not scope.is_superuser:
        condition = inside(scope.managing_paths, "finding__inspection__region__path")
        pending = pending.filter(condition)
    for extension in pending.select_related("finding__lead_unit").order_by("requested_at")[:MAX_ITEMS]:
        yield Todo(
            title=_("Decide the extension request of %(unit)s") % {"unit": extension.finding.lead_unit.name},
            detail=extension.dates,
            url=extension.finding.get_absolute_url(),
            source=_("Supervision"),
            due=extension.current_due_date,
        )
