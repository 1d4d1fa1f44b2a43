"""Periodic work of public evaluation, run by `manage.py sweep`."""

from django.db.models import F

from changxiao.core.sweep import sweep_step

from . import tallies
from .models import Campaign


@sweep_step("surveys.index", order=600)
def tally_new_responses() -> int:
    """Add the responses received since the last sweep to each campaign's index tallies; how many were added.
    Idempotent: each campaign's watermark is claimed with a conditional UPDATE (tallies.refresh)."""
    campaigns = Campaign.objects.filter(responses__pk__gt=F("tallied_up_to")).distinct()
    return sum(tallies.refresh(campaign) for campaign in campaigns.select_related("questionnaire"))
