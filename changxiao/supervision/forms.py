from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import (
    LONG_TEXT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    DeadlineField,
    ModelChoicesField,
    RecordDateField,
)
from changxiao.core.deadlines import local_today
from changxiao.core.widgets import SearchSelect
from changxiao.orgs.choices import Role
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.scope import get_scope, inside

from .choices import CLOSING_OUTCOMES, FindingState, InspectionKind, Severity
from .models import (
    DUE_WORKDAYS_MAX,
    OVERDUE_WORKDAYS_MAX,
    REMIND_WORKDAYS_MAX,
    Accountability,
    Bulletin,
    EscalationPolicy,
    Finding,
    Inspection,
)

INSPECTABLE = "inspectable-units"  # the search of the choices below (AppConfig.ready)


def inspectable_units(user):
    """Units an inspection may cover or a finding may name: those in the regions the person sees."""
    scope = get_scope(user)
    units = Unit.objects.active().order_by("sort_order", "code")
    if scope.is_superuser:
        return units
    condition = Q(pk__in=scope.unit_ids)
    condition |= inside(scope.region_paths, "region__path")
    return units.filter(condition)


def reason_field(label, help_text="") -> forms.CharField:
    """The reason of a correction, cancellation or withdrawal: required, bounded, kept on the timeline."""
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        help_text=help_text,
        error_messages={"required": _("Give the reason.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InspectionForm(forms.ModelForm):
    date = RecordDateField(label=_("Date"))

    class Meta:
        model = Inspection
        fields = [
            "region",
            "kind",
            "title",
            "date",
            "team",
            "observers",
            "scope_regions",
            "scope_units",
            "checklist",
            "notes",
        ]
        field_classes = {
            "team": ModelChoicesField,
            "scope_regions": ModelChoicesField,
            "scope_units": ModelChoicesField,
        }
        widgets = {
            "team": forms.SelectMultiple(attrs={"size": 6}),
            "scope_regions": forms.SelectMultiple(attrs={"size": 5}),
            "scope_units": forms.SelectMultiple(attrs={"size": 8}),
            "checklist": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(user).filter(level__in=["province", "city", "county", "zone"])
        self.fields["region"].queryset = regions.order_by("path")
        self.fields["scope_regions"].queryset = Region.objects.visible_to(user).order_by("path")
        self.fields["team"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__role__in=[Role.INSPECTOR, Role.OFFICE],
                memberships__is_active=True,
            )
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["team"].help_text = _("You are added to the team yourself.")
        self.fields["scope_units"].queryset = inspectable_units(user)
        self.fields["kind"].choices = InspectionKind.choices
        self.fields["date"].initial = local_today()


class FindingForm(forms.Form):
    description = forms.CharField(
        label=_("Problem found"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), widget=SearchSelect(INSPECTABLE)
    )
    co_units = ModelChoicesField(
        label=_("Co-responsible units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    requirement = forms.CharField(
        label=_("Rectification requirement"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = DeadlineField(label=_("Rectification deadline"), required=False)
    due_workdays = forms.IntegerField(
        label=_("or within working days"), required=False, min_value=1, max_value=DUE_WORKDAYS_MAX
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = inspectable_units(user)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_workdays"):
            self.add_error("due_workdays", _("Give either a date or a number of working days, not both."))
        return data


class RectificationForm(forms.Form):
    measures = forms.CharField(
        label=_("Measures taken"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return"))]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX)
    reinspected = forms.BooleanField(label=_("Re-inspected on site"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(o.value, o.label) for o in CLOSING_OUTCOMES])
    reason = forms.CharField(
        label=_("Reason for closing, or explanation"),
        max_length=TEXT_MAX,
        help_text=_(
            "Why the finding is closed without verified rectification; kept on its record and sent to the unit."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reassign_to = forms.ModelChoiceField(
        label=_("Responsible unit instead"),
        required=False,
        queryset=Unit.objects.none(),
        help_text=_("When reassigned: a new finding with the same facts is opened for this unit."),
        widget=SearchSelect(INSPECTABLE),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = inspectable_units(user)


STATE_FILTERS = [
    ("", _("All states")),
    ("open", _("Not closed")),
    *FindingState.choices,
]
DUE_FILTERS = [("", _("Any deadline")), ("overdue", _("Overdue")), ("7", _("Due within 7 days"))]


class FindingFilterForm(forms.Form):
    """The finding board's filters, shared by the board, my unit's list and the Excel export."""

    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        required=False,
        queryset=Unit.objects.none(),
        widget=SearchSelect(INSPECTABLE),
    )
    kind = forms.ChoiceField(
        label=_("Kind of inspection"), required=False, choices=[("", _("All kinds")), *InspectionKind.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any severity")), *Severity.choices]
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_FILTERS)
    due = forms.ChoiceField(label=_("Deadline"), required=False, choices=DUE_FILTERS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Finding.objects.visible_to(user)
        units = Unit.objects.filter(Q(findings__in=visible) | Q(co_findings__in=visible)).distinct()
        self.fields["unit"].queryset = units.order_by("sort_order", "code")
        self.fields["unit"].empty_label = _("All units")

    def filter(self, queryset, today=None):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        today = today or local_today()
        if data["q"]:
            queryset = queryset.filter(Q(description__icontains=data["q"]) | Q(place__icontains=data["q"]))
        if data["unit"]:
            queryset = queryset.filter(Q(lead_unit=data["unit"]) | Q(co_units=data["unit"])).distinct()
        if data["kind"]:
            queryset = queryset.filter(inspection__kind=data["kind"])
        if data["severity"]:
            queryset = queryset.filter(severity=data["severity"])
        if data["state"] == "open":
            queryset = queryset.open()
        elif data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["due"] == "overdue":
            queryset = queryset.open().filter(due_date__lt=today)
        elif data["due"]:
            queryset = queryset.open().filter(due_date__lte=today + timedelta(days=int(data["due"])))
        return queryset


def _policy_label(name: str):
    return capfirst(EscalationPolicy._meta.get_field(name).verbose_name)


class EscalationPolicyForm(forms.ModelForm):
    remind_workdays_before = forms.IntegerField(
        label=_policy_label("remind_workdays_before"), min_value=0, max_value=REMIND_WORKDAYS_MAX
    )
    bulletin_after_workdays = forms.IntegerField(
        label=_policy_label("bulletin_after_workdays"), min_value=1, max_value=OVERDUE_WORKDAYS_MAX
    )
    accountability_after_workdays = forms.IntegerField(
        label=_policy_label("accountability_after_workdays"), min_value=1, max_value=OVERDUE_WORKDAYS_MAX
    )

    class Meta:
        model = EscalationPolicy
        fields = ["remind_workdays_before", "bulletin_after_workdays", "accountability_after_workdays"]


class AccountabilityForm(forms.ModelForm):
    decided_on = RecordDateField(label=_("Decided on"))

    class Meta:
        model = Accountability
        fields = [
            "region",
            "unit",
            "person_name",
            "person_post",
            "ground",
            "ground_detail",
            "findings",
            "measure",
            "measure_detail",
            "decided_by",
            "decided_on",
        ]
        field_classes = {"findings": ModelChoicesField}
        widgets = {
            "ground_detail": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(user)
        regions = Region.objects.filter(level__in=["province", "city", "county", "zone"])
        if not scope.is_superuser:
            condition = inside(scope.office_paths, "path")
            regions = regions.filter(condition)
        if "region" in self.fields:
            self.fields["region"].queryset = regions.order_by("path")
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("sort_order", "code")
        self.fields["findings"].queryset = (
            Finding.objects.visible_to(user)
            .current()
            .select_related("inspection", "lead_unit")
            .order_by("-inspection__date", "number")
        )
        self.fields["findings"].label_from_instance = lambda f: f"{f} · {f.lead_unit.name}"
        self.fields["decided_on"].initial = local_today()
        self.fields["decided_by"].initial = _("Leading group office")


class AccountabilityCorrectionForm(AccountabilityForm):
    """更正 of a 问责 record: its fields (but the jurisdiction) and the reason for the correction."""

    reason = reason_field(
        _("Reason for the correction"), _("Written on the record's timeline; the unit is told.")
    )

    class Meta(AccountabilityForm.Meta):
        fields = [name for name in AccountabilityForm.Meta.fields if name != "region"]


class CancelForm(forms.Form):
    """作废 of a record entered by mistake: the reason, kept with the record."""

    reason = reason_field(
        _("Reason for cancelling"),
        _("The record stays, shown as cancelled with this reason; it leaves every count and figure."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "cancel_%s")
        super().__init__(*args, **kwargs)


class BulletinGenerateForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Jurisdiction"), queryset=Region.objects.none(), widget=SearchSelect("regions")
    )
    period_start = RecordDateField(label=_("Period from"))
    period_end = RecordDateField(label=_("Period to"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.managed_by(user)
            .filter(level__in=["province", "city", "county", "zone"])
            .order_by("path")
        )
        today = local_today()
        self.fields["period_start"].initial = today.replace(day=1)
        self.fields["period_end"].initial = today


class BulletinEditForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["number", "title", "body", "is_public"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"is_public": _("Publish on the public site when issued")}
        help_texts = {
            "is_public": _(
                "Otherwise it is issued internally. Issuing shows what will happen before anything is sent; an "
                "internal bulletin can still be published later."
            )
        }


class BulletinCorrectionForm(forms.Form):
    """更正 of an issued bulletin: the corrected text and why; the earlier text is kept."""

    number = forms.CharField(label=_("Issue number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 14})
    )
    reason = reason_field(
        _("Reason for the correction"),
        _("Shown with the bulletin, on the public site too when it is published there."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "correct_%s")
        super().__init__(*args, **kwargs)


class BulletinWithdrawForm(forms.Form):
    reason = reason_field(
        _("Reason for withdrawing"),
        _("Kept on the record; the public page says only that the bulletin was withdrawn and when."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw_%s")
        super().__init__(*args, **kwargs)
