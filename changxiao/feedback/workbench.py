"""Feedback to handle for my unit, and to route for the office, on the workbench."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope

from .choices import FeedbackState
from .models import FeedbackItem, managed_items

MAX_ITEMS = 20


@register_provider
def feedback_to_handle(user):
    unit_ids = get_scope(user).unit_ids
    if not unit_ids:
        return
    items = FeedbackItem.objects.filter(unit_id__in=unit_ids, state=FeedbackState.ASSIGNED).order_by(
        "answer_due"
    )
    for item in items[:MAX_ITEMS]:
        yield Todo(
            title=_("Answer feedback %(code)s: %(content)s")
            % {"code": item.code, "content": item.content[:30]},
            detail=item.get_kind_display(),
            url=item.get_absolute_url(),
            source=_("Citizen feedback"),
            due=item.answer_due,
        )


@register_provider
def feedback_to_route_and_follow_up(user):
    """For the office of the items' jurisdiction: the feedback waiting in the triage queue to be routed, and 回访 —
    the citizens not satisfied with the outcome of the supervision. Both counted, and the earliest acknowledgement
    due, in one pass over the managed regions' items."""
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    items = FeedbackItem.objects.filter(Q(state=FeedbackState.NEW) | Q(needs_follow_up=True))
    if not scope.is_superuser:
        items = items.filter(managed_items(scope))
    waiting = Q(state=FeedbackState.NEW)
    found = items.aggregate(
        route=Count("pk", filter=waiting),
        due=Min("acknowledge_due", filter=waiting),
        follow_up=Count("pk", filter=Q(needs_follow_up=True)),
    )
    if found["route"]:
        yield Todo(
            title=_("Route the feedback waiting in the triage queue"),
            url=reverse("feedback:queue") + "?flag=triage",
            source=_("Citizen feedback"),
            count=found["route"],
            due=found["due"],
        )
    if found["follow_up"]:
        yield Todo(
            title=_("Follow up the citizens not satisfied with the outcome of the supervision"),
            url=reverse("feedback:queue") + "?flag=follow_up",
            source=_("Citizen feedback"),
            count=found["follow_up"],
        )
