"""Which campaigns a person reads, and how much of each.

A campaign of the person's jurisdiction (or of a part of it) is read whole. A campaign of a wider region — the
city's, seen from a district bureau — is read as the jurisdiction's share: the responses of its residents and the
responses about its venues, as the published satisfaction metric counts them. Other jurisdictions' responses stay
out of that share."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope

from .models import Campaign


@dataclass(frozen=True)
class Share:
    """A jurisdiction's share of a wider campaign: responses whose jurisdiction is in region_ids (its residents) and,
    for the venue figures, responses about a venue in venue_ids."""

    region_ids: frozenset[int]
    venue_ids: frozenset[int]

    def responses(self, queryset):
        return queryset.filter(Q(region_id__in=self.region_ids) | Q(venue_id__in=self.venue_ids))


def _inside(paths, field: str) -> Q:
    """Regions in any of the subtrees, by their path (field names the path from the model queried)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def campaigns_visible(user):
    """Campaigns read whole: those of the person's jurisdictions and of the regions inside them."""
    scope = get_scope(user)
    if scope.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(_inside(scope.jurisdiction_paths, "region__path"))


def _wider(paths) -> set[str]:
    """The paths of the regions above each path ("/1/5/23/" → "/1/", "/1/5/")."""
    found = set()
    for path in paths:
        ids = path.strip("/").split("/")
        found.update("/" + "/".join(ids[:depth]) + "/" for depth in range(1, len(ids)))
    return found


def campaigns_covering(user):
    """Campaigns of a region wider than the person's jurisdictions, read as their share (none for a superuser, who
    reads every campaign whole)."""
    scope = get_scope(user)
    wider = _wider(scope.jurisdiction_paths)
    if scope.is_superuser or not wider:
        return Campaign.objects.none()
    return Campaign.objects.filter(region__path__in=wider).exclude(pk__in=campaigns_visible(user))


def wider_campaigns(user):
    """campaigns_covering with `answers`: how many responses came from the person's jurisdictions."""
    residents = _inside(get_scope(user).jurisdiction_paths, "responses__region__path")
    return campaigns_covering(user).annotate(answers=Count("responses", filter=residents))


def share_of(user) -> Share:
    """The person's jurisdictions as a share of wider campaigns."""
    regions = Region.objects.filter(_inside(get_scope(user).jurisdiction_paths, "path"))
    return Share(
        region_ids=frozenset(regions.values_list("pk", flat=True)),
        venue_ids=frozenset(Unit.objects.filter(region__in=regions).values_list("pk", flat=True)),
    )


def readable(user, pk) -> tuple[Campaign, Share | None] | None:
    """The campaign and, when it is wider than the person's jurisdictions, their share of it; None when the person
    reads none of it."""
    if not str(pk).isdigit():
        return None
    related = ("questionnaire", "region")
    campaign = campaigns_visible(user).select_related(*related).filter(pk=pk).first()
    if campaign is not None:
        return campaign, None
    campaign = campaigns_covering(user).select_related(*related).filter(pk=pk).first()
    if campaign is not None:
        return campaign, share_of(user)
    return None


def readable_or_404(user, pk) -> tuple[Campaign, Share | None]:
    found = readable(user, pk)
    if found is None:
        raise Http404
    return found
