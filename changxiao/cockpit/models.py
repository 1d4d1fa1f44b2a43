"""The leaders' cockpit (领导驾驶舱): the layouts the office arranges per audience, the figures it shows (computed from
the metric registry and kept with the time they were computed), the meeting snapshots with their decisions, and the
annual long-term management report."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.metric_targets import HIGHER, LOWER
from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope, inside, inside_or_above

TEXT_MAX = 4000
REPORT_TEXT_MAX = 20000


class Audience(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading group")
    DISTRICT_LEADER = "district_leader", _("District leader")
    DEPARTMENT_LEADER = "department_leader", _("Department leader")
    WALL_SCREEN = "wall_screen", _("Wall screen")


class Direction(models.TextChoices):
    HIGHER = HIGHER, _("Higher is better")
    LOWER = LOWER, _("Lower is better")


class LayoutQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LayoutQuerySet":
        """The layouts of the person's jurisdictions and of the jurisdictions above them (a district leader reads
        the city's 'district leader' layout for the district)."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(inside_or_above(scope.jurisdiction_paths))


class Layout(models.Model):
    """驾驶舱布局: which figures a cockpit shows, in which order, for an audience; kept by a jurisdiction's office."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    audience = models.CharField(_("shown to"), max_length=24, choices=Audience.choices)
    is_default = models.BooleanField(
        _("shown first"), default=False, help_text=_("The layout a person of the jurisdiction sees first.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LayoutQuerySet.as_manager()

    class Meta:
        ordering = ["region__path", "-is_default", "name", "pk"]
        verbose_name = _("cockpit layout")
        verbose_name_plural = _("cockpit layouts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cockpit:layout_detail", args=[self.pk])


class Tile(models.Model):
    """指标卡: one figure of a layout, with the office's own target when it sets one (else the indicator set's)."""

    layout = models.ForeignKey(Layout, on_delete=models.CASCADE, related_name="tiles")
    metric_code = models.CharField(_("metric"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=[MaxValueValidator(999)])
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, blank=True)
    target = models.DecimalField(
        _("target (pass)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(-(10**10)), MaxValueValidator(10**10)],
    )
    excellent = models.DecimalField(
        _("excellence level"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(-(10**10)), MaxValueValidator(10**10)],
    )
    target_source = models.CharField(
        _("source of the target"),
        max_length=500,
        blank=True,
        help_text=_("The law, standard or decision the target comes from."),
    )

    class Meta:
        ordering = ["layout", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "metric_code"], name="cockpit_tile_unique_metric")
        ]
        verbose_name = _("tile")
        verbose_name_plural = _("tiles")

    def __str__(self) -> str:
        return self.metric_code

    @property
    def overrides_target(self) -> bool:
        return bool(self.direction) and self.target is not None


class MetricFigure(models.Model):
    """指标数值: a figure of the registry computed for a jurisdiction or a unit and a year, kept with the time it was
    computed so that the cockpit opens fast and says how fresh each figure is."""

    metric_code = models.CharField(_("metric"), max_length=80)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3, null=True, blank=True)
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    records_url = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric_code", "region", "unit", "year"],
                name="cockpit_figure_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["computed_at"])]
        verbose_name = _("computed figure")
        verbose_name_plural = _("computed figures")

    def __str__(self) -> str:
        return f"{self.metric_code} {self.year}"


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SnapshotQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(inside(scope.jurisdiction_paths, "region__path"))


class Snapshot(models.Model):
    """会议快照: the cockpit frozen for a leading-group meeting (联席会议) — its figures and warnings stored as data,
    never changed afterwards — with the decisions taken at the meeting."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("meeting"), max_length=200)
    meeting_date = models.DateField(_("meeting date"))
    layout_name = models.CharField(_("layout"), max_length=100)
    tiles = models.JSONField(default=list, editable=False)
    warnings = models.JSONField(default=list, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("meeting snapshot")
        verbose_name_plural = _("meeting snapshots")

    def __str__(self) -> str:
        return f"{self.meeting_date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cockpit:snapshot_detail", args=[self.pk])


class Decision(Cancellable):
    """会议决定: what the meeting decided, and the follow-up task created from it in the target system. A decision
    entered by mistake is cancelled with a reason, never deleted."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"), max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # The follow-up task (core.events.follow_up_task_open): the target system's number and page.
    task_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    task_reference = models.CharField(_("follow-up task"), max_length=330, blank=True, editable=False)
    task_url = models.CharField(max_length=200, blank=True, editable=False)

    objects = CancellableQuerySet.as_manager()

    class Meta:
        ordering = ["snapshot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "number"], name="cockpit_decision_unique_number")
        ]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self) -> str:
        return f"{self.snapshot} · {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("cockpit:snapshot_detail", args=[self.snapshot_id]) + f"#decision-{self.number}"


class ReportQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(inside(scope.jurisdiction_paths, "region__path"))


class AnnualReport(Cancellable):
    """年度长效管理工作报告: one version of a jurisdiction's annual report, compiled from every mechanism's section.
    A draft's texts are edited by the office; an issued version never changes (a new draft starts the next)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    # [{key, title, text, figures: [{label, value, url, number}]}] — the figures as compiled, the text as edited.
    sections = models.JSONField(default=list, editable=False)
    compiled_at = models.DateTimeField(_("figures compiled at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "version"], name="cockpit_report_unique_version"
            )
        ]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("cockpit:report_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT and not self.is_cancelled
