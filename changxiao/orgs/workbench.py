"""To-dos the organization mechanism puts on the office's workbench."""

from django.db.models import Count, Exists, OuterRef, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider

from .choices import RegionLevel
from .models import Membership, PopulationRecord, Region, Unit


@register_provider
def units_without_people(user):
    units = (
        Unit.objects.managed_by(user)
        .active()
        .exclude(
            Exists(Membership.objects.active().filter(unit=OuterRef("pk"), user__is_service_account=False))
        )
    )
    # The first by the units' order, with the count of them all beside it: the managed units read once.
    first = (
        units.annotate(count=Window(Count("pk")))
        .order_by("sort_order", "code")
        .values_list("name", "count")[:1]
    )
    for name, count in first:
        yield Todo(
            title=_("%(n)d unit(s) have no account yet") % {"n": count},
            detail=_("For example: %(name)s. Add a contact person so the unit can receive tasks.")
            % {"name": name},
            url=reverse("orgs:unit_list"),
            source=_("Organization"),
            count=count,
        )


@register_provider
def missing_population(user):
    year = local_today().year - 1
    regions = (
        Region.objects.managed_by(user)
        .filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE])
        .exclude(Exists(PopulationRecord.objects.filter(region=OuterRef("pk"), year=year)))
    )
    count = regions.count()
    if count:
        yield Todo(
            title=_("Resident population for %(year)d missing in %(n)d region(s)")
            % {"year": year, "n": count},
            detail=_("Per-capita indicators divide by each year's resident population."),
            url=reverse("orgs:region_list") + "?level=county",
            source=_("Organization"),
            count=count,
        )
