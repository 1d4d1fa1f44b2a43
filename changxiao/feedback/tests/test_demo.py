"""`manage.py load_demo`: citizen feedback of every kind and state, a transferred item, an item escalated whose
supervision outcome (reassigned, then rectified) was told to the citizen and rated, one still under supervision."""

from django.core.management import call_command

from changxiao.feedback.models import FeedbackItem, RoutingRule
from changxiao.supervision.models import Finding


def test_demo_feedback_content(demo):
    items = FeedbackItem.objects.all()
    assert set(items.values_list("kind", flat=True)) == {"demand", "suggestion", "complaint", "praise"}
    assert set(items.values_list("state", flat=True)) >= {
        "new",
        "assigned",
        "answered",
        "closed",
        "escalated",
    }
    escalated = items.get(state="escalated")
    assert (escalated.finding.source, escalated.finding.source_ref) == ("feedback", escalated.code)
    assert escalated.finding.state in ("open", "rectifying") and not escalated.outcomes.exists()
    told = items.get(outcome="rectified")
    assert list(told.outcomes.values_list("outcome", flat=True)) == ["reassigned", "rectified"]
    assert (told.state, told.outcome_rating, told.needs_follow_up) == ("closed", "satisfied", False)
    verified = Finding.objects.get(pk=told.finding_id)
    assert (verified.state, verified.source_ref, verified.lead_unit.code) == (
        "verified",
        told.code,
        "KS-ZZ-ZHAN",
    )
    assert verified.reassigned_from.source_ref == told.code
    assert told.outcomes.last().decided_on.isoformat() == "2026-08-19"
    assert items.filter(transfer_count__gt=2).exists()
    assert items.filter(reopen_count=1, state="closed").exists()
    assert RoutingRule.objects.exists()
    count = items.count()
    call_command("load_demo", verbosity=0)
    assert FeedbackItem.objects.count() == count
