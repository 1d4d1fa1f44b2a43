"""Forms of the urban-rural linkage: validation only, every field bounded (core.bounds); the services check the
rest (the menu's year, the quota, the state)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import CountField, PlannedDateField, RecordDateField, YearField
from changxiao.core.widgets import SearchSelect
from changxiao.orgs.models import Region, Unit

from .choices import (
    AUDIENCE_MAX,
    PLACES_MAX,
    RATING_MAX,
    RATING_MIN,
    REPLY_WORKDAYS_MAX,
    AudienceKind,
    CostBorne,
    Extent,
    OfferingKind,
)
from .models import Programme

RATING_CHOICES = [(n, str(n)) for n in range(RATING_MAX, RATING_MIN - 1, -1)]


class MenuFilterForm(forms.Form):
    """The menu's search and filters, shared by the page, the API and the Excel export."""

    q = forms.CharField(label=_("Search"), max_length=60, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of service"), choices=[("", _("All kinds")), *OfferingKind.choices], required=False
    )
    cost = forms.ChoiceField(
        label=_("Cost borne by"), choices=[("", _("Any")), *CostBorne.choices], required=False
    )
    available = forms.BooleanField(label=_("Places left only"), required=False)


class MenuForm(forms.Form):
    year = YearField(label=_("Year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    default_quota = CountField(label=_("Places per ordering unit"), max_value=PLACES_MAX, initial=6)
    reply_workdays = CountField(
        label=_("Answer within (working days)"), min_value=1, max_value=REPLY_WORKDAYS_MAX, initial=5
    )
    coverage_times = CountField(
        label=_("A village counts as reached from (times a year)"), min_value=1, max_value=365, initial=2
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("State the reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuotaForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Station or centre"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    places = CountField(label=_("Places"), max_value=PLACES_MAX)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class OfferingForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of service"), choices=OfferingKind.choices)
    code = forms.CharField(label=_("Item number"), max_length=20, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    site_needs = forms.CharField(
        label=_("Needs on site"),
        max_length=300,
        required=False,
        help_text=_("A stage, power, a screen, a room for 50 …"),
    )
    capacity = CountField(label=_("Audience served at once"), min_value=1, max_value=AUDIENCE_MAX)
    cost_borne = forms.ChoiceField(label=_("Cost borne by"), choices=CostBorne.choices)
    available_from = PlannedDateField(label=_("Available from"))
    available_until = PlannedDateField(label=_("Available until"))
    places = CountField(label=_("Deliveries offered in the year"), min_value=1, max_value=PLACES_MAX)

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["provider"].queryset = providers


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept onto the menu")), ("return", _("Return"))]
    )
    note = forms.CharField(label=_("Review note"), max_length=500, required=False)


class OrderForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Ordering for"), queryset=Unit.objects.none())
    wished_date = PlannedDateField(label=_("Wished date"))
    audience_expected = CountField(label=_("Audience expected"), min_value=1, max_value=AUDIENCE_MAX)
    note = forms.CharField(
        label=_("Site and needs"),
        max_length=500,
        required=False,
        help_text=_("Where it takes place and what the provider should know."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            # The stations a person may order for, as a list already checked one by one (permissions.can_order).
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by(
                "code"
            )
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk


class StaffedForm(forms.Form):
    """A provider's step that may name its volunteer team staffing the delivery (core.volunteer_teams). The choice
    is offered from the provider's teams; the service refuses any other team with its own message, so the field takes
    an id rather than refusing an unlisted one as an invalid choice."""

    team_id = forms.IntegerField(
        label=_("Staffed by volunteer team"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not teams:
            del self.fields["team_id"]
            return
        choices = [("", _("No volunteer team")), *((team.id, team.name) for team in teams)]
        self.fields["team_id"].widget = forms.Select(choices=choices)


class AcceptForm(StaffedForm):
    scheduled_on = PlannedDateField(label=_("Date of the delivery"))
    note = forms.CharField(label=_("Note for the ordering unit"), max_length=500, required=False)
    field_order = ["scheduled_on", "note", "team_id"]


class DeliverForm(StaffedForm):
    delivered_on = RecordDateField(label=_("Delivered on"))
    attendance = CountField(label=_("Attendance"), max_value=AUDIENCE_MAX)
    field_order = ["delivered_on", "attendance", "team_id"]


class ConfirmForm(forms.Form):
    extent = forms.ChoiceField(label=_("Was it delivered?"), choices=Extent.choices, widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment on the delivery"),
        max_length=500,
        required=False,
        help_text=_("Required when partly delivered."),
    )


class RatingCorrectForm(ConfirmForm):
    reason = forms.CharField(label=_("State the reason"), max_length=2000)


class ResidentRatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did you like it?"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Your comment"), max_length=300, required=False)


class PairForm(forms.Form):
    year = YearField(label=_("Year"))
    supporter = forms.ModelChoiceField(
        label=_("Supporting unit"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    supported = forms.ModelChoiceField(
        label=_("Supported unit"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    commitments = forms.CharField(
        label=_("The year's commitments"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    activities_planned = CountField(label=_("Activities committed in the year"), min_value=1, max_value=365)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["supporter"].queryset = units
            self.fields["supported"].queryset = units


class PairActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = RecordDateField(label=_("Held on"))
    kind = forms.ChoiceField(label=_("Kind of service"), choices=OfferingKind.choices)
    audience = CountField(label=_("Audience"), max_value=AUDIENCE_MAX)
    description = forms.CharField(
        label=_("What was done"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    organizer = forms.ModelChoiceField(
        label=_("Organizer"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    region = forms.ModelChoiceField(
        label=_("Place"), queryset=Region.objects.none(), widget=SearchSelect("regions")
    )
    place = forms.CharField(label=_("Address"), max_length=200, required=False)
    held_on = PlannedDateField(label=_("Held on"))
    kind = forms.ChoiceField(label=_("Kind of service"), choices=OfferingKind.choices)
    audience_kind = forms.ChoiceField(label=_("Into"), choices=AudienceKind.choices)
    audience = CountField(
        label=_("Audience"), max_value=AUDIENCE_MAX, required=False, help_text=_("Once it is held.")
    )
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_public = forms.BooleanField(label=_("Shown on the public site"), required=False, initial=True)

    def __init__(self, *args, programmes=None, organizers=None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes
        if organizers is not None:
            self.fields["organizer"].queryset = organizers
        if regions is not None:
            self.fields["region"].queryset = regions
