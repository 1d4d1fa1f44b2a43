"""The organization mechanism (组织机制): jurisdictions, units, people and their roles."""

import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CHILD_LEVELS, RegionLevel, Role, UnitKind, VenueType
from .scope import get_scope, inside

code_validator = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$", _("Use letters, digits, '-' or '_' (at most 40 characters).")
)


class User(AbstractUser):
    """人员: a person who signs in; what they may see and do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    is_service_account = models.BooleanField(
        _("API service account"), default=False, help_text=_("Used only by an API token; cannot sign in.")
    )
    # Two-step sign-in: the shared secret of the person's authenticator app, active once confirmed.
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_enabled_at = models.DateTimeField(_("two-step sign-in since"), null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def has_two_step(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RegionQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = inside(scope.region_paths, "path")
        return self.filter(condition)

    def managed_by(self, user) -> "RegionQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = inside(scope.managing_paths, "path")
        return self.filter(condition)

    def subtree(self, region: "Region") -> "RegionQuerySet":
        return self.filter(path__startswith=region.path)


class Region(models.Model):
    """行政区划: a node of the jurisdiction tree (province, city, county, functional zone, township, village)."""

    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6}(\d{3}|\d{6})?$", _("A division code has 6, 9 or 12 digits."))],
        help_text=_(
            "Official administrative division code (GB/T 2260; statistical code for zones, townships, villages)."
        ),
    )
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of primary keys, "/1/5/23/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:region_detail", args=[self.pk])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    def allows_child_level(self, level: str) -> bool:
        return level in CHILD_LEVELS.get(self.level, set())

    def is_within(self, other: "Region") -> bool:
        return self.path.startswith(other.path)

    def population(self, year: int) -> int | None:
        record = self.population_records.filter(year=year).first()
        return record.resident if record else None

    def latest_population(self) -> "PopulationRecord | None":
        return self.population_records.order_by("-year").first()


class PopulationRecord(models.Model):
    """常住人口: a region's year-end resident population; per-capita indicators divide by that year's figure."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="population_records")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1949)])
    resident = models.PositiveIntegerField(_("resident population (persons)"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="population_unique_region_year")
        ]
        verbose_name = _("population record")
        verbose_name_plural = _("population records")

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.resident}"


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user, indexed: bool = False) -> "UnitQuerySet":
        """The person's units and those of their jurisdictions; `indexed` (orgs.scope.inside: the regions' keys
        read first, no join to the regions) where a list reads a city's units, not where one is looked up."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = Q(pk__in=scope.unit_ids)
        condition |= inside(scope.jurisdiction_paths, "region__path", indexed=indexed)
        return self.filter(condition)

    def managed_by(self, user) -> "UnitQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        condition = inside(scope.managing_paths, "region__path")
        return self.filter(condition)

    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)


class Unit(models.Model):
    """单位: the leading-group office, a member department, a district government or bureau, a venue, ..."""

    code = models.CharField(_("unit code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    venue_type = models.CharField(_("venue type"), max_length=32, choices=VenueType.choices, blank=True)
    is_lead = models.BooleanField(
        _("lead department"), default=False, help_text=_("牵头部门 (otherwise a functional department).")
    )
    is_member = models.BooleanField(
        _("member of the leading group"), default=False, help_text=_("领导小组成员单位.")
    )
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("supervising unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    leader_name = models.CharField(_("head of unit"), max_length=60, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:unit_detail", args=[self.pk])

    @property
    def display_kind(self) -> str:
        if self.kind == UnitKind.VENUE and self.venue_type:
            return self.get_venue_type_display()
        return self.get_kind_display()


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user, indexed: bool = False) -> "MembershipQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user, indexed=indexed))

    def active(self) -> "MembershipQuerySet":
        return self.filter(is_active=True, unit__is_active=True, user__is_active=True)


class Membership(models.Model):
    """成员身份: a person's role in a unit (office, member unit, district coordinator, venue, inspector, leader)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    title = models.CharField(_("position"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


class ApiToken(models.Model):
    """接口令牌: a per-unit key for systems calling the API; it acts as the unit's service account."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    account = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("purpose"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def generate_key() -> str:
        return "cx_" + secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        if self.revoked_at:
            return False
        return not (self.expires_on and self.expires_on < date.today())

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
