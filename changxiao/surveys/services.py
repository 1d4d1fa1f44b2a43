"""The office's work on campaigns: creating them with their targets, reviewing suspicious responses."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region

from . import index, tallies
from .models import Campaign, CampaignTarget, Questionnaire, Response

register_verbs(
    {
        "target_added": gettext_lazy("added a link for a target"),
        "response_included": gettext_lazy("included a flagged response in the index"),
        "response_excluded": gettext_lazy("excluded a flagged response from the index"),
        "results_published": gettext_lazy("published the results on the public site"),
        "results_withdrawn": gettext_lazy("withdrew the results from the public site"),
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def campaign_create(
    *,
    by: User,
    title: str,
    questionnaire: Questionnaire,
    region: Region,
    starts_on,
    ends_on,
    quota=None,
    min_seconds: int = 20,
) -> Campaign:
    _require(can_manage_region(by, region))
    if questionnaire.published_at is None:
        raise ValidationError(_("Only a published questionnaire version can be used in a campaign."))
    if ends_on < starts_on:
        raise ValidationError(_("The campaign ends before it starts."))
    campaign = Campaign.objects.create(
        title=title.strip(),
        questionnaire=questionnaire,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        quota=quota,
        min_seconds=min_seconds,
        created_by=by,
    )
    CampaignTarget.objects.create(campaign=campaign, label=region.name, region=region)
    record_event(campaign, actor=by, verb="created")
    return campaign


@transaction.atomic
def target_add(
    *, campaign: Campaign, by: User, label: str, region: Region | None = None, venue: Unit | None = None
) -> CampaignTarget:
    _require(can_manage_region(by, campaign.region))
    if region is not None and not region.path.startswith(campaign.region.path):
        raise ValidationError(_("The target must lie within the campaign's jurisdiction."))
    if not label.strip() and region is None and venue is None:
        raise ValidationError(_("Name the target: a district, a venue or an outreach activity."))
    target = CampaignTarget.objects.create(
        campaign=campaign,
        label=(label.strip() or (venue.name if venue else region.name))[:200],
        region=region,
        venue=venue,
    )
    record_event(campaign, actor=by, verb="target_added", comment=target.label)
    return target


@transaction.atomic
def response_review(*, response: Response, by: User, include: bool) -> Response:
    """A flagged response is left out of the index unless the office includes it after review."""
    _require(can_manage_region(by, response.campaign.region))
    counted_before = index.is_counted(response)
    response.included = include
    response.save(update_fields=["included"])
    tallies.adjust(response, counted_before)
    record_event(
        response.campaign,
        actor=by,
        verb="response_included" if include else "response_excluded",
        comment=str(response.client_id),
    )
    return response


@transaction.atomic
def results_publish(*, campaign: Campaign, by: User, note: str = "") -> Campaign:
    """Put the campaign's index on the public site (figures only: no answers, no texts)."""
    _require(can_manage_region(by, campaign.region))
    if not campaign.responses.exists():
        raise ValidationError(_("There are no responses to publish yet."))
    campaign.results_published_at = timezone.now()
    campaign.results_note = note.strip()
    campaign.save(update_fields=["results_published_at", "results_note"])
    record_event(campaign, actor=by, verb="results_published", comment=campaign.results_note)
    return campaign


@transaction.atomic
def results_withdraw(*, campaign: Campaign, by: User) -> Campaign:
    _require(can_manage_region(by, campaign.region))
    campaign.results_published_at = None
    campaign.save(update_fields=["results_published_at"])
    record_event(campaign, actor=by, verb="results_withdrawn")
    return campaign
