"""Supervision's year in the province (core.province): an inspection per county and month, findings over the
stations and centres in every state (60,000 at scale 1), each verified one with its accepted rectification."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from .choices import FindingState
from .models import Finding, Inspection, Rectification

FINDINGS = 60_000


@register_province("supervision", order=200)
def generate(province: Province) -> dict[str, int]:
    tree, year, today = province.tree, province.year, province.today
    parent_of = tree["parent_of"]
    inspections = Inspection.objects.bulk_create(
        Inspection(
            region=county,
            kind="routine",
            title=f"{county.name}{month}月督查",
            date=date(year, month, 5),
            created_by=province.admin,
        )
        for county in tree["counties"]
        for month in range(1, 13)
        if date(year, month, 5) <= today
    )
    by_county: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_county.setdefault(inspection.region_id, []).append(inspection)
    units = tree["stations"] + tree["centres"]
    rng = province.rng("supervision")
    findings, numbers = [], {}
    for n in range(province.volume(FINDINGS)):
        unit = units[n % len(units)]
        town = unit.region_id if unit.region.level == "township" else parent_of[unit.region_id]
        inspection = rng.choice(by_county[parent_of[town]])
        numbers[inspection.pk] = numbers.get(inspection.pk, 0) + 1
        due = inspection.date + timedelta(days=20)
        state = rng.choice(["verified"] * 3 + ["open", "rectifying"]) if due < today else FindingState.OPEN
        on_time = state == FindingState.VERIFIED and rng.random() < 0.85
        findings.append(
            Finding(
                inspection=inspection,
                number=numbers[inspection.pk],
                description="开放时间未公示",
                requirement="公示开放时间",
                lead_unit=unit,
                due_date=due,
                state=state,
                rectified_on=(due - timedelta(days=2) if on_time else due + timedelta(days=5))
                if state == FindingState.VERIFIED
                else None,
                rectified_on_time=on_time if state == FindingState.VERIFIED else None,
                created_by=province.admin,
            )
        )
    findings = Finding.objects.bulk_create(findings, batch_size=BATCH)
    rectifications = Rectification.objects.bulk_create(
        (
            Rectification(
                finding=f,
                measures="已在门口和公众号公示开放时间",
                state="accepted",
                submitted_by=province.admin,
                submitted_at=timezone.make_aware(
                    datetime.combine(f.rectified_on - timedelta(days=1), time(10))
                ),
                reviewed_by=province.admin,
                reviewed_at=timezone.make_aware(datetime.combine(f.rectified_on, time(15))),
            )
            for f in findings
            if f.state == FindingState.VERIFIED
        ),
        batch_size=BATCH,
    )
    return {"inspections": len(inspections), "findings": len(findings), "rectifications": len(rectifications)}
