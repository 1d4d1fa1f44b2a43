"""Publicity (舆论宣传, seed 四(四) and 三(二)): the articles units write about the zone's new practices, models and
experiences and its news — reviewed and published by the office, never by the unit that wrote them — and the media
reports (舆论监督) recorded with their outlet and the finding they caused."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import TEXT_MAX
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope, inside

from .choices import BODY_MAX, SUMMARY_MAX, TITLE_MAX, ArticleKind, ArticleState, Mechanism


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ArticleQuerySet":
        """A unit's own articles, its jurisdiction's for an office, district or leader, and every published one."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        # The jurisdiction's by its regions' keys (no join to the regions: the list counts every visible article).
        own = Q(unit_id__in=scope.unit_ids) | inside(scope.jurisdiction_paths, "region__path", indexed=True)
        # A published article is public (the portal shows it to anyone).
        return self.filter(own | Q(state=ArticleState.PUBLISHED))

    def published(self) -> "ArticleQuerySet":
        return self.filter(state=ArticleState.PUBLISHED)


def _image_path(instance, filename: str) -> str:
    return f"publicity/{timezone.now():%Y/%m}/{filename}"


class Article(models.Model):
    """宣传稿件: an article about a new practice (新做法), model (新典型) or experience (新经验) of the zone, or its news;
    written by a unit, reviewed and published by the office, withdrawn with a reason."""

    unit = models.ForeignKey(Unit, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of article"), max_length=16, choices=ArticleKind.choices)
    mechanism = models.CharField(_("mechanism"), max_length=16, choices=Mechanism.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    image = models.ImageField(_("picture"), upload_to=_image_path, blank=True, max_length=200)
    image_caption = models.CharField(_("picture caption"), max_length=100, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), max_length=TEXT_MAX, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=TEXT_MAX, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "published_at"]),
            models.Index(fields=["kind", "mechanism"]),
            # The list's order: its first page read from here, not every visible article sorted (a city sees
            # the province's published ones).
            models.Index(fields=["-published_at", "-created_at", "-id"], name="publicity_article_listed"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:article", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:publicity_article", args=[self.pk])


class RecordLink(models.Model):
    """关联记录: a record of the platform the article is about (a pairing, a finding put right, an award), by its page."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("record"), max_length=100)
    path = models.CharField(
        _("page"), max_length=200, help_text=_("The address of its page on this platform.")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")

    def __str__(self) -> str:
        return self.label


class MediaReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(inside(scope.jurisdiction_paths, "region__path"))


class MediaReport(models.Model):
    """舆论监督: a report of a newspaper, broadcaster or website about a problem of public culture in the zone, recorded
    by the office with its outlet, and the supervision finding it caused."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    outlet = models.CharField(_("outlet"), max_length=100)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    reported_on = models.DateField(_("reported on"))
    url = models.URLField(_("address of the report"), max_length=300, blank=True)
    summary = models.TextField(_("what it reports"), max_length=TEXT_MAX)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finding_id = models.PositiveBigIntegerField(_("finding"), null=True, blank=True)
    finding_reference = models.CharField(_("finding number"), max_length=60, blank=True)
    finding_url = models.CharField(_("finding page"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MediaReportQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("media report")
        verbose_name_plural = _("media reports")

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:reports") + f"#report-{self.pk}"
