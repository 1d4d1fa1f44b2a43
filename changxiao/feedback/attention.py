"""What citizen feedback puts before the leaders (core.attention): items escalated into supervision, and those whose
outcome the citizen rated unsatisfied, waiting for the office's follow-up (回访)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from changxiao.core.attention import RED, YELLOW, AttentionItem, register_attention_provider
from changxiao.orgs.scope import within

from .choices import FeedbackState
from .models import FeedbackItem

LIMIT = 50


def escalated_items(user, region_path: str) -> list[AttentionItem]:
    items = (
        FeedbackItem.objects.visible_to(user)
        .filter(within(region_path, indexed=True))
        .filter(Q(state=FeedbackState.ESCALATED) | Q(needs_follow_up=True))
        .select_related("unit", "region", "category")
        .order_by("-needs_follow_up", "answer_due", "pk")[:LIMIT]
    )
    return [
        AttentionItem(
            mechanism=_("Citizen feedback"),
            kind=_("Unsatisfied with the outcome: to follow up")
            if item.needs_follow_up
            else _("Escalated to supervision"),
            title=f"{item.code} · {item.category} · {item.region.name}",
            owner=item.unit.name if item.unit else item.region.name,
            url=item.get_absolute_url(),
            severity=RED if item.needs_follow_up else YELLOW,
            deadline=item.answer_due,
            region_path=item.region.path,
        )
        for item in items
    ]


register_attention_provider(escalated_items)
