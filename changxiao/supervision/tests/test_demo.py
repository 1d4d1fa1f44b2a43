"""`manage.py load_demo`: a year of supervision — inspections of several kinds, findings in every state, the ladder
climbed for late ones, a public bulletin and an accountability record; running it twice changes nothing."""

from django.core.management import call_command

from changxiao.core.models import TimelineEvent
from changxiao.supervision.choices import FindingState
from changxiao.supervision.models import Accountability, Bulletin, EscalationStep, Finding, Inspection


def test_demo_supervision_content(demo):
    assert set(Inspection.objects.values_list("kind", flat=True)) >= {
        "routine",
        "special",
        "npc_cppcc",
        "media",
        "stage_review",
    }
    states = set(Finding.objects.values_list("state", flat=True))
    assert states >= {
        FindingState.OPEN,
        FindingState.RECTIFYING,
        FindingState.SUBMITTED,
        FindingState.VERIFIED,
        FindingState.REASSIGNED,
        FindingState.DUPLICATE,
    }
    assert Finding.objects.filter(state="verified", rectified_on_time=False).exists()
    assert Finding.objects.filter(rectifications__state="returned").exists()
    assert Finding.objects.filter(extensions__state="approved").exists()
    assert set(EscalationStep.objects.values_list("level", flat=True)) == {
        "blue",
        "yellow",
        "red",
        "bulletin",
        "accountability",
    }
    bulletin = Bulletin.objects.get()
    assert bulletin.state == "issued" and bulletin.is_public and bulletin.findings.exists()
    # Issued internally first, then published as its own step.
    assert bulletin.published_at > bulletin.issued_at
    record = Accountability.objects.get()
    assert record.findings.exists() and not record.is_cancelled
    assert TimelineEvent.objects.for_object(record).filter(verb="corrected").exists()
    cancelled = Inspection.objects.cancelled().get()
    assert cancelled.cancel_reason and not cancelled.findings.exists()
    before = (Finding.objects.count(), EscalationStep.objects.count(), Bulletin.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Finding.objects.count(), EscalationStep.objects.count(), Bulletin.objects.count()) == before
