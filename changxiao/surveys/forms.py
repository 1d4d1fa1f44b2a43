from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.widgets import DateInput
from changxiao.orgs.models import Region, Unit

from .models import Campaign, Questionnaire


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "questionnaire", "region", "starts_on", "ends_on", "quota", "min_seconds"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(published_at__isnull=False)
        self.fields["region"].queryset = (
            Region.objects.managed_by(user)
            .filter(level__in=["province", "city", "county", "zone"])
            .order_by("path")
        )


class TargetForm(forms.Form):
    label = forms.CharField(
        label=_("Target"), max_length=200, required=False, help_text=_("e.g. an outreach activity")
    )
    region = forms.ModelChoiceField(label=_("District"), queryset=Region.objects.none(), required=False)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            path__startswith=campaign.region.path, level__in=["county", "zone", "township"]
        ).order_by("path")
        self.fields["venue"].queryset = (
            Unit.objects.active()
            .filter(kind="venue", region__path__startswith=campaign.region.path)
            .order_by("sort_order", "code")
        )
