"""Figures supervision publishes for the assessment (see core.metrics); each computed from its records page's rows.

A finding belongs to the year of its inspection, and to the responsible (lead) unit. Cancelled records (an inspection
or an accountability record entered by mistake, and the findings of a cancelled inspection) count nowhere."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import Metric, MetricValue, records_url, register_metric, subject_kind
from changxiao.orgs.scope import within

from .choices import CLOSED_STATES, FindingState
from .models import Accountability, Finding

RECTIFIED_ON_TIME = "supervision.rectification_on_time_rate"
FINDINGS_OVERDUE = "supervision.findings_overdue"
ACCOUNTABILITY_ACTIONS = "supervision.accountability_actions"


def _findings(subject, year: int, user=None) -> QuerySet[Finding]:
    findings = Finding.objects.current().filter(inspection__date__year=year)
    if user is not None:
        findings = findings.visible_to(user)
    if subject_kind(subject) == "unit":
        return findings.filter(lead_unit=subject)
    return findings.filter(within(subject, "lead_unit__region__path"))


def counted_findings(subject, year: int, user=None) -> QuerySet[Finding]:
    """Findings whose outcome is known: verified, or still open past the deadline. Findings closed without
    rectification (reassigned, duplicates …) and those not yet due do not count either way."""
    open_overdue = ~Q(state__in=CLOSED_STATES) & Q(due_date__lt=local_today())
    return _findings(subject, year, user).filter(Q(state=FindingState.VERIFIED) | open_overdue)


def rectified_on_time_filter() -> Q:
    return Q(state=FindingState.VERIFIED, rectified_on_time=True)


def overdue_findings(subject, year: int, user=None) -> QuerySet[Finding]:
    """Findings that went past their deadline: rectified late, or still open and overdue."""
    late = Q(state=FindingState.VERIFIED, rectified_on_time=False)
    open_overdue = ~Q(state__in=CLOSED_STATES) & Q(due_date__lt=local_today())
    return _findings(subject, year, user).filter(late | open_overdue)


def accountability_records(subject, year: int, user=None) -> QuerySet[Accountability]:
    records = Accountability.objects.current().filter(decided_on__year=year)
    if user is not None:
        records = records.visible_to(user)
    if subject_kind(subject) == "unit":
        return records.filter(unit=subject)
    return records.filter(within(subject, "unit__region__path"))


def rectification_on_time_rate(subject, year: int, user=None) -> MetricValue:
    findings = counted_findings(subject, year, user)
    return MetricValue.rate(
        findings.filter(rectified_on_time_filter()).count(),
        findings.count(),
        records_url("supervision:metric_records", subject, year, RECTIFIED_ON_TIME),
    )


def findings_overdue(subject, year: int, user=None) -> MetricValue:
    count = overdue_findings(subject, year, user).count()
    return MetricValue(
        value=count,
        numerator=count,
        records_url=records_url("supervision:metric_records", subject, year, FINDINGS_OVERDUE),
    )


def accountability_actions(subject, year: int, user=None) -> MetricValue:
    count = accountability_records(subject, year, user).count()
    return MetricValue(
        value=count,
        numerator=count,
        records_url=records_url("supervision:metric_records", subject, year, ACCOUNTABILITY_ACTIONS),
    )


register_metric(
    Metric(
        code=RECTIFIED_ON_TIME,
        name=_("Findings rectified on time"),
        unit_of_measure="%",
        description=_(
            "Share of the year's findings against the unit (or units of the jurisdiction) whose rectification was "
            "verified by the deadline, among those verified or past their deadline. Findings closed without "
            "rectification are not counted; only verified rectifications count as rectified."
        ),
        compute=rectification_on_time_rate,
    )
)
register_metric(
    Metric(
        code=FINDINGS_OVERDUE,
        name=_("Findings overdue"),
        unit_of_measure=pgettext_lazy("unit of measure", "findings"),
        description=_("The year's findings rectified after their deadline or still open past it."),
        compute=findings_overdue,
        additive=True,
    )
)
register_metric(
    Metric(
        code=ACCOUNTABILITY_ACTIONS,
        name=_("Accountability actions"),
        unit_of_measure=pgettext_lazy("unit of measure", "records"),
        description=_(
            "Accountability decisions of the year concerning the unit (or units of the jurisdiction)."
        ),
        compute=accountability_actions,
        additive=True,
    )
)
