"""Rectification statistics of a year, by responsible unit, by district and by kind of inspection.

Counted as the published metric counts: a finding is on time when its rectification was verified by the deadline;
the on-time rate is over findings verified or still open past their deadline (closed otherwise: not counted)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from changxiao.orgs.districts import district_names

from .choices import CLOSED_STATES, FindingState, InspectionKind


@dataclass
class Row:
    label: str
    found: int = 0
    verified: int = 0
    on_time: int = 0
    counted: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time * 100 / self.counted, 1) if self.counted else None

    def add(self, other: dict) -> None:
        for key in ("found", "verified", "on_time", "counted", "overdue"):
            setattr(self, key, getattr(self, key) + other[key])


def _counts(findings, today: date, *group_by: str):
    verified = Q(state=FindingState.VERIFIED)
    open_overdue = ~Q(state__in=CLOSED_STATES) & Q(due_date__lt=today)
    return (
        findings.order_by()
        .values(*group_by)
        .annotate(
            found=Count("pk"),
            verified=Count("pk", filter=verified),
            on_time=Count("pk", filter=verified & Q(rectified_on_time=True)),
            counted=Count("pk", filter=verified | open_overdue),
            overdue=Count("pk", filter=open_overdue),
        )
    )


def finding_statistics(findings, today: date) -> dict:
    """The counts by responsible unit and kind of inspection in one pass over the findings (a city's scope is a
    UNION of five index reads: read once, not once per grouping), summed by kind, unit and district here."""
    overall = Row(label="")
    kinds = dict(InspectionKind.choices)
    # A city's thousands of responsible units come with their names and places, as plain rows.
    place = ("lead_unit__name", "lead_unit__region__path", "lead_unit__region__name")
    counts = list(_counts(findings, today, "lead_unit", "inspection__kind", *place))
    districts = district_names({(row["lead_unit"], *(row[field] for field in place[1:])) for row in counts})
    by_kind: dict[str, Row] = {}
    by_unit: dict[int, Row] = {}
    by_district: dict[str, Row] = {}
    for row in counts:
        kind, unit = row["inspection__kind"], row["lead_unit"]
        overall.add(row)
        by_kind.setdefault(kind, Row(label=str(kinds[kind]))).add(row)
        by_unit.setdefault(unit, Row(label=row["lead_unit__name"])).add(row)
        by_district.setdefault(districts[unit], Row(label=districts[unit])).add(row)
    return {
        "overall": overall,
        "by_kind": sorted(by_kind.values(), key=lambda r: -r.found),
        "by_district": sorted(by_district.values(), key=lambda r: r.label),
        "by_unit": sorted(by_unit.values(), key=lambda r: (-r.overdue, -r.found, r.label)),
    }
