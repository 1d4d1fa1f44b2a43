from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import LONG_TEXT_MAX, TEXT_MAX, DeadlineField, PlannedDateField
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import keeping_regions
from changxiao.orgs.scope import within

from .models import Campaign, Question, Questionnaire

MAX_QUOTA = 10_000_000
MAX_MIN_SECONDS = 3600


def _label(name: str):
    return capfirst(Campaign._meta.get_field(name).verbose_name)


class CampaignPeriodFields(forms.ModelForm):
    """A campaign's period, quota and minimum answering time within sense, whatever the database would hold: it
    ends on a day ahead (not decades ahead); a quota of 0 would read as no quota at all, and a minimum time of hours
    would flag every response."""

    starts_on = PlannedDateField(label=_label("starts_on"))
    ends_on = DeadlineField(label=_label("ends_on"))
    quota = forms.IntegerField(
        label=_label("quota"),
        min_value=1,
        max_value=MAX_QUOTA,
        required=False,
        help_text=Campaign._meta.get_field("quota").help_text,
    )
    min_seconds = forms.IntegerField(
        label=_label("min_seconds"),
        min_value=0,
        max_value=MAX_MIN_SECONDS,
        initial=20,
        help_text=Campaign._meta.get_field("min_seconds").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["ends_on"].earliest = self.instance.ends_on


class CampaignForm(CampaignPeriodFields):
    class Meta:
        model = Campaign
        fields = ["title", "questionnaire", "region", "starts_on", "ends_on", "quota", "min_seconds"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Those the person reads; the campaign service checks the one chosen applies in the campaign's region.
        self.fields["questionnaire"].queryset = Questionnaire.objects.visible_to(user).filter(
            published_at__isnull=False
        )
        self.fields["region"].queryset = (
            Region.objects.managed_by(user)
            .filter(level__in=["province", "city", "county", "zone"])
            .order_by("path")
        )


class CampaignRepeatForm(forms.ModelForm):
    """The survey run again: a new title and period, and the version to answer — the newest published version of
    the source's questionnaire unless the office picks another."""

    starts_on = PlannedDateField(label=_label("starts_on"))
    ends_on = DeadlineField(label=_label("ends_on"))

    class Meta:
        model = Campaign
        fields = ["title", "questionnaire", "starts_on", "ends_on"]

    def __init__(self, *args, source: Campaign, **kwargs):
        published = Questionnaire.objects.applying_in(source.region).filter(published_at__isnull=False)
        newest = published.filter(code=source.questionnaire.code).order_by("-version").first()
        super().__init__(*args, initial={"title": source.title, "questionnaire": newest}, **kwargs)
        self.fields["questionnaire"].queryset = published


class CampaignEditForm(CampaignPeriodFields):
    """What the office may change once a campaign exists: not its questionnaire version or jurisdiction, which its
    responses and links belong to, and not its start once responses came in."""

    class Meta:
        model = Campaign
        fields = ["title", "starts_on", "ends_on", "quota", "min_seconds"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.responses.exists():
            self.fields["starts_on"].disabled = True
            self.fields["starts_on"].help_text = _("Responses came in: the start stays.")


class TargetForm(forms.Form):
    label = forms.CharField(
        label=_("Target"), max_length=200, required=False, help_text=_("e.g. an outreach activity")
    )
    region = forms.ModelChoiceField(label=_("District"), queryset=Region.objects.none(), required=False)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.subtree(campaign.region)
            .filter(level__in=["county", "zone", "township"])
            .order_by("path")
        )
        self.fields["venue"].queryset = (
            Unit.objects.active().filter(within(campaign.region), kind="venue").order_by("sort_order", "code")
        )


class QuestionnaireNewForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Its campaigns and those of the regions inside it use the questionnaire."),
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Letters, digits, - and _; it stays the same across versions."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = keeping_regions(user)
        self.fields["owner"].queryset = regions
        if len(regions) < 2:
            # One jurisdiction: nothing to choose (an empty value means the first the person keeps).
            self.fields["owner"].widget = forms.HiddenInput()


class QuestionnaireMetaForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "introduction", "sources"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 2}),
            "sources": forms.Textarea(attrs={"rows": 2}),
        }


class DimensionsForm(forms.Form):
    text = forms.CharField(
        label=_("Dimensions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("One per line: code | name | weight, e.g. facilities | 设施 | 0.2"),
    )


def parse_choices(text: str) -> list[list[str]]:
    """One answer per line: value | label, or just the label (numbered 1, 2, 3 …)."""
    choices, seen = [], set()
    for number, line in enumerate((ln.strip() for ln in text.splitlines() if ln.strip()), start=1):
        value, _sep, label = line.partition("|")
        value, label = (value.strip(), label.strip()) if _sep else (str(number), value.strip())
        if not value or not label or len(value) > 40 or len(label) > 200:
            raise forms.ValidationError(
                _("Each answer: value | label (value up to 40, label up to 200 characters).")
            )
        if value in seen:
            raise forms.ValidationError(_("The value %(v)s is used twice.") % {"v": value})
        seen.add(value)
        choices.append([value, label])
    if len(choices) > 60:
        raise forms.ValidationError(_("At most 60 answers."))
    return choices


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Answers offered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text=_(
            "For single and multiple choice: one answer per line, value | label (or just the label)."
        ),
    )
    condition_question = forms.ChoiceField(label=_("Show only when question"), required=False)
    condition_values = forms.CharField(
        label=_("has one of these answers"),
        required=False,
        max_length=300,
        help_text=_("Answer values separated by commas."),
    )

    weight = forms.DecimalField(
        label=capfirst(Question._meta.get_field("weight").verbose_name),
        min_value=Decimal(0),
        max_value=Decimal("99.999"),
        max_digits=5,
        decimal_places=3,
        initial=Decimal(1),
        error_messages={
            "min_value": _(
                "A weight cannot be negative: 0 leaves the question out of its dimension's average; 1 is usual."
            )
        },
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "code",
            "kind",
            "text",
            "help_text",
            "required",
            "dimension",
            "weight",
            "minimum",
            "maximum",
        ]
        labels = {"section": _("Section")}
        help_texts = {
            "minimum": _(
                "Whole numbers, decimals and dates: the smallest answer accepted (a date as 2026-01-31)."
            ),
            "maximum": _(
                "Whole numbers, decimals and dates: the largest answer accepted; empty for no bound."
            ),
        }

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.questionnaire = questionnaire
        self.fields["section"].queryset = questionnaire.sections.all()
        self.fields["section"].empty_label = None
        self.fields["dimension"] = forms.ChoiceField(
            label=_("Dimension"),
            required=False,
            choices=[("", _("— not in the index —"))]
            + [(d["code"], d["name"]) for d in questionnaire.dimensions],
            help_text=_("5-point scale questions only."),
        )
        others = questionnaire.questions.exclude(pk=self.instance.pk).order_by("position")
        self.fields["condition_question"].choices = [("", "—")] + [
            (q.code, f"{q.code} {q.text}") for q in others
        ]
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(
                f"{v} | {label}" for v, label in self.instance.choices
            )
            condition = self.instance.condition or {}
            self.fields["condition_question"].initial = condition.get("question", "")
            self.fields["condition_values"].initial = ", ".join(condition.get("in", []))

    def clean_choices_text(self):
        return parse_choices(self.cleaned_data["choices_text"])

    def clean(self):
        data = super().clean()
        source = data.get("condition_question")
        values = [v.strip() for v in (data.get("condition_values") or "").split(",") if v.strip()]
        if source and not values:
            self.add_error("condition_values", _("Name the answers that show this question."))
        self.instance.choices = data.get("choices_text") or []
        self.instance.condition = {"question": source, "in": values} if source else {}
        return data
