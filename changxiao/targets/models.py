"""The target-responsibility system (目标责任体系): annual work plans, tasks, milestones and progress."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import deadline_status
from changxiao.core.models import Cancellable, CancellableQuerySet, DeadlineExtension
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope, inside

from .choices import Mechanism, ReportSchedule, TaskStatus


class WorkPlanQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "WorkPlanQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(tasks__lead_unit_id__in=scope.unit_ids) | Q(tasks__cooperating_units__in=scope.unit_ids)
        condition |= inside(scope.jurisdiction_paths, "region__path")
        condition |= inside(scope.jurisdiction_paths, "tasks__lead_unit__region__path")
        return self.filter(pk__in=WorkPlan.objects.filter(condition).values("pk"))


class WorkPlan(Cancellable):
    """年度工作计划: a jurisdiction's plan for one year, broken down into tasks (任务分解). A plan made by mistake is
    cancelled with its tasks (作废), never deleted."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    source_document = models.CharField(
        _("source document"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the city's follow-up construction plan"),
    )
    report_schedule = models.CharField(
        _("progress reports"), max_length=16, choices=ReportSchedule.choices, default=ReportSchedule.QUARTERLY
    )
    implementation_plans_due = models.DateField(
        _("implementation plans due"),
        null=True,
        blank=True,
        help_text=_("Date by which each responsible unit submits its implementation plan (实施方案)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("targets:plan_detail", args=[self.pk])

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)


class TaskQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """A unit sees the tasks it leads or cooperates on; office, district and leader those of their
        jurisdiction's plans and those led by units in their jurisdiction."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(lead_unit_id__in=scope.unit_ids)
        condition |= Q(
            pk__in=Task.cooperating_units.through.objects.filter(unit_id__in=scope.unit_ids).values("task_id")
        )
        condition |= inside(scope.jurisdiction_paths, "plan__region__path")
        condition |= inside(scope.jurisdiction_paths, "lead_unit__region__path")
        return self.filter(condition)

    def open(self) -> "TaskQuerySet":
        """Standing tasks not yet completed."""
        return self.current().exclude(status=TaskStatus.COMPLETED)

    def overdue(self, today: date) -> "TaskQuerySet":
        """Past their due date and still the lead unit's to do: a task whose completion was requested waits for the
        office, not for the unit."""
        return self.open().exclude(status=TaskStatus.AWAITING_ACCEPTANCE).filter(due_date__lt=today)


class Task(Cancellable):
    """任务: one line of the task breakdown, with its lead unit (牵头单位) and cooperating units (配合单位). A task
    entered by mistake is cancelled with a reason (作废) and leaves every count and metric."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 2.3"))
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    mechanism = models.CharField(_("mechanism"), max_length=16, choices=Mechanism.choices)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating_units = models.ManyToManyField(
        Unit, verbose_name=_("cooperating units"), blank=True, related_name="cooperating_tasks"
    )
    deliverables = models.TextField(_("deliverables"), max_length=10000, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=24, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(
        _("display order"),
        default=0,
        validators=[MaxValueValidator(999_999)],
        help_text=_("Order in the plan."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_order", "number", "pk"]
        indexes = [models.Index(fields=["plan", "status", "due_date"])]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("targets:task_detail", args=[self.pk])

    @property
    def deadline(self):
        return deadline_status(self.due_date, done_on=self.completed_on)


class Milestone(models.Model):
    """节点: a dated step of a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def deadline(self):
        return deadline_status(self.due_date, done_on=self.done_on)


class ProgressEntry(models.Model):
    """进度记录: one point of a task's progress history. Rows are only ever added, never changed."""

    class Source(models.TextChoices):
        UPDATE = "update", _("Progress update")
        REPORT = "report", _("Accepted progress report")
        ROLLUP = "rollup", _("Recomputed from sub-tasks")
        ACCEPTANCE = "acceptance", _("Completion accepted")
        REOPENING = "reopening", _("Completion withdrawn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_entries")
    percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    status = models.CharField(max_length=24, choices=TaskStatus.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    note = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgressReportQuerySet":
        return self.filter(task__in=Task.objects.visible_to(user))

    def awaiting_review(self) -> "ProgressReportQuerySet":
        return self.filter(state=ProgressReport.State.SUBMITTED)


class ProgressReport(models.Model):
    """进度报告: the lead unit's report for one period, reviewed by the office (accepted or returned); the lead unit
    may withdraw it before the review and submit it again."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=7, help_text=_("e.g. 2026-Q3 or 2026-09"))
    percent = models.PositiveSmallIntegerField(_("percent done"), validators=[MaxValueValidator(100)])
    narrative = models.TextField(_("progress"), max_length=5000)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    revision = models.PositiveSmallIntegerField(default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="report_unique_task_period")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class ReportContribution(models.Model):
    """配合单位反馈: a cooperating unit's part of the lead unit's report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("contribution"), max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.unit} → {self.report}"


class ExtensionRequest(DeadlineExtension):
    """延期申请: the lead unit asks, before the due date, for a new date; the office approves or refuses."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")

    class Meta(DeadlineExtension.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.task}: {self.current_due_date} → {self.requested_due_date}"


class CompletionRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CompletionRequestQuerySet":
        return self.filter(task__in=Task.objects.visible_to(user))

    def pending(self) -> "CompletionRequestQuerySet":
        return self.filter(state=CompletionRequest.State.SUBMITTED)


class CompletionRequest(models.Model):
    """销号申请: the lead unit asks for its task to be completed, with what was done and the evidence (attachments);
    the plan's office accepts it (the task is completed on the day it was asked) or returns it with a reason."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for acceptance")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completion_requests")
    summary = models.TextField(_("what was done"), max_length=5000)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), max_length=2000, blank=True)

    objects = CompletionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("completion request")
        verbose_name_plural = _("completion requests")

    def __str__(self) -> str:
        return f"{self.task} · {self.requested_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()


class ImplementationPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImplementationPlanQuerySet":
        """The submitting unit sees its own; the office, districts and leaders those of their jurisdiction."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(unit_id__in=scope.unit_ids)
        condition |= inside(scope.jurisdiction_paths, "work_plan__region__path")
        condition |= inside(scope.jurisdiction_paths, "unit__region__path")
        return self.filter(condition)


class ImplementationPlan(models.Model):
    """实施方案: a responsible unit's plan for carrying out its part of an annual work plan.

    Each submission is kept as a version; the state is that of the latest version."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="implementation_plans"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    first_submitted_on = models.DateField(_("first submitted on"))
    # Stored when first submitted, so that later changes of the due date do not rewrite history.
    on_time = models.BooleanField(_("submitted on time"))

    objects = ImplementationPlanQuerySet.as_manager()

    class Meta:
        ordering = ["work_plan", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "unit"], name="implementation_plan_unique_unit")
        ]
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self) -> str:
        return f"{self.unit} · {self.work_plan}"

    def get_absolute_url(self) -> str:
        return reverse("targets:implementation_detail", args=[self.pk])


class ImplementationPlanVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImplementationPlanVersionQuerySet":
        return self.filter(implementation_plan__in=ImplementationPlan.objects.visible_to(user))


class ImplementationPlanVersion(models.Model):
    """One submission of an implementation plan: its document (an attachment), summary and key measures."""

    implementation_plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ImplementationPlan.State.choices,
        default=ImplementationPlan.State.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)

    objects = ImplementationPlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["implementation_plan", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["implementation_plan", "number"], name="implementation_version_unique"
            )
        ]
        verbose_name = _("implementation plan version")
        verbose_name_plural = _("implementation plan versions")

    def __str__(self) -> str:
        return f"{self.implementation_plan} v{self.number}"


class KeyMeasure(models.Model):
    """重点举措: one key measure of an implementation plan version, optionally serving a task of the work plan."""

    version = models.ForeignKey(ImplementationPlanVersion, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("measure"), max_length=2000)
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("key measure")
        verbose_name_plural = _("key measures")

    def __str__(self) -> str:
        return self.text[:60]
