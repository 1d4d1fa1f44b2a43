"""Public evaluation (群众评价): questionnaires with frozen versions, campaigns with public links per target, and
responses stored in one insert each."""

import re
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_applying, owned_visible

from .choices import QuestionKind


class QuestionnaireQuerySet(models.QuerySet):
    def visible_to(self, user) -> "QuestionnaireQuerySet":
        """Shipped questionnaires, those kept above the person's jurisdiction or unit, and those of their
        jurisdiction and inside it (orgs.owned): another city's are not among them."""
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region) -> "QuestionnaireQuerySet":
        """The questionnaires a campaign of the region may use: shipped ones and those of the region and above."""
        return self.filter(owned_applying(region))

    def family(self, owner: Region | None, code: str) -> "QuestionnaireQuerySet":
        """The versions a jurisdiction's questionnaire of this code continues: its own, and those above it and
        shipped that it was copied from."""
        versions = self.filter(code=code)
        return versions.applying_in(owner) if owner is not None else versions.filter(owner__isnull=True)


class Questionnaire(models.Model):
    """测评表: one version of a questionnaire. A published version is frozen; editing makes the next version.

    Kept by the office of a jurisdiction (owner), whose campaigns and those of the regions inside it use it; without
    an owner it is shipped with the platform: everyone uses it, and an office changes it by starting its own next
    version."""

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
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=2000, blank=True)
    # [{"code": "facilities", "name": "设施", "weight": 0.2}, …]
    dimensions = models.JSONField(_("dimensions"), default=list)
    sources = models.TextField(_("sources"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code", "version"], name="questionnaire_unique_version"),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(owner__isnull=True),
                name="questionnaire_shipped_unique_version",
            ),
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("name"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # [[value, label], …] for single and multiple choice.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    weight = models.DecimalField(_("weight in its dimension"), max_digits=5, decimal_places=3, default=1)
    # {"question": "<code>", "in": ["<value>", …]}: shown only when that question has one of these answers.
    condition = models.JSONField(_("shown when"), default=dict, blank=True)
    # For whole numbers, decimals and dates: the smallest and largest answer accepted, as a number (12, 2.5) or an
    # ISO date (2026-01-31); empty where there is no bound.
    minimum = models.CharField(_("smallest answer"), max_length=20, blank=True)
    maximum = models.CharField(_("largest answer"), max_length=20, blank=True)

    class Meta:
        ordering = ["questionnaire", "section__position", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


def new_token() -> str:
    return secrets.token_urlsafe(9)


class Campaign(models.Model):
    """测评活动: a questionnaire version put to the public for a period, with a link per target."""

    title = models.CharField(_("title"), max_length=200)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="campaigns"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    quota = models.PositiveIntegerField(
        _("quota"),
        null=True,
        blank=True,
        help_text=_(
            "Stop at this many counted responses (flagged ones count once the office includes them)."
        ),
    )
    min_seconds = models.PositiveSmallIntegerField(
        _("minimum completion time (seconds)"),
        default=20,
        help_text=_("Faster answers are flagged as suspicious."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    results_note = models.TextField(
        _("note for the public"),
        max_length=2000,
        blank=True,
        help_text=_("Shown above the results on the public site."),
    )
    # The last response added to the index tallies (see tallies.py); later ones are scored when read.
    tallied_up_to = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title


class CampaignTarget(models.Model):
    """Where a campaign's link is handed out: the whole jurisdiction, a district, a venue or an outreach activity."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("target"), max_length=200)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    venue = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=20, unique=True, default=new_token)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.label}"

    def get_public_url(self) -> str:
        return reverse("public:survey", args=[self.token])


# Why a response is flagged: stored as these words, joined by "; ", and shown in the reader's language.
UNSIGNED_START = "unsigned start"
HONEYPOT = "honeypot"
_FAST = re.compile(r"answered in (\d+)s")


def answered_fast(seconds: int) -> str:
    return f"answered in {seconds}s"


def _reason_text(reason: str) -> str:
    if reason == UNSIGNED_START:
        return _("opened without the survey page's signed start time")
    if reason == HONEYPOT:
        return _("the hidden field for robots was filled in")
    fast = _FAST.fullmatch(reason)
    if fast:
        return _("answered in %(seconds)s seconds") % {"seconds": fast.group(1)}
    return reason


class Response(models.Model):
    """One anonymous response: all answers in one row, written in one insert."""

    # No index of its own: the two indexes of Meta lead with the campaign (one index fewer to write per response).
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses", db_index=False)
    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    client_id = models.UUIDField(unique=True)
    answers = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    venue = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seconds = models.PositiveIntegerField(null=True)
    suspicious = models.BooleanField(default=False)
    suspicion = models.CharField(max_length=200, blank=True)
    # The office's review of a suspicious response: None keeps the default (excluded), True includes it.
    included = models.BooleanField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "submitted_at"]),
            models.Index(fields=["campaign", "id"], name="surveys_response_campaign_id"),
            # A jurisdiction's share of a wider campaign counted from the index alone (responses.response_count).
            models.Index(fields=["campaign", "region"], name="surveys_response_share"),
            # The flagged responses only (written by a flagged insert alone): the quota counts the campaign's
            # responses less these when they are not included (responses.quota_filled).
            models.Index(
                fields=["campaign"], condition=models.Q(suspicious=True), name="surveys_response_flagged"
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.client_id)

    def get_suspicion_display(self) -> str:
        """Why the response is flagged, in the reader's language."""
        return "; ".join(str(_reason_text(reason)) for reason in self.suspicion.split("; ") if reason)


class IndexTally(models.Model):
    """Running sums of the counted responses' scores per campaign, jurisdiction, venue, month and dimension, so the
    index over a million responses is read from a few thousand rows."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    region = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+")
    venue = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    dimension = models.CharField(max_length=40)
    n = models.IntegerField(default=0)
    total = models.FloatField(default=0)
    total_sq = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["campaign", "month"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.month:%Y-%m} {self.dimension} n={self.n}"
