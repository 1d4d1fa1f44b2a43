"""Forms of the assessment: they validate only (bounded by core.bounds); the services decide."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import (
    LONG_TEXT_MAX,
    QUANTITY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    DeadlineField,
    JSONTextField,
    ModelChoicesField,
    YearField,
)
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope, inside

from . import values
from .choices import NomineeKind, Scoring
from .models import (
    PUBLICITY_MAX_DAYS,
    PUBLICITY_MIN_DAYS,
    AssessmentRound,
    HonourList,
    Indicator,
    IndicatorSet,
    Participant,
)
from .services import CONTACT_MAX, OBJECTION_MIN_LENGTH

# A typed value ("12,345.5", "是") is short; anything longer is not a value.
VALUE_MAX_LENGTH = 40
# One indicator is worth at most this many points (a set's total is usually 100, some use 1,000).
INDICATOR_POINTS_MAX = Decimal(1000)
MAX_TIERS = 20


def _office_regions(user):
    """The jurisdictions (down to district level) whose office the user works for: where rounds and lists are run."""
    return Region.objects.filter(
        inside(get_scope(user).office_paths, "path"), level__in=["province", "city", "county", "zone"]
    )


def _assessable_units(user):
    return (
        Unit.objects.visible_to(user)
        .active()
        .filter(kind__in=["department", "district_government", "culture_bureau"])
        .order_by("sort_order", "code")
    )


PUBLICITY_RANGE_MESSAGE = _("The public announcement lasts from 5 to 30 days.")


class RoundForm(forms.ModelForm):
    units = ModelChoicesField(
        label=_("Districts and units assessed"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    year = YearField(label=_("year assessed"))
    self_report_due = DeadlineField(label=_("self-report due"))
    review_due = DeadlineField(label=_("review due"))
    verification_due = DeadlineField(
        label=_("on-site verification due"), required=False, help_text=_("Leave empty to skip the phase.")
    )
    final_due = DeadlineField(label=_("final decision due"))
    publicity_days = forms.IntegerField(
        label=_("public announcement (days)"),
        min_value=PUBLICITY_MIN_DAYS,
        max_value=PUBLICITY_MAX_DAYS,
        initial=7,
        help_text=_("From 5 to 30 days."),
        error_messages={
            "min_value": PUBLICITY_RANGE_MESSAGE,
            "max_value": PUBLICITY_RANGE_MESSAGE,
        },
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = _office_regions(user)
            # Those the person reads; the round service checks the one chosen applies in the round's region.
            self.fields["indicator_set"].queryset = IndicatorSet.objects.visible_to(user)
        self.fields["units"].queryset = _assessable_units(user)

    def _post_clean(self):
        # The service builds and checks the round (the schedule, the office's jurisdiction); the form only reads it.
        pass


class RoundEditForm(RoundForm):
    """A round being prepared: its deadlines may stay as stored even once they are near."""

    class Meta(RoundForm.Meta):
        fields = [
            "title",
            "year",
            "self_report_due",
            "review_due",
            "verification_due",
            "publicity_days",
            "final_due",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("self_report_due", "review_due", "verification_due", "final_due"):
            self.fields[name].earliest = getattr(self.instance, name)
        if not self.is_bound:
            self.initial["units"] = [p.unit_id for p in self.instance.participants.all()]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class SubmissionValueForm(forms.Form):
    """One value of the self-report sheet; its meaning (count, percentage …) is checked by the service."""

    value = forms.CharField(label=_("value"), max_length=VALUE_MAX_LENGTH, required=False)
    note = forms.CharField(
        label=_("explanation"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


class ReviewForm(forms.Form):
    points = forms.CharField(label=_("Points"), max_length=VALUE_MAX_LENGTH)
    comment = forms.CharField(label=_("reviewer's comment"), max_length=TEXT_MAX, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("About"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=_("The round as a whole"),
    )
    text = forms.CharField(
        label=_("Objection"),
        min_length=OBJECTION_MIN_LENGTH,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.CharField(label=_("Contact (optional)"), max_length=CONTACT_MAX, required=False)

    def __init__(self, *args, assessment_round, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        field.queryset = assessment_round.participants.select_related("unit")
        field.label_from_instance = lambda participant: participant.unit.name


class HonourListForm(forms.ModelForm):
    year = YearField(label=_("year"))
    nominations_due = DeadlineField(label=_("nominations due"))

    class Meta:
        model = HonourList
        fields = ["region", "year", "title", "nominations_due"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _office_regions(user)


class NominationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("nominating unit"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("category of nominee"), choices=NomineeKind.choices)
    nominee = forms.CharField(label=_("nominee"), max_length=TITLE_MAX)
    achievements = forms.CharField(
        label=_("achievements"),
        min_length=10,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participant = forms.ModelChoiceField(
        label=_("assessment result cited"), queryset=Participant.objects.none(), required=False
    )

    def __init__(self, *args, units, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        field = self.fields["participant"]
        field.queryset = results
        field.label_from_instance = lambda p: f"{p.assessment_round.title} · {p.unit.name} · {p.final_rank}"


class JudgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (required when not retained)"), max_length=TEXT_MAX, required=False
    )


class IndicatorForm(forms.ModelForm):
    # Thresholds are values of the indicator (checked against what it measures in clean) within what the column holds.
    pass_level = forms.DecimalField(
        label=_("pass level (达标)"),
        required=False,
        min_value=0,
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
    )
    excellent_level = forms.DecimalField(
        label=_("excellence level (优秀)"),
        required=False,
        min_value=0,
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
    )
    tiers = JSONTextField(
        label=_("tiers"),
        required=False,
        max_length=500,
        help_text=_("[[threshold, points], …]"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    max_points = forms.DecimalField(
        label=_("maximum points"),
        min_value=Decimal("0.01"),
        max_value=INDICATOR_POINTS_MAX,
        max_digits=6,
        decimal_places=2,
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit_of_measure",
            "data_type",
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

    def clean_tiers(self):
        return self.cleaned_data.get("tiers") or []

    def clean(self):
        data = super().clean()
        if data.get("scoring") == Scoring.TIERS and not data.get("tiers"):
            self.add_error("tiers", _("Tier scoring needs tiers."))
        tiers = data.get("tiers") or []
        if not isinstance(tiers, list) or any(not isinstance(t, list) or len(t) != 2 for t in tiers):
            self.add_error("tiers", _("Write the tiers as [[threshold, points], …]."))
            tiers = []
        if len(tiers) > MAX_TIERS:
            self.add_error("tiers", _("At most %(max)s tiers.") % {"max": MAX_TIERS})
            tiers = []
        if not (data.get("citation") or "").strip():
            self.add_error("citation", _("Cite the source of the threshold."))
        if data.get("data_type") and data.get("scoring"):
            self._check_levels(data, tiers)
        return data

    def _check_levels(self, data, tiers) -> None:
        """Thresholds and tiers are values of the indicator: they obey what it measures (a count's threshold is
        whole, a percentage's at most 100), and a tier gives at most the indicator's maximum points."""
        probe = Indicator(
            code=self.instance.code,
            data_type=data["data_type"],
            scoring=data["scoring"],
            max_points=data.get("max_points") or INDICATOR_POINTS_MAX,
            unit_of_measure=data.get("unit_of_measure", ""),
        )
        rule = values.rule_for(probe)
        if rule is None:
            return
        for name in ("pass_level", "excellent_level"):
            if data.get(name) is not None:
                try:
                    values.check_in_rule(data[name], rule, label=str(self.fields[name].label))
                except ValidationError as exc:
                    self.add_error(name, exc)
        for threshold, points in tiers:
            try:
                values.check_in_rule(values.read_decimal(threshold), rule, label=_("tier threshold"))
                tier_points = values.read_decimal(points)
            except ValueError:
                self.add_error("tiers", _("Write the tiers as [[threshold, points], …]."))
                return
            except ValidationError as exc:
                self.add_error("tiers", exc)
                return
            if not Decimal(0) <= tier_points <= (data.get("max_points") or 0):
                self.add_error("tiers", _("A tier gives between 0 and the maximum points."))
                return
