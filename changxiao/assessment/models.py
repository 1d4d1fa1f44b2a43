"""The annual assessment (考核机制): versioned indicator sets — a tree of categories and indicators with their
requirement, scoring rule, points, veto flag, data source and the citation of every threshold."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import LONG_TEXT_MAX, TEXT_MAX
from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_applying, owned_visible
from changxiao.orgs.scope import ancestor_paths, get_scope, inside, inside_or_above

from .choices import (
    Comparator,
    DataType,
    Grade,
    NominationState,
    NomineeKind,
    Phase,
    Scoring,
    SelfReportState,
    Source,
)
from .scoring import Rule


class IndicatorSetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IndicatorSetQuerySet":
        """Shipped sets, those kept above the person's jurisdiction or unit, and those of their jurisdiction and
        inside it (orgs.owned): another city's are not among them."""
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region) -> "IndicatorSetQuerySet":
        """The sets a round of the region may assess against: shipped ones and those of the region and above."""
        return self.filter(owned_applying(region))

    def family(self, owner: Region | None, code: str) -> "IndicatorSetQuerySet":
        """The versions a jurisdiction's set of this code continues: its own, those above and shipped."""
        versions = self.filter(code=code)
        return versions.applying_in(owner) if owner is not None else versions.filter(owner__isnull=True)


class IndicatorSet(models.Model):
    """指标体系: one version of a set of indicators, loaded from a data file of the repository or edited.

    Kept by the office of a jurisdiction (owner), whose rounds and those of the regions inside it use it; without an
    owner it is shipped with the platform: read-only for everyone, and an office changes it by copying it as its
    own next version."""

    owner = models.ForeignKey(
        Region,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: shipped with the platform, read-only for everyone."),
    )
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(
        _("source"), max_length=TEXT_MAX, blank=True, help_text=_("The document the set is built from.")
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IndicatorSetQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code", "version"], name="indicator_set_unique_version"),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(owner__isnull=True),
                name="indicator_set_shipped_unique_version",
            ),
        ]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("assessment:set_detail", args=[self.pk])

    @property
    def max_points(self) -> Decimal:
        return sum((i.max_points for i in self.indicators.all()), Decimal(0))


class IndicatorCategory(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_category_unique_code")
        ]
        verbose_name = _("indicator category")
        verbose_name_plural = _("indicator categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators")
    category = models.ForeignKey(IndicatorCategory, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    data_type = models.CharField(_("data type"), max_length=16, choices=DataType.choices)
    comparator = models.CharField(_("requirement"), max_length=8, choices=Comparator.choices)
    pass_level = models.DecimalField(
        _("pass level (达标)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    excellent_level = models.DecimalField(
        _("excellence level (优秀)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    scoring = models.CharField(_("scoring"), max_length=16, choices=Scoring.choices)
    tiers = models.JSONField(_("tiers"), default=list, blank=True, help_text=_("[[threshold, points], …]"))
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    veto = models.BooleanField(_("veto (一票否决)"), default=False)
    source = models.CharField(_("data source"), max_length=16, choices=Source.choices)
    metric_code = models.CharField(_("metric"), max_length=80, blank=True)
    guidance = models.TextField(_("guidance"), max_length=TEXT_MAX, blank=True)
    citation = models.TextField(_("source of the threshold"), max_length=TEXT_MAX, blank=True)
    verified = models.BooleanField(
        _("threshold verified"),
        default=True,
        help_text=_("Unticked: not yet checked against an official text."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator_set", "category__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_unique_code")
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def rule(self) -> Rule:
        return Rule(
            code=self.code,
            comparator=self.comparator,
            scoring=self.scoring,
            max_points=self.max_points,
            pass_level=self.pass_level,
            excellent_level=self.excellent_level,
            tiers=tuple((Decimal(str(t)), Decimal(str(p))) for t, p in self.tiers),
            veto=self.veto,
        )


class AssessmentRoundQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "AssessmentRoundQuerySet":
        """The office and leaders of the jurisdiction, and the participating units (published rounds: everyone of
        the jurisdiction assessed — another city's staff read them on the public site like anyone)."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(participants__unit_id__in=scope.unit_ids)
        above = sorted({path for own in scope.region_paths for path in ancestor_paths(own)})
        if above:
            condition |= Q(phase=Phase.PUBLISHED, region__path__in=above)
        condition |= inside(scope.jurisdiction_paths, "region__path")
        return self.filter(pk__in=AssessmentRound.objects.filter(condition).values("pk"))


# The public announcement (公示) of results lasts at least five days: the common rule for announcing who is assessed
# or commended (e.g. 《党政领导干部选拔任用工作条例》第四十五条 "公示期不少于五个工作日"; calls for 表彰 and
# 考核结果 publish 5–7 days as a rule). More than a month only delays the final decision without adding oversight.
PUBLICITY_MIN_DAYS = 5
PUBLICITY_MAX_DAYS = 30


class AssessmentRound(Cancellable):
    """考核轮次: one year's assessment of districts and/or member units against one indicator set version."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year assessed"))
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.PROTECT, related_name="rounds"
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    self_report_due = models.DateField(_("self-report due"))
    review_due = models.DateField(_("review due"))
    verification_due = models.DateField(
        _("on-site verification due"), null=True, blank=True, help_text=_("Leave empty to skip the phase.")
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("public announcement (days)"),
        default=7,
        validators=[MinValueValidator(PUBLICITY_MIN_DAYS), MaxValueValidator(PUBLICITY_MAX_DAYS)],
        help_text=_("From 5 to 30 days."),
    )
    publicity_started_on = models.DateField(_("announced on"), null=True, blank=True)
    final_due = models.DateField(_("final decision due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AssessmentRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:round_detail", args=[self.pk])

    @property
    def publicity_ends_on(self):
        if self.publicity_started_on is None:
            return None
        return self.publicity_started_on + timedelta(days=self.publicity_days)

    @property
    def current_due(self):
        return {
            Phase.SELF_REPORT: self.self_report_due,
            Phase.REVIEW: self.review_due,
            Phase.VERIFICATION: self.verification_due,
            Phase.PUBLICITY: self.publicity_ends_on,
            Phase.FINAL: self.final_due,
        }.get(self.phase)


class Participant(models.Model):
    """A unit assessed in a round; districts are measured over their jurisdiction, departments over themselves."""

    assessment_round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    # Stored at publication: the figures that were announced never change afterwards.
    final_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    final_grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)
    final_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    self_report_state = models.CharField(
        _("self-report"), max_length=16, choices=SelfReportState.choices, default=SelfReportState.DRAFT
    )
    submitted_at = models.DateTimeField(_("self-report submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["assessment_round", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment_round", "unit"], name="participant_unique_unit")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.unit} · {self.assessment_round}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:participant_sheet", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.self_report_state == SelfReportState.SUBMITTED

    @property
    def metric_subject(self):
        return self.unit.region if self.unit.kind in DISTRICT_KINDS else self.unit


DISTRICT_KINDS = ("district_government", "culture_bureau")


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubmissionQuerySet":
        """Evidence is seen by the participant and those who see the round while it is not yet published."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(participant__unit_id__in=scope.unit_ids)
        condition |= inside(scope.jurisdiction_paths, "participant__assessment_round__region__path")
        return self.filter(condition)


class Submission(models.Model):
    """One participant's value for one indicator: self-reported (or computed), then reviewed."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="submissions")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    # 16 digits hold every value the rules of assessment.values admit (money up to a trillion yuan, three decimals).
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3, null=True, blank=True)
    note = models.TextField(_("explanation"), max_length=TEXT_MAX, blank=True)
    metric_url = models.CharField(max_length=300, blank=True)
    self_points = models.DecimalField(_("self-score"), max_digits=6, decimal_places=2, default=0)
    explanation = models.CharField(max_length=300, blank=True)
    reviewer_points = models.DecimalField(
        _("reviewer's score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    review_comment = models.TextField(_("reviewer's comment"), max_length=TEXT_MAX, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["participant", "indicator__category__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "indicator"], name="submission_unique_indicator")
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.participant} · {self.indicator.code}"

    @property
    def points(self) -> Decimal:
        return self.reviewer_points if self.reviewer_points is not None else self.self_points


class ObjectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ObjectionQuerySet":
        return self.filter(assessment_round__in=AssessmentRound.objects.visible_to(user))


class Objection(models.Model):
    """公示异议: filed by anyone on the public page while the results are announced; answered by the office."""

    assessment_round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="objections")
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("objection"), max_length=TEXT_MAX)
    contact = models.CharField(_("contact (optional)"), max_length=60, blank=True)
    filed_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), max_length=TEXT_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.assessment_round} · {self.filed_at:%Y-%m-%d}"


class HonourListQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HonourListQuerySet":
        """Every signed-in person sees the calls for nominations of their regions; published lists are public."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(Q(published_at__isnull=False) | inside_or_above(scope.region_paths))


class HonourList(models.Model):
    """表彰: a call for nominations for a year, then the published honour list."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    nominations_due = models.DateField(_("nominations due"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HonourListQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("honour list")
        verbose_name_plural = _("honour lists")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:honour_detail", args=[self.pk])


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NominationQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(unit_id__in=scope.unit_ids)
        condition |= inside(scope.office_paths, "honour_list__region__path")
        return self.filter(condition)


class Nomination(models.Model):
    """A nomination by a unit, with its supporting material; reviewed, then decided by the office."""

    honour_list = models.ForeignKey(HonourList, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("nominating unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("category of nominee"), max_length=16, choices=NomineeKind.choices)
    nominee = models.CharField(_("nominee"), max_length=200)
    achievements = models.TextField(_("achievements"), max_length=LONG_TEXT_MAX)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("assessment result cited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=NominationState.choices, default=NominationState.SUBMITTED
    )
    review_comment = models.TextField(_("review comment"), max_length=TEXT_MAX, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=TEXT_MAX, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["honour_list", "kind", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.nominee} ({self.get_kind_display()})"
