"""What the urban-rural linkage puts before the leaders (core.attention): orders the provider has not answered by
their deadline (red once escalated to the office), and, for the current year, the townships whose villages the
service has not yet reached the number of times the menu sets (by the year's end)."""

from datetime import date

from django.utils.translation import gettext as _

from changxiao.core.attention import RED, YELLOW, AttentionItem, register_attention_provider
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import records_url
from changxiao.orgs.models import Region
from changxiao.orgs.scope import get_scope, within

from . import coverage
from .choices import OrderState
from .metrics import COVERAGE
from .models import Order

LIMIT = 50


def overdue_orders(user, region_path: str) -> list[AttentionItem]:
    orders = (
        Order.objects.visible_to(user)
        .filter(within(region_path), state=OrderState.ORDERED, reply_due__lt=local_today())
        .select_related("offering__provider", "unit", "region")
        .order_by("reply_due", "pk")[:LIMIT]
    )
    return [
        AttentionItem(
            mechanism=_("Urban-rural linkage"),
            kind=_("Order not answered in time"),
            title=f"{order.code} · {order.offering.title} · {order.unit.name}",
            owner=order.offering.provider.name,
            url=order.get_absolute_url(),
            severity=RED if order.escalated_on else YELLOW,
            deadline=order.reply_due,
            region_path=order.region.path,
        )
        for order in orders
    ]


def _jurisdictions(user, region_path: str) -> list[Region]:
    """The regions whose coverage the person may read, as high as possible inside `region_path`: the region itself
    when it lies in one of the person's jurisdictions, else those of the jurisdictions that lie inside it."""
    scope = get_scope(user)
    if scope.is_superuser or any(region_path.startswith(path) for path in scope.jurisdiction_paths):
        return list(Region.objects.filter(path=region_path))
    inner = [path for path in scope.jurisdiction_paths if path.startswith(region_path)]
    return list(Region.objects.filter(path__in=inner)) if inner else []


def unreached_villages(user, region_path: str) -> list[AttentionItem]:
    today = local_today()
    items = []
    for region in _jurisdictions(user, region_path):
        data = coverage.coverage(region, today.year)
        for township in data.townships:
            short = [place for place in township.villages if place.reach < data.times]
            if not short:
                continue
            items.append(
                AttentionItem(
                    mechanism=_("Urban-rural linkage"),
                    kind=_("Villages not yet reached"),
                    title=_(
                        "%(township)s: %(short)s of %(villages)s villages not yet reached %(times)s times"
                    )
                    % {
                        "township": township.region.name,
                        "short": len(short),
                        "villages": len(township.villages),
                        "times": data.times,
                    },
                    owner=township.region.name,
                    url=records_url("linkage:metric_records", township.region, today.year, COVERAGE),
                    severity=YELLOW,
                    deadline=date(today.year, 12, 31),
                    region_path=township.region.path,
                )
            )
    items.sort(key=lambda item: item.region_path)
    return items[:LIMIT]


register_attention_provider(overdue_orders)
register_attention_provider(unreached_villages)
