"""Validation of the cockpit's forms; every field bounded by what it means (core.bounds)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import (
    QUANTITY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    DeadlineField,
    RecordDateField,
    YearField,
)
from changxiao.core.metrics import all_metrics

from .models import Audience, Direction, Layout
from .report import SECTION_TEXT_MAX


class LayoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    audience = forms.ChoiceField(label=_("Shown to"), choices=Audience.choices)
    is_default = forms.BooleanField(label=_("Shown first"), required=False)


class TileAddForm(forms.Form):
    metric_code = forms.ChoiceField(label=_("Figure"), choices=())

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric_code"].choices = [
            (m.code, f"{m.name} ({m.unit_of_measure})") for m in all_metrics() if m.code not in exclude
        ]


class TileMoveForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Move"), choices=[("-1", _("Up")), ("1", _("Down"))], coerce=int)


class TileTargetForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False
    )
    target = forms.DecimalField(
        label=_("Target (pass)"),
        required=False,
        min_value=-QUANTITY_MAX,
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
    )
    excellent = forms.DecimalField(
        label=_("Excellence level"),
        required=False,
        min_value=-QUANTITY_MAX,
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
    )
    target_source = forms.CharField(label=_("Source of the target"), max_length=500, required=False)


class SnapshotForm(forms.Form):
    title = forms.CharField(
        label=_("Meeting"), max_length=TITLE_MAX, initial=_("Leading-group joint meeting")
    )
    meeting_date = RecordDateField(label=_("Meeting date"))
    layout = forms.ModelChoiceField(label=_("Layout"), queryset=Layout.objects.none(), required=False)

    def __init__(self, *args, layouts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if layouts is not None:
            self.fields["layout"].queryset = layouts


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("What the meeting decided"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=None)
    due_date = DeadlineField(label=_("Due date"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportCompileForm(forms.Form):
    year = YearField(label=_("Year"))


class ReportEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[f"text_{section['key']}"] = forms.CharField(
                label=section["title"],
                max_length=SECTION_TEXT_MAX,
                required=False,
                initial=section.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[str, str]:
        return {name[5:]: value for name, value in self.cleaned_data.items() if name.startswith("text_")}
