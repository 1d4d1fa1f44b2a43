"""Supervision (督查机制): inspections, their findings and the responsible units' rectifications."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import LONG_TEXT_MAX, TEXT_MAX, TITLE_MAX
from changxiao.core.deadlines import deadline_status, local_today
from changxiao.core.models import Cancellable, CancellableQuerySet, DeadlineExtension
from changxiao.core.personal_data import redact_identifiers
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_visible
from changxiao.orgs.scope import get_scope, inside, inside_or_above

from .choices import (
    CLOSED_STATES,
    AccountabilityGround,
    AccountabilityMeasure,
    EscalationLevel,
    FindingState,
    InspectionKind,
    Severity,
)

# Working-day counts: a rectification is due within about a year at most; the ladder reminds up to 60 working days
# ahead (escalation._horizon looks that far) and climbs up to a year overdue.
DUE_WORKDAYS_MAX = 250
REMIND_WORKDAYS_MAX = 60
OVERDUE_WORKDAYS_MAX = 250


class InspectionQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "InspectionQuerySet":
        """The office, districts and leaders see their jurisdiction's inspections; inspectors those on whose team
        they are; a unit those with a finding against it."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        # One list of keys from five index reads, as for findings (FindingQuerySet.visible_to): an OR over every
        # inspection joined to its findings and their units read the findings table whole (the list at scale 1: a
        # city's 178 → 81 ms, a county's 147 → 28).
        findings = Finding.objects.order_by()
        keys = (
            Inspection.objects.order_by()
            .filter(team=user)
            .values("pk")
            .union(
                findings.filter(lead_unit_id__in=scope.unit_ids).values("inspection_id"),
                findings.filter(co_units__in=scope.unit_ids).values("inspection_id"),
                Inspection.objects.order_by()
                .filter(inside(scope.jurisdiction_paths, "region__path"))
                .values("pk"),
                findings.filter(inside(scope.jurisdiction_paths, "lead_unit__region__path")).values(
                    "inspection_id"
                ),
            )
        )
        return self.filter(pk__in=keys)


class Inspection(Cancellable):
    """督查: one inspection, review or oversight event, with its team and scope.

    Its details are corrected by editing (the changes go on its timeline); one recorded by mistake is cancelled
    (作废) with a reason, never deleted — services.inspection_cancel says what becomes of its findings."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose office runs the inspection."),
    )
    kind = models.CharField(_("kind of inspection"), max_length=16, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), blank=True, related_name="inspections"
    )
    observers = models.CharField(
        _("observers"),
        max_length=300,
        blank=True,
        help_text=_("e.g. NPC deputies, CPPCC members, journalists"),
    )
    scope_regions = models.ManyToManyField(
        Region, verbose_name=_("jurisdictions inspected"), blank=True, related_name="+"
    )
    scope_units = models.ManyToManyField(
        Unit, verbose_name=_("units inspected"), blank=True, related_name="+"
    )
    checklist = models.TextField(
        _("checklist"), max_length=TEXT_MAX, blank=True, help_text=_("One item per line.")
    )
    notes = models.TextField(_("notes"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", args=[self.pk])


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FindingQuerySet":
        """A unit sees the findings against it; inspectors those of their inspections; the office, districts and
        leaders those of their jurisdiction's inspections and against units of their jurisdiction."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        # One list of keys from five index reads: an OR of the five conditions made PostgreSQL join every finding to its
        # inspection, team and units and check each (a city's findings list at scale 1: its queries 100–320 → 33–108 ms).
        findings = Finding.objects.order_by()
        keys = (
            findings.filter(lead_unit_id__in=scope.unit_ids)
            .values("pk")
            .union(
                findings.filter(inspection__team=user).values("pk"),
                Finding.co_units.through.objects.filter(unit_id__in=scope.unit_ids).values("finding_id"),
                findings.filter(inside(scope.jurisdiction_paths, "inspection__region__path")).values("pk"),
                findings.filter(inside(scope.jurisdiction_paths, "lead_unit__region__path")).values("pk"),
            )
        )
        return self.filter(pk__in=keys)

    def open(self) -> "FindingQuerySet":
        return self.exclude(state__in=CLOSED_STATES)

    def current(self) -> "FindingQuerySet":
        """Findings of inspections that stand: those of a cancelled inspection stay on record but count nowhere."""
        return self.filter(inspection__cancelled_at__isnull=True)


class Finding(models.Model):
    """督查发现的问题: what is wrong, who answers for it and by when it must be rectified."""

    class Source(models.TextChoices):
        """Channels a finding is raised from besides the inspection itself (blank)."""

        FEEDBACK = "feedback", _("Citizen feedback")
        FUNDING = "funding", _("Funding rules check")
        PORTAL = "portal", _("Opening rules check")
        MEDIA = "media", _("Media report")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("problem found"), max_length=TEXT_MAX)
    severity = models.CharField(
        _("severity"), max_length=16, choices=Severity.choices, default=Severity.MINOR
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="findings"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-responsible units"), blank=True, related_name="co_findings"
    )
    requirement = models.TextField(_("rectification requirement"), max_length=TEXT_MAX)
    due_date = models.DateField(_("rectification deadline"))
    state = models.CharField(
        _("state"), max_length=24, choices=FindingState.choices, default=FindingState.OPEN
    )
    closing_reason = models.TextField(_("reason for closing"), max_length=TEXT_MAX, blank=True)
    reassigned_from = models.ForeignKey(
        "self",
        verbose_name=_("reassigned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reassigned_to",
        help_text=_("The finding closed as not the other unit's responsibility, which this one replaces."),
    )
    # Raised from another channel: which (source), that channel's own reference (e.g. a feedback tracking code) and
    # its page there. A successor on reassignment keeps them. Supervision reads nothing of that channel: it tells it
    # the outcome through core.events.finding_outcome (services._tell_outcome).
    source = models.CharField(_("raised from"), max_length=16, choices=Source.choices, blank=True)
    source_ref = models.CharField(_("reference in the source"), max_length=40, blank=True)
    source_url = models.CharField(max_length=200, blank=True, editable=False)
    # Stored at the transition, so that later reports do not change when the calendar or the deadline does.
    submitted_late = models.BooleanField(_("first submitted after the deadline"), null=True, blank=True)
    rectified_on = models.DateField(_("rectification verified on"), null=True, blank=True)
    rectified_on_time = models.BooleanField(_("rectified on time"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="finding_unique_number")]
        indexes = [models.Index(fields=["state", "due_date"])]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.inspection.title} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:finding_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def deadline(self):
        done = self.rectified_on if self.state == FindingState.VERIFIED else None
        if self.is_closed and done is None:
            return None
        return deadline_status(self.due_date, done_on=done)


class RectificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RectificationQuerySet":
        return self.filter(finding__in=Finding.objects.visible_to(user))


class Rectification(models.Model):
    """整改情况: the measures the responsible unit took, with evidence; verified or returned."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for verification")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="rectifications")
    measures = models.TextField(_("measures taken"), max_length=LONG_TEXT_MAX)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("verification comment"), max_length=TEXT_MAX, blank=True)
    reinspected = models.BooleanField(_("re-inspected on site"), default=False)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return f"{self.finding} · {self.submitted_at:%Y-%m-%d}"


class EscalationPolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EscalationPolicyQuerySet":
        """The ladders of the person's jurisdictions, of the regions inside them and of those above them (which
        apply there, orgs.owned); another city's are none of these."""
        return self.filter(owned_visible(user, "region"))


class EscalationPolicy(models.Model):
    """How the ladder climbs in a jurisdiction, set by its office; the nearest policy up the tree applies. The
    jurisdiction (region) is the policy's owner: its managers change it (services.escalation_policy_save)."""

    region = models.OneToOneField(
        Region, verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="+"
    )
    remind_workdays_before = models.PositiveSmallIntegerField(
        _("blue reminder, working days before the deadline"),
        default=3,
        validators=[MaxValueValidator(REMIND_WORKDAYS_MAX)],
    )
    bulletin_after_workdays = models.PositiveSmallIntegerField(
        _("put on the bulletin, working days overdue"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(OVERDUE_WORKDAYS_MAX)],
    )
    accountability_after_workdays = models.PositiveSmallIntegerField(
        _("propose accountability, working days overdue"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(OVERDUE_WORKDAYS_MAX)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EscalationPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")

    def __str__(self) -> str:
        return str(self.region)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.accountability_after_workdays <= self.bulletin_after_workdays:
            raise ValidationError(
                _("Accountability must come later than the bulletin (more working days overdue).")
            )


class EscalationStep(models.Model):
    """One rung reached by one finding for one deadline. The unique constraint makes each happen once, however
    often or concurrently the sweep runs; an approved extension starts a new ladder for the new date."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(_("level"), max_length=16, choices=EscalationLevel.choices)
    due_date = models.DateField(_("deadline"))
    # The sweep's day (local calendar) on which the rung was reached; bulletins count by it.
    reached_on = models.DateField(_("reached on"), default=local_today)
    created_at = models.DateTimeField(default=timezone.now)
    # The rung's timeline event, and for a red rung its 督办单 once built (escalation.issue_red_notices); empty on rungs
    # climbed before notices were built in the background (their notice was attached when they were climbed).
    event = models.ForeignKey(
        "core.TimelineEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notice = models.ForeignKey(
        "core.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["finding", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "level", "due_date"], name="escalation_once_per_deadline"
            )
        ]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self) -> str:
        return f"{self.finding} · {self.level}"


class FindingExtension(DeadlineExtension):
    """延期申请 on a finding: asked before the deadline, decided by the office; both dates stay visible."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="extensions")

    class Meta(DeadlineExtension.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.finding}: {self.current_due_date} → {self.requested_due_date}"


class AccountabilityQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "AccountabilityQuerySet":
        """The office of the jurisdiction and the unit concerned — nobody else."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(unit_id__in=scope.unit_ids)
        condition |= inside(scope.office_paths, "region__path")
        return self.filter(condition)


class Accountability(Cancellable):
    """问责: a decision against a unit or a person of it, on the findings it rests on.

    Corrected by the office with a reason on its timeline; one entered by mistake is cancelled (作废), never deleted,
    and leaves every list and figure. services.accountability_duplicates catches the same decision entered twice."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit concerned"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(
        _("person concerned"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty when the unit as a whole is held to account."),
    )
    person_post = models.CharField(_("post"), max_length=60, blank=True)
    ground = models.CharField(_("ground"), max_length=16, choices=AccountabilityGround.choices)
    ground_detail = models.TextField(
        _("facts"), max_length=TEXT_MAX, help_text=_("What was done or not done.")
    )
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings it rests on"), blank=True, related_name="accountabilities"
    )
    measure = models.CharField(_("measure"), max_length=16, choices=AccountabilityMeasure.choices)
    measure_detail = models.CharField(_("measure, details"), max_length=300, blank=True)
    decided_by = models.CharField(
        _("decided by"), max_length=100, help_text=_("e.g. the leading group office")
    )
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AccountabilityQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_measure_display()}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:accountability_detail", args=[self.pk])


class BulletinQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BulletinQuerySet":
        """Issued bulletins of the person's regions; drafts only to the office that writes them."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        issued = inside_or_above(scope.region_paths)
        drafts = inside(scope.managing_paths, "region__path")
        return self.filter((issued & Q(state=Bulletin.State.ISSUED)) | drafts)

    def public(self) -> "BulletinQuerySet":
        return self.filter(state=Bulletin.State.ISSUED, is_public=True)

    def withdrawn(self) -> "BulletinQuerySet":
        """Issued bulletins taken off the public site: their public address says so, without the text."""
        return self.filter(state=Bulletin.State.ISSUED, is_public=False, withdrawn_at__isnull=False)


class Bulletin(models.Model):
    """通报: the office's report on rectification for a period, generated from the data, then edited and issued.

    The figures are stored when generated. Once issued, the text changes only by a correction (更正) with a reason,
    the earlier text kept as a BulletinRevision; an internal bulletin may be published on the public site later, and a
    public one withdrawn from it with a reason — it stays on record either way."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("issue number"), max_length=40, help_text=_("e.g. 2026年第3期"))
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    body = models.TextField(_("text"), max_length=LONG_TEXT_MAX)
    figures = models.JSONField(_("figures"), default=list)
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings named"), blank=True, related_name="bulletins"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Published on the public site."))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published on the public site at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn from the public site at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=TEXT_MAX, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:bulletin_detail", args=[self.pk])

    @property
    def public_body(self) -> str:
        """The text as the public page and the Word document show it: no phone, identity number or address of mail
        or chat, whatever the office typed or quoted (core.personal_data.redact_identifiers)."""
        return redact_identifiers(self.body)

    @property
    def is_withdrawn(self) -> bool:
        return self.state == Bulletin.State.ISSUED and not self.is_public and self.withdrawn_at is not None


class BulletinRevision(models.Model):
    """通报更正记录: an issued bulletin's text as it stood before a correction, with who corrected it, when and why."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField(_("version"))
    number = models.CharField(_("issue number"), max_length=40)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=LONG_TEXT_MAX)
    reason = models.TextField(_("reason for the correction"), max_length=TEXT_MAX)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        ordering = ["bulletin", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "version"], name="bulletin_revision_once_per_version")
        ]
        verbose_name = _("bulletin correction")
        verbose_name_plural = _("bulletin corrections")

    def __str__(self) -> str:
        return f"{self.bulletin} · v{self.version}"
