"""Forms of the workforce: validation only, every field bounded (core.bounds); the services check the rest."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import BoundedDateField, ModelChoicesField, PlannedDateField, RecordDateField
from changxiao.core.deadlines import local_today
from changxiao.core.widgets import SearchSelect
from changxiao.orgs.models import Region, Unit

from .choices import (
    MEMBERS_MAX,
    STAFFING_POPULATION_MAX,
    STAFFING_POSTS_MAX,
    OrganizationField,
    OrganizationKind,
    PostKind,
    PostRole,
    StaffedFacility,
    StaffTier,
    TrainingLevel,
)
from .models import CertificateKind, Practitioner


class RegisterForm(forms.Form):
    """A person takes a post in the unit (registered on first sight, found again by the identity card number)."""

    name = forms.CharField(label=_("Full name"), max_length=20)
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=20,
        help_text=_("18 characters; checked by its last character (GB 11643)."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("Kind of post"), choices=PostKind.choices)
    role = forms.ChoiceField(label=_("Post role"), choices=PostRole.choices)
    start = PlannedDateField(label=_("Start"))
    end = PlannedDateField(
        label=_("End"), required=False, help_text=_("Empty: the post is held until ended.")
    )


class PostEndForm(forms.Form):
    end = PlannedDateField(label=_("Last day in the post"))


class MoveForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Moves to"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    on = PlannedDateField(label=_("First day in the new unit"))
    kind = forms.ChoiceField(label=_("Kind of post"), choices=PostKind.choices)
    role = forms.ChoiceField(label=_("Post role"), choices=PostRole.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["to_unit"].queryset = units


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CertificateForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Certificate kind"), queryset=CertificateKind.objects.none())
    issuer = forms.CharField(label=_("Issuer"), max_length=100)
    level = forms.CharField(label=_("Level"), max_length=40, required=False)
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    issued_on = RecordDateField(label=_("Issued on"))
    expires_on = PlannedDateField(
        label=_("Expires on"), required=False, help_text=_("Empty: it does not expire.")
    )
    evidence = forms.FileField(
        label=_("Scan or photo of the certificate"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].queryset = kinds


class CertificateKindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    issuer = forms.CharField(label=_("Usual issuer"), max_length=100, required=False)


class RequirementForm(forms.Form):
    role = forms.ChoiceField(label=_("Post role"), choices=PostRole.choices)
    kind = forms.ModelChoiceField(label=_("Certificate kind"), queryset=CertificateKind.objects.none())
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("The document that sets this requirement."),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].queryset = kinds


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Organized at level"), choices=TrainingLevel.choices)
    start = PlannedDateField(label=_("First day"))
    end = PlannedDateField(label=_("Last day"))
    days = forms.DecimalField(
        label=_("Training days"),
        min_value=Decimal("0.5"),
        max_value=Decimal(366),
        max_digits=4,
        decimal_places=1,
        help_text=_("Full-time days, in half days."),
    )
    evidence = forms.FileField(
        label=_("Evidence (notice, sign-in sheet, photos)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )


class AttendanceForm(forms.Form):
    practitioners = ModelChoicesField(label=_("Who attended"), queryset=Practitioner.objects.none())
    days = forms.DecimalField(
        label=_("Days attended"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal(366),
        max_digits=4,
        decimal_places=1,
        help_text=_("Empty: the whole session."),
    )

    def __init__(self, *args, practitioners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if practitioners is not None:
            self.fields["practitioners"].queryset = practitioners
        self.fields["practitioners"].label_from_instance = lambda p: f"{p.name_masked} · {p.id_number_masked}"


class StandardForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=StaffTier.choices)
    days = forms.DecimalField(
        label=_("Training days a year"),
        min_value=Decimal("0.5"),
        max_value=Decimal(366),
        max_digits=4,
        decimal_places=1,
    )
    source = forms.CharField(label=_("Source"), max_length=200)
    verified = forms.BooleanField(label=_("Checked against the official text"), required=False)


class StaffingStandardForm(forms.Form):
    facility = forms.ChoiceField(label=_("Facility"), choices=StaffedFacility.choices)
    post_kind = forms.ChoiceField(label=_("Kind of post"), choices=PostKind.choices)
    population_from = forms.IntegerField(
        label=_("Served population from"),
        min_value=0,
        max_value=STAFFING_POPULATION_MAX,
        initial=0,
        help_text=_("Residents of the unit's township or village from which this figure applies; 0 for all."),
    )
    posts = forms.IntegerField(label=_("Posts required"), min_value=0, max_value=STAFFING_POSTS_MAX)
    source = forms.CharField(label=_("Source"), max_length=200)
    verified = forms.BooleanField(label=_("Checked against the official text"), required=False)


def _check_registration_date(value) -> None:
    if value is not None and not date(1949, 10, 1) <= value <= local_today():
        raise forms.ValidationError(_("Give the day of registration: not in the future."))


class RegistrationDateField(BoundedDateField):
    """The day an organization was registered: decades back may be, the future not."""

    check = staticmethod(_check_registration_date)


class OrganizationForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Registered in"), queryset=Region.objects.none(), widget=SearchSelect("regions")
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters (GB 32100-2015); spaces and hyphens are left out."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    field = forms.ChoiceField(label=_("Field"), choices=OrganizationField.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=40)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    services = forms.CharField(
        label=_("Services provided"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    individual_members = forms.IntegerField(
        label=_("Individual members"), min_value=0, max_value=MEMBERS_MAX, initial=0
    )
    registered_on = RegistrationDateField(label=_("Registered on"))
    unit = forms.ModelChoiceField(
        label=_("Account on the platform"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("The organization's own account, through which it offers to meet open demands."),
        widget=SearchSelect("units"),
    )

    def __init__(self, *args, regions=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
        if units is not None:
            self.fields["unit"].queryset = units


class DissolveForm(forms.Form):
    dissolved_on = RecordDateField(label=_("Dissolved on"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DissolutionCorrectForm(forms.Form):
    dissolved_on = RecordDateField(
        label=_("Dissolved on"), required=False, help_text=_("Empty: the organization was not dissolved.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Member organization"), max_length=100)
    joined_on = RecordDateField(label=_("Joined on"))
