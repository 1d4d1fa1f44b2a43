"""To-dos of the linkage: orders to answer and deliveries to report (the provider), deliveries to confirm and rate
(the ordering unit), offerings to review (the office), pairs to agree and pair activities to confirm."""

from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.owned import keeping_regions
from changxiao.orgs.scope import get_scope, inside

from .choices import OfferingState, OrderState, PairState
from .models import Offering, Order, Pair, PairActivity

MAX_ITEMS = 20


@register_provider
def linkage_orders(user):
    scope = get_scope(user)
    if scope.read_only or not scope.acting_unit_ids:
        return
    units = scope.acting_unit_ids
    to_answer = (
        Order.objects.filter(offering__provider_id__in=units, state=OrderState.ORDERED)
        .select_related("offering", "unit")
        .order_by("reply_due", "pk")
    )
    for order in to_answer[:MAX_ITEMS]:
        yield Todo(
            title=_("Answer the order of %(title)s from %(unit)s")
            % {"title": order.offering.title, "unit": order.unit.name},
            detail=order.code,
            url=order.get_absolute_url(),
            source=_("Urban-rural linkage"),
            due=order.reply_due,
        )
    to_report = Order.objects.filter(
        offering__provider_id__in=units, state=OrderState.ACCEPTED, scheduled_on__isnull=False
    )
    count = to_report.count()
    if count:
        yield Todo(
            title=_("Deliveries to make and report"),
            url=f"{reverse('linkage:orders')}?side=provided&state={OrderState.ACCEPTED}",
            source=_("Urban-rural linkage"),
            count=count,
            due=to_report.order_by("scheduled_on").values_list("scheduled_on", flat=True).first(),
        )
    to_confirm = Order.objects.filter(unit_id__in=units, state=OrderState.DELIVERED).select_related(
        "offering"
    )
    for order in to_confirm[:MAX_ITEMS]:
        yield Todo(
            title=_("Confirm and rate the delivery of %(title)s") % {"title": order.offering.title},
            detail=order.code,
            url=order.get_absolute_url(),
            source=_("Urban-rural linkage"),
            due=order.delivered_on,
        )


@register_provider
def linkage_reviews(user):
    scope = get_scope(user)
    if scope.read_only or not scope.settings_paths:
        return
    paths = [region.path for region in keeping_regions(user)]
    waiting = Offering.objects.filter(inside(paths, "menu__region__path"), state=OfferingState.SUBMITTED)
    count = waiting.count()
    if count:
        first = waiting.order_by("pk").select_related("menu").first()
        yield Todo(
            title=_("Offered items to review for the menu"),
            url=first.menu.get_absolute_url(),
            source=_("Urban-rural linkage"),
            count=count,
        )


@register_provider
def linkage_pairs(user):
    scope = get_scope(user)
    if scope.read_only or not scope.acting_unit_ids:
        return
    proposed = Pair.objects.current().filter(supported_id__in=scope.acting_unit_ids, state=PairState.PROPOSED)
    for pair in proposed.select_related("supporter")[:MAX_ITEMS]:
        yield Todo(
            title=_("Agree to the pair with %(unit)s") % {"unit": pair.supporter.name},
            url=pair.get_absolute_url(),
            source=_("Urban-rural linkage"),
        )
    activities = PairActivity.objects.current().filter(confirmed_on__isnull=True).exclude(
        recorded_by_unit_id__in=scope.acting_unit_ids
    ).filter(pair__supporter_id__in=scope.acting_unit_ids) | PairActivity.objects.current().filter(
        confirmed_on__isnull=True, pair__supported_id__in=scope.acting_unit_ids
    ).exclude(recorded_by_unit_id__in=scope.acting_unit_ids)
    count = activities.count()
    if count:
        yield Todo(
            title=_("Pair activities to confirm"),
            url=reverse("linkage:pairs"),
            source=_("Urban-rural linkage"),
            count=count,
        )
