"""The loop closed back to the citizen: the outcome of the finding a feedback item was escalated into — verified,
closed, reassigned — reaches the item through core.events.finding_outcome once the decision commits; the tracking
page tells it in plain words, the citizen rates it once, a 不满意 goes to the office's follow-up, and the office sees
all of it. Supervision knows nothing of feedback: the finding names its source, nothing more."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from changxiao.core import events
from changxiao.core.deadlines import local_today
from changxiao.core.models import Notification, TimelineEvent
from changxiao.core.workbench import todos_for
from changxiao.feedback import services
from changxiao.feedback.models import Evaluation, FeedbackItem, SupervisionOutcome
from changxiao.feedback.tests.factories import FeedbackFactory, shipped_category
from changxiao.supervision import services as supervision
from changxiao.supervision.models import Finding
from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
# Written by the office when it decides: internal, never shown to the citizen.
INTERNAL = "内部意见：馆长王某某已约谈"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def told():
    """Every finding_outcome event delivered during the test."""
    received = []

    def receive(sender, *, event, **kwargs):
        received.append(event)

    events.finding_outcome.connect(receive, dispatch_uid="test-outcomes")
    yield received
    events.finding_outcome.disconnect(dispatch_uid="test-outcomes")


def escalated_item(w, content: str = "文化馆二楼电梯坏了一个月没人修") -> FeedbackItem:
    """A complaint about the 姑苏区 cultural centre, answered twice, rated 不满意 twice, escalated by the office."""
    item = FeedbackFactory(
        kind="complaint",
        category=shipped_category("设施设备"),
        region=w.gusu,
        venue=w.venue_unit,
        content=content,
    )
    item = services.item_assign(item=item, by=w.office, unit=w.venue_unit)
    for answer in ("已报修，本周修好", "电梯已修复"):
        services.reply_add(item=item, by=w.venue, text=answer, public=True)
        services.item_rate(item=item, rating="unsatisfied")
    item.refresh_from_db()
    services.item_escalate(item=item, by=w.office)
    item.refresh_from_db()
    return item


def rectify(finding: Finding, by) -> None:
    supervision.rectification_submit(
        finding=finding,
        by=by,
        measures="更换电梯主板并通过特种设备检验",
        evidence=[SimpleUploadedFile("检验报告.png", PNG, content_type="image/png")],
    )


def verify(finding: Finding, by) -> None:
    supervision.rectification_accept(
        rectification=finding.rectifications.order_by("-pk").first(), by=by, comment=INTERNAL
    )


def track(client, item) -> str:
    client.logout()
    return client.get(item.get_tracking_url()).content.decode()


# --- The seam: what supervision sends, when, and to whom ------------------------------------------------------


def test_the_finding_names_its_source_and_supervision_never_reads_feedback(world):
    item = escalated_item(world)
    finding = item.finding
    assert (finding.source, finding.source_ref, finding.source_url) == (
        "feedback",
        item.code,
        item.get_absolute_url(),
    )
    assert not hasattr(finding, "feedback_items")


def test_verification_is_told_once_and_only_on_commit(world, told, django_capture_on_commit_callbacks):
    item = escalated_item(world)
    finding = item.finding
    rectify(finding, world.venue)
    with django_capture_on_commit_callbacks() as callbacks:
        verify(finding, world.office)
        # Decided but not committed: nobody has been told yet.
        assert told == [] and not SupervisionOutcome.objects.exists()
    for callback in callbacks:
        callback()
    assert len(told) == 1
    event = told[0]
    assert (event.finding_id, event.source, event.source_ref, event.outcome) == (
        finding.pk,
        "feedback",
        item.code,
        "rectified",
    )
    assert (event.decided_on, event.unit_name, event.successor_id) == (local_today(), "姑苏区文化馆", None)
    assert INTERNAL not in event.summary and "王晓梅" not in event.summary
    item.refresh_from_db()
    assert (item.state, item.outcome, item.outcome_rating) == ("closed", "rectified", "")
    outcome = item.outcomes.get()
    assert (outcome.finding_ref, outcome.decided_on, outcome.unit_name) == (
        finding.pk,
        local_today(),
        "姑苏区文化馆",
    )
    told_events = TimelineEvent.objects.for_object(item).filter(verb="feedback_outcome_told")
    assert [(e.from_state, e.to_state) for e in told_events] == [("escalated", "closed")]

    # The same outcome delivered again (an operator replaying it) is kept once.
    events.finding_outcome.send(sender=type(event), event=event)
    assert item.outcomes.count() == 1 and told_events.count() == 1


def test_a_decision_rolled_back_tells_nobody(world, told, django_capture_on_commit_callbacks):
    item = escalated_item(world)
    rectify(item.finding, world.venue)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        verify(item.finding, world.office)
        raise RuntimeError("the transaction fails after the decision")
    assert callbacks == [] and told == []
    item.refresh_from_db()
    assert (item.state, item.finding.state) == ("escalated", "submitted")


def test_a_reassignment_then_the_new_units_verification_are_both_told(
    world, told, django_capture_on_commit_callbacks
):
    item = escalated_item(world)
    first = item.finding
    with django_capture_on_commit_callbacks(execute=True):
        supervision.finding_close(
            finding=first,
            by=world.office,
            outcome="reassigned",
            reason=INTERNAL,
            reassign_to=world.district_unit,
        )
    successor = Finding.objects.get(reassigned_from=first)
    assert (successor.source, successor.source_ref) == ("feedback", item.code)
    assert [(e.outcome, e.finding_id, e.successor_id) for e in told] == [
        ("reassigned", first.pk, successor.pk)
    ]
    assert (told[0].successor_unit_name, told[0].successor_due_date) == ("姑苏区文体旅局", successor.due_date)
    item.refresh_from_db()
    # Not an end: the item follows the new finding, still escalated, with nothing to rate yet.
    assert (item.state, item.outcome, item.finding_id, item.outcome_to_rate) == (
        "escalated",
        "reassigned",
        successor.pk,
        False,
    )

    rectify(successor, world.district)
    with django_capture_on_commit_callbacks(execute=True):
        verify(successor, world.office)
    assert [e.outcome for e in told] == ["reassigned", "rectified"]
    item.refresh_from_db()
    assert (item.state, item.outcome, item.outcome_to_rate) == ("closed", "rectified", True)
    assert list(item.outcomes.values_list("outcome", "unit_name", "new_unit_name")) == [
        ("reassigned", "姑苏区文化馆", "姑苏区文体旅局"),
        ("rectified", "姑苏区文体旅局", ""),
    ]


def test_findings_not_raised_from_feedback_tell_nobody(world, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        inspection = InspectionFactory(
            by=world.office, region=world.gusu, kind="special", title="无障碍设施专项督查"
        )
        verified, closed, moved = (
            FindingFactory(inspection=inspection, lead_unit=world.venue_unit, description=description)
            for description in ("坡道被占用", "标识缺失", "资金未拨付")
        )
        rectify(verified, world.venue)
        verify(verified, world.office)
        supervision.finding_close(finding=closed, by=world.office, outcome="duplicate", reason="重复")
        supervision.finding_close(
            finding=moved,
            by=world.office,
            outcome="reassigned",
            reason="财政事项",
            reassign_to=world.member_unit,
        )
    # Only the notifications' email copies were queued (core.tasks); no outcome was published.
    assert told == [] and all(callback.__module__ == "changxiao.core.tasks" for callback in callbacks)
    assert not Finding.objects.exclude(source="").exists()


def test_an_inspection_raised_from_feedback_is_not_cancelled_but_its_finding_closed(world):
    item = escalated_item(world)
    check = supervision.inspection_cancel_check(inspection=item.finding.inspection, by=world.office)
    assert f"第{item.finding.number}号问题来自群众反馈：请改为关闭该问题。" in check.refusals


# --- The citizen's tracking page ---------------------------------------------------------------------------


OUTCOME_TEXTS = {
    "duplicate": "经督查核实，此问题已在另一督办事项中督促整改，将在该事项中一并办理。",
    "closed_unrectified": "督查部门已结束对此事的督办，姑苏区文化馆未能整改到位。",
    "reassigned": "经督查核实，此事不属于姑苏区文化馆的职责，督办已结束。",
}


@pytest.mark.parametrize("state", OUTCOME_TEXTS)
def test_each_closing_is_told_in_plain_words(world, login, client, state, django_capture_on_commit_callbacks):
    item = escalated_item(world)
    office = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("supervision:finding_close", args=[item.finding_id]),
            {"outcome": state, "reason": INTERNAL},
        )
    assert response.status_code == 302
    page = track(client, item)
    today = local_today().isoformat()
    assert "督查结果" in page and OUTCOME_TEXTS[state] in page and today in page
    assert "已办结" in page and "告知督查结果" in page and "您对督查结果是否满意？" in page
    assert INTERNAL not in page and "王晓梅" not in page and "陈静" not in page


def test_verification_and_reassignment_are_told_with_the_new_unit_and_deadline(
    world, login, client, django_capture_on_commit_callbacks
):
    item = escalated_item(world)
    office = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            reverse("supervision:finding_close", args=[item.finding_id]),
            {"outcome": "reassigned", "reason": INTERNAL, "reassign_to": world.district_unit.pk},
        )
    successor = Finding.objects.get(reassigned_from_id=item.finding_id)
    page = track(client, item)
    assert (
        "经督查核实，此事不属于姑苏区文化馆的职责，已改由姑苏区文体旅局负责，"
        f"须于{successor.due_date.isoformat()}前整改到位。"
    ) in page
    assert "已转督查" in page and "您对督查结果是否满意？" not in page

    rectify(successor, world.district)
    office = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("supervision:rectification_review", args=[successor.rectifications.get().pk]),
            {"decision": "accept", "comment": INTERNAL},
        )
    assert response.status_code == 302
    page = track(client, item)
    assert "姑苏区文体旅局已完成整改，经督查核查确认整改到位。" in page
    assert page.index("已改由姑苏区文体旅局负责") < page.index("已完成整改")
    assert "您对督查结果是否满意？" in page and INTERNAL not in page and "更换电梯主板" not in page


def test_the_public_api_tells_the_outcome(world, client, django_capture_on_commit_callbacks):
    item = escalated_item(world)
    rectify(item.finding, world.venue)
    with django_capture_on_commit_callbacks(execute=True):
        verify(item.finding, world.office)
    body = client.get(f"/api/v1/public/feedback/{item.code}").json()
    assert body["state"] == "closed" and body["outcome_rating"] is None
    assert body["outcomes"] == [
        {
            "outcome": "rectified",
            "decided_on": local_today().isoformat(),
            "text": "姑苏区文化馆已完成整改，经督查核查确认整改到位。",
        }
    ]


# --- The citizen's rating of the outcome -------------------------------------------------------------------


@pytest.fixture
def verified_item(world, django_capture_on_commit_callbacks):
    item = escalated_item(world)
    rectify(item.finding, world.venue)
    with django_capture_on_commit_callbacks(execute=True):
        verify(item.finding, world.office)
    item.refresh_from_db()
    return item


def rate(client, item, rating: str, comment: str = ""):
    client.logout()
    return client.post(
        reverse("public:feedback_evaluate", args=[item.code]),
        {"rating": rating, "comment": comment},
        follow=True,
    )


def test_the_citizen_rates_the_outcome_once(world, client, verified_item):
    item = verified_item
    response = rate(client, item, "basically", "修好了，但等了太久")
    assert "感谢您的评价。" in response.content.decode()
    item.refresh_from_db()
    assert (item.outcome_rating, item.needs_follow_up, item.last_rating) == (
        "basically",
        False,
        "unsatisfied",
    )
    evaluation = Evaluation.objects.get(outcome__isnull=False)
    assert (evaluation.item, evaluation.outcome, evaluation.rating) == (
        item,
        item.outcomes.get(),
        "basically",
    )
    page = track(client, item)
    assert "您对督查结果的评价：<strong>基本满意</strong>" in page and "提交评价" not in page

    response = rate(client, item, "unsatisfied")
    assert "您已评价过督查结果。" in response.content.decode()
    item.refresh_from_db()
    assert (
        item.outcome_rating == "basically" and Evaluation.objects.filter(outcome__isnull=False).count() == 1
    )
    assert not item.needs_follow_up


@pytest.mark.parametrize("rating", ["great", "", "满意", "satisfied' OR 1=1"])
def test_a_bad_rating_is_refused_and_changes_nothing(world, client, verified_item, rating):
    response = rate(client, verified_item, rating)
    assert "alert-danger" in response.content.decode()
    verified_item.refresh_from_db()
    assert (
        verified_item.outcome_rating == "" and not Evaluation.objects.filter(outcome__isnull=False).exists()
    )


def test_nothing_to_rate_while_the_finding_is_open(world, client):
    item = escalated_item(world)
    assert "您对督查结果是否满意？" not in track(client, item)
    response = rate(client, item, "satisfied")
    assert "目前还没有可评价的答复。" in response.content.decode()
    assert item.evaluations.count() == 2  # the two ratings of the replies, nothing more


# --- 不满意: the office follows it up -------------------------------------------------------------------------


def test_unsatisfied_with_the_outcome_goes_to_the_office_until_it_follows_up(
    world, login, client, verified_item
):
    item = verified_item
    rate(client, item, "unsatisfied", "电梯又坏了")
    item.refresh_from_db()
    assert (item.outcome_rating, item.needs_follow_up) == ("unsatisfied", True)
    note = Notification.objects.get(recipient=world.office, title__contains="对督查结果不满意")
    assert note.body == "电梯又坏了" and note.url == item.get_absolute_url()
    assert "办公室将回访跟进，并在此答复您。" in track(client, item)

    office = login(world.office)
    todos = [t for t in todos_for(world.office) if "follow_up" in t.url]
    assert [(t.count, t.url) for t in todos] == [(1, reverse("feedback:queue") + "?flag=follow_up")]
    queue = office.get(reverse("feedback:queue"), {"flag": "follow_up"}).content.decode()
    assert item.code in queue and "1件反馈的群众对督查结果不满意" in queue
    page = office.get(item.get_absolute_url()).content.decode()
    assert "对督查结果不满意，待回访" in page and "回访群众" in page

    # The handling unit sees the item but the follow-up is the office's.
    assert (
        login(world.venue).post(reverse("feedback:item_follow_up", args=[item.pk]), {"text": "x"}).status_code
        == 403
    )

    office = login(world.office)
    response = office.post(reverse("feedback:item_follow_up", args=[item.pk]), {"text": ""}, follow=True)
    assert "这个字段是必填项。" in response.content.decode()
    answer = "已责成文化馆更换整机，并于下周复查；复查结果将在此公布"
    response = office.post(reverse("feedback:item_follow_up", args=[item.pk]), {"text": answer}, follow=True)
    assert "回访答复已在查询页面公开。" in response.content.decode()
    item.refresh_from_db()
    assert not item.needs_follow_up
    assert not [t for t in todos_for(world.office) if "follow_up" in t.url]
    page = track(client, item)
    assert answer in page and "领导小组办公室" in page and "办公室已回访，答复见上方。" in page
    assert "办公室回访并答复" in page

    office = login(world.office)
    response = office.post(
        reverse("feedback:item_follow_up", args=[item.pk]), {"text": "再次回访"}, follow=True
    )
    assert "该反馈没有待回访事项。" in response.content.decode()
    assert item.replies.filter(text="再次回访").count() == 0


def test_satisfied_with_the_outcome_needs_no_follow_up(world, client, verified_item):
    rate(client, verified_item, "satisfied")
    verified_item.refresh_from_db()
    assert not verified_item.needs_follow_up
    assert not Notification.objects.filter(title__contains="对督查结果不满意").exists()


# --- What the office sees ----------------------------------------------------------------------------------


def test_the_office_sees_the_outcome_and_the_rating(world, login, client, verified_item):
    item = verified_item
    rate(client, item, "satisfied", "谢谢")
    office = login(world.office)
    page = office.get(item.get_absolute_url()).content.decode()
    assert "督查结果（已告知群众）" in page and "已整改销号" in page
    assert "群众对督查结果的评价：<strong>满意</strong> — 谢谢" in page
    assert "督查结果</dt><dd>已整改销号 · 评价 <strong>满意</strong>" in page
    queue = office.get(reverse("feedback:queue")).content.decode()
    assert "已整改销号 · 评价 满意" in queue
    finding_page = office.get(item.finding.get_absolute_url()).content.decode()
    assert f'<a href="{item.get_absolute_url()}" class="tracking-code">{item.code}</a>' in finding_page
    export = office.get(reverse("core:export_start", args=["feedback-items"]))
    header, *rows = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
        values_only=True
    )
    columns = dict(zip(header, rows[0], strict=True))
    assert (columns["督查结果"], columns["对督查结果的评价"], columns["评价"]) == (
        "已整改销号",
        "满意",
        "不满意",
    )
    body = office.get("/api/v1/feedback").json()
    (row,) = [r for r in body["items"] if r["code"] == item.code]
    assert (row["outcome"], row["outcome_rating"], row["needs_follow_up"]) == (
        "rectified",
        "satisfied",
        False,
    )


def test_the_office_is_told_what_waits_to_be_routed_in_its_jurisdiction_with_the_earliest_due(world):
    def routing(person):
        return [(t.count, t.due) for t in todos_for(person) if "flag=triage" in t.url]

    assert routing(world.office) == []
    items = [FeedbackFactory(region=region) for region in (world.gusu, world.pingjiang, world.kunshan)]
    FeedbackFactory(region=world.city2)  # another city's, for its own office
    earliest = min(item.acknowledge_due for item in items)
    assert routing(world.office) == [(3, earliest)]
    assert routing(world.district) == [(2, min(i.acknowledge_due for i in items[:2]))]
    assert routing(world.office2) == [(1, FeedbackItem.objects.get(region=world.city2).acknowledge_due)]
    assert routing(world.venue) == routing(world.leader) == []  # neither routes
