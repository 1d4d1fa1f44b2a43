"""What the funding guarantees put before the leaders (core.attention): each funding rule not met, per jurisdiction
and year, with the numbers it was decided on; the deadline is that of the rectification the finding opened for it
asks (FINDING_WORKDAYS working days from the check)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.attention import RED, AttentionItem, register_attention_provider
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Unit
from changxiao.orgs.scope import within

from . import rules
from .choices import CheckState
from .models import RuleCheck
from .services import FINDING_WORKDAYS

LIMIT = 50
# The years still acted on: the final accounts of the last two years and this year's budget.
YEARS_BACK = 2


def rules_not_met(user, region_path: str) -> list[AttentionItem]:
    checks = list(
        RuleCheck.objects.visible_to(user)
        .filter(within(region_path), state=CheckState.NOT_MET, rule__is_active=True)
        .filter(year__gte=local_today().year - YEARS_BACK)
        .select_related("rule", "region")
        .order_by("-year", "region__path", "rule__code")[:LIMIT]
    )
    governments: dict[int, str] = {}
    for region_id, name in (
        Unit.objects.active()
        .filter(region__in={check.region_id for check in checks}, kind=UnitKind.DISTRICT_GOVERNMENT)
        .order_by("-code", "-pk")
        .values_list("region_id", "name")
    ):
        governments[region_id] = name
    return [
        AttentionItem(
            mechanism=_("Funding"),
            kind=_("Funding rule not met"),
            # The numbers start with their year ("2024年：+3.8%，对比+5.1%…").
            title=f"{check.rule.name} · {check.region.name}："
            + "；".join(rules.explain_all(check.rule.kind, check.detail)),
            owner=governments.get(check.region_id, check.region.name),
            url=reverse("funding:region", args=[check.region_id]) + f"?year={check.year}",
            severity=RED,
            deadline=add_workdays(timezone.localtime(check.checked_at).date(), FINDING_WORKDAYS),
            region_path=check.region.path,
        )
        for check in checks
    ]


register_attention_provider(rules_not_met)
