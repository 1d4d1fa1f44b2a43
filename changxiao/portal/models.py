"""The public portal (常态化发布, 保障法 art. 14 and 31): the directory of public cultural facilities with their opening
hours, closures and the rules those hours are checked against, and the activity calendar with its bookings.

A facility is managed by a unit (the venue itself, or the station or bureau that runs a village room) and lies in a
region; whoever acts for the unit and the managers of the region keep its entry. The public reads the published
entries of every county, as art. 14 ¶2 asks."""

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
from changxiao.orgs.scope import get_scope, inside

from .choices import (
    WEEKDAYS,
    ActivityKind,
    BookingState,
    BreachState,
    ClosureKind,
    FacilityKind,
    FacilityLevel,
    RuleKind,
    ScheduleKind,
)


def _facility_condition(user, prefix: str = "") -> Q | None:
    """The facilities a person sees among the staff's pages: their units' own, and those of their jurisdictions.
    None: all of them (the system administrator)."""
    scope = get_scope(user)
    if scope.is_superuser:
        return None
    return Q(**{f"{prefix}unit_id__in": scope.unit_ids}) | inside(
        scope.jurisdiction_paths, f"{prefix}region__path"
    )


class FacilityQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "FacilityQuerySet":
        condition = _facility_condition(user)
        return self.all() if condition is None else self.filter(condition)

    def published(self) -> "FacilityQuerySet":
        """What the public directory lists: the standing entries their keepers published."""
        return self.current().filter(is_published=True)


class Facility(Cancellable):
    """公共文化设施: one entry of the directory art. 14 ¶2 asks every county to publish — from a city library to a
    village reading room — with what it offers for free, what it charges and on whose approval (art. 31 ¶3)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of facility"), max_length=24, choices=FacilityKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=FacilityLevel.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("located in"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    free_services = models.TextField(
        _("free services"), max_length=TEXT_MAX, blank=True, help_text=_("免费开放项目, one a line.")
    )
    fees = models.TextField(
        _("services charged"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("Each with its price, one a line."),
    )
    fee_approval = models.CharField(
        _("approval of the fees"),
        max_length=200,
        blank=True,
        help_text=_("The document of the department that approved the fees (art. 31 ¶3)."),
    )
    pupils_free_day = models.CharField(
        _("free day for pupils"),
        max_length=60,
        blank=True,
        help_text=_("Where fees are charged: the day each month pupils enter free, e.g. 每月第一个星期六."),
    )
    accessibility = models.CharField(_("accessibility"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published in the directory"), default=True)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["region__path", "name", "pk"]
        indexes = [models.Index(fields=["kind", "level"]), models.Index(fields=["name"])]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:facility", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:portal_facility", args=[self.pk])

    @property
    def charges_fees(self) -> bool:
        return bool(self.fees.strip())


class Schedule(Cancellable):
    """开放时间: one row of a facility's hours as Open Referral models them — a weekday (none: every day of a holiday),
    opening and closing times, valid from–to; a season's rows win over the regular week's while they are valid, the
    holiday rows apply on the public holidays of the working-day calendar."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="schedules"
    )
    kind = models.CharField(_("kind of hours"), max_length=16, choices=ScheduleKind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS, null=True, blank=True)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = CancellableQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "weekday", "opens", "pk"]
        indexes = [models.Index(fields=["facility", "kind"])]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.facility} {self.get_kind_display()} {self.weekday or ''} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def hours(self) -> float:
        minutes = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return max(minutes, 0) / 60


class ClosureQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "ClosureQuerySet":
        condition = _facility_condition(user, "facility__")
        return self.all() if condition is None else self.filter(condition)


class Closure(Cancellable):
    """临时闭馆公告: a temporary closure or change of hours, announced on a day; announced fewer days ahead than the
    rule asks (7, 公共文化体育设施条例 art. 18), it stands only as an emergency with its reason — otherwise it is
    still shown to the public and flagged to the office."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="closures"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ClosureKind.choices, default=ClosureKind.CLOSURE
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)
    emergency_reason = models.CharField(
        _("emergency"),
        max_length=200,
        blank=True,
        help_text=_("Only for a closure that could not be announced in time: what happened."),
    )
    announced_on = models.DateField(_("announced on"), editable=False)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["facility", "starts_on", "ends_on"])]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.facility} {self.starts_on}–{self.ends_on}"

    def get_absolute_url(self) -> str:
        return reverse("portal:facility", args=[self.facility_id])

    @property
    def notice_days(self) -> int:
        return (self.starts_on - self.announced_on).days


class RuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region):
        return self.filter(owned_applying(region))


class OpeningRule(models.Model):
    """开放规则: a rule the facilities' hours are checked against, kept by a jurisdiction's office (orgs.owned) or
    shipped with the platform, always with its source; a figure not checked against its official text is marked
    unverified and shown as such."""

    owner = models.ForeignKey(
        Region,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: shipped with the platform."),
    )
    rule = models.CharField(_("rule"), max_length=24, choices=RuleKind.choices)
    facility_kind = models.CharField(
        _("kind of facility"),
        max_length=24,
        choices=FacilityKind.choices,
        blank=True,
        help_text=_("Empty: all."),
    )
    level = models.CharField(
        _("level"), max_length=16, choices=FacilityLevel.choices, blank=True, help_text=_("Empty: all.")
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    verified = models.BooleanField(
        _("verified against the official text"), default=False, help_text=_("Unverified figures are marked.")
    )

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["rule", "facility_kind", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "rule", "facility_kind", "level"], name="portal_rule_unique"
            ),
        ]
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")

    def __str__(self) -> str:
        return self.get_rule_display()


class BreachQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = _facility_condition(user, "facility__")
        return self.all() if condition is None else self.filter(condition)

    def standing(self):
        return self.exclude(state=BreachState.RESOLVED)


class RuleBreach(models.Model):
    """违规提示: a facility found breaking an opening rule, flagged to the office of its jurisdiction, which may raise it
    as a supervision finding (core.events.finding_open); resolved by itself once the facility keeps the rule."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="breaches"
    )
    rule = models.ForeignKey(OpeningRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+")
    closure = models.ForeignKey(
        Closure, verbose_name=_("closure"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(_("what was found"), max_length=300)
    state = models.CharField(_("state"), max_length=16, choices=BreachState.choices, default=BreachState.OPEN)
    found_on = models.DateField(_("found on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    finding_id = models.PositiveBigIntegerField(_("finding"), null=True, blank=True)
    finding_reference = models.CharField(_("finding number"), max_length=60, blank=True)
    finding_url = models.CharField(_("finding page"), max_length=200, blank=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["facility", "state"])]
        verbose_name = _("rule breach")
        verbose_name_plural = _("rule breaches")

    def __str__(self) -> str:
        return f"{self.facility}: {self.rule}"

    def get_absolute_url(self) -> str:
        return reverse("portal:breaches") + f"#breach-{self.pk}"

    @property
    def code(self) -> str:
        return f"FAC-{self.pk}"


class ActivityQuerySet(CancellableQuerySet):
    def visible_to(self, user):
        condition = _facility_condition(user, "facility__")
        return self.all() if condition is None else self.filter(condition)

    def public(self):
        return self.current().filter(facility__is_published=True, facility__cancelled_at__isnull=True)


class Activity(Cancellable):
    """文化活动: an activity at a facility — from the venue's own programme or a linkage programme's — by date, place
    and kind, with limited places when booking is needed, and its attendance recorded afterwards."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("place"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    kind = models.CharField(_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    programme = models.CharField(
        _("programme"),
        max_length=100,
        blank=True,
        help_text=_("The linkage programme it belongs to, if any."),
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("places to book"), null=True, blank=True, help_text=_("Empty: open to all, no booking.")
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["facility", "starts_at"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:activity", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:portal_activity", args=[self.pk])

    @property
    def uid(self) -> str:
        """The activity's iCalendar UID: the same in every feed it appears in."""
        return f"activity-{self.pk}@changxiao"


class Booking(models.Model):
    """预约: a citizen's place at an activity, or their turn on its waiting list; an offered place waits a day for
    its citizen. The citizen is named by the sign-in's opaque key and a masked phone, never in full."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="bookings"
    )
    citizen_key = models.CharField(_("citizen"), max_length=64)
    citizen_masked = models.CharField(_("phone"), max_length=20)
    state = models.CharField(_("state"), max_length=16, choices=BookingState.choices)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "state"]), models.Index(fields=["citizen_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "citizen_key"],
                condition=Q(state__in=["confirmed", "waiting", "offered"]),
                name="portal_booking_one_per_citizen",
            ),
        ]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"{self.activity} · {self.citizen_masked}"
