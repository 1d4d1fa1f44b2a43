"""The feedback channel's demands and suggestions about a place, offered to whoever plans services for it
(core.demands: the linkage's menu shows them to a village centre as it orders). The text only, shortened; never who
wrote it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.demands import Demand, excerpt, register_demand_source
from changxiao.orgs.scope import within

from .choices import Kind
from .models import FeedbackItem


@register_demand_source
def feedback_demands(region_path: str, since, limit: int) -> list[Demand]:
    start = timezone.make_aware(timezone.datetime.combine(since, timezone.datetime.min.time()))
    items = (
        FeedbackItem.objects.filter(
            within(region_path, indexed=True),
            kind__in=(Kind.DEMAND, Kind.SUGGESTION),
            submitted_at__gte=start,
        )
        .select_related("region")
        .only("kind", "content", "submitted_at", "region__name")
        .order_by("-submitted_at")[:limit]
    )
    return [
        Demand(
            source=_("Citizen feedback"),
            kind=item.get_kind_display(),
            text=excerpt(item.content),
            day=timezone.localdate(item.submitted_at),
            place=item.region.name,
        )
        for item in items
    ]
