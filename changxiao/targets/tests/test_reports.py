"""Progress reports: the lead unit reports with evidence, the office returns or accepts, cooperating units add."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.models import Attachment, TimelineEvent
from changxiao.targets.models import ProgressReport, ReportContribution
from changxiao.targets.tests.factories import TaskFactory

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


@pytest.fixture
def task(world):
    return TaskFactory(
        by=world.office,
        title="开展免费开放自查",
        lead_unit=world.venue_unit,
        cooperating_units=[world.station_unit],
    )


def submit(client, task, *, percent=60, narrative="完成一半场馆自查", period="2026-Q3", files=()):
    data = {
        "report-period": period,
        "report-percent": percent,
        "report-narrative": narrative,
        "report-files": list(files),
    }
    return client.post(reverse("targets:report_submit", args=[task.pk]), data, follow=True)


def review(client, report, decision, comment=""):
    return client.post(
        reverse("targets:report_review", args=[report.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


def test_report_returned_revised_and_accepted_sets_the_progress(world, login, task):
    venue = login(world.venue)
    submit(venue, task, percent=90, narrative="基本完成", files=[SimpleUploadedFile("现场照片.png", PNG)])
    report = ProgressReport.objects.get()
    assert report.state == "submitted"
    assert Attachment.objects.for_object(report).get().original_name == "现场照片.png"
    assert world.office.notifications.filter(title__contains="开展免费开放自查").exists()

    office = login(world.office)
    response = review(office, report, "return")  # a return needs a reason
    assert any("修改" in str(m) for m in response.context["messages"])
    review(office, report, "return", "请补充整改佐证")
    report.refresh_from_db()
    assert report.state == "returned"
    assert world.venue.notifications.filter(body="请补充整改佐证").exists()

    venue = login(world.venue)
    submit(venue, task, percent=95, narrative="补充整改佐证", files=[SimpleUploadedFile("佐证.png", PNG)])
    report.refresh_from_db()
    assert (report.state, report.revision) == ("submitted", 2)

    office = login(world.office)
    review(office, report, "accept", "同意")
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.state == "accepted"
    # An accepted report sets the progress; completion (销号) takes a completion request with evidence.
    assert (task.percent, task.status, task.completed_on) == (95, "in_progress", None)
    verbs = list(TimelineEvent.objects.for_object(task).values_list("verb", flat=True))
    assert verbs[:4] == ["report_accepted", "report_resubmitted", "report_returned", "report_submitted"]
    # The accepted report shows the evidence of its accepted revision only; the returned revision's file stays on
    # the timeline.
    page = login(world.office).get(reverse("targets:task_detail", args=[task.pk]))
    assert [a.original_name for a in page.context["report_files"][report.pk]] == ["佐证.png"]
    assert Attachment.objects.for_object(report).count() == 2


def test_a_report_of_100_percent_is_refused_with_the_way_to_complete(world, login, task):
    response = login(world.venue).post(
        reverse("targets:report_submit", args=[task.pk]),
        {"report-period": "2026-Q3", "report-percent": 100, "report-narrative": "全部完成，材料已整理"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "申请销号" in page and "全部完成，材料已整理" in page  # what was typed comes back
    assert not ProgressReport.objects.exists()


def test_a_report_is_withdrawn_before_review_and_submitted_again(world, login, task):
    venue = login(world.venue)
    submit(venue, task, percent=40)
    report = ProgressReport.objects.get()
    refused = venue.post(reverse("targets:report_withdraw", args=[report.pk]), {"withdraw-reason": ""})
    assert refused.status_code == 400
    venue.post(reverse("targets:report_withdraw", args=[report.pk]), {"withdraw-reason": "百分比填错了"})
    report.refresh_from_db()
    assert report.state == "withdrawn"
    assert (
        TimelineEvent.objects.for_object(task)
        .filter(verb="report_withdrawn", comment__contains="填错")
        .exists()
    )
    submit(venue, task, percent=45)
    report.refresh_from_db()
    assert (report.state, report.percent, report.revision) == ("submitted", 45, 2)
    # Reviewed reports are not withdrawn; the office's decision stands.
    review(login(world.office), report, "accept", "同意")
    response = login(world.venue).post(
        reverse("targets:report_withdraw", args=[report.pk]), {"withdraw-reason": "再改"}
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.state == "accepted"


def test_a_submitted_period_cannot_be_submitted_again(world, login, task):
    venue = login(world.venue)
    submit(venue, task)
    response = submit(venue, task, percent=70)
    assert response.status_code == 400 and "2026-Q3" in response.content.decode()
    assert ProgressReport.objects.get().percent == 60


@pytest.mark.parametrize(
    "data",
    [
        {"percent": 101},
        {"percent": 100},
        {"percent": "1e20"},
        {"percent": -5},
        {"narrative": ""},
        {"period": "2019-Q1"},
        {"files": [SimpleUploadedFile("x.exe", b"MZ")]},
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(world, login, task, data):
    response = submit(login(world.venue), task, **{"narrative": "本季度进展说明", **data})
    assert response.status_code == 400
    if data.get("narrative", None) != "":
        assert "本季度进展说明" in response.content.decode()  # what was typed comes back
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()


def test_only_the_lead_unit_reports(world, login, task):
    for persona in ("outsider", "member"):
        assert submit(login(getattr(world, persona)), task).status_code == 404
    response = login(world.district).post(
        reverse("targets:report_submit", args=[task.pk]),
        {"report-period": "2026-Q3", "report-percent": 10, "report-narrative": "x"},
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_only_the_office_reviews(world, login, task):
    submit(login(world.venue), task)
    report = ProgressReport.objects.get()
    assert review(login(world.venue), report, "accept").status_code == 403
    assert (
        login(world.outsider)
        .post(reverse("targets:report_review", args=[report.pk]), {"decision": "accept"})
        .status_code
        == 404
    )
    report.refresh_from_db()
    assert report.state == "submitted"


def test_cooperating_unit_adds_its_contribution(world, login, task):
    from changxiao.orgs.models import Membership

    submit(login(world.venue), task)
    report = ProgressReport.objects.get()
    station_person = world.outsider.__class__.objects.create_user("station", password="x")
    Membership.objects.create(user=station_person, unit=world.station_unit, role="venue")
    client = login(station_person)
    client.post(
        reverse("targets:report_contribute", args=[report.pk]),
        {"contribution-unit": world.station_unit.pk, "contribution-text": "平江街道文化站已完成自查"},
    )
    assert ReportContribution.objects.get().unit == world.station_unit
    # The lead unit is not a cooperating unit.
    response = login(world.venue).post(
        reverse("targets:report_contribute", args=[report.pk]),
        {"contribution-unit": world.venue_unit.pk, "contribution-text": "x"},
    )
    assert response.status_code == 403
    assert ReportContribution.objects.count() == 1


def test_workbench_shows_reports_to_review_and_to_revise(world, login, task):
    submit(login(world.venue), task)
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("审核" in t.title for t in todos)
    review(login(world.office), ProgressReport.objects.get(), "return", "补充材料")
    todos = login(world.venue).get(reverse("cockpit:workbench")).context["todos"]
    assert any(t.detail == "补充材料" for t in todos)
