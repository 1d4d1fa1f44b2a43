"""List queries shared by the pages, the API and the Excel exports: the menu searched and filtered, the orders of a
person by side, the year's order counts per item."""

from django.db.models import Count, F, Q, QuerySet

from changxiao.orgs.scope import get_scope

from .choices import CostBorne, OfferingKind, OrderState
from .models import Menu, Offering, Order

QUERY_MAX = 60


def menu_items(menu: Menu, params) -> QuerySet[Offering]:
    """The items on the menu (accepted) matching the search box and filters: the words typed are each looked for in
    the title, provider, kind and number (one indexed-free column, lower-cased)."""
    items = (
        Offering.objects.filter(menu=menu, state="accepted")
        .select_related("provider")
        .only(
            "pk",
            "title",
            "kind",
            "code",
            "capacity",
            "cost_borne",
            "places",
            "places_taken",
            "available_from",
            "available_until",
            "provider__name",
            "provider__short_name",
            "menu_id",
        )
    )
    query = str(params.get("q") or "")[:QUERY_MAX].strip().lower()
    for word in query.split()[:5]:
        items = items.filter(search_text__contains=word)
    kind = params.get("kind") or ""
    if kind in OfferingKind.values:
        items = items.filter(kind=kind)
    cost = params.get("cost") or ""
    if cost in CostBorne.values:
        items = items.filter(cost_borne=cost)
    if params.get("available") in ("on", "1", "true", True):
        items = items.filter(places_taken__lt=F("places"))
    return items.order_by("kind", "title", "pk")


SIDES = ("ordered", "provided", "all")


def orders(user, params) -> QuerySet[Order]:
    """The orders a person sees — placed by their units (side=ordered), to their units as provider
    (side=provided) or all they see — filtered by state and year."""
    scope = get_scope(user)
    found = Order.objects.visible_to(user).select_related("offering__provider", "unit", "region")
    side = params.get("side") or "all"
    if side == "ordered":
        found = found.filter(unit_id__in=scope.unit_ids)
    elif side == "provided":
        found = found.filter(offering__provider_id__in=scope.unit_ids)
    state = params.get("state") or ""
    if state in OrderState.values:
        found = found.filter(state=state)
    year = str(params.get("year") or "")
    if year.isdecimal() and len(year) == 4:
        found = found.filter(year=int(year))
    if params.get("late") in ("on", "1"):
        from changxiao.core.deadlines import local_today

        found = found.filter(state=OrderState.ORDERED, reply_due__lt=local_today())
    return found.order_by("-ordered_at", "-pk")


def order_counts(menu: Menu) -> QuerySet[Offering]:
    """Each item of the menu with its orders (standing: not declined or cancelled) and deliveries this year — the
    office's guide to what to drop or add next year."""
    standing = ~Q(orders__state__in=(OrderState.DECLINED, OrderState.CANCELLED))
    return (
        Offering.objects.filter(menu=menu, state="accepted")
        .select_related("provider")
        .annotate(
            ordered=Count("orders", filter=standing),
            delivered=Count(
                "orders", filter=Q(orders__state__in=(OrderState.DELIVERED, OrderState.COMPLETED))
            ),
        )
        .order_by("ordered", "kind", "title")
    )


def never_ordered(menu: Menu) -> QuerySet[Offering]:
    return order_counts(menu).filter(ordered=0)
