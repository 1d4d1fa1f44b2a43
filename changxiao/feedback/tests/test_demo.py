"""`manage.py load_demo`: citizen feedback of every kind and state, a transferred and an escalated item."""

import pytest
from django.core.management import call_command

from changxiao.feedback.models import FeedbackItem, RoutingRule


@pytest.mark.django_db
def test_demo_feedback_content():
    call_command("load_demo", verbosity=0)
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
    assert escalated.finding.feedback_items.get() == escalated
    assert items.filter(transfer_count__gt=2).exists()
    assert items.filter(reopen_count=1, state="closed").exists()
    assert RoutingRule.objects.exists()
    count = items.count()
    call_command("load_demo", verbosity=0)
    assert FeedbackItem.objects.count() == count
