"""Survey campaigns whose results the office has still to make public, on the workbench."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .models import Campaign, Response

MAX_ITEMS = 20
# A campaign that ended longer ago than this is history: its results, published or not, no longer wait on anyone.
RECENT_DAYS = 90


@register_provider
def results_to_publish(user):
    """The people's evaluation is to be put before the public (群众评价, 受群众监督): once a campaign the person
    manages has ended with answers, publishing its results is their next step (asked for RECENT_DAYS)."""
    scope = get_scope(user)
    if not scope.managing_paths:
        return
    today = local_today()
    campaigns = (
        Campaign.objects.filter(
            inside(scope.managing_paths, "region__path"),
            ends_on__lt=today,
            ends_on__gte=today - timedelta(days=RECENT_DAYS),
            results_published_at__isnull=True,
        )
        .filter(Exists(Response.objects.filter(campaign=OuterRef("pk"))))
        .order_by("ends_on", "pk")[:MAX_ITEMS]
    )
    for campaign in campaigns:
        yield Todo(
            title=_("Publish the results of the survey: %(campaign)s") % {"campaign": campaign.title},
            detail=_("Ended on %(date)s") % {"date": campaign.ends_on.isoformat()},
            url=reverse("surveys:campaign_detail", args=[campaign.pk]),
            source=_("Public evaluation"),
        )
