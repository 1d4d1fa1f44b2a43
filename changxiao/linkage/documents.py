"""The year's linkage section of the annual report (Word, documents/linkage_section.docx): the menu, the orders and
deliveries, coverage and equality, pairs and programmes of a jurisdiction — figures written with core.numbers."""

from django.db.models import Count, Q

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import document_language, official_date
from changxiao.orgs.scope import within

from . import coverage, queries
from .choices import OrderState, PairState
from .models import Menu, Order, OutreachActivity, Pair


def _percent(value) -> str:
    return numbers.EMPTY if value is None else numbers.percent(value * 100)


def report_context(user, region, year: int) -> dict:
    with document_language():
        data = coverage.coverage(region, year)
        orders = Order.objects.visible_to(user).filter(within(region), year=year)
        by_state = dict(orders.values_list("state").annotate(n=Count("pk")))
        menu = Menu.objects.visible_to(user).filter(year=year, region=region).first()
        never = list(queries.never_ordered(menu)[:30]) if menu else []
        counts = list(queries.order_counts(menu)) if menu else []
        ratings = orders.filter(state=OrderState.COMPLETED).aggregate(
            n=Count("pk"), partial=Count("pk", filter=Q(extent="partial"))
        )
        pairs = (
            Pair.objects.visible_to(user)
            .current()
            .filter(year=year)
            .filter(within(region, "supported__region__path"))
        )
        pairs_active = pairs.exclude(state=PairState.ENDED).annotate(
            done=Count(
                "activities",
                filter=Q(activities__confirmed_on__isnull=False, activities__cancelled_at__isnull=True),
            )
        )
        activities = (
            OutreachActivity.objects.visible_to(user).current().filter(within(region), held_on__year=year)
        )
        by_programme = activities.values("programme__name").annotate(n=Count("pk")).order_by("-n")
        return {
            "region": region.name,
            "year": year,
            "date": official_date(local_today()),
            "menu_title": menu.title if menu else "",
            "items": numbers.integer(len(counts)),
            "items_ordered": numbers.integer(sum(1 for row in counts if row.ordered)),
            "order_rate": numbers.rate(sum(1 for row in counts if row.ordered), len(counts))
            if counts
            else numbers.EMPTY,
            "orders": numbers.integer(sum(by_state.values())),
            "delivered": numbers.integer(
                by_state.get(OrderState.DELIVERED, 0) + by_state.get(OrderState.COMPLETED, 0)
            ),
            "declined": numbers.integer(by_state.get(OrderState.DECLINED, 0)),
            "waiting": numbers.integer(by_state.get(OrderState.ORDERED, 0)),
            "partial": numbers.integer(ratings["partial"]),
            "villages": numbers.integer(len(data.villages)),
            "reached": numbers.integer(data.villages_reached),
            "times": data.times,
            "coverage": _percent(data.share),
            "per_10k": numbers.EMPTY if data.per_10k is None else numbers.figure(data.per_10k, 2),
            "gini": numbers.EMPTY if data.gini is None else numbers.figure(data.gini, 3),
            "decile_ratio": numbers.EMPTY
            if data.decile_ratio is None
            else numbers.figure(data.decile_ratio, 2),
            "townships": [
                {
                    "name": t.region.name,
                    "reach": numbers.integer(t.reach),
                    "per_10k": numbers.EMPTY if t.per_10k is None else numbers.figure(t.per_10k, 2),
                    "villages": numbers.integer(len(t.villages)),
                }
                for t in data.townships
            ],
            "never": [
                {"title": o.title, "provider": o.provider.name, "kind": o.get_kind_display()} for o in never
            ],
            "pairs": numbers.integer(pairs.count()),
            "pairs_inactive": numbers.integer(sum(1 for p in pairs_active if p.done < p.activities_planned)),
            "programmes": [
                {"name": row["programme__name"], "n": numbers.integer(row["n"])} for row in by_programme
            ],
            "activities": numbers.integer(activities.count()),
        }
