"""The list queries of supervision, shared by the list pages and their Excel exports (exports.py): the same scoped,
filtered rows on the page and in the file."""

from django.db.models import Count, Q

from changxiao.core.deadlines import local_today
from changxiao.orgs.scope import get_scope

from .choices import CLOSED_STATES, CLOSING_OUTCOMES, FindingState, InspectionKind
from .forms import FindingFilterForm
from .models import Accountability, Bulletin, Finding, Inspection


def inspections_for_list(user, params):
    """The inspections a person sees: those that stand, or (show=cancelled) those cancelled, kept on record."""
    inspections = Inspection.objects.visible_to(user)
    inspections = inspections.cancelled() if params.get("show") == "cancelled" else inspections.current()
    inspections = (
        inspections.select_related("region")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_count=Count("findings", filter=~Q(findings__state__in=CLOSED_STATES), distinct=True),
        )
        .order_by("-date", "-pk")
    )
    kind = params.get("kind", "")
    if kind in InspectionKind.values:
        inspections = inspections.filter(kind=kind)
    return inspections


def findings_for_board(user, params, *, mine: bool = False):
    """The findings a person sees, filtered; shared by the board, my unit's list and the Excel export."""
    findings = Finding.objects.visible_to(user)
    if params.get("state") != FindingState.CANCELLED:
        # Findings of a cancelled inspection count nowhere; they are listed only when asked for by their state.
        findings = findings.current()
    if mine:
        unit_ids = get_scope(user).unit_ids
        findings = findings.filter(Q(lead_unit_id__in=unit_ids) | Q(co_units__in=unit_ids)).distinct()
    findings = findings.select_related("inspection__region", "lead_unit").prefetch_related("co_units")
    return FindingFilterForm(params, user=user).filter(findings).order_by("due_date", "pk")


def finding_deadline_counts(findings) -> dict[str, int]:
    """Counts by outcome in one query."""
    not_closed = ~Q(state__in=CLOSED_STATES)
    return findings.order_by().aggregate(
        open=Count("pk", filter=not_closed),
        overdue=Count("pk", filter=not_closed & Q(due_date__lt=local_today())),
        verified=Count("pk", filter=Q(state=FindingState.VERIFIED)),
        closed_other=Count("pk", filter=Q(state__in=CLOSING_OUTCOMES)),
    )


def accountabilities_for_list(user, params=None):
    """The records a person sees: those that stand, or (show=cancelled) those cancelled, kept on record."""
    records = Accountability.objects.visible_to(user)
    records = records.cancelled() if (params or {}).get("show") == "cancelled" else records.current()
    return (
        records.select_related("region", "unit")
        .annotate(finding_count=Count("findings"))
        .order_by("-decided_on", "-pk")
    )


def bulletins_for_list(user, params=None):
    return Bulletin.objects.visible_to(user).select_related("region").order_by("-period_end", "-pk")
