"""Culture volunteers (文化志愿者): registration with consent, teams, activities, sign-ups, check-in and the service
hours they give, certificates (志愿服务记录证明) anyone can verify, star levels.

Tenancy: a team belongs to a unit (its organizer); whoever sees the unit sees the team, its activities and the
records of its volunteers; a volunteer is seen by the units whose teams they joined or whose activities they signed
up for, and by the unit that registered them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.citizens.models import Citizen
from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_visible
from changxiao.orgs.scope import get_scope

from .choices import (
    PUBLISHED_ACTIVITY_STATES,
    ActivityKind,
    ActivityState,
    CertificateState,
    RecordRule,
    SignupMode,
    SignupState,
    TeamKind,
)


def _visible_units(user):
    return Unit.objects.visible_to(user)


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours to a tenth, as every page shows service time."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TeamQuerySet":
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(unit__in=_visible_units(user))


class Team(models.Model):
    """文化志愿服务队伍: a team of culture volunteers organized by a unit (a venue, a bureau, a social organization's
    account) or a community, with its leaders."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("organizing unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices, default=TeamKind.UNIT)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # Where the team is registered as a social organization (workforce's registry): its unified social credit code.
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    leaders = models.ManyToManyField(
        "Volunteer", verbose_name=_("leaders"), blank=True, related_name="led_teams"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="volunteers_team_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:team", args=[self.pk])


class VolunteerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "VolunteerQuerySet":
        """The volunteers of the teams a person sees, those who signed up for their activities, and those their
        units registered."""
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(pk__in=self.visible_keys(user))

    def visible_keys(self, user) -> models.QuerySet:
        """The keys of the volunteers visible_to the person (values "pk"), counted without reading the rows."""
        if get_scope(user).is_superuser:
            return Volunteer.objects.values("pk").order_by()
        # One list of keys from three index reads: an OR of the three conditions made PostgreSQL check every
        # volunteer against each (and compile the plan: ~80 ms for a city at the province bench's scale 0.02).
        # A confirmed place made its volunteer a member of the team (services: signup_create, signup_decide,
        # _promote_waiting; no membership is removed), so the sign-ups read are only the others — waiting, pending,
        # cancelled, refused: a city's 40,000 confirmed places at scale 1 were read twice, as places and as members.
        units = _visible_units(user)
        return (
            Volunteer.objects.filter(registered_by__in=units)
            .values("pk")
            .order_by()
            .union(
                Membership.objects.filter(team__unit__in=units).values("volunteer_id").order_by(),
                Signup.objects.filter(activity__team__unit__in=units)
                .exclude(state=SignupState.CONFIRMED)
                .values("volunteer_id")
                .order_by(),
            )
        )


class Volunteer(models.Model):
    """文化志愿者: a registered volunteer (志愿服务条例 art. 7: identity, skills, availability, contact). The volunteer
    number is not the identity card number; name, identity card number and phone are encrypted and shown masked.
    What may be shown publicly is the volunteer's consent (art. 20)."""

    citizen = models.OneToOneField(
        Citizen,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    number = models.CharField(_("volunteer number"), max_length=20, unique=True, editable=False)
    name_encrypted = models.TextField(max_length=500)
    name_masked = models.CharField(_("name"), max_length=20)
    id_number_encrypted = models.TextField(max_length=500)
    id_number_masked = models.CharField(_("identity card number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    phone_encrypted = models.TextField(max_length=500)
    phone_masked = models.CharField(_("phone"), max_length=20)
    birth_date = models.DateField(_("date of birth"))
    # Indexed with the registration time (Meta.indexes, volunteers_home), which serves what its own index would.
    region = models.ForeignKey(
        Region,
        verbose_name=_("area of residence"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    availability = models.CharField(_("when available"), max_length=200, blank=True)
    guardian_name_encrypted = models.TextField(max_length=500, blank=True)
    guardian_name_masked = models.CharField(_("guardian"), max_length=20, blank=True)
    guardian_phone_encrypted = models.TextField(max_length=500, blank=True)
    guardian_phone_masked = models.CharField(_("guardian's phone"), max_length=20, blank=True)
    guardian_consent_at = models.DateTimeField(_("guardian's consent given at"), null=True, blank=True)
    consent_at = models.DateTimeField(_("agreement and consent given at"))
    public_name = models.BooleanField(_("show my masked name on public pages"), default=False)
    public_hours = models.BooleanField(_("show my service hours on public pages"), default=False)
    registered_by = models.ForeignKey(
        Unit,
        verbose_name=_("registered by unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    # The running total of the current records' minutes, kept by the services (hours_record and its corrections):
    # a volunteer's totals read one row, however many records there are.
    total_minutes = models.PositiveIntegerField(_("service minutes in all"), default=0)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [
            # A jurisdiction's volunteers counted, and their keys read, from the index alone (the rows are wide:
            # encrypted personal data): a city's registered volunteers at scale 1 (200,000), 58 → 4 ms.
            models.Index(fields=["region", "registered_at"], include=["id"], name="volunteers_home"),
            # The list's order (most hours first): a page's keys read from the index, not from the wide rows.
            models.Index(F("total_minutes").desc(), "id", name="volunteers_by_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.name_masked} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:volunteer", args=[self.pk])

    @property
    def total_hours(self) -> Decimal:
        return hours_of(self.total_minutes)

    @property
    def year_hours(self) -> Decimal:
        """The hours of the year that a query of volunteers annotated as year_minutes (metrics.rows)."""
        return hours_of(self.year_minutes)


class ServiceYear(models.Model):
    """A volunteer's counted service minutes in one year (the year of each record's check-in, local time), kept by
    the services beside the running total: a jurisdiction's hours of a year, and its active volunteers, are summed
    from one row per volunteer and year instead of every record (a city's 90,000 at scale 1). The volunteer's region
    is copied here (a volunteer keeps the region registered), so the sums match the jurisdiction's regions' keys."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="years", db_index=False
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.PositiveIntegerField(_("service minutes"), default=0)

    class Meta:
        verbose_name = _("service minutes of a year")
        verbose_name_plural = _("service minutes of the years")
        constraints = [models.UniqueConstraint(fields=["volunteer", "year"], name="volunteers_year_one")]
        indexes = [
            # A jurisdiction's sums read from the index alone, matched on its regions' keys.
            models.Index(
                fields=["region", "year"], include=["minutes", "volunteer"], name="volunteers_year_sums"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} · {self.year}: {self.minutes}"


class PersonalDataView(models.Model):
    """个人信息查看记录: a full view of a volunteer's personal data — who saw it, when and why (PIPL: every full view
    is logged; the volunteer's timeline says it too)."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="+"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.viewer} · {self.viewed_at:%Y-%m-%d %H:%M}"


class Membership(models.Model):
    """队员: a volunteer's place in a team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="memberships"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "volunteer"], name="volunteers_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActivityQuerySet":
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(team__unit__in=_visible_units(user))

    def published(self) -> "ActivityQuerySet":
        """What the public site lists: open or closed for sign-up (not drafts, not cancelled)."""
        return self.filter(state__in=PUBLISHED_ACTIVITY_STATES)


class Activity(models.Model):
    """志愿服务活动: an activity of a team — place, time, roles and numbers, skills, risk and its insurance (志愿服务
    条例 art. 17), the agreement's terms (文化志愿服务管理办法 art. 18), the QR code volunteers check in with."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of service"), max_length=20, choices=ActivityKind.choices)
    place = models.CharField(_("place"), max_length=200)
    # Where given, a check-in by phone is accepted within VOLUNTEERS_CHECKIN_RADIUS_METRES of this point.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    roles = models.TextField(_("roles and numbers needed"), max_length=1000, blank=True)
    capacity = models.PositiveIntegerField(_("volunteers needed"))
    skills = models.CharField(_("skills needed"), max_length=300, blank=True)
    risky = models.BooleanField(_("carries personal risk"), default=False)
    insurance_policy = models.CharField(_("accident insurance policy"), max_length=200, blank=True)
    signup_mode = models.CharField(
        _("sign-up"), max_length=20, choices=SignupMode.choices, default=SignupMode.DIRECT
    )
    terms = models.TextField(_("agreement terms"), max_length=4000)
    counts_for_stars = models.BooleanField(_("counts towards star levels"), default=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    checkin_secret = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        indexes = [models.Index(fields=["state", "starts_at"], name="volunteers_activity_state")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers:activity", args=[self.pk])


class SignupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SignupQuerySet":
        return self.filter(activity__in=Activity.objects.visible_to(user))

    def holding_places(self) -> "SignupQuerySet":
        return self.filter(state__in=[SignupState.CONFIRMED, SignupState.PENDING])


class Signup(models.Model):
    """报名: a volunteer's sign-up for an activity — confirmed, awaiting approval or on the waiting list; the
    volunteer acknowledges a confirmed place (确认参加) and may cancel."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="signups"
    )
    state = models.CharField(_("state"), max_length=20, choices=SignupState.choices)
    role = models.CharField(_("role"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="volunteers_signup_unique")
        ]
        indexes = [
            # The sign-ups awaiting approval, by activity: the few among a city's (the workbench asks each view).
            models.Index(fields=["activity"], condition=Q(state="pending"), name="volunteers_signup_pending"),
            # The sign-ups that made no membership (VolunteerQuerySet.visible_keys): the few among a city's.
            models.Index(
                fields=["activity"],
                include=["volunteer"],
                condition=~Q(state="confirmed"),
                name="volunteers_signup_unconfirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.volunteer}"


class HourRecordQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "HourRecordQuerySet":
        return self.filter(activity__in=Activity.objects.visible_to(user))

    def standing(self) -> "HourRecordQuerySet":
        """The version of each record that counts: current, not replaced by a correction."""
        return self.current().filter(superseded_by__isnull=True)


class HourRecord(Cancellable):
    """服务时长记录: one volunteer's service at one activity, from the actual check-in to the check-out (never more
    than the time between them; the time before the planned start — travel, waiting — does not count). A correction
    is a new version with its reason; a version cited by an issued certificate never changes."""

    # Indexed with the check-in time (Meta.indexes, volunteers_record_volunteer), which serves what its own would.
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="hour_records",
        db_index=False,
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="hour_records"
    )
    signup = models.ForeignKey(Signup, verbose_name=_("sign-up"), on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("service minutes"), default=0)
    rule = models.CharField(
        _("how counted"), max_length=20, choices=RecordRule.choices, default=RecordRule.ACTUAL
    )
    by_leader = models.BooleanField(_("checked in by the leader"), default=False)
    # At an activity with its place's coordinates: True when the phone's position was within the radius, False when
    # the phone sent none (accepted, shown to the leader); None where the place has no coordinates or by the leader.
    located = models.BooleanField(_("position checked"), null=True, blank=True)
    needs_review = models.BooleanField(_("for the leader to review"), default=False)
    long_day = models.BooleanField(_("over 12 hours that day"), default=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The leader who checked the volunteer out (one without a phone); None when the volunteer scanned the activity's
    # code or the stated rule closed a forgotten check-out. The audit log says it too; the record shows it.
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = HourRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_in_at", "pk"]
        verbose_name = _("service hour record")
        verbose_name_plural = _("service hour records")
        indexes = [
            models.Index(fields=["volunteer", "checked_in_at"], name="volunteers_record_volunteer"),
            # The counted minutes of a volunteer's standing, checked-out records, read from the index alone (the
            # sums of a jurisdiction's hours).
            models.Index(
                fields=["volunteer"],
                include=["minutes", "checked_in_at"],
                condition=Q(
                    cancelled_at__isnull=True, superseded_by__isnull=True, checked_out_at__isnull=False
                ),
                name="volunteers_record_counted",
            ),
            # What waits for the leader's review, by activity: the few flagged among a city's records.
            models.Index(
                fields=["activity"],
                condition=Q(cancelled_at__isnull=True, superseded_by__isnull=True, needs_review=True),
                name="volunteers_record_to_review",
            ),
            models.Index(fields=["activity", "checked_out_at"], name="volunteers_record_open"),
        ]
        constraints = [
            # One standing record per sign-up: a check-in twice is refused by the database too.
            models.UniqueConstraint(
                fields=["signup"],
                condition=Q(superseded_by__isnull=True, cancelled_at__isnull=True),
                name="volunteers_record_one_standing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.activity} · v{self.version}"

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(unit__in=_visible_units(user))


class Certificate(models.Model):
    """志愿服务记录证明: requested by the volunteer, issued free by the organizing unit (谁记录谁证明), with the
    volunteer's identity (masked identity card number, volunteer number), the hours and content, the issuer with
    its responsible person and handler, number and date; the records it cites never change afterwards."""

    number = models.CharField(_("certificate number"), max_length=24, unique=True, editable=False)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="certificates"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=20, choices=CertificateState.choices, default=CertificateState.REQUESTED
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    records = models.ManyToManyField(HourRecord, verbose_name=_("records cited"), related_name="certificates")
    minutes = models.PositiveIntegerField(_("service minutes"), default=0)
    content = models.TextField(_("service content"), max_length=2000, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    handler = models.CharField(_("handled by"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("volunteer service certificate")
        verbose_name_plural = _("volunteer service certificates")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("volunteers:certificate", args=[self.pk])

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


class RecognitionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RecognitionQuerySet":
        if get_scope(user).is_superuser:
            return self.all()
        return self.filter(unit__in=_visible_units(user))


class Recognition(models.Model):
    """嘉许: a recognition of a volunteer by a unit (文化志愿服务管理办法: incentives; 志愿服务条例 art. 19: 表彰奖励情况),
    with its year and reason; unpaid, as volunteering is."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="recognitions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("recognition"), max_length=100)
    granted_on = models.DateField(_("granted on"))
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.title}"


class StarScaleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "StarScaleQuerySet":
        return self.filter(owned_visible(user))


class StarScale(models.Model):
    """星级认定标准: the cumulative hours for one to five stars in a zone, with their source; without one, the
    shipped DEFAULT_STAR_HOURS apply. Activities marked as not counting are left out of the hours."""

    owner = models.OneToOneField(
        Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    one = models.PositiveIntegerField(_("hours for one star"))
    two = models.PositiveIntegerField(_("hours for two stars"))
    three = models.PositiveIntegerField(_("hours for three stars"))
    four = models.PositiveIntegerField(_("hours for four stars"))
    five = models.PositiveIntegerField(_("hours for five stars"))
    source = models.CharField(_("source"), max_length=200)

    objects = StarScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("star scale")
        verbose_name_plural = _("star scales")

    def __str__(self) -> str:
        return f"{self.owner} · {self.source}"

    @property
    def hours(self) -> tuple[int, ...]:
        return (self.one, self.two, self.three, self.four, self.five)
