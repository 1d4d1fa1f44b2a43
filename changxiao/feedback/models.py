"""The citizen feedback channel (群众文化需求反馈渠道): items, their routing, replies, ratings and transfers."""

import secrets
import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changxiao.core.deadlines import deadline_status
from changxiao.core.events import FINAL_OUTCOMES, FindingOutcome
from changxiao.core.personal_data import decrypt, redact_identifiers
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import owned_applying, owned_visible, zone_paths
from changxiao.orgs.scope import get_scope, inside, narrowed, within

from .choices import FeedbackState, Kind, Rating

# Tracking codes avoid letters and digits that are easily confused (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    return "FK" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def normalize_tracking_code(typed: str) -> str:
    """A tracking code as a citizen pastes or types it: full-width characters (a Chinese input method's ＦＫ…) read
    as ASCII, spaces and hyphens dropped, lower case read as upper case."""
    folded = unicodedata.normalize("NFKC", typed)
    return "".join(c for c in folded if not c.isspace() and c != "-").upper()


class OwnedQuerySet(models.QuerySet):
    """Settings kept by a jurisdiction (orgs.owned): what a person reads, what applies in a region."""

    def visible_to(self, user):
        return self.filter(owned_visible(user))

    def applying_in(self, region: Region):
        return self.filter(owned_applying(region))


class Category(models.Model):
    """A category of feedback (facilities, activities, opening hours …), kept by the office of a jurisdiction: the
    citizens of that jurisdiction choose from it. Without an owner it is offered everywhere (shipped)."""

    owner = models.ForeignKey(
        Region,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: shipped with the platform, offered in every jurisdiction."),
    )
    name = models.CharField(_("name"), max_length=40)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="feedback_category_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(owner__isnull=True), name="feedback_shipped_category_unique_name"
            ),
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """分办规则: items of this category (any when empty) in this jurisdiction or about this venue go to the unit.

    A rule is kept by the office of a jurisdiction (its owner) and applies to the items of that jurisdiction; with no
    jurisdiction or venue, to all of them. The most specific rule wins: a venue rule, then the rule of the deepest
    jurisdiction (so a district refines its city's rules), a category rule before an any-category rule, then the
    deeper owner's. Items no rule matches wait in the office's triage queue."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    venue = models.ForeignKey(
        Unit, verbose_name=_("venue"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), on_delete=models.CASCADE, related_name="+"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.category or '*'} · {self.venue or self.region or self.owner} → {self.unit}"

    @property
    def reach(self) -> Region:
        """The jurisdiction the rule covers: its own, else its owner's whole jurisdiction."""
        return self.region or self.owner


class DeadlinePolicy(models.Model):
    """Working days to acknowledge and to answer an item of a kind in a jurisdiction, set by its office; the nearest
    policy up the tree applies (the defaults when none is set)."""

    owner = models.ForeignKey(Region, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    acknowledge_workdays = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    answer_workdays = models.PositiveSmallIntegerField(
        _("answer within (working days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="feedback_deadline_policy_unique_kind")
        ]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return self.get_kind_display()


def _jurisdiction(scope) -> Q:
    """The items of the person's jurisdictions, by their regions' keys (read once a request)."""
    return scope.remember(
        "feedback.jurisdiction", lambda: inside(scope.jurisdiction_paths, "region__path", indexed=True)
    )


def managed_items(scope) -> Q:
    """The items of the regions the person manages (routing, follow-up), by their regions' keys (read once a
    request: the workbench asks twice)."""
    return scope.remember(
        "feedback.managed", lambda: inside(scope.managing_paths, "region__path", indexed=True)
    )


class FeedbackItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FeedbackItemQuerySet":
        """The handling unit sees its items; the office, districts and leaders those of their jurisdiction."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(Q(unit_id__in=scope.unit_ids) | _jurisdiction(scope))

    def visible_parts(self, user, region=None) -> list["FeedbackItemQuerySet"]:
        """visible_to (within `region`, when given) as parts without a row in common, together exactly its rows: the
        jurisdiction's items, and the person's units' items outside it. For counts: the database reads each by its own
        index — the jurisdiction's from the index of region and time alone (feedback_item_region_time), without the
        table — where the OR of the two is read row by row from the table (a city's year at scale 1: 234 → 44 ms). A
        region narrows the jurisdiction's keys themselves (two lists of keys on one column cost a scan)."""
        scope = get_scope(user)
        if scope.is_superuser:
            return [self.filter(within(region, indexed=True)) if region else self.all()]
        own = Q(unit_id__in=scope.unit_ids)
        if region is not None:
            own &= within(region, indexed=True)
        if not scope.jurisdiction_paths:
            return [self.filter(own)]
        jurisdiction = _jurisdiction(scope)
        if region is not None:
            narrow = inside(narrowed(scope.jurisdiction_paths, region.path), "region__path", indexed=True)
        else:
            narrow = jurisdiction
        return [self.filter(narrow), self.filter(own & ~jurisdiction)]

    def open(self) -> "FeedbackItemQuerySet":
        return self.exclude(state__in=[FeedbackState.CLOSED, FeedbackState.ESCALATED])

    def opened_to_social_for(self, user) -> "FeedbackItemQuerySet":
        """Demands opened to social forces that the person reads: those of the city they work in (another city's
        demands are its own organizations' business)."""
        items = self.filter(open_to_social=True)
        if get_scope(user).is_superuser:
            return items
        condition = inside(zone_paths(user), "region__path", indexed=True)
        return items.filter(condition)


class FeedbackItem(models.Model):
    """One demand, suggestion, complaint or praise from a citizen, tracked by its code."""

    class Source(models.TextChoices):
        WEB = "web", _("Public form")
        API = "api", _("API")
        HOTLINE = "hotline", _("12345 hotline")

    code = models.CharField(_("tracking code"), max_length=16, unique=True, default=new_tracking_code)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    # Indexed by feedback_item_region_time (Meta), which leads with it.
    region = models.ForeignKey(
        Region, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    venue = models.ForeignKey(
        Unit, verbose_name=_("venue"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("content"), max_length=5000)
    name = models.CharField(_("name"), max_length=40, blank=True)
    # Encrypted at rest; phone_masked is what lists show. Both are erased after the retention period.
    phone_encrypted = models.TextField(max_length=500, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.WEB)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=FeedbackState.choices, default=FeedbackState.NEW
    )
    transfer_count = models.PositiveSmallIntegerField(_("transfers"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    last_rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    unsatisfied_count = models.PositiveSmallIntegerField(default=0)
    acknowledge_due = models.DateField(_("acknowledge by"))
    answer_due = models.DateField(_("answer by"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Stored when answered, so that past figures do not change with the calendar or the deadline.
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    open_to_social = models.BooleanField(
        _("open to social forces"),
        default=False,
        help_text=_("Social organizations and volunteer teams may offer to meet this demand."),
    )
    social_outcome = models.TextField(_("how social forces met it"), max_length=3000, blank=True)
    hotline_order_no = models.CharField(
        _("12345 work order number"), max_length=40, null=True, blank=True, unique=True
    )
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The finding the item was escalated into (the successor, once reassigned). Supervision has no way back to the
    # item (related_name "+"): it tells the outcome through core.events.finding_outcome, with the item's code.
    finding = models.ForeignKey(
        "supervision.Finding",
        verbose_name=_("supervision finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The latest outcome supervision told (SupervisionOutcome), the citizen's rating of the final one, and whether a
    # 不满意 with it waits for the office's follow-up (回访).
    outcome = models.CharField(
        _("supervision outcome"), max_length=16, choices=FindingOutcome.choices, blank=True
    )
    outcome_rating = models.CharField(
        _("rating of the outcome"), max_length=16, choices=Rating.choices, blank=True
    )
    needs_follow_up = models.BooleanField(_("to follow up"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    objects = FeedbackItemQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "answer_due"]),
            models.Index(fields=["unit", "state"]),
            # The queue's order: its first page is read down this index, not sorted from the whole jurisdiction.
            models.Index(fields=["answer_due", "id"], name="feedback_item_queue_order"),
            # The items to follow up (few), counted on the queue and the workbench without a scan of them all.
            models.Index(
                fields=["id"], condition=models.Q(needs_follow_up=True), name="feedback_item_follow_up"
            ),
            # The demands opened to social organizations (few), listed for claiming without reading a city's items.
            models.Index(
                fields=["region", "submitted_at"],
                condition=models.Q(open_to_social=True),
                name="feedback_item_open_to_social",
            ),
            # A jurisdiction's items (scope.inside indexed: its regions' keys) and their counts by kind, category and
            # month read from the index alone on PostgreSQL (an index-only scan: a city's year of 77,000 items).
            models.Index(
                fields=["region", "submitted_at"],
                include=["kind", "category"],
                name="feedback_item_region_time",
            ),
        ]
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("feedback:item_detail", args=[self.pk])

    def get_tracking_url(self) -> str:
        return reverse("public:feedback_track", args=[self.code])

    def personal_values(self) -> tuple[str, ...]:
        """What the citizen gave about themselves beside the message: their name and phone."""
        return tuple(value for value in (self.name, decrypt(self.phone_encrypted)) if value)

    def redacted(self, text: str) -> str:
        """Text of this item (the message, a reply, a comment) as a public page or a document for publication shows
        it: identifiers, and the citizen's own name and phone, hidden (core.personal_data.redact_identifiers)."""
        return redact_identifiers(text, known=self.personal_values())

    @property
    def deadline(self):
        return deadline_status(self.answer_due, done_on=self.answered_on)

    @property
    def outcome_to_rate(self) -> bool:
        """Supervision told a final outcome, and the citizen has not rated it yet."""
        return (
            self.state == FeedbackState.CLOSED and self.outcome in FINAL_OUTCOMES and not self.outcome_rating
        )


class Reply(models.Model):
    """A public reply (the citizen sees it on the tracking page) or an internal note."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("text"), max_length=5000)
    is_public = models.BooleanField(_("public reply"), default=True)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.item} · {self.created_at:%Y-%m-%d}"


class SupervisionOutcome(models.Model):
    """督查结果告知: what supervision decided on the finding an item was escalated into, as told to the citizen.

    Written from core.events.finding_outcome (services.supervision_outcome_record), one per finding: a reassignment
    to another unit, then that unit's outcome, are two. Holds only what the public may read."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="outcomes")
    finding_ref = models.PositiveBigIntegerField(_("supervision finding number"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=FindingOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    unit_name = models.CharField(_("responsible unit"), max_length=200)
    new_unit_name = models.CharField(_("now responsible"), max_length=200, blank=True)
    new_due_date = models.DateField(_("to be rectified by"), null=True, blank=True)
    told_at = models.DateTimeField(_("told at"), default=timezone.now)

    class Meta:
        ordering = ["told_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "finding_ref"], name="one_outcome_per_finding")
        ]
        verbose_name = _("supervision outcome")
        verbose_name_plural = _("supervision outcomes")

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"

    @property
    def is_final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES

    def public_text(self) -> str:
        """The outcome in plain words for the citizen (the tracking page and the public API)."""
        names = {
            "unit": self.unit_name,
            "new_unit": self.new_unit_name,
            "date": self.new_due_date.isoformat() if self.new_due_date else "",
        }
        texts = {
            FindingOutcome.RECTIFIED: _(
                "%(unit)s has put the problem right, and the supervision checked and confirmed it."
            ),
            FindingOutcome.NOT_RECTIFIED: _(
                "The supervision of this matter has ended without %(unit)s putting the problem right."
            ),
            FindingOutcome.DUPLICATE: _(
                "The supervision found that this problem is already under supervision in another case; it is "
                "followed up there."
            ),
            FindingOutcome.NOT_RESPONSIBLE: _(
                "The supervision found that this matter is not the responsibility of %(unit)s; its supervision "
                "has ended."
            ),
            FindingOutcome.REASSIGNED: _(
                "The supervision found that this matter is not the responsibility of %(unit)s: %(new_unit)s is "
                "now responsible and has to put it right by %(date)s."
            ),
        }
        return str(texts[self.outcome]) % names


class Evaluation(models.Model):
    """The citizen's rating of an answer, or of the outcome of the supervision the item was escalated into, given
    on the tracking page; an outcome is rated once."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="evaluations")
    outcome = models.ForeignKey(
        SupervisionOutcome,
        verbose_name=_("supervision outcome"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome"], condition=Q(outcome__isnull=False), name="one_rating_per_outcome"
            )
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.item} · {self.get_rating_display()}"


class TransferRequest(models.Model):
    """转办申请: a unit asks the office to move an item elsewhere, with a reason; the office of the item's
    jurisdiction (not the unit that asked) approves it, naming the unit, or refuses it, saying why."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="transfer_requests")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    suggested_unit = models.ForeignKey(
        Unit,
        verbose_name=_("suggested unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")

    def __str__(self) -> str:
        return f"{self.item} ← {self.from_unit}"


class PhoneView(models.Model):
    """Every full view of a citizen's phone number: who, when, which item."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="phone_views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("phone number view")
        verbose_name_plural = _("phone number views")

    def __str__(self) -> str:
        return f"{self.item} · {self.viewed_at:%Y-%m-%d %H:%M}"


class SocialOfferQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SocialOfferQuerySet":
        scope = get_scope(user)
        return self.filter(Q(unit_id__in=scope.unit_ids) | Q(item__in=FeedbackItem.objects.visible_to(user)))


class SocialOffer(models.Model):
    """社会力量: a social organization or volunteer team offers to meet an open demand; the office accepts one."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="social_offers")
    unit = models.ForeignKey(Unit, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    plan = models.TextField(_("what we offer"), max_length=2000)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OFFERED)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)
    # The organization's volunteer team that staffs the offer (core.volunteer_teams): its id and its name at the time,
    # as apps hold no keys into each other's tables.
    staffing_team_id = models.PositiveIntegerField(_("staffed by volunteer team"), null=True, blank=True)
    staffing_team_name = models.CharField(_("volunteer team's name"), max_length=100, blank=True)

    objects = SocialOfferQuerySet.as_manager()

    class Meta:
        ordering = ["offered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="one_offer_per_organization")]
        indexes = [models.Index(fields=["staffing_team_id"], name="feedback_offer_staffing_team")]
        verbose_name = _("social offer")
        verbose_name_plural = _("social offers")

    def __str__(self) -> str:
        return f"{self.unit} → {self.item}"
