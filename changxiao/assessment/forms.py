from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from changxiao.core.widgets import DateInput
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope

from .models import AssessmentRound, HonourList, Indicator, IndicatorSet


def _office_regions(user):
    """The jurisdictions (down to district level) whose office the user works for: where rounds and lists are run."""
    condition = Q(pk__in=[])
    for path in get_scope(user).office_paths:
        condition |= Q(path__startswith=path)
    return Region.objects.filter(condition, level__in=["province", "city", "county", "zone"])


class RoundForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Districts and units assessed"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = AssessmentRound
        fields = [
            "title",
            "year",
            "region",
            "indicator_set",
            "self_report_due",
            "review_due",
            "verification_due",
            "publicity_days",
            "final_due",
        ]
        widgets = {
            "self_report_due": DateInput(),
            "review_due": DateInput(),
            "verification_due": DateInput(),
            "final_due": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _office_regions(user)
        self.fields["indicator_set"].queryset = IndicatorSet.objects.all()
        units = (
            Unit.objects.visible_to(user)
            .active()
            .filter(kind__in=["department", "district_government", "culture_bureau"])
        )
        self.fields["units"].queryset = units.order_by("sort_order", "code")


class HonourListForm(forms.ModelForm):
    class Meta:
        model = HonourList
        fields = ["region", "year", "title", "nominations_due"]
        widgets = {"nominations_due": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _office_regions(user)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit_of_measure",
            "comparator",
            "pass_level",
            "excellent_level",
            "scoring",
            "tiers",
            "max_points",
            "veto",
            "guidance",
            "citation",
            "verified",
        ]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 2}),
            "citation": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("scoring") == "tiers" and not data.get("tiers"):
            self.add_error("tiers", _("Tier scoring needs tiers."))
        tiers = data.get("tiers") or []
        if not isinstance(tiers, list) or any(not isinstance(t, list) or len(t) != 2 for t in tiers):
            self.add_error("tiers", _("Write the tiers as [[threshold, points], …]."))
        if not data.get("citation", "").strip():
            self.add_error("citation", _("Cite the source of the threshold."))
        if data.get("max_points") is not None and data["max_points"] <= 0:
            self.add_error("max_points", _("The maximum must be positive."))
        return data
