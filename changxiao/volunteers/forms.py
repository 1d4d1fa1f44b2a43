"""Forms of the culture volunteers: validation only, every field bounded (core.bounds); the services check the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import CountField, PlannedDateField, RecordDateField, YearField
from changxiao.core.widgets import SearchSelect
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import inside

from .choices import ActivityKind, SignupMode, TeamKind

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# The units whose teams a person keeps (permissions.units_kept: a city office keeps some 1,700 on a province's data),
# chosen through a search (core.widgets.SearchSelect; the search registered in apps.py).
UNITS_KEPT = "volunteers-units-kept"


def offer_units_kept(field, units) -> None:
    """The units kept as the field's choices (searched: UNITS_KEPT), the only one already chosen — a venue keeps just
    its own, which the search would otherwise make it look for."""
    field.queryset = units if units is not None else Unit.objects.none()
    first_two = list(field.queryset.order_by().values_list("pk", flat=True)[:2])  # any two: no sort of 1,700
    if len(first_two) == 1:
        field.initial = first_two[0]


def residence_regions():
    """Where a volunteer may say they live: the districts and townships of the platform."""
    return Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP]).order_by("path")


def offer_by_district(field) -> None:
    """The field's districts and townships drawn as one group per district — the district itself ("the whole
    district") and its townships — in the regions' order, the group named with its city where the platform has more
    than one: a province lists 1,456 places, and township names repeat from district to district. What may be chosen
    stays the field's queryset."""
    rows = field.queryset.order_by("level", "sort_order", "code").values_list(
        "pk", "name", "level", "parent_id", "parent__name", "parent__parent__name"
    )
    groups: dict[int, tuple[str, str, list]] = {}  # district key → (its name, its city's name, its choices)
    for pk, name, level, parent_id, parent_name, grandparent_name in rows:  # districts ("county") first
        if level == RegionLevel.COUNTY:
            groups[pk] = (
                name,
                parent_name or "",
                [(pk, _("%(district)s (whole district)") % {"district": name})],
            )
        else:  # a township, in its district's group (one of its own when the district is not offered: a zone)
            groups.setdefault(parent_id, (parent_name or "", grandparent_name or "", []))[2].append(
                (pk, name)
            )
    cities = {city for _name, city, _choices in groups.values()}
    field.choices = [("", field.empty_label)] + [
        (f"{city} {name}" if len(cities) > 1 else name, choices) for name, city, choices in groups.values()
    ]


class VolunteerForm(forms.Form):
    """志愿者注册 (志愿服务条例 art. 7): identity, skills, availability, contact, consent."""

    name = forms.CharField(label=_("Full name"), max_length=20)
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=20,
        help_text=_("Stored encrypted and shown masked; your volunteer number is a different number."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20)
    region = forms.ModelChoiceField(label=_("Area of residence"), queryset=Region.objects.none())
    skills = forms.CharField(label=_("Skills"), max_length=300, required=False)
    availability = forms.CharField(
        label=_("When available"),
        max_length=200,
        required=False,
        help_text=_("e.g. weekends, weekday evenings"),
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name"), max_length=20, required=False, help_text=_("Required under 18.")
    )
    guardian_phone = forms.CharField(label=_("Guardian's phone"), max_length=20, required=False)
    guardian_consent = forms.BooleanField(
        label=_("The guardian consents to this registration and to the minor's volunteering"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to the volunteer terms and to my service records being kept (志愿服务条例 art. 19); my "
            "information is not published or disclosed without my consent (art. 20)"
        ),
        required=False,
    )
    public_name = forms.BooleanField(label=_("Show my masked name on public pages"), required=False)
    public_hours = forms.BooleanField(label=_("Show my service hours on public pages"), required=False)

    def __init__(self, *args, cities=None, **kwargs):
        """`cities`: where the volunteer may live (their paths); every district and township of the platform when
        None (a citizen registering on the public site)."""
        super().__init__(*args, **kwargs)
        regions = residence_regions()
        self.fields["region"].queryset = regions if cities is None else regions.filter(inside(cities, "path"))
        offer_by_district(self.fields["region"])


class UnitVolunteerForm(VolunteerForm):
    unit = forms.ModelChoiceField(
        label=_("Registered by unit"), queryset=Unit.objects.none(), widget=SearchSelect(UNITS_KEPT)
    )

    def __init__(self, *args, units=None, cities=(), **kwargs):
        """`units`: those the person keeps; `cities`: where their residents may live (permissions.residence_zones). A unit
        registers the residents of its own city: the places of another city are not offered."""
        super().__init__(*args, cities=cities, **kwargs)
        offer_units_kept(self.fields["unit"], units)


class ConsentForm(forms.Form):
    public_name = forms.BooleanField(label=_("Show my masked name on public pages"), required=False)
    public_hours = forms.BooleanField(label=_("Show my service hours on public pages"), required=False)


class TeamForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Organizing unit"), queryset=Unit.objects.none(), widget=SearchSelect(UNITS_KEPT)
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("Where the team is registered as a social organization."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units_kept(self.fields["unit"], units)


class NumberForm(forms.Form):
    volunteer_number = forms.CharField(label=_("Volunteer number"), max_length=20)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of service"), choices=ActivityKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    day = PlannedDateField(label=_("Day"))
    starts_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6, max_digits=9, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        decimal_places=6,
        max_digits=9,
        required=False,
        help_text=_("Where given, a check-in by phone is accepted only near the place."),
    )
    capacity = CountField(label=_("Volunteers needed"), min_value=1, max_value=10000)
    roles = forms.CharField(
        label=_("Roles and numbers needed"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    skills = forms.CharField(label=_("Skills needed"), max_length=300, required=False)
    signup_mode = forms.ChoiceField(label=_("Sign-up"), choices=SignupMode.choices)
    risky = forms.BooleanField(label=_("Carries personal risk (accident insurance required)"), required=False)
    insurance_policy = forms.CharField(label=_("Accident insurance policy"), max_length=200, required=False)
    counts_for_stars = forms.BooleanField(label=_("Counts towards star levels"), required=False, initial=True)
    terms = forms.CharField(
        label=_("Agreement terms"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Content, time and place; rights and duties; risk protection; change and termination; liability and "
            "disputes; other matters (文化志愿服务管理办法 art. 18)."
        ),
    )


class InsuranceForm(forms.Form):
    policy = forms.CharField(label=_("Insurer and policy number"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class LeaderCheckForm(forms.Form):
    """The organizer checks in or out a volunteer who has no phone."""

    signup = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(
        label=_("Check in or out"), choices=[("in", _("Check in")), ("out", _("Check out"))]
    )


class PositionForm(forms.Form):
    """The phone's position sent with a scan of the activity's code (navigator.geolocation on the check page), where
    the phone gives one; the service checks it against the activity's place."""

    latitude = forms.FloatField(
        label=_("latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        label=_("longitude"), required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )

    def position(self) -> tuple[float, float] | None:
        latitude, longitude = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        return None if latitude is None or longitude is None else (latitude, longitude)


class CorrectionForm(forms.Form):
    in_time = forms.TimeField(label=_("Checked in at"), widget=TIME)
    out_time = forms.TimeField(label=_("Checked out at"), widget=TIME)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class IssueForm(forms.Form):
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=50)
    handler = forms.CharField(label=_("Handled by"), max_length=50)
    contact = forms.CharField(label=_("Contact"), max_length=50, required=False)


class CertificateRequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Organizing unit"), queryset=Unit.objects.none())
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class StarScaleForm(forms.Form):
    one = CountField(label=_("Hours for one star"), min_value=1, max_value=100000)
    two = CountField(label=_("Hours for two stars"), min_value=1, max_value=100000)
    three = CountField(label=_("Hours for three stars"), min_value=1, max_value=100000)
    four = CountField(label=_("Hours for four stars"), min_value=1, max_value=100000)
    five = CountField(label=_("Hours for five stars"), min_value=1, max_value=100000)
    source = forms.CharField(label=_("Source"), max_length=200)


class RankingForm(forms.Form):
    year = YearField(label=_("Year"), required=False)


class RecognitionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Granted by"), queryset=Unit.objects.none(), widget=SearchSelect(UNITS_KEPT)
    )
    title = forms.CharField(label=_("Recognition"), max_length=100, help_text=_("e.g. 优秀文化志愿者"))
    granted_on = RecordDateField(label=_("Granted on"))
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_units_kept(self.fields["unit"], units)
