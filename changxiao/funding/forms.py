"""Forms of the funding guarantees: validation only, each field bounded by what it measures (core.bounds); the
services check the same bounds for the API."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import (
    QUANTITY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    CountField,
    MoneyField,
    PercentField,
    RecordDateField,
    YearField,
)
from changxiao.core.widgets import SearchSelect

from .choices import CULTURE_FUNCTION_NAMES, Comparator, Medium, RuleKind, Stage


class MoneyInput(MoneyField):
    """An amount in yuan; a negative one, or one with more than two decimals, is refused in words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["min_value"] = _("An amount of money cannot be negative.")
        self.error_messages["max_decimal_places"] = _(
            "Give the amount in yuan with at most two decimals (fen)."
        )
        self.error_messages["max_digits"] = _("This amount is beyond any budget.")
        self.widget.attrs.update({"inputmode": "decimal", "step": "0.01"})


class FiguresForm(forms.Form):
    year = YearField(label=_("Year"))
    regular_revenue = MoneyInput(label=_("Regular fiscal revenue (经常性收入, yuan)"))
    general_expenditure = MoneyInput(label=_("General budget expenditure (一般公共预算支出, yuan)"))
    culture_spending = MoneyInput(label=_("Culture spending, function class 207 (yuan)"))
    culture_item_name = forms.ChoiceField(
        label=_("Name of class 207 in the document"),
        choices=[(name, name) for name in CULTURE_FUNCTION_NAMES],
    )
    mechanism_funds = MoneyInput(label=_("Funds of the long-term mechanism (yuan)"), required=False)
    population = CountField(
        label=_("Resident population (persons)"),
        required=False,
        help_text=_("Leave empty to use the jurisdiction's recorded population of the year."),
    )
    population_source = forms.CharField(
        label=_("Source of the population"), max_length=TITLE_MAX, required=False
    )
    source_document = forms.CharField(
        label=_("Source document"),
        max_length=TITLE_MAX,
        help_text=_("The budget or final accounts document the figures are taken from."),
    )
    document = forms.FileField(
        label=_("The source document (file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
        help_text=_("The budget or final accounts as published: the evidence of the figures."),
    )
    reason = forms.CharField(
        label=_("Reason for the revision"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when figures of this year stand already: the older version is kept."),
    )

    def clean_population(self):
        value = self.cleaned_data.get("population")
        if value == 0:
            raise ValidationError(
                _("A jurisdiction's resident population cannot be zero: leave it empty when unknown.")
            )
        return value


class StageChoice(forms.Form):
    stage = forms.ChoiceField(label=_("Figures"), choices=Stage.choices)


class RuleForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("What it compares"), choices=RuleKind.choices)
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    window = forms.IntegerField(label=_("Window (consecutive years)"), min_value=1, max_value=5, initial=1)
    stage = forms.ChoiceField(label=_("Figures compared"), choices=Stage.choices, initial=Stage.FINAL)
    source_title = forms.CharField(label=_("Source document"), max_length=TITLE_MAX)
    source_text = forms.CharField(
        label=_("Wording of the source"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class AverageForm(forms.Form):
    year = YearField(label=_("Year"))
    per_capita = MoneyInput(label=_("Culture spending per resident (yuan)"))
    source = forms.CharField(label=_("Source"), max_length=TITLE_MAX)
    reason = forms.CharField(label=_("Reason for the revision"), max_length=TEXT_MAX, required=False)


class ReporterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, widget=SearchSelect("units"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PublishForm(forms.Form):
    year = YearField(label=_("Year"))


class MinimumForm(forms.Form):
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices)
    minimum_percent = PercentField(label=_("Minimum share (%)"))
    source = forms.CharField(label=_("Source"), max_length=TITLE_MAX)


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, widget=SearchSelect("units"))
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices)
    channel = forms.CharField(label=_("Channel, paper or site"), max_length=100)
    period_start = RecordDateField(label=_("From"))
    period_end = RecordDateField(label=_("To"))
    total = forms.DecimalField(
        label=_("Advertising resource of the period"),
        min_value=Decimal(0),
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
        help_text=_("Seconds of commercial advertising, pages, screen-hours or slots."),
    )
    public_welfare = forms.DecimalField(
        label=_("Used for public culture publicity"),
        min_value=Decimal(0),
        max_value=QUANTITY_MAX,
        max_digits=12,
        decimal_places=3,
        help_text=_("In the same measure as the resource."),
    )
    note = forms.CharField(label=_("Note"), max_length=TITLE_MAX, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FilterForm(forms.Form):
    """The year of the office's table, shared by the page and its Excel export."""

    year = YearField(label=_("Year"), required=False)
