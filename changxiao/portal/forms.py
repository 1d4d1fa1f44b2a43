"""The portal's forms: they validate only; the services decide."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import TEXT_MAX, TITLE_MAX, CountField, PlannedDateField

from .choices import (
    CAPACITY_MAX,
    WEEKDAYS,
    ActivityKind,
    ClosureKind,
    FacilityKind,
    FacilityLevel,
    RuleKind,
    ScheduleKind,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class FacilityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("managing unit"), queryset=None)
    region = forms.ModelChoiceField(label=_("located in"), queryset=None)
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("kind of facility"), choices=FacilityKind.choices)
    level = forms.ChoiceField(label=_("level"), choices=FacilityLevel.choices)
    address = forms.CharField(label=_("address"), max_length=200)
    latitude = forms.DecimalField(
        label=_("latitude"), required=False, min_value=-90, max_value=90, max_digits=8, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("longitude"), required=False, min_value=-180, max_value=180, max_digits=8, decimal_places=5
    )
    phone = forms.CharField(label=_("contact phone"), max_length=30, required=False)
    free_services = forms.CharField(
        label=_("free services"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fees = forms.CharField(
        label=_("services charged"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    fee_approval = forms.CharField(label=_("approval of the fees"), max_length=200, required=False)
    pupils_free_day = forms.CharField(label=_("free day for pupils"), max_length=60, required=False)
    accessibility = forms.CharField(label=_("accessibility"), max_length=200, required=False)
    is_published = forms.BooleanField(label=_("published in the directory"), required=False, initial=True)

    def __init__(self, *args, units=None, regions=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"], self.fields["region"]
        else:
            self.fields["unit"].queryset = units
            self.fields["region"].queryset = regions


class HoursForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of hours"), choices=ScheduleKind.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("days"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    opens = forms.TimeField(label=_("opens"), widget=TimeInput())
    closes = forms.TimeField(label=_("closes"), widget=TimeInput())
    valid_from = PlannedDateField(label=_("valid from"), required=False)
    valid_to = PlannedDateField(label=_("valid to"), required=False)
    note = forms.CharField(label=_("note"), max_length=100, required=False)


class ClosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ClosureKind.choices)
    starts_on = PlannedDateField(label=_("first day"))
    ends_on = PlannedDateField(label=_("last day"))
    reason = forms.CharField(label=_("reason"), max_length=200)
    emergency_reason = forms.CharField(
        label=_("emergency"),
        max_length=200,
        required=False,
        help_text=_("Only for a closure that could not be announced in time: what happened."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("kind of activity"), choices=ActivityKind.choices)
    day = PlannedDateField(label=_("date"))
    starts = forms.TimeField(label=_("starts at"), widget=TimeInput())
    ends = forms.TimeField(label=_("ends at"), widget=TimeInput())
    last_day = PlannedDateField(
        label=_("last day"), required=False, help_text=_("Only for an activity over several days.")
    )
    capacity = CountField(
        label=_("places to book"),
        required=False,
        max_value=CAPACITY_MAX,
        help_text=_("Empty: open to all, no booking."),
    )
    programme = forms.CharField(label=_("programme"), max_length=100, required=False)
    description = forms.CharField(
        label=_("description"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def activity_values(self) -> dict:
        """The service's arguments: the start and end as moments of the project's time zone."""
        data = dict(self.cleaned_data)
        day, last_day = data.pop("day"), data.pop("last_day")
        starts, ends = data.pop("starts"), data.pop("ends")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, starts))
        data["ends_at"] = timezone.make_aware(datetime.combine(last_day or day, ends))
        return data


class AttendanceForm(forms.Form):
    attendance = CountField(label=_("attendance"), max_value=CAPACITY_MAX)


class RuleForm(forms.Form):
    rule = forms.ChoiceField(label=_("rule"), choices=RuleKind.choices)
    facility_kind = forms.ChoiceField(
        label=_("kind of facility"), choices=[("", _("All"))] + FacilityKind.choices, required=False
    )
    level = forms.ChoiceField(
        label=_("level"), choices=[("", _("All"))] + FacilityLevel.choices, required=False
    )
    value = CountField(label=_("value"), required=False, max_value=168)
    source = forms.CharField(label=_("source"), max_length=200)
    verified = forms.BooleanField(label=_("verified against the official text"), required=False)


OPEN_CHOICES = [("", _("Any time")), ("now", _("Open now")), ("sunday", _("Open this Sunday"))]


class DirectoryFilter(forms.Form):
    """The public directory's search: words of the name or address, the county and township, the kind, open now or
    this Sunday. Bad values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), max_length=50, required=False)
    county = forms.TypedChoiceField(
        label=_("County / district"), coerce=int, required=False, empty_value=None
    )
    township = forms.TypedChoiceField(
        label=_("Township / street"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("kind of facility"), choices=[("", _("All"))] + FacilityKind.choices, required=False
    )
    open = forms.ChoiceField(label=_("Open on"), choices=OPEN_CHOICES, required=False)

    def __init__(self, *args, counties=(), townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("All"))] + [(r.pk, r.name) for r in counties]
        self.fields["township"].choices = [("", _("All"))] + [(r.pk, r.name) for r in townships]
