"""Who sees and does what with citizen feedback: the one home of its access rules, read alike by the pages, the API,
the imports and the services.

The office (or district coordinator) of an item's jurisdiction routes it: assigns, transfers, escalates, opens it to
social forces, accepts their offers. The unit it is routed to handles it: acknowledges, replies, asks for a transfer,
which someone else decides (can_transfer, can_decide_transfer). Anyone holding the
tracking code reads what the public may of it. A jurisdiction's categories and routing rules are kept by its office."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.core.deadlines import local_today, workdays_between
from changxiao.orgs.choices import Capability
from changxiao.orgs.models import Region
from changxiao.orgs.owned import can_keep
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.scope import get_scope

from .choices import FeedbackState
from .models import Category, FeedbackItem, RoutingRule, SocialOffer, TransferRequest, normalize_tracking_code

# --- Predicates -------------------------------------------------------------------------------------------------


def is_handler(user, item: FeedbackItem) -> bool:
    """Whoever acts for the unit the item is routed to handles it."""
    return item.unit_id is not None and item.unit_id in get_scope(user).acting_unit_ids


def can_route(user, item: FeedbackItem) -> bool:
    """The office (or district coordinator) of the item's jurisdiction assigns and transfers items."""
    return can_manage_region(user, item.region)


def can_transfer(user, item: FeedbackItem) -> bool:
    """Moving an item away from the unit handling it (a transfer, asked for or not) is the office's decision, taken
    by someone other than that unit: a unit that is itself the office of its jurisdiction (a district bureau handling
    one of its district's items) asks the office above, as any unit does. An item no unit handles yet is routed by
    can_route alone."""
    return can_route(user, item) and not is_handler(user, item)


def can_assign(user, item: FeedbackItem) -> bool:
    """Routing an item to a unit: the office of its jurisdiction; away from the unit handling it, a transfer
    (can_transfer)."""
    return can_transfer(user, item) if item.unit_id is not None else can_route(user, item)


def can_decide_transfer(user, request: TransferRequest) -> bool:
    """A transfer request is approved or refused by the office of the item's jurisdiction, never by the unit that
    asked (the separation of every review step)."""
    return can_route(user, request.item) and request.from_unit_id not in get_scope(user).acting_unit_ids


def can_escalate(user, item: FeedbackItem, today=None) -> bool:
    """After a second 不满意, or an answer overdue beyond FEEDBACK_ESCALATE_AFTER_WORKDAYS, the office may escalate."""
    if (
        item.finding_id
        or item.state in (FeedbackState.CLOSED, FeedbackState.ESCALATED)
        or not can_route(user, item)
    ):
        return False
    if item.unit_id is None:
        return False
    if item.unsatisfied_count >= 2:
        return True
    today = today or local_today()
    late = item.answered_on is None and today > item.answer_due
    return late and workdays_between(item.answer_due, today) >= settings.FEEDBACK_ESCALATE_AFTER_WORKDAYS


def can_open_to_social(user, item: FeedbackItem) -> bool:
    """The office routing the item or the unit handling it opens a demand to social forces."""
    return can_route(user, item) or is_handler(user, item)


def can_import(user) -> bool:
    """A hotline's orders are imported by the leading-group office."""
    return get_scope(user).can(Capability.RUN_OFFICE)


# --- Reaching records ---------------------------------------------------------------------------------------------


def get_item_for_user(user, pk: int) -> FeedbackItem:
    """An item the person sees (another unit's or jurisdiction's: 404); what they may do with it is said by the
    predicates above."""
    return get_object_or_404(
        FeedbackItem.objects.visible_to(user).select_related(
            "category", "region", "venue", "unit", "finding"
        ),
        pk=pk,
    )


def get_item_by_code(code: str) -> FeedbackItem:
    """The item of a tracking code, for the citizen who holds it (no sign-in): the code is the key, and anything but
    ASCII letters and digits is simply not found. The page shows only what the public may read of it."""
    code = normalize_tracking_code(code[:40])
    if not code.isascii() or not code.isalnum():
        raise Http404
    return get_object_or_404(FeedbackItem.objects.select_related("category", "region", "venue"), code=code)


def get_transfer_for_user(user, pk: int) -> TransferRequest:
    """A transfer request of an item the person sees (404 otherwise); can_route says who decides it."""
    return get_object_or_404(
        TransferRequest.objects.filter(item__in=FeedbackItem.objects.visible_to(user)).select_related("item"),
        pk=pk,
    )


def get_social_item_for_user(user, pk: int) -> FeedbackItem:
    """A demand opened to social forces, of the city the person works in (another city's: 404)."""
    return get_object_or_404(FeedbackItem.objects.opened_to_social_for(user), pk=pk)


def get_offer_for_user(user, pk: int) -> SocialOffer:
    """A social organization's offer on an item the person sees (404 otherwise); can_route says who accepts it."""
    return get_object_or_404(
        SocialOffer.objects.filter(item__in=FeedbackItem.objects.visible_to(user)).select_related(
            "item", "unit"
        ),
        pk=pk,
    )


def insight_regions(user):
    """The jurisdictions the person may read the demand analysis of, down to county level."""
    return Region.objects.visible_to(user).filter(level__in=["province", "city", "county", "zone"])


def get_insight_region_for_user(user, pk: int) -> Region:
    """One of insight_regions (any other: 404)."""
    return get_object_or_404(insight_regions(user), pk=pk)


def get_category_for_user(user, pk: int, *, write: bool = False) -> Category:
    """A category the person reads (404 otherwise); with write, one they keep (403 for one they only read, such as
    a shipped category or the province's)."""
    category = get_object_or_404(Category.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, category.owner):
        raise PermissionDenied
    return category


def get_routing_rule_for_user(user, pk: int, *, write: bool = False) -> RoutingRule:
    """A routing rule the person reads (404 otherwise); with write, one they keep (403 otherwise)."""
    rule = get_object_or_404(RoutingRule.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, rule.owner):
        raise PermissionDenied
    return rule
