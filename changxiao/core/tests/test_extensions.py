"""The deadline-extension workflow of core.extensions, as tasks (targets) and findings (supervision) use it: the same
rules for both, whichever app owns the object."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.extensions import (
    ExtensionWorkflow,
    extension_approve,
    extension_refuse,
    extension_request,
)
from changxiao.core.models import Notification, TimelineEvent
from changxiao.orgs.choices import Role
from conftest import at_once, make_person


@dataclass
class Case:
    workflow: ExtensionWorkflow
    target: object


def _task(world, lead_unit=None):
    from changxiao.targets.tests.factories import TaskFactory

    return TaskFactory(
        by=world.office,
        plan__year=local_today().year,
        title="建设数字文化馆",
        lead_unit=lead_unit or world.venue_unit,
        due_date=local_today() + timedelta(days=10),
        on=None,
    )


def _finding(world):
    from changxiao.supervision.tests.factories import FindingFactory

    return FindingFactory(
        by=world.inspector, lead_unit=world.venue_unit, due_date=local_today() + timedelta(days=10)
    )


@pytest.fixture(params=["task", "finding"])
def case(request, world) -> Case:
    if request.param == "task":
        from changxiao.targets.services import TASK_EXTENSIONS

        return Case(TASK_EXTENSIONS, _task(world))
    from changxiao.supervision.services import FINDING_EXTENSIONS

    return Case(FINDING_EXTENSIONS, _finding(world))


def _due(case: Case) -> date:
    case.target.refresh_from_db()
    return case.workflow.due_date(case.target)


def _ask(case: Case, by, days: int = 30, reason: str = "设备招标延误"):
    return extension_request(
        workflow=case.workflow,
        target=case.target,
        by=by,
        requested_due_date=_due(case) + timedelta(days=days),
        reason=reason,
    )


def test_approval_moves_the_due_date_keeps_the_old_one_and_tells_both_sides(world, case):
    old = _due(case)
    extension = _ask(case, world.venue)
    assert Notification.objects.filter(recipient=world.office, title__contains="待审批延期申请").exists()
    extension_approve(workflow=case.workflow, extension=extension, by=world.office, comment="同意")
    extension.refresh_from_db()
    assert _due(case) == old + timedelta(days=30)
    assert (extension.state, extension.current_due_date, extension.decided_by) == (
        "approved",
        old,
        world.office,
    )
    events = TimelineEvent.objects.for_object(case.target)
    assert list(events.values_list("verb", flat=True))[:2] == ["extension_approved", "extension_requested"]
    assert old.isoformat() in events.get(verb="extension_approved").comment
    assert Notification.objects.filter(recipient=world.venue, title__contains="延期申请已批准").exists()


def test_a_request_comes_from_the_responsible_unit_before_the_due_date_within_the_window(world, case):
    for outsider in (world.office, world.member, world.leader):
        with pytest.raises(PermissionDenied):
            _ask(case, outsider)
    with pytest.raises(ValidationError, match="晚于"):
        _ask(case, world.venue, days=0)
    with pytest.raises(ValidationError, match="5年"):
        _ask(case, world.venue, days=365 * 6)
    with pytest.raises(ValidationError, match="理由"):
        _ask(case, world.venue, reason="  ")
    type(case.target).objects.filter(pk=case.target.pk).update(
        **{case.workflow.due_field: local_today() - timedelta(days=1)}
    )
    with pytest.raises(ValidationError, match="逾期"):
        _ask(case, world.venue)
    assert not case.workflow.extensions_of(case.target).exists()


def test_one_request_waits_at_a_time(world, case):
    first = _ask(case, world.venue)
    with pytest.raises(ValidationError, match="已有延期申请"):
        _ask(case, world.venue, days=40)
    extension_refuse(workflow=case.workflow, extension=first, by=world.office, comment="请按期完成")
    _ask(case, world.venue, days=40)  # once decided, the unit may ask again
    assert case.workflow.extensions_of(case.target).count() == 2


def test_a_refusal_needs_a_reason_and_keeps_the_date(world, case):
    old = _due(case)
    extension = _ask(case, world.venue)
    with pytest.raises(ValidationError, match="理由"):
        extension_refuse(workflow=case.workflow, extension=extension, by=world.office, comment=" ")
    extension_refuse(workflow=case.workflow, extension=extension, by=world.office, comment="请按期完成")
    assert _due(case) == old
    with pytest.raises(ValidationError, match="已审批"):
        extension_approve(workflow=case.workflow, extension=extension, by=world.office)
    assert _due(case) == old


def test_the_responsible_unit_does_not_decide(world, case):
    extension = _ask(case, world.venue)
    with pytest.raises(PermissionDenied):
        extension_approve(workflow=case.workflow, extension=extension, by=world.venue)
    extension.refresh_from_db()
    assert extension.state == "pending"


def test_someone_other_than_the_requester_decides(world, login):
    """A task led by the office's own unit: the office person who asked cannot approve it; a colleague can."""
    from changxiao.targets.services import TASK_EXTENSIONS

    task = _task(world, lead_unit=world.office_unit)
    case = Case(TASK_EXTENSIONS, task)
    extension = _ask(case, world.office)
    with pytest.raises(ValidationError, match="申请人以外"):
        extension_approve(workflow=TASK_EXTENSIONS, extension=extension, by=world.office)
    page = login(world.office).get(task.get_absolute_url()).content.decode()
    assert reverse("targets:extension_decide", args=[extension.pk]) not in page  # not offered either
    colleague = make_person("office_b", world.office_unit, Role.OFFICE)
    page = login(colleague).get(task.get_absolute_url()).content.decode()
    assert reverse("targets:extension_decide", args=[extension.pk]) in page
    extension_approve(workflow=TASK_EXTENSIONS, extension=extension, by=colleague)
    extension.refresh_from_db()
    assert extension.state == "approved"


def test_an_approval_after_the_due_date_was_changed_is_refused(world, case):
    extension = _ask(case, world.venue)
    type(case.target).objects.filter(pk=case.target.pk).update(
        **{case.workflow.due_field: _due(case) + timedelta(days=60)}
    )
    changed = _due(case)
    with pytest.raises(ValidationError, match="时限已变更"):
        extension_approve(workflow=case.workflow, extension=extension, by=world.office)
    assert _due(case) == changed


def test_a_refused_decision_keeps_the_comment_typed(world, login, case):
    extension = _ask(case, world.venue)
    typed = "长" * 2001  # longer than a comment may be
    response = login(world.office).post(
        reverse(case.workflow.decide_url, args=[extension.pk]), {"decision": "refuse", "comment": typed}
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert f'value="{typed}"' in page and "is-invalid" in page
    extension.refresh_from_db()
    assert extension.state == "pending"


def test_the_request_form_is_offered_only_while_the_unit_may_ask(world, login, case):
    url = reverse(case.workflow.request_url, args=[case.target.pk])
    assert url in login(world.venue).get(case.target.get_absolute_url()).content.decode()
    assert url not in login(world.office).get(case.target.get_absolute_url()).content.decode()
    _ask(case, world.venue)
    assert url not in login(world.venue).get(case.target.get_absolute_url()).content.decode()  # one waits


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_moment_leave_one_waiting(world, case):
    """The extended object's row is locked: two people of the unit asking at once cannot both pass the check."""

    def ask():
        try:
            with transaction.atomic():
                _ask(case, world.venue)
        except ValidationError:
            pass

    at_once(ask, 2)
    assert case.workflow.extensions_of(case.target).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_refusal_at_the_same_moment_decide_once(world, case):
    extension = _ask(case, world.venue)
    colleague = make_person("office_b", world.office_unit, Role.OFFICE)
    outcomes = []

    def decide(by, approve):
        def run():
            try:
                if approve:
                    extension_approve(workflow=case.workflow, extension=extension, by=by)
                else:
                    extension_refuse(workflow=case.workflow, extension=extension, by=by, comment="不同意")
                outcomes.append(approve)
            except ValidationError:
                pass

        return run

    runs = iter([decide(world.office, True), decide(colleague, False)])
    at_once(lambda: next(runs)(), 2)
    extension.refresh_from_db()
    assert len(outcomes) == 1 and extension.state == ("approved" if outcomes[0] else "refused")
    events = TimelineEvent.objects.for_object(case.target).filter(
        verb__in=["extension_approved", "extension_refused"]
    )
    assert events.count() == 1
