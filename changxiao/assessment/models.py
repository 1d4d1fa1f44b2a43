"""The annual assessment (考核机制): versioned indicator sets — a tree of categories and indicators with their
requirement, scoring rule, points, veto flag, data source and the citation of every threshold."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Comparator, DataType, Scoring, Source
from .scoring import Rule


class IndicatorSet(models.Model):
    """指标体系: one version of a set of indicators, loaded from a data file of the repository or edited."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), blank=True, help_text=_("The document the set is built from."))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_set_unique_version")
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
    guidance = models.TextField(_("guidance"), blank=True)
    citation = models.TextField(_("source of the threshold"), blank=True)
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
