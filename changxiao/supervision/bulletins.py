"""Bulletins (通报): figures and named findings for a period, computed from the data and stored in the bulletin."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from changxiao.core.personal_data import redact_identifiers
from changxiao.orgs.models import Region
from changxiao.orgs.scope import within

from .choices import CLOSED_STATES, EscalationLevel, FindingState
from .models import EscalationStep, Finding, Rectification


def _moment(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def findings_of(region: Region):
    """The region's findings that stand (those of a cancelled inspection are left out of every bulletin)."""
    return Finding.objects.current().filter(
        within(region, "inspection__region__path") | within(region, "lead_unit__region__path")
    )


def period_figures(region: Region, start: date, end: date) -> list[dict]:
    """Per responsible unit: found in the period, verified (on time / late), overdue at the end, returned,
    red notices issued. Sorted with the most overdue first."""
    after, before = _moment(start), _moment(end + timedelta(days=1))
    findings = findings_of(region).select_related("lead_unit")
    rows: dict[int, dict] = defaultdict(
        lambda: {"found": 0, "on_time": 0, "late": 0, "overdue": 0, "returned": 0, "escalated": 0}
    )
    names: dict[int, str] = {}
    for finding in findings.filter(inspection__date__range=(start, end)):
        rows[finding.lead_unit_id]["found"] += 1
        names[finding.lead_unit_id] = finding.lead_unit.name
    for finding in findings.filter(state=FindingState.VERIFIED, rectified_on__range=(start, end)):
        rows[finding.lead_unit_id]["on_time" if finding.rectified_on_time else "late"] += 1
        names[finding.lead_unit_id] = finding.lead_unit.name
    for finding in findings.exclude(state__in=CLOSED_STATES).filter(due_date__lt=end):
        rows[finding.lead_unit_id]["overdue"] += 1
        names[finding.lead_unit_id] = finding.lead_unit.name
    returned = Rectification.objects.filter(
        finding__in=findings,
        state=Rectification.State.RETURNED,
        reviewed_at__gte=after,
        reviewed_at__lt=before,
    ).select_related("finding__lead_unit")
    for rectification in returned:
        rows[rectification.finding.lead_unit_id]["returned"] += 1
        names[rectification.finding.lead_unit_id] = rectification.finding.lead_unit.name
    red = EscalationStep.objects.filter(
        finding__in=findings, level=EscalationLevel.RED, reached_on__range=(start, end)
    ).select_related("finding__lead_unit")
    for step in red:
        rows[step.finding.lead_unit_id]["escalated"] += 1
        names[step.finding.lead_unit_id] = step.finding.lead_unit.name
    table = [{"unit": names[unit_id], **figures} for unit_id, figures in rows.items()]
    return sorted(table, key=lambda r: (-r["overdue"], -r["escalated"], r["unit"]))


def named_findings(region: Region, start: date, end: date):
    """Findings the ladder put on the bulletin by the end of the period: those put on it during the period, and
    earlier ones still not rectified."""
    steps = EscalationStep.objects.filter(level=EscalationLevel.BULLETIN, reached_on__lte=end)
    return (
        findings_of(region)
        .filter(pk__in=steps.values("finding_id"))
        .filter(
            Q(pk__in=steps.filter(reached_on__gte=start).values("finding_id")) | ~Q(state__in=CLOSED_STATES)
        )
        .select_related("lead_unit", "inspection")
        .order_by("due_date")
    )


def _day(day: date) -> str:
    """A date of the bulletin's text as the language writes it in a sentence (2026年3月12日)."""
    return formats.date_format(day, "DATE_FORMAT")


def draft_text(region: Region, start: date, end: date, figures: list[dict], named) -> str:
    totals = {
        key: sum(row[key] for row in figures) for key in ("found", "on_time", "late", "overdue", "returned")
    }
    lines = [
        _(
            "From %(start)s to %(end)s, the inspections in %(region)s found %(found)s problems. %(on_time)s "
            "rectifications were verified on time and %(late)s late; %(overdue)s problems are overdue and "
            "%(returned)s rectifications were returned for failing the requirements."
        )
        % {
            "start": _day(start),
            "end": _day(end),
            "region": region.name,
            **totals,
        }
    ]
    if named:
        lines.append(_("The following problems are overdue and are hereby named:"))
        for number, finding in enumerate(named, start=1):
            lines.append(
                # A finding may quote a citizen: the bulletin is published, so no identifier of anyone.
                f"{number}. {finding.lead_unit.name}：{redact_identifiers(finding.description)}"
                + _("(deadline %(date)s)") % {"date": _day(finding.due_date)}
            )
    lines.append(
        _(
            "The units concerned are to complete the rectification at once and report the results to the office; "
            "persistent delays will be held to account."
        )
    )
    return "\n".join(lines)
