import pytest

from changxiao.core.models import ExportJob, TimelineEvent
from changxiao.core.workflow import IllegalTransition, StateMachine

MACHINE = StateMachine(
    field="state",
    transitions={
        ExportJob.State.PENDING: frozenset({ExportJob.State.RUNNING}),
        ExportJob.State.RUNNING: frozenset({ExportJob.State.DONE}),
    },
)


def test_allowed_transition_saves_and_writes_timeline(world):
    job = ExportJob.objects.create(owner=world.office, export_name="x")
    event = MACHINE.apply(job, ExportJob.State.RUNNING, by=world.office, comment="start")
    job.refresh_from_db()
    assert job.state == ExportJob.State.RUNNING
    assert (event.from_state, event.to_state, event.actor, event.comment) == (
        "pending",
        "running",
        world.office,
        "start",
    )
    assert TimelineEvent.objects.for_object(job).count() == 1


def test_illegal_transition_raises_a_clear_error_and_changes_nothing(world):
    job = ExportJob.objects.create(owner=world.office, export_name="x")
    with pytest.raises(IllegalTransition) as excinfo:
        MACHINE.apply(job, ExportJob.State.DONE, by=world.office)
    assert "“" in str(excinfo.value)
    job.refresh_from_db()
    assert job.state == ExportJob.State.PENDING
    assert TimelineEvent.objects.for_object(job).count() == 0
