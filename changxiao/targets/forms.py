from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import (
    LONG_TEXT_MAX,
    TEXT_MAX,
    DeadlineField,
    ModelChoicesField,
    PlannedDateField,
    YearField,
)
from changxiao.core.deadlines import local_today
from changxiao.core.widgets import SearchSelect
from changxiao.orgs.models import Region, Unit

from .choices import REPORTED_PERCENT_MAX, Mechanism, TaskStatus
from .models import Milestone, Task, WorkPlan


class WorkPlanForm(forms.ModelForm):
    year = YearField(label=_("Year"))
    implementation_plans_due = DeadlineField(
        label=_("Implementation plans due"),
        required=False,
        help_text=_("Date by which each responsible unit submits its implementation plan (实施方案)."),
    )

    class Meta:
        model = WorkPlan
        fields = ["region", "year", "title", "source_document", "report_schedule", "implementation_plans_due"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["implementation_plans_due"].earliest = self.instance.implementation_plans_due
        self.fields["region"].queryset = Region.objects.managed_by(user).filter(
            level__in=["province", "city", "county", "zone"]
        )
        if not self.instance.pk:
            self.fields["year"].initial = local_today().year


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "parent",
            "number",
            "title",
            "description",
            "mechanism",
            "lead_unit",
            "cooperating_units",
            "deliverables",
            "weight",
            "due_date",
            "status",
            "sort_order",
        ]
        widgets = {"cooperating_units": forms.SelectMultiple(attrs={"size": 8})}
        field_classes = {"cooperating_units": ModelChoicesField}

    due_date = DeadlineField(label=_("Due date"))
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("1"),
        help_text=_("The task's share in its parent's progress."),
    )
    sort_order = forms.IntegerField(
        label=_("Display order"), min_value=0, max_value=999_999, initial=0, help_text=_("Order in the plan.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)],
        initial=TaskStatus.NOT_STARTED,
        help_text=_("A task is completed when the office accepts its lead unit's completion request."),
    )

    def __init__(self, *args, user, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["due_date"].earliest = self.instance.due_date
        units = Unit.objects.managed_by(user).active()
        self.fields["lead_unit"].queryset = units
        self.fields["cooperating_units"].queryset = units
        parents = plan.tasks.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields.pop("status")  # progress changes go through a progress update, not the edit form
        self.fields["parent"].queryset = parents
        self.plan = plan

    def clean(self):
        data = super().clean()
        lead, cooperating = data.get("lead_unit"), data.get("cooperating_units")
        if lead and cooperating and lead in cooperating:
            self.add_error("cooperating_units", _("The lead unit cannot also be a cooperating unit."))
        due = data.get("due_date")
        if due and due < self.plan.first_day:
            self.add_error("due_date", _("The due date falls before the plan's year."))
        return data


def _reported_percent(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=REPORTED_PERCENT_MAX,
        help_text=_(
            "Up to 99 %: a finished task is completed by requesting completion with its evidence (申请销号)."
        ),
        error_messages={
            "max_value": _(
                "At most %(limit_value)s: when the task is done, request completion with its evidence (申请销号)."
            )
        },
        **kwargs,
    )


class ProgressForm(forms.Form):
    percent = _reported_percent()
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    percent = _reported_percent()
    narrative = forms.CharField(
        label=_("Progress of the period"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, p) for p in periods]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return for revision"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContributionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), widget=SearchSelect("units"))
    text = forms.CharField(
        label=_("Our contribution"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None


class MilestoneForm(forms.ModelForm):
    due_date = PlannedDateField(label=_("Due date"))

    class Meta:
        model = Milestone
        fields = ["title", "due_date"]


class CompletionRequestForm(forms.Form):
    """销号申请: what was done, with the evidence (files come from the request's FILES)."""

    summary = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the result against the task's deliverables; attach the evidence below."),
    )


class CompletionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept the completion")), ("return", _("Return"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning the request."),
    )


class ReasonForm(forms.Form):
    """The reason of a correction: cancelling, withdrawing, reopening."""

    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ImplementationForm(forms.Form):
    """The head of an implementation plan submission; its key measures come in a MeasureFormSet."""

    unit = forms.ModelChoiceField(label=_("Submitting unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Main goals and arrangements; one point per line makes versions easier to compare."),
    )
    document = forms.FileField(label=_("Implementation plan document"), help_text=_("PDF or Word"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].empty_label = None


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Key measure"), max_length=2000, required=False)
    task = forms.ModelChoiceField(label=_("Task served"), queryset=Task.objects.none(), required=False)
    due_date = PlannedDateField(label=_("Due date"), required=False)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["task"].empty_label = _("— none —")

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and (data.get("task") or data.get("due_date")):
            self.add_error("text", _("Describe the measure, or clear the row."))
        return data


class BaseMeasureFormSet(forms.BaseFormSet):
    def measures(self) -> list[dict]:
        """The filled rows, in order; empty rows are ignored."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("text", "").strip()]


MeasureFormSet = forms.formset_factory(MeasureForm, formset=BaseMeasureFormSet, extra=0, max_num=100)


class ImplementationReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return for revision"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


DUE_WINDOWS = [
    ("", _("Any due date")),
    ("overdue", _("Overdue")),
    ("30", _("Due within 30 days")),
    ("90", _("Due within 90 days")),
]


class TaskFilterForm(forms.Form):
    """The plan board's filters, shared by the board and its Excel export."""

    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), widget=SearchSelect("units")
    )
    mechanism = forms.ChoiceField(
        label=_("Mechanism"), required=False, choices=[("", _("All mechanisms")), *Mechanism.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *TaskStatus.choices]
    )
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_WINDOWS)

    def __init__(self, *args, user, plan: WorkPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).active()
        if plan is not None:
            # Only the units the plan's tasks name: a city has thousands of venues, too many for a menu.
            units = units.filter(Q(led_tasks__plan=plan) | Q(cooperating_tasks__plan=plan)).distinct()
        self.fields["unit"].queryset = units.order_by("sort_order", "code")
        self.fields["unit"].empty_label = _("All units")

    def filter(self, queryset: QuerySet, today: date | None = None) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        today = today or local_today()
        if data["q"]:
            queryset = queryset.filter(Q(title__icontains=data["q"]) | Q(number__startswith=data["q"]))
        if data["unit"]:
            unit = data["unit"]
            queryset = queryset.filter(Q(lead_unit=unit) | Q(cooperating_units=unit)).distinct()
        if data["mechanism"]:
            queryset = queryset.filter(mechanism=data["mechanism"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["due"] == "overdue":
            queryset = queryset.overdue(today)
        elif data["due"]:
            queryset = queryset.open().filter(due_date__lte=today + timedelta(days=int(data["due"])))
        return queryset
