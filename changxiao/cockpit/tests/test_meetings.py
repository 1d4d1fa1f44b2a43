"""Warnings across mechanisms, meeting snapshots (frozen, compared, their decisions turned into target tasks) and the
annual long-term management report (compiled from every mechanism, edited, issued, opened as Word)."""

import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from changxiao.cockpit import services
from changxiao.cockpit.models import AnnualReport, Decision, Snapshot
from changxiao.core.attention import attention_for
from changxiao.core.metrics import get_metric
from changxiao.core.tests.generated import fetch_generated

YEAR = 2026


@pytest.fixture
def city_plan(world):
    from changxiao.targets.tests.factories import PlanFactory

    return PlanFactory(by=world.office)


def test_warnings_from_supervision_assessment_and_feedback(world, supervision_story):
    from changxiao.assessment.models import AssessmentRound
    from changxiao.assessment.services import objection_file
    from changxiao.assessment.tests.factories import RoundFactory
    from changxiao.feedback.models import FeedbackItem

    assessment_round = RoundFactory(by=world.office, units=[world.district_unit])
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(
        phase="publicity", publicity_started_on=date(2026, 12, 1)
    )
    objection_file(assessment_round=assessment_round, text="对姑苏区的得分有异议，请核实")
    from changxiao.feedback.tests.factories import FeedbackFactory

    item = FeedbackFactory(region=world.gusu)
    FeedbackItem.objects.filter(pk=item.pk).update(state="escalated")

    items = attention_for(world.leader, world.city.path)
    urls = [i.url for i in items]
    assert supervision_story["station_open"].get_absolute_url() in urls
    assert supervision_story["venue_open"].get_absolute_url() in urls
    assert supervision_story["on_time"].get_absolute_url() not in urls  # rectified: nothing to attend to
    assert assessment_round.get_absolute_url() in urls
    assert item.get_absolute_url() in urls
    # Red first, each with its owner and deadline.
    assert items[0].severity == "red" and items[-1].severity == "yellow"
    finding = next(i for i in items if i.url == supervision_story["station_open"].get_absolute_url())
    assert finding.owner == world.station_unit.name and finding.deadline == date(2026, 3, 10)
    # A district sees its own only; the other city's office none of them.
    district_urls = [i.url for i in attention_for(world.district, world.gusu.path)]
    assert supervision_story["station_open"].get_absolute_url() in district_urls
    assert attention_for(world.office2, world.city2.path) == []


def test_a_snapshot_is_frozen_compared_and_its_decision_becomes_a_target_task(
    world, login, supervision_story, city_plan
):
    office = login(world.office)
    response = office.post(
        reverse("cockpit:snapshot_list"),
        {"region": world.city.pk, "title": "领导小组第一次联席会议", "meeting_date": "2026-12-01"},
    )
    first = Snapshot.objects.get()
    assert response.status_code == 302
    frozen = {row["code"]: row for row in first.tiles}
    assert Decimal(frozen["supervision.findings_overdue"]["value"]) == 3
    assert any(w["url"] == supervision_story["station_open"].get_absolute_url() for w in first.warnings)

    # The station rectifies; the first snapshot does not change, the next one shows the difference.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.supervision import services as supervision

    rectification = supervision.rectification_submit(
        finding=supervision_story["station_open"],
        by=_station_person(world),
        measures="已整改",
        evidence=[SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    supervision.rectification_accept(rectification=rectification, by=world.inspector)
    services.figures_recompute(by=world.office, subject=world.city, year=YEAR)
    second = services.snapshot_take(
        by=world.office,
        region=world.city,
        year=YEAR,
        title="第二次联席会议",
        meeting_date=date(2026, 12, 5),
        layout=None,
    )
    first.refresh_from_db()
    assert first.tiles == list(frozen.values())
    page = login(world.leader).get(first.get_absolute_url())
    comparison = page.context["comparison"]
    assert page.context["next_snapshot"] == second
    assert [w["url"] for w in comparison["resolved_warnings"]] == [
        supervision_story["station_open"].get_absolute_url()
    ]
    rectified = next(
        r for r in comparison["rows"] if r["after"]["code"] == "supervision.rectification_on_time_rate"
    )
    assert rectified["before"]["numerator"] == 1 and rectified["after"]["numerator"] == 1
    assert rectified["after"]["denominator"] == 4  # rectified late still counts, as late

    # A decision, and its follow-up task in the city's work plan.
    office = login(world.office)
    office.post(
        reverse("cockpit:decision_create", args=[first.pk]), {"text": "姑苏区文化馆逾期问题限期整改到位"}
    )
    decision = Decision.objects.get()
    response = office.post(
        reverse("cockpit:decision_follow_up", args=[decision.pk]),
        {
            f"d{decision.pk}-title": "督促姑苏区文化馆整改",
            f"d{decision.pk}-lead_unit": world.district_unit.pk,
            f"d{decision.pk}-due_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    from changxiao.targets.models import Task

    task = Task.objects.get(pk=decision.task_id)
    assert (
        task.plan == city_plan
        and task.lead_unit == world.district_unit
        and task.title == "督促姑苏区文化馆整改"
    )
    assert decision.get_absolute_url() in task.description and decision.task_url == task.get_absolute_url()
    # Once only.
    office.post(
        reverse("cockpit:decision_follow_up", args=[decision.pk]),
        {
            f"d{decision.pk}-title": "再来一次",
            f"d{decision.pk}-lead_unit": world.district_unit.pk,
            f"d{decision.pk}-due_date": "2026-12-31",
        },
    )
    assert Task.objects.filter(title="再来一次").count() == 0


def _station_person(world):
    from changxiao.orgs.choices import Role
    from conftest import make_person

    return make_person("station", world.station_unit, Role.VENUE, full_name="赵站长")


def test_a_follow_up_needs_a_work_plan_of_the_year(world, supervision_story):
    snapshot = services.snapshot_take(
        by=world.office,
        region=world.city,
        year=YEAR,
        title="会议",
        meeting_date=date(2026, 12, 1),
        layout=None,
    )
    decision = services.decision_record(snapshot=snapshot, by=world.office, text="限期整改")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="no work plan|工作计划"):
        services.decision_follow_up(
            decision=decision,
            by=world.office,
            lead_unit=world.district_unit,
            title="整改",
            due_date=date(2026, 12, 31),
        )
    decision.refresh_from_db()
    assert decision.task_id is None


def test_the_leader_reads_snapshots_but_takes_none(world, login):
    leader = login(world.leader)
    assert leader.get(reverse("cockpit:snapshot_list")).status_code == 200
    response = leader.post(
        reverse("cockpit:snapshot_list"),
        {"region": world.city.pk, "title": "x", "meeting_date": "2026-12-01"},
    )
    assert response.status_code == 403 and not Snapshot.objects.exists()


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def test_the_annual_report_has_every_mechanisms_section_with_the_figures_of_the_pages(
    world, login, supervision_story, city_plan
):
    office = login(world.office)
    response = office.post(reverse("cockpit:report_list"), {"region": world.city.pk, "year": YEAR})
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    keys = [s["key"] for s in report.sections]
    six = ["targets", "supervision", "assessment", "workforce", "surveys", "feedback"]
    assert [key for key in keys if key in six] == six  # and those of the apps that fill the seam later

    # The office edits the supervision section's words; the figures stay.
    fields = {f"text_{s['key']}": s["text"] for s in report.sections}
    fields["text_supervision"] = "全年督查情况良好。" + fields["text_supervision"]
    office.post(report.get_absolute_url(), {"title": report.title, **fields})
    report.refresh_from_db()
    supervision_section = next(s for s in report.sections if s["key"] == "supervision")
    assert supervision_section["text"].startswith("全年督查情况良好。")

    content = fetch_generated(office, reverse("cockpit:report_download", args=[report.pk]))
    text = _docx_text(content)
    for section in report.sections:
        assert section["title"] in text
        for figure in section["figures"]:
            assert figure["label"] in text and figure["value"] in text
    # The figures are the pages' figures: the rate on the metrics page, the count on the drill-down.
    rate = get_metric("supervision.rectification_on_time_rate").value_for(world.city, YEAR)
    assert "25.0%（1/4）" in text and rate.value == 25
    metrics_page = office.get(
        reverse("cockpit:metrics"), {"subject": f"region-{world.city.pk}", "year": YEAR}
    )
    assert "25.0" in metrics_page.content.decode()
    assert "全年督查情况良好。" in text
    assert len(docx.Document(io.BytesIO(content)).inline_shapes) >= 1  # the charts

    # Issued after confirmation, then kept; the next version is a new draft.
    page = office.post(reverse("cockpit:report_issue", args=[report.pk]))
    assert page.status_code == 200 and AnnualReport.objects.get().state == "draft"  # the confirmation page
    office.post(reverse("cockpit:report_issue", args=[report.pk]), {"confirmed": "1"})
    report.refresh_from_db()
    assert report.state == "issued" and report.issued_by == world.office
    office.post(report.get_absolute_url(), {"title": "改", **fields})
    report.refresh_from_db()
    assert report.title != "改"
    office.post(reverse("cockpit:report_list"), {"region": world.city.pk, "year": YEAR})
    assert list(AnnualReport.objects.order_by("version").values_list("version", "state")) == [
        (1, "issued"),
        (2, "draft"),
    ]


def test_an_issued_report_is_withdrawn_with_a_reason_and_kept(world, login):
    report = services.report_compile(by=world.office, region=world.city, year=YEAR)
    services.report_issue(report=report, by=world.office, confirmed=True)
    office = login(world.office)
    office.post(reverse("cockpit:report_cancel", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert not report.is_cancelled  # no reason, nothing done
    office.post(reverse("cockpit:report_cancel", args=[report.pk]), {"reason": "数据有误，将印发更正版本"})
    report.refresh_from_db()
    assert report.is_cancelled and report.state == "issued" and report.cancel_reason.startswith("数据有误")
    page = login(world.leader).get(report.get_absolute_url())
    assert "数据有误" in page.content.decode()
    assert fetch_generated(office, reverse("cockpit:report_download", args=[report.pk]))
