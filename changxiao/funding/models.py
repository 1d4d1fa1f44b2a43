"""Guarantees of money and publicity resources (保障机制·经费与公益宣传, seed 三(四)): the fiscal figures of each
jurisdiction and year with their source documents and revisions, the seed's funding rules kept as data and checked
on every revision, the provincial averages they compare with, what the office publishes, and the public-welfare
publicity resources the media and outdoor-advertising units report.

Who sees what follows the jurisdiction: the managers and leaders of a jurisdiction read its figures, the finance unit
the office designates reads and enters those it reports, and the public reads what the office publishes."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import TEXT_MAX, TITLE_MAX
from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_applying, owned_visible
from changxiao.orgs.scope import get_scope, inside, inside_or_above

from .choices import CheckState, Comparator, Medium, RuleKind, Stage
from .rules import share_met

MONEY = {"max_digits": 14, "decimal_places": 2}


class OwnedQuerySet(models.QuerySet):
    """Settings kept by a jurisdiction (orgs.owned): what a person reads, what applies in a region."""

    def visible_to(self, user):
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region):
        return self.filter(owned_applying(region))


class FiscalReporter(models.Model):
    """财政数据报送单位: the unit (usually the finance bureau) the office designates to enter the fiscal figures of its
    jurisdiction and of every jurisdiction inside it."""

    owner = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField(_("designated at"), default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["owner__path", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["owner", "unit"], name="funding_reporter_unique")]
        verbose_name = _("unit reporting fiscal figures")
        verbose_name_plural = _("units reporting fiscal figures")

    def __str__(self) -> str:
        return f"{self.owner} · {self.unit}"


class FiscalRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The managers and leaders of a jurisdiction read its figures; the designated finance unit those it reports."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        reported = FiscalReporter.objects.filter(unit_id__in=scope.unit_ids).values_list(
            "owner__path", flat=True
        )
        return self.filter(
            inside(scope.jurisdiction_paths, "region__path") | inside(tuple(reported), "region__path")
        )

    def current(self):
        """The version that stands of each region, year and stage: revisions keep the older ones, a cancelled
        version (entered by mistake) stands nowhere."""
        return self.filter(superseded_at__isnull=True, cancelled_at__isnull=True)


class FiscalRecord(Cancellable):
    """财政数据: one jurisdiction's fiscal figures of a year — the budget (预算) or the final accounts (决算) — in
    yuan, with the document they are taken from. A correction is a new version with its reason; the older versions
    stay (superseded) and the current one is what the rules read."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("figures"), max_length=8, choices=Stage.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    regular_revenue = models.DecimalField(_("regular fiscal revenue (经常性收入, yuan)"), **MONEY)
    general_expenditure = models.DecimalField(
        _("general budget expenditure (一般公共预算支出, yuan)"), **MONEY
    )
    culture_spending = models.DecimalField(_("culture spending, function class 207 (yuan)"), **MONEY)
    culture_item_name = models.CharField(
        _("name of class 207 in the document"),
        max_length=20,
        default="文化旅游体育与传媒支出",
        help_text=_("文化体育与传媒支出 in the older years, 文化旅游体育与传媒支出 now: both are class 207."),
    )
    mechanism_funds = models.DecimalField(
        _("funds of the long-term mechanism (yuan)"), null=True, blank=True, **MONEY
    )
    population = models.PositiveIntegerField(_("resident population (persons)"), null=True, blank=True)
    population_source = models.CharField(_("source of the population"), max_length=TITLE_MAX, blank=True)
    source_document = models.CharField(_("source document"), max_length=TITLE_MAX)
    reason = models.TextField(_("reason for the revision"), max_length=TEXT_MAX, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = FiscalRecordQuerySet.as_manager()

    class Meta:
        ordering = ["region__path", "-year", "stage", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "stage", "version"], name="funding_record_unique_version"
            ),
            models.UniqueConstraint(
                fields=["region", "year", "stage"],
                condition=Q(superseded_at__isnull=True),
                name="funding_record_one_current",
            ),
        ]
        verbose_name = _("fiscal figures")
        verbose_name_plural = _("fiscal figures")

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_stage_display()} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("funding:record", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None and self.cancelled_at is None

    @property
    def culture_per_capita(self) -> Decimal | None:
        """Culture spending per resident; None when the population is missing (never a division by nothing)."""
        if not self.population:
            return None
        return (self.culture_spending / self.population).quantize(Decimal("0.01"))


class ProvincialAverage(models.Model):
    """本省人均文化支出: a province's average per-capita culture spending of a year, from a statistical yearbook or
    another document; a revision is a new version with its reason."""

    province = models.ForeignKey(
        Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    per_capita = models.DecimalField(_("culture spending per resident (yuan)"), **MONEY)
    source = models.CharField(_("source"), max_length=TITLE_MAX)
    reason = models.TextField(_("reason for the revision"), max_length=TEXT_MAX, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class QuerySet(models.QuerySet):
        def current(self):
            return self.filter(superseded_at__isnull=True)

        def visible_to(self, user):
            """A province's averages are read by everyone working in it (and the regions above and inside)."""
            scope = get_scope(user)
            if scope.is_superuser:
                return self
            return self.filter(inside_or_above(scope.region_paths, "province__path"))

    objects = QuerySet.as_manager()

    class Meta:
        ordering = ["province__path", "-year", "-entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=Q(superseded_at__isnull=True),
                name="funding_average_one_current",
            ),
        ]
        verbose_name = _("provincial average")
        verbose_name_plural = _("provincial averages")

    def __str__(self) -> str:
        return f"{self.province} {self.year}: {self.per_capita}"


class FundingRule(models.Model):
    """经费保障规则: one rule of the seed or of a standard, as data — what it compares, how (不低于 or 高于), over how
    many consecutive years, on which figures, and the text it comes from. Kept by the office of a jurisdiction and
    applied there and in every jurisdiction inside it."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=TITLE_MAX)
    kind = models.CharField(_("what it compares"), max_length=16, choices=RuleKind.choices)
    comparator = models.CharField(
        _("comparator"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    window = models.PositiveSmallIntegerField(
        _("window (consecutive years)"),
        default=1,
        help_text=_("Every year of the window must pass: 2 for 近两年."),
    )
    stage = models.CharField(_("figures compared"), max_length=8, choices=Stage.choices, default=Stage.FINAL)
    source_title = models.CharField(_("source document"), max_length=TITLE_MAX)
    source_text = models.TextField(_("wording of the source"), max_length=TEXT_MAX)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["owner__path", "code"]
        constraints = [models.UniqueConstraint(fields=["owner", "code"], name="funding_rule_unique_code")]
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")

    def __str__(self) -> str:
        return self.name


class RuleCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(region__in=_visible_regions(user))


def _visible_regions(user):
    scope = get_scope(user)
    if scope.is_superuser:
        return Region.objects.all()
    reported = FiscalReporter.objects.filter(unit_id__in=scope.unit_ids).values_list("owner__path", flat=True)
    return Region.objects.filter(inside(scope.jurisdiction_paths, "path") | inside(tuple(reported), "path"))


class RuleCheck(models.Model):
    """规则核查结果: a rule's result for a jurisdiction and a year, with the numbers it was decided on (detail), and
    the supervision finding opened when it was not met — once per rule, jurisdiction and year."""

    rule = models.ForeignKey(
        FundingRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="checks"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("result"), max_length=8, choices=CheckState.choices)
    # The evaluation of each year of the window: numbers as strings and the reason code (rules.py).
    detail = models.JSONField(_("numbers"), default=list)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    finding_id = models.PositiveIntegerField(_("finding"), null=True, blank=True)
    finding_reference = models.CharField(_("finding number"), max_length=40, blank=True)
    finding_url = models.CharField(_("finding page"), max_length=200, blank=True)
    # How supervision ended the finding (core.events.FindingOutcome), told through core.events.finding_outcome.
    finding_outcome = models.CharField(_("outcome of the finding"), max_length=32, blank=True)
    # Why no finding could be opened (no government unit, no office to record it), shown beside the result.
    finding_note = models.CharField(_("note on the finding"), max_length=TITLE_MAX, blank=True)

    objects = RuleCheckQuerySet.as_manager()

    class Meta:
        ordering = ["region__path", "-year", "rule__code"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "region", "year"], name="funding_check_unique"),
        ]
        verbose_name = _("rule check")
        verbose_name_plural = _("rule checks")

    def __str__(self) -> str:
        return f"{self.rule.code} {self.region} {self.year}: {self.state}"

    @property
    def finding_outcome_label(self) -> str:
        return _outcome_label(self.finding_outcome)


def _outcome_label(value: str) -> str:
    """How supervision ended the finding, in its own words (core.events.FindingOutcome)."""
    from changxiao.core.events import FindingOutcome

    return str(FindingOutcome(value).label) if value in FindingOutcome.values else value


class FiscalPublication(models.Model):
    """向社会公布: the office makes a jurisdiction's figures of a year and their rule results public; withdrawing
    keeps the record with the reason."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=TEXT_MAX, blank=True)

    class QuerySet(models.QuerySet):
        def standing(self):
            return self.filter(withdrawn_at__isnull=True)

    objects = QuerySet.as_manager()

    class Meta:
        ordering = ["region__path", "-year", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(withdrawn_at__isnull=True),
                name="funding_publication_one_standing",
            ),
        ]
        verbose_name = _("publication of fiscal figures")
        verbose_name_plural = _("publications of fiscal figures")

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class AdMinimum(models.Model):
    """公益宣传最低比重: the least share of a medium's advertising resources given to public-welfare publicity, with
    the document it comes from (e.g. 广播电视广告播出管理办法: public-service ads ≥ 3% of commercial ad time per
    channel and day). Kept by the office of a jurisdiction."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    minimum_percent = models.DecimalField(_("minimum share (%)"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=TITLE_MAX)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["owner__path", "medium"]
        constraints = [models.UniqueConstraint(fields=["owner", "medium"], name="funding_minimum_unique")]
        verbose_name = _("minimum publicity share")
        verbose_name_plural = _("minimum publicity shares")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} ≥ {self.minimum_percent}%"


class AdReportQuerySet(CancellableQuerySet):
    def visible_to(self, user):
        """A media unit reads its own reports; the managers and leaders of its jurisdiction read them all."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        return self.filter(
            Q(unit_id__in=scope.unit_ids) | inside(scope.jurisdiction_paths, "unit__region__path")
        )


class AdReport(Cancellable):
    """公益宣传资源报告: what a media or outdoor-advertising unit gave to public culture publicity in a period, for
    one channel, paper or group of screens: the advertising resource of the period (seconds of commercial
    advertising, pages, screen-hours) and the part of it used for public-welfare publicity, in the same measure."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    channel = models.CharField(_("channel, paper or site"), max_length=100)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    total = models.DecimalField(_("advertising resource of the period"), max_digits=12, decimal_places=3)
    public_welfare = models.DecimalField(
        _("used for public culture publicity"), max_digits=12, decimal_places=3
    )
    note = models.CharField(_("note"), max_length=TITLE_MAX, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    minimum_percent = models.DecimalField(
        _("minimum share applied (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    minimum_source = models.CharField(_("source of the minimum"), max_length=TITLE_MAX, blank=True)
    finding_id = models.PositiveIntegerField(_("finding"), null=True, blank=True)
    finding_reference = models.CharField(_("finding number"), max_length=40, blank=True)
    finding_url = models.CharField(_("finding page"), max_length=200, blank=True)
    finding_outcome = models.CharField(_("outcome of the finding"), max_length=32, blank=True)
    finding_note = models.CharField(_("note on the finding"), max_length=TITLE_MAX, blank=True)

    objects = AdReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "unit__code", "channel", "pk"]
        verbose_name = _("publicity resource report")
        verbose_name_plural = _("publicity resource reports")

    def __str__(self) -> str:
        return f"{self.unit} {self.channel} {self.period_start}"

    @property
    def share(self) -> Decimal | None:
        """The public-welfare share in percent, one decimal; None for a period without any advertising."""
        if not self.total:
            return None
        return (Decimal(100) * self.public_welfare / self.total).quantize(Decimal("0.1"))

    @property
    def finding_outcome_label(self) -> str:
        return _outcome_label(self.finding_outcome)

    @property
    def is_short(self) -> bool:
        if self.minimum_percent is None:
            return False
        return share_met(self.total, self.public_welfare, self.minimum_percent) is False
