"""What the public portal puts before the leaders (core.attention): facilities breaking an opening rule, one item a
facility with every rule it breaks — yellow while the breach waits for the facility to keep the rule or for the
office to raise it, red once raised as a supervision finding. The deadline is the earliest breach's date of finding
plus the working days a finding raised from it is given (breach_escalate's default)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from changxiao.core.attention import RED, YELLOW, AttentionItem, register_attention_provider
from changxiao.core.deadlines import add_workdays
from changxiao.orgs.scope import within

from .choices import BreachState
from .models import RuleBreach

LIMIT = 50
# As many working days as breach_escalate gives the finding it raises.
RECTIFY_WORKDAYS = 10


def facilities_breaking_rules(user, region_path: str) -> list[AttentionItem]:
    breaches = (
        RuleBreach.objects.visible_to(user)
        .standing()
        .filter(within(region_path, "facility__region__path"), facility__cancelled_at__isnull=True)
        .select_related("facility__unit", "facility__region", "rule")
        .order_by("found_on", "pk")[: LIMIT * 5]
    )
    by_facility = defaultdict(list)
    for breach in breaches:
        by_facility[breach.facility].append(breach)
    items = []
    for facility, found in by_facility.items():
        first = found[0]
        escalated = any(b.state == BreachState.ESCALATED for b in found)
        items.append(
            AttentionItem(
                mechanism=_("Public portal"),
                kind=_("Facility breaking an opening rule"),
                title=f"{facility.name} · " + "；".join(str(b.rule) for b in found),
                owner=facility.unit.name,
                url=first.get_absolute_url(),
                severity=RED if escalated else YELLOW,
                deadline=add_workdays(first.found_on, RECTIFY_WORKDAYS),
                region_path=facility.region.path,
            )
        )
    return items[:LIMIT]


register_attention_provider(facilities_breaking_rules)
