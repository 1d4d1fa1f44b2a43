"""With the clock moved forward the sweep walks an unrectified finding up the whole ladder, each rung exactly once;
an approved extension moves the ladder to the new date."""

import io
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from changxiao.core.extensions import extension_request
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.core.sweep import run_sweep
from changxiao.supervision import services
from changxiao.supervision.escalation import _issue_notice, due_levels, issue_red_notices, policy_for
from changxiao.supervision.models import EscalationPolicy, EscalationStep, FindingExtension
from changxiao.supervision.tests.factories import FindingFactory
from conftest import at_once

CREATED = date(2026, 11, 2)  # Monday
DUE = date(2026, 11, 16)  # Monday, 10 working days later
STEP = ["supervision.escalation"]


@pytest.fixture
def clock(monkeypatch):
    def move_to(day: date) -> None:
        for module in ("sweep_steps", "services", "escalation"):
            monkeypatch.setattr(f"changxiao.supervision.{module}.local_today", lambda: day, raising=False)
        # Extensions are core's workflow (core.extensions and its pages).
        for module in ("extensions", "views_extensions"):
            monkeypatch.setattr(f"changxiao.core.{module}.local_today", lambda: day)
        monkeypatch.setattr("changxiao.supervision.notices.local_today", lambda: day)

    move_to(CREATED)
    return move_to


@pytest.fixture
def finding(world, clock):
    return FindingFactory(
        by=world.inspector,
        inspection__date=CREATED,
        description="服务台无人值守",
        lead_unit=world.venue_unit,
        requirement="落实值班制度",
        severity="major",
        due_date=DUE,
    )


def rungs(finding) -> list[str]:
    return list(EscalationStep.objects.filter(finding=finding).order_by("pk").values_list("level", flat=True))


def test_levels_for_the_default_policy(world):
    policy = policy_for(world.gusu)
    assert (
        policy.remind_workdays_before,
        policy.bulletin_after_workdays,
        policy.accountability_after_workdays,
    ) == (
        3,
        5,
        10,
    )
    assert due_levels(DUE, policy, date(2026, 11, 10)) == []  # 4 working days before
    assert due_levels(DUE, policy, date(2026, 11, 11)) == ["blue"]
    assert due_levels(DUE, policy, DUE) == ["yellow"]
    assert due_levels(DUE, policy, date(2026, 11, 17)) == ["red"]
    assert due_levels(DUE, policy, date(2026, 11, 23)) == ["red", "bulletin"]
    assert due_levels(DUE, policy, date(2026, 11, 30)) == ["red", "bulletin", "accountability"]


def test_the_sweep_walks_the_whole_ladder_once(world, finding, clock, django_capture_on_commit_callbacks):
    for day, expected in [
        (date(2026, 11, 11), ["blue"]),
        (DUE, ["blue", "yellow"]),
        (date(2026, 11, 17), ["blue", "yellow", "red"]),
        (date(2026, 11, 23), ["blue", "yellow", "red", "bulletin"]),
        (date(2026, 11, 30), ["blue", "yellow", "red", "bulletin", "accountability"]),
    ]:
        clock(day)
        for _ in range(3):
            # The background work queued by the pass (the red notice, the emails) runs when it commits.
            with django_capture_on_commit_callbacks(execute=True):
                run_sweep(only=STEP)
        assert rungs(finding) == expected
    verbs = list(
        TimelineEvent.objects.for_object(finding)
        .filter(verb__startswith="escalated_")
        .values_list("verb", flat=True)
    )
    assert len(verbs) == 5
    # The red notice is a Word document addressed to the unit, attached to the finding.
    notice = Attachment.objects.for_object(finding).get(original_name__startswith="督办单")
    document = docx.Document(io.BytesIO(notice.file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "红色督办单" in text and "姑苏区文化馆" in text
    # Built by the background worker, it is dated the day of the rung and hangs on the rung's timeline event.
    assert "2026年11月17日" in text
    red = EscalationStep.objects.get(finding=finding, level="red")
    assert red.notice == notice and notice.event == red.event and red.event.verb == "escalated_red"
    titles = list(world.office.notifications.values_list("title", flat=True))
    assert sum("督办单" in t for t in titles) == 1 and sum("问责" in t for t in titles) == 1
    assert sum("蓝色提醒" in t for t in world.venue.notifications.values_list("title", flat=True)) == 1


def test_the_office_is_told_of_a_passs_red_notices_in_one_message(world, finding, clock, login):
    others = [
        FindingFactory(
            by=world.inspector, inspection=finding.inspection, lead_unit=world.venue_unit, due_date=DUE
        )
        for _ in range(2)
    ]
    clock(date(2026, 11, 24))  # red and bulletin for each of the three
    run_sweep(only=STEP)
    office = list(world.office.notifications.order_by("pk"))
    assert [n.title for n in office] == ["3个问题被发出红色督办单", "3个问题将在通报中点名"]
    assert all(f"#{f.number}" in office[0].body for f in (finding, *others))
    assert office[0].url == reverse("supervision:finding_list") + "?due=overdue"
    assert len(login(world.office).get(office[0].url).context["page"].object_list) == 3
    # The responsible unit is told of each finding.
    assert sum("红色督办单" in t for t in world.venue.notifications.values_list("title", flat=True)) == 3


def test_a_late_sweep_skips_stale_reminders(world, finding, clock):
    clock(date(2026, 11, 24))  # 6 working days overdue, first sweep in weeks
    run_sweep(only=STEP)
    assert rungs(finding) == ["red", "bulletin"]


def test_a_submitted_or_closed_finding_is_not_escalated(world, finding, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.rectification_submit(
        finding=finding,
        by=world.venue,
        measures="已落实",
        evidence=[SimpleUploadedFile("值班表.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    clock(date(2026, 11, 30))
    run_sweep(only=STEP)
    assert rungs(finding) == []


def test_an_approved_extension_moves_the_ladder(world, login, finding, clock):
    clock(date(2026, 11, 11))
    run_sweep(only=STEP)
    assert rungs(finding) == ["blue"]
    venue = login(world.venue)
    venue.post(
        reverse("supervision:extension_request", args=[finding.pk]),
        {"requested_due_date": "2026-12-15", "reason": "需采购设备"},
    )
    extension = FindingExtension.objects.get()
    login(world.office).post(
        reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "approve"}
    )
    finding.refresh_from_db()
    assert finding.due_date == date(2026, 12, 15)
    extension.refresh_from_db()
    assert (extension.current_due_date, extension.requested_due_date) == (DUE, date(2026, 12, 15))
    clock(date(2026, 11, 17))  # past the old date: nothing happens
    run_sweep(only=STEP)
    assert rungs(finding) == ["blue"]
    clock(date(2026, 12, 16))
    run_sweep(only=STEP)
    assert rungs(finding) == ["blue", "red"]


def test_extension_requests_are_checked(world, finding, clock):
    with pytest.raises(ValidationError, match="晚于"):
        extension_request(
            workflow=services.FINDING_EXTENSIONS,
            target=finding,
            by=world.venue,
            requested_due_date=DUE,
            reason="x",
        )
    clock(date(2026, 11, 17))
    with pytest.raises(ValidationError, match="截止前"):
        extension_request(
            workflow=services.FINDING_EXTENSIONS,
            target=finding,
            by=world.venue,
            requested_due_date=date(2026, 12, 1),
            reason="x",
        )
    assert not FindingExtension.objects.exists()


def test_a_policy_of_the_jurisdiction_applies(world, finding, clock):
    EscalationPolicy.objects.create(
        region=world.city,
        remind_workdays_before=1,
        bulletin_after_workdays=2,
        accountability_after_workdays=3,
    )
    clock(date(2026, 11, 19))  # 3 working days overdue
    run_sweep(only=STEP)
    assert rungs(finding) == ["red", "bulletin", "accountability"]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_climb_each_rung_once(world, finding, clock):
    clock(date(2026, 11, 17))
    at_once(lambda: run_sweep(only=STEP), 2)
    assert rungs(finding) == ["red"]


def test_the_office_sets_the_policy_and_bad_values_are_refused(world, login):
    office = login(world.office)
    url = reverse("supervision:escalation_policy")
    assert office.get(url).status_code == 200
    response = office.post(
        url, {"remind_workdays_before": 2, "bulletin_after_workdays": 8, "accountability_after_workdays": 8}
    )
    assert "须大于" in response.content.decode()
    assert not EscalationPolicy.objects.exists()
    office.post(
        url, {"remind_workdays_before": 2, "bulletin_after_workdays": 4, "accountability_after_workdays": 8}
    )
    policy = EscalationPolicy.objects.get()
    assert (policy.region, policy.accountability_after_workdays) == (world.city, 8)
    assert policy_for(world.gusu) == policy
    assert login(world.venue).get(url).status_code == 403


def test_a_red_notice_is_built_once_and_one_no_task_built_is_built_by_the_sweep(world, finding, clock):
    clock(date(2026, 11, 17))
    run_sweep(
        only=STEP
    )  # in the test's transaction: the task queued on commit never runs, as if the queue lost it
    red = EscalationStep.objects.get(finding=finding, level="red")
    assert red.notice is None and red.event.verb == "escalated_red"
    notices = Attachment.objects.for_object(finding)
    assert not notices.exists()

    run_sweep(only=STEP)  # the task has not had its time yet
    assert not notices.exists()

    EscalationStep.objects.filter(pk=red.pk).update(created_at=timezone.now() - timedelta(hours=1))
    run_sweep(only=STEP)
    red.refresh_from_db()
    assert notices.count() == 1 and red.notice == notices.get() and red.notice.event == red.event

    # The task arriving late, or twice, stores nothing more.
    assert issue_red_notices([red.pk]) == 0
    run_sweep(only=STEP)
    assert notices.count() == 1


def test_a_notice_stored_meanwhile_by_another_run_rolls_back_this_runs_copy(
    world, finding, clock, monkeypatch
):
    clock(date(2026, 11, 17))
    run_sweep(only=STEP)
    red = EscalationStep.objects.select_related("event", "finding").get(finding=finding, level="red")
    other = Attachment.objects.create(
        content_object=finding,
        original_name="督办单.docx",
        size=1,
        sha256="0" * 64,
        file="attachments/x.docx",
    )
    EscalationStep.objects.filter(pk=red.pk).update(notice=other)
    files = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "attachments").rglob("*.docx"))

    assert issue_red_notices([red.pk]) == 0  # the step is left out: its notice is there
    assert not _issue_notice(red)  # a run that read it before the other stored its copy
    assert list(Attachment.objects.for_object(finding)) == [other]
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "attachments").rglob("*.docx")) == files
