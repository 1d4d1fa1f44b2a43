"""The urban-rural linkage (城乡联动共创机制): the year's service menu providers offer and the office publishes, the
orders township stations and village centres place within their quota, each delivered, confirmed by both sides and
rated; pairs of units helping each other (结对帮扶) with their activities; the outreach programmes (家在苏州, 三下乡,
四进工程, 群星璀璨 …) and their activities.

Who sees what: an order its ordering unit, its provider and the jurisdictions above the ordering unit; a pair its
two units and the jurisdictions above either; a published menu everyone of its zone (and the public)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import deadline_status
from changxiao.core.models import Cancellable, CancellableQuerySet
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_visible, zone_paths
from changxiao.orgs.scope import get_scope, inside

from .choices import (
    DEFAULT_COVERAGE_TIMES,
    DEFAULT_PAIR_ACTIVITIES,
    DEFAULT_QUOTA,
    DEFAULT_REPLY_WORKDAYS,
    AudienceKind,
    CostBorne,
    Extent,
    MenuState,
    OfferingKind,
    OfferingState,
    OrderState,
    PairState,
)


def new_token() -> str:
    return secrets.token_urlsafe(12)


class MenuQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MenuQuerySet":
        """A jurisdiction's menus are read in its zone: the regions above a person's and their jurisdictions."""
        return self.filter(owned_visible(user, "region"))

    def published(self) -> "MenuQuerySet":
        return self.filter(state=MenuState.PUBLISHED)


class Menu(models.Model):
    """公共文化服务目录 (点单菜单): a jurisdiction's menu of a year (公共文化服务保障法 art. 28), kept by its office, which
    reviews the offerings and publishes it; with the year's quota of each ordering unit and the provider's answer
    time."""

    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=MenuState.choices, default=MenuState.DRAFT)
    default_quota = models.PositiveIntegerField(
        _("places per ordering unit"),
        default=DEFAULT_QUOTA,
        help_text=_("How many deliveries a township station or village centre may order in the year."),
    )
    reply_workdays = models.PositiveSmallIntegerField(
        _("answer within (working days)"), default=DEFAULT_REPLY_WORKDAYS
    )
    coverage_times = models.PositiveSmallIntegerField(
        _("a village counts as reached from (times a year)"), default=DEFAULT_COVERAGE_TIMES
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MenuQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="linkage_menu_one_a_year")]
        verbose_name = _("service menu")
        verbose_name_plural = _("service menus")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("linkage:menu", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == MenuState.PUBLISHED


class OfferingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OfferingQuerySet":
        """What is on a published menu, read in its zone; what is not yet (submitted, returned, withdrawn), its
        provider and the jurisdictions that keep the menu."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        on_menu = Q(state=OfferingState.ACCEPTED, menu__state=MenuState.PUBLISHED) & inside(
            zone_paths(user), "menu__region__path"
        )
        return self.filter(
            on_menu
            | Q(provider_id__in=scope.unit_ids)
            | inside(scope.jurisdiction_paths, "menu__region__path")
        )

    def on_menu(self) -> "OfferingQuerySet":
        """The items villages order from: accepted onto a published menu."""
        return self.filter(state=OfferingState.ACCEPTED, menu__state=MenuState.PUBLISHED)


class Offering(models.Model):
    """服务项目: what a provider (a venue, a troupe, a department, a social organization through its account —
    and, once the volunteers app gives teams an account, a volunteer team) offers on a year's menu: its kind, what it
    needs on site, how many people it serves at once, who bears the cost, when it is available and how many
    deliveries it can make in the year (places, taken by the orders)."""

    menu = models.ForeignKey(Menu, verbose_name=_("menu"), on_delete=models.PROTECT, related_name="offerings")
    provider = models.ForeignKey(Unit, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("item number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=OfferingKind.choices)
    description = models.TextField(_("description"), max_length=2000)
    site_needs = models.CharField(_("needs on site"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("audience served at once"))
    cost_borne = models.CharField(_("cost borne by"), max_length=16, choices=CostBorne.choices)
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"))
    places = models.PositiveIntegerField(_("deliveries offered in the year"))
    places_taken = models.PositiveIntegerField(_("deliveries ordered"), default=0)
    state = models.CharField(
        _("state"), max_length=16, choices=OfferingState.choices, default=OfferingState.SUBMITTED
    )
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "pk"]
        indexes = [
            # The menu as its page reads it (ordered by kind and title): a search walks this index in order and
            # stops at a page of matches rather than sorting every match.
            models.Index(fields=["menu", "state", "kind", "title", "id"], name="linkage_offering_menu_order"),
            models.Index(fields=["provider", "menu"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__lte=models.F("places")), name="linkage_offering_places_held"
            ),
        ]
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("linkage:offering", args=[self.pk])

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_taken, 0)


class Quota(models.Model):
    """点单权: how many deliveries an ordering unit may order from a year's menu, and how many it has ordered (held
    under concurrency by a conditional UPDATE: an order takes a place only while one is left)."""

    menu = models.ForeignKey(Menu, verbose_name=_("menu"), on_delete=models.PROTECT, related_name="quotas")
    unit = models.ForeignKey(
        Unit, verbose_name=_("ordering unit"), on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveIntegerField(_("places"))
    used = models.PositiveIntegerField(_("places used"), default=0)

    class Meta:
        ordering = ["menu", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["menu", "unit"], name="linkage_quota_one_per_unit"),
            models.CheckConstraint(condition=Q(used__lte=models.F("places")), name="linkage_quota_held"),
        ]
        verbose_name = _("ordering quota")
        verbose_name_plural = _("ordering quotas")

    def __str__(self) -> str:
        return f"{self.unit} · {self.used}/{self.places}"

    @property
    def left(self) -> int:
        return max(self.places - self.used, 0)


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrderQuerySet":
        """The ordering unit's people, the provider's (its orders only) and the jurisdictions over the ordering
        unit."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        # One list of keys from three index reads (the jurisdiction's by its regions' keys): the OR of the three made
        # PostgreSQL join every order to its offering and region and check each (a city's orders at scale 1).
        orders = Order.objects.order_by()
        keys = (
            orders.filter(unit_id__in=scope.unit_ids)
            .values("pk")
            .union(
                orders.filter(offering__provider_id__in=scope.unit_ids).values("pk"),
                orders.filter(inside(scope.jurisdiction_paths, "region__path", indexed=True)).values("pk"),
            )
        )
        return self.filter(pk__in=keys)

    def delivered(self) -> "OrderQuerySet":
        """Orders delivered (confirmed by both sides or waiting for the receiver): what reaches a village."""
        return self.filter(state__in=(OrderState.DELIVERED, OrderState.COMPLETED))

    def waiting_answer(self) -> "OrderQuerySet":
        return self.filter(state=OrderState.ORDERED)


class Order(models.Model):
    """点单: a township station's or village centre's order of a menu item — answered by the provider within the
    menu's working days (accepted with a date or declined with a reason), delivered, confirmed by both sides and rated
    by the receiving unit (fully or partly delivered) and its residents."""

    code = models.CharField(_("order number"), max_length=20, unique=True)
    offering = models.ForeignKey(
        Offering, verbose_name=_("service offering"), on_delete=models.PROTECT, related_name="orders"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("ordering unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The ordering unit's region when it ordered: where the delivery counts.
    region = models.ForeignKey(Region, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=16, choices=OrderState.choices, default=OrderState.ORDERED
    )
    wished_date = models.DateField(_("wished date"))
    audience_expected = models.PositiveIntegerField(_("audience expected"))
    note = models.CharField(_("site and needs"), max_length=500, blank=True)
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    reply_due = models.DateField(_("answer by"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    scheduled_on = models.DateField(_("date of delivery"), null=True, blank=True)
    provider_note = models.CharField(_("provider's note"), max_length=500, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    extent = models.CharField(_("delivered"), max_length=16, choices=Extent.choices, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    completed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    resident_token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    # The provider's volunteer team that staffs the delivery (core.volunteer_teams): its id and its name at the time,
    # as apps hold no keys into each other's tables.
    staffing_team_id = models.PositiveIntegerField(_("staffed by volunteer team"), null=True, blank=True)
    staffing_team_name = models.CharField(_("volunteer team's name"), max_length=100, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-ordered_at", "-pk"]
        indexes = [
            models.Index(fields=["offering", "state"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["year", "state"]),
            models.Index(fields=["state", "reply_due"]),
            models.Index(fields=["staffing_team_id"], name="linkage_order_staffing_team"),
        ]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return f"{self.code} {self.offering}"

    def get_absolute_url(self) -> str:
        return reverse("linkage:order", args=[self.pk])

    @property
    def reply_status(self):
        """The provider's answer against its deadline (green, yellow, red)."""
        return deadline_status(self.reply_due, done_on=self.answered_on)

    @property
    def resident_rating_open(self) -> bool:
        return self.state in (OrderState.DELIVERED, OrderState.COMPLETED)


class ResidentRating(models.Model):
    """群众评价: a resident's rating of a delivery, through the short public link the receiving unit hands out."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="resident_ratings")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resident rating")
        verbose_name_plural = _("resident ratings")

    def __str__(self) -> str:
        return f"{self.order_id} · {self.score}"


class PairQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "PairQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(
            Q(supporter_id__in=scope.unit_ids)
            | Q(supported_id__in=scope.unit_ids)
            | inside(scope.jurisdiction_paths, "supporter__region__path")
            | inside(scope.jurisdiction_paths, "supported__region__path")
        )


class Pair(Cancellable):
    """结对帮扶: a pair of units for a year — a city venue or department with a township station or village centre,
    a developed district's bureau with a weaker one's — with the year's commitments, agreed by the supported side."""

    year = models.PositiveSmallIntegerField(_("year"))
    supporter = models.ForeignKey(
        Unit, verbose_name=_("supporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    supported = models.ForeignKey(
        Unit, verbose_name=_("supported unit"), on_delete=models.PROTECT, related_name="+"
    )
    commitments = models.TextField(_("the year's commitments"), max_length=2000)
    activities_planned = models.PositiveSmallIntegerField(
        _("activities committed in the year"), default=DEFAULT_PAIR_ACTIVITIES
    )
    state = models.CharField(_("state"), max_length=16, choices=PairState.choices, default=PairState.PROPOSED)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "supporter__code", "supported__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "supporter", "supported"],
                condition=Q(cancelled_at__isnull=True),
                name="linkage_pair_once_a_year",
            ),
        ]
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")

    def __str__(self) -> str:
        return f"{self.supporter} → {self.supported} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("linkage:pair", args=[self.pk])


class PairActivity(Cancellable):
    """结对活动: an activity done under a pair, recorded by one side and confirmed by the other."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.PROTECT, related_name="activities"
    )
    recorded_by_unit = models.ForeignKey(
        Unit, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=16, choices=OfferingKind.choices)
    audience = models.PositiveIntegerField(_("audience"))
    description = models.TextField(_("what was done"), max_length=2000, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CancellableQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("pair activity")
        verbose_name_plural = _("pair activities")

    def __str__(self) -> str:
        return self.title


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        return self.filter(owned_visible(user, "owner"))


class Programme(models.Model):
    """活动品牌: an outreach programme (家在苏州, 三下乡, 四进工程, 群星璀璨 or one the office adds), kept by the office of a
    jurisdiction."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["owner__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="linkage_programme_unique_name")
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("linkage:programme", args=[self.pk])


class ActivityQuerySet(CancellableQuerySet):
    def visible_to(self, user) -> "ActivityQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(
            Q(organizer_id__in=scope.unit_ids)
            | inside(scope.jurisdiction_paths, "region__path")
            | inside(scope.jurisdiction_paths, "organizer__region__path")
        )

    def public(self) -> "ActivityQuerySet":
        return self.current().filter(is_public=True)


class OutreachActivity(Cancellable):
    """惠民活动: one activity of a programme — where (down to the village), when, what, for whom, how many came, who
    organized it with which partners; photos are attached on its timeline."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="activities"
    )
    organizer = models.ForeignKey(
        Unit, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("address"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=16, choices=OfferingKind.choices)
    audience_kind = models.CharField(_("into"), max_length=16, choices=AudienceKind.choices)
    audience = models.PositiveIntegerField(_("audience"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"]), models.Index(fields=["programme", "held_on"])]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("linkage:activity", args=[self.pk])
