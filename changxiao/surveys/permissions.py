"""Who sees and does what in public evaluation: the one home of its access rules, read alike by the pages, the API,
the exports and the services.

Questionnaires serve a whole jurisdiction: its leading-group office designs and changes them (orgs.owned). A campaign
is run by the managers of its jurisdiction. A campaign of the person's jurisdiction (or of a part of it) is read whole;
others are read as a share, counted as the published satisfaction metric counts them:
- a campaign of a wider region — the city's, seen from a district bureau — as the jurisdiction's share: its figures
  from the responses of its residents, its venue rows from the responses about its venues;
- a campaign over a venue's region, seen from the venue's staff, as the venue's share: the responses about it.
Other jurisdictions' and venues' responses stay out of a share. The public reads the published results only."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.orgs.choices import Capability, UnitKind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep, keeps_settings
from changxiao.orgs.permissions import can_manage_organization, can_manage_region
from changxiao.orgs.scope import ancestor_paths, get_scope, inside

from .models import Campaign, CampaignTarget, Question, Questionnaire, Section
from .responses import response_count


@dataclass(frozen=True)
class Share:
    """The part of a campaign a person reads without running it: the responses whose jurisdiction is in region_ids
    (a jurisdiction's residents) or whose venue is in venue_ids. A venue's share (of_venue) has no residents: its
    figures are the responses about the venue."""

    region_ids: frozenset[int]
    venue_ids: frozenset[int]
    of_venue: bool = False

    def within(self, queryset):
        """Responses, tallies or links (anything with a region and a venue) of the share."""
        return queryset.filter(Q(region_id__in=self.region_ids) | Q(venue_id__in=self.venue_ids))

    def counted(self) -> Q:
        """The condition on responses (or tallies) behind the share's figures: all, by jurisdiction, by month."""
        if self.of_venue:
            return Q(venue_id__in=self.venue_ids)
        return Q(region_id__in=self.region_ids)

    def counts(self, region_id, venue_id) -> bool:
        """counted() for one tally key."""
        return venue_id in self.venue_ids if self.of_venue else region_id in self.region_ids


def campaigns_visible(user):
    """Campaigns read whole: those of the person's jurisdictions and of the regions inside them."""
    scope = get_scope(user)
    if scope.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(inside(scope.jurisdiction_paths, "region__path"))


def _venues(user) -> list[Unit]:
    """The venues the person works for, when they have no jurisdiction (venue staff)."""
    scope = get_scope(user)
    if scope.is_superuser or scope.jurisdiction_paths or not scope.unit_ids:
        return []
    return list(Unit.objects.filter(pk__in=scope.unit_ids, kind=UnitKind.VENUE).select_related("region"))


def campaigns_covering(user):
    """Campaigns read as a share: of a region above the person's jurisdictions, or, for venue staff, of their
    venue's region or one above it (none for a superuser, who reads every campaign whole)."""
    scope = get_scope(user)
    if scope.jurisdiction_paths:  # the regions above (a jurisdiction's own campaigns are read whole)
        paths = {above for path in scope.jurisdiction_paths for above in ancestor_paths(path)[:-1]}
    else:  # the venue's region and those above
        paths = {above for venue in _venues(user) for above in ancestor_paths(venue.region.path)}
    if scope.is_superuser or not paths:
        return Campaign.objects.none()
    return Campaign.objects.filter(region__path__in=paths).exclude(pk__in=campaigns_visible(user))


def share_of(user) -> Share:
    """The person's jurisdictions, or their venues, as a share of the campaigns covering them."""
    paths = get_scope(user).jurisdiction_paths
    if not paths:
        return Share(frozenset(), frozenset(venue.pk for venue in _venues(user)), of_venue=True)
    regions = Region.objects.filter(inside(paths, "path"))
    return Share(
        region_ids=frozenset(regions.values_list("pk", flat=True)),
        venue_ids=frozenset(Unit.objects.filter(region__in=regions).values_list("pk", flat=True)),
    )


def wider_campaigns(user) -> tuple:
    """campaigns_covering with `answers` (how many responses count in the person's share), and the share — None,
    and no share read, when no campaign covers the person (the city office: a share of a city is every region and
    unit in it)."""
    covering = campaigns_covering(user)
    if not covering.exists():
        return covering, None
    share = share_of(user)
    return covering.annotate(answers=response_count(share.counted())), share


def shared_targets(campaign: Campaign, share: Share):
    """The links of a campaign a share spreads: its own (for a jurisdiction inside it or one of its venues) and the
    campaign-wide ones, which are public anyway."""
    return share.within(campaign.targets.all()) | campaign.targets.filter(region=None, venue=None)


def readable_target(user, pk) -> CampaignTarget | None:
    """A link (for its QR code): any of a campaign read whole, a shared one of a campaign read as a share."""
    target = CampaignTarget.objects.filter(pk=pk, campaign__in=campaigns_visible(user)).first()
    if target is not None:
        return target
    target = CampaignTarget.objects.filter(pk=pk, campaign__in=campaigns_covering(user)).first()
    if target is not None and shared_targets(target.campaign, share_of(user)).filter(pk=target.pk).exists():
        return target
    return None


def readable(user, pk) -> tuple[Campaign, Share | None] | None:
    """The campaign and, when the person reads it as a share, their share of it; None when the person reads none
    of it."""
    if not str(pk).isdecimal():
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


# --- Questionnaires ----------------------------------------------------------------------------------------------


def can_build(user) -> bool:
    """Questionnaires serve a whole jurisdiction: the leading-group office designs them (orgs.owned)."""
    scope = get_scope(user)
    return scope.is_superuser or (scope.can(Capability.RUN_OFFICE) and keeps_settings(user))


def can_edit(user, questionnaire: Questionnaire) -> bool:
    """The office of the questionnaire's jurisdiction changes it; a shipped one (or another jurisdiction's above)
    is read-only for it and copied by starting a new version."""
    return can_keep(user, questionnaire.owner)


def get_questionnaire_for_user(user, pk: int, *, write: bool = False) -> Questionnaire:
    """A questionnaire the person reads (another city's: 404); with write, one they keep (403 otherwise)."""
    questionnaire = get_object_or_404(Questionnaire.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_edit(user, questionnaire):
        raise PermissionDenied
    return questionnaire


def get_section(questionnaire: Questionnaire, pk) -> Section:
    """A section of a questionnaire reached through get_questionnaire_for_user (another questionnaire's: 404)."""
    return get_object_or_404(questionnaire.sections, pk=pk if str(pk).isdecimal() else 0)


def get_question(questionnaire: Questionnaire, pk) -> Question:
    """A question of a questionnaire reached through get_questionnaire_for_user (another questionnaire's: 404)."""
    return get_object_or_404(questionnaire.questions, pk=pk if str(pk).isdecimal() else 0)


# --- Campaigns ---------------------------------------------------------------------------------------------------


def can_start_campaign(user) -> bool:
    """Who is offered the form of a new campaign: a manager of a jurisdiction (campaign_create checks the one
    chosen)."""
    return can_manage_organization(user)


def can_manage_campaign(user, campaign: Campaign) -> bool:
    """The managers of the campaign's jurisdiction change it, add its links, review its flagged responses and
    publish its results; who reads it only as a share never does."""
    return can_manage_region(user, campaign.region)


def get_campaign_for_user(user, pk: int, *, write: bool = False) -> Campaign:
    """A campaign the person reads whole (its management pages; one read as a share has its index only: 404 here);
    with write, one they manage (403 otherwise)."""
    campaign = get_object_or_404(campaigns_visible(user).select_related("questionnaire", "region"), pk=pk)
    if write and not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def published_campaigns():
    """What the public reads: the campaigns whose results the office published (figures only)."""
    return Campaign.objects.filter(results_published_at__isnull=False)


def get_published_campaign(pk: int) -> Campaign:
    """A campaign with published results, for anyone (an unpublished one: 404, as a missing one)."""
    return get_object_or_404(published_campaigns().select_related("questionnaire", "region"), pk=pk)
