"""To-dos of the portal: for the managers of a jurisdiction, the facilities breaking an opening rule, unresolved."""

from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .choices import BreachState
from .models import RuleBreach

MAX_ITEMS = 20


@register_provider
def breaches_open(user):
    scope = get_scope(user)
    if scope.read_only or not (scope.managing_paths or scope.is_superuser):
        return
    rows = RuleBreach.objects.filter(state=BreachState.OPEN).select_related("facility", "rule")
    if not scope.is_superuser:
        rows = rows.filter(inside(scope.managing_paths, "facility__region__path"))
    for breach in rows.order_by("found_on", "pk")[:MAX_ITEMS]:
        yield Todo(
            title=_("%(facility)s breaks an opening rule") % {"facility": breach.facility.name},
            detail=f"{breach.rule}: {breach.detail}",
            url=reverse("portal:breaches") + f"#breach-{breach.pk}",
            source=_("Public portal"),
        )
