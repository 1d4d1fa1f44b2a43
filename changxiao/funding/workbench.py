"""To-dos of the funding guarantees: for whoever enters a jurisdiction's figures, the rules not met there this year
or last (with their numbers), and the jurisdictions without last year's final accounts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope

from . import rules
from .choices import CheckState, Stage
from .models import FiscalRecord, RuleCheck
from .permissions import can_enter_figures, fiscal_regions

MAX_ITEMS = 20


@register_provider
def rules_not_met(user):
    scope = get_scope(user)
    if scope.read_only:
        return
    year = local_today().year
    regions = [
        region for region in fiscal_regions(user).order_by("path")[:200] if can_enter_figures(user, region)
    ]
    if not regions:
        return
    checks = (
        RuleCheck.objects.filter(
            region__in=regions, state=CheckState.NOT_MET, year__gte=year - 2, rule__is_active=True
        )
        .select_related("rule", "region")
        .order_by("-year", "region__path")
    )
    for check in checks[:MAX_ITEMS]:
        lines = rules.explain_all(check.rule.kind, check.detail)
        yield Todo(
            title=_("%(region)s: %(rule)s not met") % {"region": check.region.name, "rule": check.rule.name},
            detail=lines[-1] if lines else "",
            url=reverse("funding:region", args=[check.region_id]) + f"?year={check.year}",
            source=_("Funding"),
        )
    entered = set(
        FiscalRecord.objects.current()
        .filter(region__in=regions, year=year - 1, stage=Stage.FINAL)
        .values_list("region_id", flat=True)
    )
    for region in [region for region in regions if region.pk not in entered][:MAX_ITEMS]:
        yield Todo(
            title=_("%(region)s: enter the final accounts of %(year)s")
            % {"region": region.name, "year": year - 1},
            url=reverse("funding:figures_enter", args=[region.pk, Stage.FINAL]) + f"?year={year - 1}",
            source=_("Funding"),
        )
