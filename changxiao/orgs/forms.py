"""Forms of the organization mechanism: they validate; the services change things."""

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import DeadlineField
from changxiao.core.widgets import SearchSelect

from .choices import RegionLevel, Role, UnitKind, VenueType
from .models import ApiToken, Membership, PopulationRecord, Region, Unit, User

# Passwords are hashed; a limit stops a megabyte "password" from costing the hasher.
PASSWORD_MAX = 128


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


class LoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if user.is_service_account:
            raise forms.ValidationError(
                _("This account is for the API only and cannot sign in."), code="service"
            )


class TwoStepCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


# --- Filters: one home for the filters a list page and its Excel export share -------------------------

# Lists filter by county-level jurisdiction: a province has thousands of townships, too many for a menu.
FILTER_LEVELS = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE]


class RegionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *RegionLevel.choices]
    )
    within = forms.ModelChoiceField(
        label=_("Within"), required=False, queryset=Region.objects.none(), widget=SearchSelect("regions")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = Region.objects.visible_to(user).filter(level__in=FILTER_LEVELS)
        self.fields["within"].empty_label = _("Whole jurisdiction")

    def filter(self, queryset: QuerySet) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(code__startswith=data["q"]))
        if data["level"]:
            queryset = queryset.filter(level=data["level"])
        if data["within"]:
            queryset = queryset.filter(path__startswith=data["within"].path)
        return queryset


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )
    venue_type = forms.ChoiceField(
        label=_("Venue type"), required=False, choices=[("", _("All venue types")), *VenueType.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        required=False,
        queryset=Region.objects.none(),
        widget=SearchSelect("regions"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__in=FILTER_LEVELS)
        self.fields["region"].empty_label = _("Whole jurisdiction")

    def filter(self, queryset: QuerySet) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(name__icontains=data["q"]) | Q(short_name__icontains=data["q"]) | Q(code__iexact=data["q"])
            )
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["venue_type"]:
            queryset = queryset.filter(venue_type=data["venue_type"])
        if data["region"]:
            queryset = queryset.filter(region__path__startswith=data["region"].path)
        status = data["status"] or "active"
        if status == "active":
            queryset = queryset.filter(is_active=True)
        elif status == "inactive":
            queryset = queryset.filter(is_active=False)
        return queryset


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), widget=SearchSelect("units")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
        self.fields["unit"].empty_label = _("All units")

    def filter(self, queryset: QuerySet) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(user__full_name__icontains=data["q"])
                | Q(user__username__icontains=data["q"])
                | Q(title__icontains=data["q"])
            )
        if data["role"]:
            queryset = queryset.filter(role=data["role"])
        if data["unit"]:
            queryset = queryset.filter(unit=data["unit"])
        return queryset


# --- Editing --------------------------------------------------------------------------------------------


def _offer_roles(field, roles) -> None:
    """Offer only the roles the manager may give here (permissions.grantable_roles); None leaves them all."""
    if roles is not None:
        field.choices = [(value, label) for value, label in Role.choices if value in roles]


def order_field() -> forms.IntegerField:
    return forms.IntegerField(label=_label(Unit, "sort_order"), min_value=0, max_value=999_999, initial=0)


class RegionForm(forms.ModelForm):
    area_km2 = forms.DecimalField(
        label=_label(Region, "area_km2"),
        min_value=Decimal(0),
        max_value=Decimal("99999999.99"),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    sort_order = order_field()

    class Meta:
        model = Region
        fields = ["parent", "code", "name", "level", "area_km2", "sort_order"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Region.objects.managed_by(user).exclude(level=RegionLevel.VILLAGE)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = not user.is_superuser
        current_parent = self.instance.parent if self.instance.pk else None
        if current_parent is not None and not parents.filter(pk=current_parent.pk).exists():
            # A district coordinator edits its own district but cannot move it out of the city.
            self.fields["parent"].queryset = Region.objects.filter(pk=current_parent.pk)
            self.fields["parent"].disabled = True

    def clean(self):
        data = super().clean()
        parent, level = data.get("parent"), data.get("level")
        if parent and level and not parent.allows_child_level(level):
            self.add_error(
                "level",
                _("A %(level)s cannot be placed under a %(parent)s.")
                % {"level": RegionLevel(level).label, "parent": parent.get_level_display()},
            )
        return data


class PopulationForm(forms.ModelForm):
    # A census or year-end figure: since 1949, not a year still to come.
    year = forms.IntegerField(
        label=_label(PopulationRecord, "year"), min_value=1949, max_value=date.today().year + 1
    )
    # The most populous province has about 127 million residents.
    resident = forms.IntegerField(
        label=_label(PopulationRecord, "resident"),
        min_value=0,
        max_value=200_000_000,
        help_text=_("Year-end resident population (常住人口), in persons."),
    )

    class Meta:
        model = PopulationRecord
        fields = ["year", "resident", "source"]
        help_texts = {"resident": _("Year-end resident population (常住人口), in persons.")}


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "venue_type",
            "region",
            "parent",
            "is_lead",
            "is_member",
            "leader_name",
            "contact_name",
            "contact_phone",
            "address",
            "sort_order",
        ]

    sort_order = order_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.managed_by(user)
        parents = Unit.objects.managed_by(user).active()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean(self):
        data = super().clean()
        kind, venue_type = data.get("kind"), data.get("venue_type")
        if kind == UnitKind.VENUE and not venue_type:
            self.add_error("venue_type", _("Choose the venue type."))
        if kind != UnitKind.VENUE and venue_type:
            self.add_error("venue_type", _("Only a venue has a venue type."))
        if data.get("is_lead") and kind != UnitKind.DEPARTMENT:
            self.add_error("is_lead", _("Only a member department can be a lead department."))
        ancestor = data.get("parent")
        while ancestor is not None and self.instance.pk:
            if ancestor.pk == self.instance.pk:
                self.add_error(
                    "parent", _("A unit cannot be supervised by itself or by a unit it supervises.")
                )
                break
            ancestor = ancestor.parent
        return data


class PersonForm(forms.Form):
    """A new account in a unit, with its first role."""

    username = forms.RegexField(
        label=_("Login name"),
        max_length=50,
        regex=r"^[A-Za-z0-9_.@-]{3,50}$",
        error_messages={"invalid": _("Use 3–50 letters, digits or . _ @ -")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.RegexField(
        label=_("Mobile phone"),
        max_length=11,
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("Enter an 11-digit mobile number.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), max_length=60, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(render_value=False),
        strip=False,
    )

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roles(self.fields["role"], roles)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken."))
        return username

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            probe = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class PersonEditForm(forms.ModelForm):
    """An account's details; a new password is optional and follows the password policy."""

    phone = forms.RegexField(
        label=_("Mobile phone"),
        max_length=11,
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("Enter an 11-digit mobile number.")},
    )
    new_password = forms.CharField(
        label=_("New password"),
        max_length=PASSWORD_MAX,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "is_active"]
        labels = {"is_active": _("Account can sign in")}

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        if password:
            password_validation.validate_password(password, self.instance)
        return password


class ExistingPersonRoleForm(forms.Form):
    """A role in this unit for an account that already exists in the manager's jurisdiction."""

    username = forms.CharField(label=_("Login name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), max_length=60, required=False)

    def __init__(self, *args, unit, manager, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.manager = manager
        _offer_roles(self.fields["role"], roles)

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        visible = Membership.objects.visible_to(self.manager).filter(
            user__username__iexact=username, user__is_service_account=False
        )
        membership = visible.select_related("user").first()
        if membership is None:
            # The same answer whether the account is missing or outside the jurisdiction.
            self.add_error("username", _("No account with this login name in your jurisdiction."))
            return data
        data["person"] = membership.user
        if (
            data.get("role")
            and Membership.objects.filter(
                user=membership.user, unit=self.unit, role=data["role"], is_active=True
            ).exists()
        ):
            self.add_error("role", _("This person already has this role in this unit."))
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "title"]

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The role held now stays on offer: its title can be changed by a manager who could not give it.
        _offer_roles(self.fields["role"], None if roles is None else {*roles, self.instance.role})


class ApiTokenForm(forms.ModelForm):
    expires_on = DeadlineField(label=_label(ApiToken, "expires_on"), required=False)

    class Meta:
        model = ApiToken
        fields = ["unit", "name", "expires_on"]
        widgets = {"unit": SearchSelect("units")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .scope import get_scope, inside

        scope = get_scope(user)
        units = Unit.objects.active()
        if not scope.is_superuser:
            condition = inside(scope.office_paths, "region__path")
            units = units.filter(condition)
        self.fields["unit"].queryset = units
