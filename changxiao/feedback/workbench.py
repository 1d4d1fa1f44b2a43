"""Feedback to handle for my unit, and to route for the office, on the workbench."""

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
def feedback_to_route(user):
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    condition = managed_items(scope)
    waiting = FeedbackItem.objects.filter(state=FeedbackState.NEW)
    if not scope.is_superuser:
        waiting = waiting.filter(condition)
    count = waiting.count()
    if count:
        yield Todo(
            title=_("Route the feedback waiting in the triage queue"),
            url=reverse("feedback:queue") + "?flag=triage",
            source=_("Citizen feedback"),
            count=count,
            due=waiting.order_by("acknowledge_due").values_list("acknowledge_due", flat=True).first(),
        )


@register_provider
def feedback_to_follow_up(user):
    """回访: citizens not satisfied with the outcome of the supervision, for the office of the item's jurisdiction."""
    scope = get_scope(user)
    if not scope.managing_paths and not scope.is_superuser:
        return
    condition = managed_items(scope)
    waiting = FeedbackItem.objects.filter(needs_follow_up=True)
    if not scope.is_superuser:
        waiting = waiting.filter(condition)
    count = waiting.count()
    if count:
        yield Todo(
            title=_("Follow up the citizens not satisfied with the outcome of the supervision"),
            url=reverse("feedback:queue") + "?flag=follow_up",
            source=_("Citizen feedback"),
            count=count,
        )
