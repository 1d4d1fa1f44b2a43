"""The paid and organized workforce of public culture (保障机制·人才队伍): practitioners, their posts in the units,
certificate kinds and which roles require them (持证上岗), and the certificates they hold.

A practitioner is one person however many units they work in over the years: the posts are the history. Who sees a
practitioner follows the posts: a unit its own people, a district or office its jurisdiction's."""

import operator
from datetime import date
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_applying, owned_visible, zone_paths
from changxiao.orgs.scope import get_scope, inside, within

from .choices import (
    OrganizationField,
    OrganizationKind,
    PostKind,
    PostRole,
    StaffedFacility,
    StaffTier,
    TrainingLevel,
)


class OwnedQuerySet(models.QuerySet):
    """Settings kept by a jurisdiction (orgs.owned): what a person reads, what applies in a region."""

    def visible_to(self, user):
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region):
        return self.filter(owned_applying(region))


class CertificateKind(models.Model):
    """证书类别: a kind of professional certificate (no single national licence exists), kept by the office of a
    jurisdiction; without an owner it is shipped with the platform."""

    owner = models.ForeignKey(
        Region,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: shipped with the platform, offered in every jurisdiction."),
    )
    name = models.CharField(_("name"), max_length=60)
    issuer = models.CharField(_("usual issuer"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="workforce_kind_unique_name"),
        ]
        verbose_name = _("certificate kind")
        verbose_name_plural = _("certificate kinds")

    def __str__(self) -> str:
        return self.name


class CertificateRequirement(models.Model):
    """持证上岗要求: in the owner's jurisdiction, whoever holds a post of this role must hold a valid certificate of
    this kind."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=PostRole.choices)
    kind = models.ForeignKey(
        CertificateKind,
        verbose_name=_("certificate kind"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The document that sets this requirement.")
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "role", "kind"], name="workforce_requirement_unique"),
        ]
        verbose_name = _("certificate requirement")
        verbose_name_plural = _("certificate requirements")

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.kind}"


class PractitionerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PractitionerQuerySet":
        """The people of the units a person sees: any post of theirs, held now or before, in such a unit."""
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(Exists(Post.objects.visible_to(user).filter(practitioner=OuterRef("pk"))))


class Practitioner(models.Model):
    """从业人员: a person working in public culture. Name, identity card number and phone are encrypted at rest and
    shown masked (core.personal_data); the keyed digest of the identity card number finds the person again."""

    name_encrypted = models.TextField(max_length=500)
    name_masked = models.CharField(_("name"), max_length=20)
    id_number_encrypted = models.TextField(max_length=500)
    id_number_masked = models.CharField(_("identity card number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    phone_encrypted = models.TextField(max_length=500, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    objects = PractitionerQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")

    def __str__(self) -> str:
        return self.name_masked

    def get_absolute_url(self) -> str:
        return reverse("workforce:practitioner", args=[self.pk])


def _any(conditions: list[Q]):
    """True where one of the conditions holds, as a column; a constant False when there is none."""
    if not conditions:
        return Value(False, output_field=models.BooleanField())
    return ExpressionWrapper(reduce(operator.or_, conditions), output_field=models.BooleanField())


class PostQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "PostQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        # The jurisdiction's units as a list of keys (a hashed semi-join) rather than each post joined to its unit and
        # region and filtered there: a city's training sessions at issue 26's scale 1 (100,000 posts), 122 → 72 ms.
        units = Unit.objects.filter(inside(scope.jurisdiction_paths, "region__path")).values("pk")
        return self.filter(Q(unit_id__in=scope.unit_ids) | Q(unit__in=units))

    def held_on(self, day: date) -> "PostQuerySet":
        """Posts that stand and are held on the day."""
        return self.current().filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: date, end: date | None) -> "PostQuerySet":
        """Standing posts sharing at least one day with start–end (an open end runs for ever)."""
        posts = self.current().filter(Q(end__isnull=True) | Q(end__gte=start))
        return posts if end is None else posts.filter(start__lte=end)

    def with_certification(self, day: date) -> "PostQuerySet":
        """Each post with `requires_certificate` (a requirement of its role applies in its unit's jurisdiction)
        and `has_gap` (for one of those, the practitioner holds no certificate valid on the day) — computed in the
        database, however many posts. The requirements are few (a role and a kind per office that set one): they
        are read first — one small query — and written into the query as conditions on the post's role and region
        (orgs.owned: a requirement applies in its owner's jurisdiction and the regions inside it), so the database
        tests each post against constants instead of searching the requirements once per post."""
        requires, gap = [], []
        for role, kind_id, owner_path in CertificateRequirement.objects.values_list(
            "role", "kind_id", "owner__path"
        ).distinct():
            applies = Q(role=role) & within(owner_path, "unit__region__path")
            valid = Certificate.objects.valid_on(day).filter(
                practitioner=OuterRef("practitioner"), kind_id=kind_id
            )
            requires.append(applies)
            gap.append(applies & ~Exists(valid))
        return self.annotate(requires_certificate=_any(requires), has_gap=_any(gap))


class Post(Cancellable):
    """任职: a practitioner's post in a unit — its kind (编制, 公益性岗位, 政府购买, 兼职), role and dates. A person holds one
    post at a time; moving to another unit ends one post and starts the next, so the history stays."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.PROTECT, related_name="posts"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of post"), max_length=16, choices=PostKind.choices)
    role = models.CharField(_("role"), max_length=16, choices=PostRole.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["unit", "end"]), models.Index(fields=["practitioner", "start"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.practitioner} · {self.unit} · {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return self.practitioner.get_absolute_url()


class CertificateQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        return self.filter(practitioner__in=Practitioner.objects.visible_to(user))

    def valid_on(self, day: date) -> "CertificateQuerySet":
        return self.current().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day), issued_on__lte=day)


class Certificate(Cancellable):
    """证书: a certificate a practitioner holds — kind, issuer, level, number, issue and expiry dates and the evidence
    (attachments). A renewal is a new certificate replacing the old one, which stays in the history."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.ForeignKey(
        CertificateKind, verbose_name=_("certificate kind"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.CharField(_("issuer"), max_length=100)
    level = models.CharField(_("level"), max_length=40, blank=True)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["practitioner", "kind"]), models.Index(fields=["expires_on"])]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    def get_absolute_url(self) -> str:
        return self.practitioner.get_absolute_url()

    def is_valid_on(self, day: date) -> bool:
        return (
            not self.is_cancelled
            and self.issued_on <= day
            and (self.expires_on is None or self.expires_on >= day)
        )


class PersonalDataView(models.Model):
    """A full view of a practitioner's personal data: who saw it, when (PIPL: every full view is logged)."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="+"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")

    def __str__(self) -> str:
        return f"{self.practitioner} · {self.viewer} · {self.viewed_at:%Y-%m-%d %H:%M}"


class TrainingStandard(models.Model):
    """培训标准: the training days a practitioner of a tier must have a year in the owner's jurisdiction, with the
    document it comes from and whether its wording was checked against the official text."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=20, choices=StaffTier.choices)
    days = models.DecimalField(_("days a year"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=200)
    verified = models.BooleanField(_("checked against the official text"), default=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["tier"]
        constraints = [models.UniqueConstraint(fields=["owner", "tier"], name="workforce_standard_unique")]
        verbose_name = _("training standard")
        verbose_name_plural = _("training standards")

    def __str__(self) -> str:
        return f"{self.owner} · {self.get_tier_display()} · {self.days}"


class TrainingSessionQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "TrainingSessionQuerySet":
        """Sessions its organizer's readers see, and those attended by people the person sees."""
        if get_scope(user).is_superuser:
            return self.all()
        # The people seen are those with a post the person sees: their keys read from the posts, not each person
        # checked for a post (a correlated EXISTS over a province's 100,000 people). The units seen are read first
        # and their posts found by the posts' unit index (what Post.visible_to selects): as a subquery, every post of
        # the province was read for the count and again for the page (issue 26, scale 1, in one phase of the
        # machine: a county's training list 199 → 123 ms, a city's 222 → 200).
        units = frozenset(Unit.objects.visible_to(user).values_list("pk", flat=True))
        people = Post.objects.filter(unit__keys=units).values("practitioner")
        attended = Attendance.objects.filter(practitioner__in=people).values("session")
        return self.filter(Q(organizer__keys=units) | Q(pk__in=attended))


class TrainingSession(Cancellable):
    """培训班: a course held once — its organizer, level, dates and length in days, the evidence (attachments)."""

    organizer = models.ForeignKey(
        Unit, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=TrainingLevel.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    days = models.DecimalField(_("days"), max_digits=4, decimal_places=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workforce:session", args=[self.pk])


class Attendance(models.Model):
    """参训记录: a practitioner attended a session for so many of its days."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.PROTECT, related_name="attendances"
    )
    days = models.DecimalField(_("days"), max_digits=4, decimal_places=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "practitioner"], name="workforce_attendance_unique")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.practitioner} · {self.session}"


class StaffingStandard(models.Model):
    """编制与岗位标准: in the owner's jurisdiction, a facility of this kind serving at least `population_from` residents
    needs so many posts of the kind — with the document the figure comes from and whether its wording was checked."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    facility = models.CharField(_("facility"), max_length=20, choices=StaffedFacility.choices)
    post_kind = models.CharField(_("kind of post"), max_length=16, choices=PostKind.choices)
    population_from = models.PositiveIntegerField(
        _("served population from"), default=0, help_text=_("The figure applies from this many residents up.")
    )
    posts = models.PositiveSmallIntegerField(_("posts required"))
    source = models.CharField(_("source"), max_length=200)
    verified = models.BooleanField(_("checked against the official text"), default=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "post_kind", "population_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "facility", "post_kind", "population_from"], name="workforce_staffing_unique"
            )
        ]
        verbose_name = _("staffing standard")
        verbose_name_plural = _("staffing standards")

    def __str__(self) -> str:
        return f"{self.owner} · {self.get_facility_display()} · {self.get_post_kind_display()} · {self.posts}"


class SocialOrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SocialOrganizationQuerySet":
        """The registry of the zones a person works in (their city's, not another's), and the organizations whose
        account they act for."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(Q(unit_id__in=scope.unit_ids) | inside(zone_paths(user), "region__path"))


class SocialOrganization(models.Model):
    """行业组织、社会团体: an industry organization or social group in public culture, registered with its unified social
    credit code (GB 32100-2015) — the one home of an organization: its account (a unit of the social-organization
    kind, through which it offers to meet the feedback channel's demands) points here."""

    region = models.ForeignKey(
        Region, verbose_name=_("registered in"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    code_checked = models.BooleanField(
        _("check character verified"),
        default=True,
        help_text=_(
            "False: the code fails its check character and was confirmed as issued (early pilot codes)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OrganizationKind.choices)
    field = models.CharField(_("field"), max_length=16, choices=OrganizationField.choices)
    contact_name = models.CharField(_("contact person"), max_length=40)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    services = models.TextField(_("services provided"), max_length=2000)
    individual_members = models.PositiveIntegerField(_("individual members"), default=0)
    unit = models.OneToOneField(
        Unit,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_registration",
    )
    registered_on = models.DateField(_("registered on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SocialOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["registered_on", "dissolved_on"])]
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workforce:organization", args=[self.pk])


class OrganizationMember(models.Model):
    """A member organization of an industry organization or social group (its individual members are counted, not
    named: no personal data is kept here)."""

    organization = models.ForeignKey(
        SocialOrganization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("member organization"), max_length=100)
    joined_on = models.DateField(_("joined on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="workforce_member_unique")
        ]
        verbose_name = _("member organization")
        verbose_name_plural = _("member organizations")

    def __str__(self) -> str:
        return f"{self.organization} · {self.name}"
