"""反馈设置: the categories, routing rules and deadlines of the feedback channel, each kept by the office of a
jurisdiction (orgs.owned) — how they are read, how they apply to an item, and how they are changed.

An item uses the settings of its own jurisdiction and of those above it: its city's categories (and shipped ones),
the most specific routing rule (a district's refines its city's), the nearest deadline policy up the tree."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.deadlines import add_workdays
from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import applies_in, can_keep
from changxiao.orgs.scope import ancestor_paths, within

from .choices import DEFAULT_ACKNOWLEDGE_WORKDAYS, DEFAULT_ANSWER_WORKDAYS, Kind
from .models import Category, DeadlinePolicy, RoutingRule

register_verbs(
    {
        "feedback_category_added": gettext_lazy("added a feedback category"),
        "feedback_category_hidden": gettext_lazy("hid a feedback category"),
        "feedback_category_shown": gettext_lazy("showed a feedback category again"),
        "routing_rule_added": gettext_lazy("added a routing rule"),
        "routing_rule_removed": gettext_lazy("removed a routing rule"),
        "feedback_deadlines_set": gettext_lazy("set the feedback deadlines"),
    }
)
SETTINGS_VERBS = (
    "feedback_category_added",
    "feedback_category_hidden",
    "feedback_category_shown",
    "routing_rule_added",
    "routing_rule_removed",
    "feedback_deadlines_set",
)


# --- Reading -------------------------------------------------------------------------------------------------


def categories_for(region: Region):
    """The categories a citizen chooses from in a region: its jurisdiction's and those above, and shipped ones."""
    return Category.objects.applying_in(region).filter(is_active=True)


def route(category: Category, region: Region, venue: Unit | None) -> Unit | None:
    """The unit the most specific rule applying in the region names; None sends the item to the office's triage
    queue."""
    ancestors = set(ancestor_paths(region.path))
    rules = (
        RoutingRule.objects.applying_in(region)
        .filter(Q(category=category) | Q(category__isnull=True), unit__is_active=True)
        .select_related("owner", "region", "unit")
    )
    candidates = []
    for rule in rules:
        if rule.venue_id is not None:
            if venue is None or rule.venue_id != venue.pk:
                continue
            specificity = 1000
        elif rule.reach.path in ancestors:
            specificity = len(rule.reach.path)
        else:
            continue
        candidates.append(
            (specificity, rule.category_id is not None, len(rule.owner.path), -rule.pk, rule.unit)
        )
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[:4])[4]


def policy_for(kind: str, region: Region) -> DeadlinePolicy | None:
    """The deadline policy of the kind set by the region's office or the nearest one above it."""
    policies = DeadlinePolicy.objects.applying_in(region).filter(kind=kind).select_related("owner")
    return max(policies, key=lambda p: len(p.owner.path), default=None)


def deadlines_for(kind: str, start, region: Region) -> tuple:
    """The days by which an item of the kind in the region is to be acknowledged and answered."""
    policy = policy_for(kind, region)
    acknowledge = policy.acknowledge_workdays if policy else DEFAULT_ACKNOWLEDGE_WORKDAYS
    answer = policy.answer_workdays if policy else DEFAULT_ANSWER_WORKDAYS
    return add_workdays(start, acknowledge), add_workdays(start, answer)


# --- Changing ------------------------------------------------------------------------------------------------


def _require_keeper(by: User, owner: Region | None) -> None:
    if not can_keep(by, owner):
        raise PermissionDenied


@transaction.atomic
def category_create(*, owner: Region, by: User, name: str, sort_order: int = 0) -> Category:
    """A category offered to the citizens of the owner's jurisdiction."""
    _require_keeper(by, owner)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    # The citizens of the jurisdiction see the categories above it too: two of the same name would read as one.
    offered = Category.objects.applying_in(owner) | Category.objects.filter(within(owner, "owner__path"))
    if offered.filter(name=name).exists():
        raise ValidationError(
            {"name": _("A category of this name is already offered in %(region)s.") % {"region": owner.name}}
        )
    category = Category.objects.create(owner=owner, name=name, sort_order=sort_order)
    record_event(owner, actor=by, verb="feedback_category_added", comment=name)
    return category


@transaction.atomic
def category_toggle(*, category: Category, by: User) -> Category:
    """Hide a category from the public form (items already filed under it keep it), or show it again."""
    _require_keeper(by, category.owner)
    category.is_active = not category.is_active
    category.save(update_fields=["is_active"])
    verb = "feedback_category_shown" if category.is_active else "feedback_category_hidden"
    record_event(category.owner, actor=by, verb=verb, comment=category.name)
    return category


def _rule_text(rule: RoutingRule) -> str:
    where = rule.venue.name if rule.venue_id else rule.reach.name
    return f"{rule.category.name if rule.category_id else _('Any category')} · {where} → {rule.unit.name}"


@transaction.atomic
def routing_rule_create(
    *,
    owner: Region,
    by: User,
    unit: Unit,
    category: Category | None = None,
    region: Region | None = None,
    venue: Unit | None = None,
) -> RoutingRule:
    """A rule of the owner's jurisdiction: its jurisdiction, venue and handling unit lie inside it, its category is
    one offered there."""
    _require_keeper(by, owner)
    problems = {}
    if region is not None and not region.is_within(owner):
        problems["region"] = _("Choose a jurisdiction inside %(region)s.") % {"region": owner.name}
    if venue is not None and not venue.region.is_within(owner):
        problems["venue"] = _("Choose a venue of %(region)s.") % {"region": owner.name}
    if not unit.region.is_within(owner):
        problems["unit"] = _("Choose a unit of %(region)s.") % {"region": owner.name}
    if category is not None and not applies_in(category.owner, owner):
        problems["category"] = _("Choose a category offered in %(region)s.") % {"region": owner.name}
    if problems:
        raise ValidationError(problems)
    rule = RoutingRule.objects.create(owner=owner, category=category, region=region, venue=venue, unit=unit)
    record_event(owner, actor=by, verb="routing_rule_added", comment=_rule_text(rule))
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, by: User) -> None:
    """Items already routed stay with their unit; new items follow the remaining rules. The rule is kept in the
    audit log and named on the jurisdiction's timeline."""
    _require_keeper(by, rule.owner)
    record_event(rule.owner, actor=by, verb="routing_rule_removed", comment=_rule_text(rule))
    rule.delete()


@transaction.atomic
def deadline_policy_save(
    *, owner: Region, by: User, kind: str, acknowledge_workdays: int, answer_workdays: int
) -> DeadlinePolicy:
    """The working days the owner's jurisdiction gives to acknowledge and answer items of a kind (items already
    filed keep their deadlines)."""
    _require_keeper(by, owner)
    if kind not in Kind.values:
        raise ValidationError(_("Choose what kind of feedback this is."))
    policy = DeadlinePolicy.objects.filter(owner=owner, kind=kind).first() or DeadlinePolicy(
        owner=owner, kind=kind
    )
    policy.acknowledge_workdays, policy.answer_workdays = acknowledge_workdays, answer_workdays
    if policy.answer_workdays < policy.acknowledge_workdays:
        raise ValidationError(
            _("An item cannot be answered before it is acknowledged: give the answer more days.")
        )
    policy.full_clean()
    policy.save()
    record_event(
        owner,
        actor=by,
        verb="feedback_deadlines_set",
        comment=_("%(kind)s: acknowledge within %(ack)s, answer within %(answer)s working days")
        % {"kind": policy.get_kind_display(), "ack": acknowledge_workdays, "answer": answer_workdays},
    )
    return policy
