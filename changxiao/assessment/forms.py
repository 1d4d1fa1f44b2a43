from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from changxiao.core.widgets import DateInput
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope

from .models import AssessmentRound, HonourList, IndicatorSet


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
        scope = get_scope(user)
        condition = Q(pk__in=[])
        for path in scope.office_paths:
            condition |= Q(path__startswith=path)
        self.fields["region"].queryset = Region.objects.filter(
            condition, level__in=["province", "city", "county", "zone"]
        )
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
        scope = get_scope(user)
        condition = Q(pk__in=[])
        for path in scope.office_paths:
            condition |= Q(path__startswith=path)
        self.fields["region"].queryset = Region.objects.filter(
            condition, level__in=["province", "city", "county", "zone"]
        )
