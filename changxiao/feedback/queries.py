"""The list queries of citizen feedback, shared by the queue page and its Excel export (exports.py): the same scoped,
filtered items on the page and in the file."""

from django.db.models import Q

from changxiao.core.deadlines import local_today

from .choices import TRANSFER_FLAG_AFTER, FeedbackState
from .forms import QueueFilterForm
from .models import FeedbackItem


def items_for_queue(user, params):
    form = QueueFilterForm(params, user=user)
    items = FeedbackItem.objects.visible_to(user).select_related("category", "region", "unit")
    if not form.is_valid():
        return items.none()
    data = form.cleaned_data
    if data["state"] == "open":
        items = items.open()
    elif data["state"]:
        items = items.filter(state=data["state"])
    if data["kind"]:
        items = items.filter(kind=data["kind"])
    if data["category"]:
        items = items.filter(category=data["category"])
    if data["flag"] == "triage":
        items = items.filter(state=FeedbackState.NEW)
    elif data["flag"] == "overdue":
        items = items.open().filter(answered_on__isnull=True, answer_due__lt=local_today())
    elif data["flag"] == "transferred":
        items = items.filter(transfer_count__gt=TRANSFER_FLAG_AFTER)
    elif data["flag"] == "follow_up":
        items = items.filter(needs_follow_up=True)
    if data["q"]:
        items = items.filter(Q(content__icontains=data["q"]) | Q(code__iexact=data["q"]))
    return items.order_by("answer_due", "pk")
