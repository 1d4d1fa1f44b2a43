"""Every write of the urban-rural linkage: the year's menu and its offerings, quotas and orders (placed, answered,
delivered, confirmed, rated), pairs and their activities, programmes and their activities. Each step checks who
acts, the values and the state in one transaction and writes the timeline."""

import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import organizations, volunteer_teams
from changxiao.core.bounds import check_planned_date, check_record_date, check_text, check_year
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record, require_reason
from changxiao.core.deadlines import add_workdays, local_today
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import can_keep
from changxiao.orgs.recipients import unit_people
from changxiao.orgs.scope import lies_in

from .choices import (
    AUDIENCE_MAX,
    PLACES_MAX,
    RATING_MAX,
    RATING_MIN,
    REPLY_WORKDAYS_MAX,
    AudienceKind,
    CostBorne,
    Extent,
    MenuState,
    OfferingKind,
    OfferingState,
    OrderState,
    PairState,
)
from .models import (
    Menu,
    Offering,
    Order,
    OutreachActivity,
    Pair,
    PairActivity,
    Programme,
    Quota,
    ResidentRating,
)
from .permissions import (
    can_act_for,
    can_answer,
    can_confirm_pair_activity,
    can_confirm_receipt,
    can_keep_menu,
    can_manage_pair,
    can_order,
    can_record_activity,
    can_write_offering,
    is_ordering_unit,
    pair_side,
)

register_verbs(
    {
        "menu_created": gettext_lazy("prepared the year's menu"),
        "menu_published": gettext_lazy("published the menu"),
        "menu_withdrawn": gettext_lazy("withdrew the menu's publication"),
        "quota_set": gettext_lazy("set an ordering quota"),
        "offering_submitted": gettext_lazy("offered an item for the menu"),
        "offering_accepted": gettext_lazy("accepted the item onto the menu"),
        "offering_returned": gettext_lazy("returned the item"),
        "offering_withdrawn": gettext_lazy("withdrew the item"),
        "order_placed": gettext_lazy("ordered"),
        "order_accepted": gettext_lazy("accepted the order with a date"),
        "order_declined": gettext_lazy("declined the order"),
        "order_cancelled": gettext_lazy("cancelled the order"),
        "order_delivered": gettext_lazy("reported the delivery"),
        "order_completed": gettext_lazy("confirmed the delivery and rated it"),
        "order_disputed": gettext_lazy("said the delivery did not happen"),
        "order_rating_corrected": gettext_lazy("corrected the rating"),
        "order_overdue": gettext_lazy("not answered in time"),
        "order_escalated": gettext_lazy("escalated to the office"),
        "pair_created": gettext_lazy("set up the pair"),
        "pair_agreed": gettext_lazy("agreed to the pair"),
        "pair_ended": gettext_lazy("ended the pair"),
        "pair_activity_recorded": gettext_lazy("recorded an activity of the pair"),
        "pair_activity_confirmed": gettext_lazy("confirmed the activity"),
        "programme_added": gettext_lazy("added a programme"),
        "activity_recorded": gettext_lazy("recorded an outreach activity"),
    }
)

ORDER_MACHINE = StateMachine(
    field="state",
    transitions={
        OrderState.ORDERED: frozenset({OrderState.ACCEPTED, OrderState.DECLINED, OrderState.CANCELLED}),
        OrderState.ACCEPTED: frozenset({OrderState.DELIVERED, OrderState.CANCELLED}),
        # The receiving unit confirms (and rates), or says it did not happen: back to the date agreed.
        OrderState.DELIVERED: frozenset({OrderState.COMPLETED, OrderState.ACCEPTED}),
    },
)
OFFERING_MACHINE = StateMachine(
    field="state",
    transitions={
        OfferingState.SUBMITTED: frozenset(
            {OfferingState.ACCEPTED, OfferingState.RETURNED, OfferingState.WITHDRAWN}
        ),
        OfferingState.RETURNED: frozenset({OfferingState.SUBMITTED, OfferingState.WITHDRAWN}),
        OfferingState.ACCEPTED: frozenset({OfferingState.WITHDRAWN}),
    },
)
MENU_MACHINE = StateMachine(
    field="state",
    transitions={
        MenuState.DRAFT: frozenset({MenuState.PUBLISHED}),
        MenuState.PUBLISHED: frozenset({MenuState.DRAFT}),
    },
)
PAIR_MACHINE = StateMachine(
    field="state",
    transitions={
        PairState.PROPOSED: frozenset({PairState.AGREED, PairState.ENDED}),
        PairState.AGREED: frozenset({PairState.ENDED}),
    },
)


# --- Checks -----------------------------------------------------------------------------------------------------


def _count(value, *, field: str, minimum: int = 0, maximum: int) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Give a whole number.")})
    if not minimum <= value <= maximum:
        raise ValidationError(
            {field: _("Give a whole number between %(min)s and %(max)s.") % {"min": minimum, "max": maximum}}
        )
    return value


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the values offered.")})
    return value


def _required_text(value: str, *, field: str, maximum: int, message: str) -> str:
    value = check_text(value, field=field, maximum=maximum)
    if not value:
        raise ValidationError({field: message})
    return value


def _in_year(day: date, year: int, field: str) -> None:
    if day.year != year:
        raise ValidationError({field: _("Give a date in %(year)s, the menu's year.") % {"year": year}})


# --- The menu ---------------------------------------------------------------------------------------------------


@transaction.atomic
def menu_create(
    *,
    region: Region,
    year: int,
    title: str,
    by: User,
    default_quota: int = 6,
    reply_workdays: int = 5,
    coverage_times: int = 2,
) -> Menu:
    """The office prepares its jurisdiction's menu of a year (one a year), in draft until it publishes it."""
    require(can_keep(by, region))
    check_year(year, field="year")
    title = _required_text(title, field="title", maximum=200, message=_("Give the menu a title."))
    _count(default_quota, field="default_quota", maximum=PLACES_MAX)
    _count(reply_workdays, field="reply_workdays", minimum=1, maximum=REPLY_WORKDAYS_MAX)
    _count(coverage_times, field="coverage_times", minimum=1, maximum=365)
    if Menu.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            {"year": _("This jurisdiction already has a menu for %(year)s.") % {"year": year}}
        )
    menu = Menu.objects.create(
        region=region,
        year=year,
        title=title,
        default_quota=default_quota,
        reply_workdays=reply_workdays,
        coverage_times=coverage_times,
    )
    record_event(menu, actor=by, verb="menu_created", comment=title)
    return menu


def menu_publish_check(menu: Menu) -> StepCheck:
    on_menu = menu.offerings.filter(state=OfferingState.ACCEPTED).count()
    waiting = menu.offerings.filter(state=OfferingState.SUBMITTED).count()
    check = StepCheck(
        action=_("Publish %(title)s") % {"title": menu.title},
        consequences=[
            _(
                "%(count)s items become visible to every township station and village centre, and to the public."
            )
            % {"count": on_menu},
            _("Each station and centre may order %(quota)s deliveries unless its own quota is set.")
            % {"quota": menu.default_quota},
        ],
    )
    if menu.state != MenuState.DRAFT:
        check.refusals.append(_("The menu is already published."))
    if not on_menu:
        check.refusals.append(_("No item is accepted onto the menu yet."))
    if waiting:
        check.missing.append(_("%(count)s offered items are still waiting for review.") % {"count": waiting})
    return check


@transaction.atomic
def menu_publish(*, menu: Menu, by: User, confirmed: bool = False) -> Menu:
    """保障法 art. 28: the office publishes the year's menu; villages order from it from then on."""
    require(can_keep_menu(by, menu))
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    menu_publish_check(menu).require(confirmed=confirmed)
    menu.published_at = timezone.now()
    MENU_MACHINE.apply(
        menu, MenuState.PUBLISHED, by=by, verb="menu_published", update_fields=("published_at",)
    )
    return menu


@transaction.atomic
def menu_withdraw(*, menu: Menu, by: User, reason: str) -> Menu:
    """The publication taken back with a reason (nothing can be ordered until it is published again); orders
    placed stay and run their course."""
    require(can_keep_menu(by, menu))
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    reason = require_reason(reason)
    MENU_MACHINE.apply(menu, MenuState.DRAFT, by=by, verb="menu_withdrawn", comment=reason)
    return menu


@transaction.atomic
def quota_set(*, menu: Menu, unit: Unit, places: int, by: User) -> Quota:
    """The office sets a station's or centre's quota of the year: never below what it has already ordered."""
    require(can_keep_menu(by, menu))
    _count(places, field="places", maximum=PLACES_MAX)
    if not is_ordering_unit(unit) or not lies_in(unit.region, [menu.region.path]):
        raise ValidationError(
            {"unit": _("Choose a township station or village centre of the menu's jurisdiction.")}
        )
    quota, _created = Quota.objects.get_or_create(
        menu=menu, unit=unit, defaults={"places": menu.default_quota}
    )
    quota = Quota.objects.select_for_update().get(pk=quota.pk)
    if places < quota.used:
        raise ValidationError(
            {
                "places": _("%(unit)s has already ordered %(used)s: the quota cannot be lower.")
                % {"unit": unit.name, "used": quota.used}
            }
        )
    before = quota.places
    quota.places = places
    quota.save(update_fields=["places"])
    record_event(menu, actor=by, verb="quota_set", comment=f"{unit.name}: {before} → {places}")
    return quota


def quota_for(menu: Menu, unit: Unit) -> Quota:
    """The unit's quota of the menu (the menu's default until the office sets one), created on first use."""
    return Quota.objects.get_or_create(menu=menu, unit=unit, defaults={"places": menu.default_quota})[0]


# --- Offerings --------------------------------------------------------------------------------------------------


def _offering_values(menu: Menu, values: dict) -> dict:
    title = _required_text(
        values.get("title"), field="title", maximum=100, message=_("Give the item a title.")
    )
    description = _required_text(
        values.get("description"), field="description", maximum=2000, message=_("Describe what is offered.")
    )
    kind = _choice(values.get("kind"), OfferingKind, "kind")
    cost_borne = _choice(values.get("cost_borne"), CostBorne, "cost_borne")
    capacity = _count(values.get("capacity"), field="capacity", minimum=1, maximum=AUDIENCE_MAX)
    places = _count(values.get("places"), field="places", minimum=1, maximum=PLACES_MAX)
    start, end = values.get("available_from"), values.get("available_until")
    if start is None:
        raise ValidationError({"available_from": _("Give the first day the item is available.")})
    if end is None:
        raise ValidationError({"available_until": _("Give the last day the item is available.")})
    _in_year(start, menu.year, "available_from")
    _in_year(end, menu.year, "available_until")
    if end < start:
        raise ValidationError({"available_until": _("The last day cannot come before the first.")})
    return {
        "title": title,
        "description": description,
        "kind": kind,
        "cost_borne": cost_borne,
        "capacity": capacity,
        "places": places,
        "available_from": start,
        "available_until": end,
        "site_needs": check_text(values.get("site_needs"), field="site_needs", maximum=300),
        "code": check_text(values.get("code"), field="code", maximum=20),
    }


def search_text_of(offering: Offering, provider: Unit) -> str:
    """What the menu's search box matches: title, provider, kind and code, in one lower-cased column."""
    return " ".join(
        [offering.title, provider.name, provider.short_name, offering.code, offering.get_kind_display()]
    ).lower()[:400]


@transaction.atomic
def offering_submit(*, menu: Menu, provider: Unit, by: User, **values) -> Offering:
    """A provider offers an item for a menu of its zone; the office reviews it."""
    require(can_act_for(by, provider))
    if not lies_in(provider.region, [menu.region.path]):
        raise ValidationError(_("The provider works outside the menu's jurisdiction."))
    # A social organization offers through its account; the registry (core.organizations) says if it still exists.
    registration = organizations.registrations([provider.pk]).get(provider.pk)
    if registration is not None and not registration.active:
        raise ValidationError(
            _("%(name)s is dissolved in the registry of social organizations: it cannot offer.")
            % {"name": registration.name}
        )
    cleaned = _offering_values(menu, values)
    offering = Offering(menu=menu, provider=provider, created_by=by, **cleaned)
    offering.search_text = search_text_of(offering, provider)
    offering.save()
    record_event(offering, actor=by, verb="offering_submitted", to_state=offering.state)
    return offering


@transaction.atomic
def offering_resubmit(*, offering: Offering, by: User, **values) -> Offering:
    """A returned item changed and offered again."""
    require(can_write_offering(by, offering))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    if offering.state != OfferingState.RETURNED:
        raise ValidationError(_("Only a returned item is changed and offered again."))
    for name, value in _offering_values(offering.menu, values).items():
        setattr(offering, name, value)
    offering.search_text = search_text_of(offering, offering.provider)
    offering.save()
    OFFERING_MACHINE.apply(offering, OfferingState.SUBMITTED, by=by, verb="offering_submitted")
    return offering


@transaction.atomic
def offering_review(*, offering: Offering, by: User, accept: bool, note: str = "") -> Offering:
    """The office accepts an item onto the menu or returns it with the reason; never its own item."""
    require(
        can_keep_menu(by, offering.menu) and not (can_act_for(by, offering.provider) and not by.is_superuser)
    )
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    note = check_text(note, field="note", maximum=500)
    if not accept and not note:
        raise ValidationError({"note": _("Say why the item is returned.")})
    offering.review_note = note
    OFFERING_MACHINE.apply(
        offering,
        OfferingState.ACCEPTED if accept else OfferingState.RETURNED,
        by=by,
        verb="offering_accepted" if accept else "offering_returned",
        comment=note,
        update_fields=("review_note",),
    )
    notify(
        unit_people(offering.provider),
        title=(_("%(title)s is on the menu") if accept else _("%(title)s was returned"))
        % {"title": offering.title},
        url=offering.get_absolute_url(),
    )
    return offering


@transaction.atomic
def offering_withdraw(*, offering: Offering, by: User, reason: str) -> Offering:
    """The provider takes an item off the menu with a reason; orders already placed stay and must be answered."""
    require(can_write_offering(by, offering) or can_keep_menu(by, offering.menu))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    reason = require_reason(reason)
    OFFERING_MACHINE.apply(
        offering, OfferingState.WITHDRAWN, by=by, verb="offering_withdrawn", comment=reason
    )
    return offering


# --- Orders -----------------------------------------------------------------------------------------------------


def _take_place(menu: Menu, unit: Unit, offering: Offering) -> None:
    """Take one place of the unit's quota and one of the offering's, each by a conditional UPDATE: of two orders
    racing for the last place exactly one finds it (the other updates no row and is refused)."""
    quota = quota_for(menu, unit)
    if not Quota.objects.filter(pk=quota.pk, used__lt=F("places")).update(used=F("used") + 1):
        raise ValidationError(
            _("%(unit)s has used all %(places)s places of its quota for %(year)s.")
            % {"unit": unit.name, "places": Quota.objects.get(pk=quota.pk).places, "year": menu.year}
        )
    if not Offering.objects.filter(pk=offering.pk, places_taken__lt=F("places")).update(
        places_taken=F("places_taken") + 1
    ):
        raise ValidationError(_("Every delivery of this item is already ordered."))


def _release_place(order: Order) -> None:
    Quota.objects.filter(menu_id=order.offering.menu_id, unit_id=order.unit_id, used__gt=0).update(
        used=F("used") - 1
    )
    Offering.objects.filter(pk=order.offering_id, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1
    )


@transaction.atomic
def order_place(
    *, offering: Offering, unit: Unit, by: User, wished_date: date, audience_expected: int, note: str = ""
) -> Order:
    """A station or centre orders an item for itself within its quota; the provider must answer within the menu's
    working days."""
    offering = Offering.objects.select_related("menu__region", "provider").get(pk=offering.pk)
    menu = offering.menu
    require(can_order(by, unit, menu))
    if menu.state != MenuState.PUBLISHED or offering.state != OfferingState.ACCEPTED:
        raise ValidationError(_("This item is not on a published menu."))
    if wished_date is None:
        raise ValidationError({"wished_date": _("Give the day you would like it.")})
    check_planned_date(wished_date, field="wished_date")
    today = local_today()
    if wished_date < today:
        raise ValidationError({"wished_date": _("The wished date cannot lie in the past.")})
    if not offering.available_from <= wished_date <= offering.available_until:
        raise ValidationError(
            {
                "wished_date": _("The item is available from %(start)s to %(end)s.")
                % {"start": offering.available_from.isoformat(), "end": offering.available_until.isoformat()}
            }
        )
    audience = _count(audience_expected, field="audience_expected", minimum=1, maximum=AUDIENCE_MAX)
    note = check_text(note, field="note", maximum=500)
    _take_place(menu, unit, offering)
    order = Order.objects.create(
        code=f"T{secrets.token_hex(8)}",
        offering=offering,
        unit=unit,
        region=unit.region,
        year=menu.year,
        wished_date=wished_date,
        audience_expected=audience,
        note=note,
        ordered_by=by,
        ordered_at=_moment(today),
        reply_due=add_workdays(today, menu.reply_workdays),
    )
    # The readable number comes from the row's id (one plain UPDATE: the audit log has the order's creation).
    order.code = f"DD{menu.year}{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(code=order.code)
    record_event(order, actor=by, verb="order_placed", to_state=order.state, comment=offering.title)
    notify(
        unit_people(offering.provider),
        title=_("%(unit)s ordered %(title)s: answer by %(date)s")
        % {"unit": unit.name, "title": offering.title, "date": order.reply_due.isoformat()},
        url=order.get_absolute_url(),
    )
    return order


def _moment(day: date):
    """Now, or the same time of the day a replayed step is taken on (core.deadlines.replaying: the demo)."""
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, timezone.localtime(now).time()))


def _locked(order: Order) -> Order:
    return (
        Order.objects.select_for_update()
        .select_related("offering__menu", "offering__provider", "unit")
        .get(pk=order.pk)
    )


def _staff(order: Order, team_id: int | None) -> tuple[str, ...]:
    """The provider's volunteer team that staffs the delivery (core.volunteer_teams; another unit's team is refused):
    its id and its name at the time on the order; the fields changed, none when no team is chosen."""
    team = volunteer_teams.staffing_team(order.offering.provider_id, order.offering.provider.name, team_id)
    if team is None:
        return ()
    order.staffing_team_id, order.staffing_team_name = team.id, team.name
    return ("staffing_team_id", "staffing_team_name")


def _staffed(order: Order) -> str:
    return f" · {order.staffing_team_name}" if order.staffing_team_name else ""


@transaction.atomic
def order_accept(
    *, order: Order, by: User, scheduled_on: date, note: str = "", team_id: int | None = None
) -> Order:
    """The provider accepts with the date of delivery, and the volunteer team that will staff it if it says so."""
    require(can_answer(by, order))
    order = _locked(order)
    staffing = _staff(order, team_id)
    if scheduled_on is None:
        raise ValidationError({"scheduled_on": _("Give the date of the delivery.")})
    if scheduled_on < local_today():
        raise ValidationError({"scheduled_on": _("The date of the delivery cannot lie in the past.")})
    _in_year(scheduled_on, order.year, "scheduled_on")
    order.scheduled_on = scheduled_on
    order.provider_note = check_text(note, field="note", maximum=500)
    order.answered_on = order.answered_on or local_today()
    ORDER_MACHINE.apply(
        order,
        OrderState.ACCEPTED,
        by=by,
        verb="order_accepted",
        comment=f"{scheduled_on:%Y-%m-%d}"
        + (f" · {order.provider_note}" if order.provider_note else "")
        + _staffed(order),
        update_fields=("scheduled_on", "provider_note", "answered_on", *staffing),
    )
    notify(
        unit_people(order.unit),
        title=_("%(title)s will come on %(date)s")
        % {"title": order.offering.title, "date": scheduled_on.isoformat()},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_decline(*, order: Order, by: User, reason: str) -> Order:
    """The provider declines with the reason; the place returns to the unit's quota and to the item."""
    require(can_answer(by, order))
    order = _locked(order)
    reason = require_reason(reason)
    order.provider_note = reason[:500]
    order.answered_on = local_today()
    ORDER_MACHINE.apply(
        order,
        OrderState.DECLINED,
        by=by,
        verb="order_declined",
        comment=reason,
        update_fields=("provider_note", "answered_on"),
    )
    _release_place(order)
    notify(
        unit_people(order.unit),
        title=_("%(title)s was declined") % {"title": order.offering.title},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_cancel(*, order: Order, by: User, reason: str) -> Order:
    """The ordering unit cancels before the delivery, with the reason; the place returns."""
    require(can_confirm_receipt(by, order))
    order = _locked(order)
    reason = require_reason(reason)
    ORDER_MACHINE.apply(order, OrderState.CANCELLED, by=by, verb="order_cancelled", comment=reason)
    _release_place(order)
    notify(
        unit_people(order.offering.provider),
        title=_("%(unit)s cancelled its order of %(title)s")
        % {"unit": order.unit.name, "title": order.offering.title},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_deliver(
    *, order: Order, by: User, delivered_on: date, attendance: int, team_id: int | None = None
) -> Order:
    """The provider reports the delivery (its side's confirmation): the day, how many came and the volunteer team
    that staffed it if it says so (kept from the acceptance otherwise)."""
    require(can_answer(by, order))
    order = _locked(order)
    staffing = _staff(order, team_id)
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Give the day it was delivered.")})
    check_record_date(delivered_on, field="delivered_on")
    if delivered_on < timezone.localdate(order.ordered_at):
        raise ValidationError({"delivered_on": _("It cannot have been delivered before it was ordered.")})
    order.delivered_on = delivered_on
    order.attendance = _count(attendance, field="attendance", maximum=AUDIENCE_MAX)
    ORDER_MACHINE.apply(
        order,
        OrderState.DELIVERED,
        by=by,
        verb="order_delivered",
        comment=f"{delivered_on:%Y-%m-%d} · {order.attendance}" + _staffed(order),
        update_fields=("delivered_on", "attendance", *staffing),
    )
    notify(
        unit_people(order.unit),
        title=_("Confirm and rate the delivery of %(title)s") % {"title": order.offering.title},
        url=order.get_absolute_url(),
    )
    return order


def _rating_values(extent: str, rating: int, comment: str) -> tuple[str, int, str]:
    extent = _choice(extent, Extent, "extent")
    rating = _count(rating, field="rating", minimum=RATING_MIN, maximum=RATING_MAX)
    comment = check_text(comment, field="comment", maximum=500)
    if extent == Extent.PARTIAL and not comment:
        raise ValidationError({"comment": _("Say what was not delivered.")})
    return extent, rating, comment


@transaction.atomic
def order_confirm(*, order: Order, by: User, extent: str, rating: int, comment: str = "") -> Order:
    """The receiving unit confirms the delivery — as offered or partly — and rates it (1–5)."""
    require(can_confirm_receipt(by, order))
    order = _locked(order)
    order.extent, order.rating, order.rating_comment = _rating_values(extent, rating, comment)
    order.completed_on = local_today()
    ORDER_MACHINE.apply(
        order,
        OrderState.COMPLETED,
        by=by,
        verb="order_completed",
        comment=f"{order.get_extent_display()} · {order.rating}/5" + (f" · {comment}" if comment else ""),
        update_fields=("extent", "rating", "rating_comment", "completed_on"),
    )
    notify(
        unit_people(order.offering.provider),
        title=_("%(unit)s confirmed %(title)s: %(rating)s/5")
        % {"unit": order.unit.name, "title": order.offering.title, "rating": order.rating},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_dispute(*, order: Order, by: User, reason: str) -> Order:
    """The receiving unit says the reported delivery did not happen: the order goes back to its agreed date."""
    require(can_confirm_receipt(by, order))
    order = _locked(order)
    reason = require_reason(reason)
    order.delivered_on, order.attendance = None, None
    ORDER_MACHINE.apply(
        order,
        OrderState.ACCEPTED,
        by=by,
        verb="order_disputed",
        comment=reason,
        update_fields=("delivered_on", "attendance"),
    )
    notify(
        unit_people(order.offering.provider),
        title=_("%(unit)s says %(title)s was not delivered")
        % {"unit": order.unit.name, "title": order.offering.title},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_rating_correct(
    *, order: Order, by: User, extent: str, rating: int, comment: str = "", reason: str
) -> Order:
    """The receiving unit corrects its confirmation after the fact, with the reason on the timeline."""
    require(can_confirm_receipt(by, order))
    order = _locked(order)
    if order.state != OrderState.COMPLETED:
        raise ValidationError(_("Only a confirmed delivery's rating is corrected."))
    reason = require_reason(reason)
    before = f"{order.get_extent_display()} · {order.rating}/5"
    order.extent, order.rating, order.rating_comment = _rating_values(extent, rating, comment)
    order.save(update_fields=["extent", "rating", "rating_comment"])
    record_event(
        order,
        actor=by,
        verb="order_rating_corrected",
        comment=f"{before} → {order.get_extent_display()} · {order.rating}/5 · {reason}",
    )
    return order


@transaction.atomic
def resident_rate(*, order: Order, score: int, comment: str = "") -> ResidentRating:
    """A resident rates a delivery through the public link (rate-limited by the page)."""
    order = Order.objects.get(pk=order.pk)
    if not order.resident_rating_open:
        raise ValidationError(_("This delivery cannot be rated yet."))
    score = _count(score, field="score", minimum=RATING_MIN, maximum=RATING_MAX)
    comment = check_text(comment, field="comment", maximum=300)
    return ResidentRating.objects.create(order=order, score=score, comment=comment)


# --- Pairs ------------------------------------------------------------------------------------------------------


@transaction.atomic
def pair_create(
    *, year: int, supporter: Unit, supported: Unit, commitments: str, activities_planned: int, by: User
) -> Pair:
    """The managers of a jurisdiction pair two of its units for a year with the year's commitments; the supported
    side agrees."""
    require(can_manage_pair(by, supporter, supported))
    check_year(year, field="year")
    if supporter.pk == supported.pk:
        raise ValidationError({"supported": _("A unit cannot be paired with itself.")})
    commitments = _required_text(
        commitments, field="commitments", maximum=2000, message=_("Write down the year's commitments.")
    )
    planned = _count(activities_planned, field="activities_planned", minimum=1, maximum=365)
    if Pair.objects.current().filter(year=year, supporter=supporter, supported=supported).exists():
        raise ValidationError(_("These two units are already paired for %(year)s.") % {"year": year})
    pair = Pair.objects.create(
        year=year,
        supporter=supporter,
        supported=supported,
        commitments=commitments,
        activities_planned=planned,
        created_by=by,
    )
    record_event(pair, actor=by, verb="pair_created", to_state=pair.state, comment=commitments[:200])
    notify(
        unit_people(supported),
        title=_("%(unit)s is paired with you for %(year)s: agree to the commitments")
        % {"unit": supporter.name, "year": year},
        url=pair.get_absolute_url(),
    )
    return pair


@transaction.atomic
def pair_agree(*, pair: Pair, by: User) -> Pair:
    """The supported side agrees to the pair and its commitments."""
    require(can_act_for(by, pair.supported))
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.is_cancelled:
        raise ValidationError(_("This pair is cancelled."))
    pair.agreed_on = local_today()
    PAIR_MACHINE.apply(pair, PairState.AGREED, by=by, verb="pair_agreed", update_fields=("agreed_on",))
    return pair


@transaction.atomic
def pair_end(*, pair: Pair, by: User, reason: str) -> Pair:
    require(can_manage_pair(by, pair.supporter, pair.supported))
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    reason = require_reason(reason)
    PAIR_MACHINE.apply(pair, PairState.ENDED, by=by, verb="pair_ended", comment=reason)
    return pair


@transaction.atomic
def pair_cancel(*, pair: Pair, by: User, reason: str) -> Pair:
    """A pair set up by mistake: cancelled with the reason, leaving every count."""
    require(can_manage_pair(by, pair.supporter, pair.supported))
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    return cancel_record(pair, by=by, reason=reason)


@transaction.atomic
def pair_activity_record(
    *,
    pair: Pair,
    by: User,
    title: str,
    held_on: date,
    kind: str,
    audience: int,
    description: str = "",
    photos=(),
) -> PairActivity:
    """Either side records an activity done under the agreed pair; the other side confirms it."""
    pair = Pair.objects.select_related("supporter", "supported").get(pk=pair.pk)
    side = pair_side(by, pair)
    require(side is not None)
    if pair.state != PairState.AGREED or pair.is_cancelled:
        raise ValidationError(_("Activities are recorded under an agreed pair."))
    title = _required_text(title, field="title", maximum=200, message=_("Give the activity a title."))
    if held_on is None:
        raise ValidationError({"held_on": _("Give the day it was held.")})
    check_record_date(held_on, field="held_on")
    if held_on.year != pair.year:
        raise ValidationError(
            {"held_on": _("Give a date in %(year)s, the pair's year.") % {"year": pair.year}}
        )
    activity = PairActivity.objects.create(
        pair=pair,
        recorded_by_unit=side,
        title=title,
        held_on=held_on,
        kind=_choice(kind, OfferingKind, "kind"),
        audience=_count(audience, field="audience", maximum=AUDIENCE_MAX),
        description=check_text(description, field="description", maximum=2000),
        created_by=by,
    )
    stored = attach_files(activity, list(photos), by=by, suffixes=(".jpg", ".jpeg", ".png")) if photos else []
    record_event(activity, actor=by, verb="pair_activity_recorded", comment=title, attachments=stored)
    other = pair.supporter if side.pk == pair.supported_id else pair.supported
    notify(
        unit_people(other),
        title=_("%(unit)s recorded %(title)s: confirm it") % {"unit": side.name, "title": title},
        url=pair.get_absolute_url(),
    )
    return activity


@transaction.atomic
def pair_activity_confirm(*, activity: PairActivity, by: User) -> PairActivity:
    require(can_confirm_pair_activity(by, activity))
    activity = PairActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_cancelled:
        raise ValidationError(_("This record is already cancelled."))
    if activity.confirmed_on:
        raise ValidationError(_("This activity is already confirmed."))
    activity.confirmed_on, activity.confirmed_by = local_today(), by
    activity.save(update_fields=["confirmed_on", "confirmed_by"])
    record_event(activity, actor=by, verb="pair_activity_confirmed")
    return activity


@transaction.atomic
def pair_activity_cancel(*, activity: PairActivity, by: User, reason: str) -> PairActivity:
    """The side that recorded it cancels a mistaken record, with the reason."""
    require(can_act_for(by, activity.recorded_by_unit))
    activity = PairActivity.objects.select_for_update().get(pk=activity.pk)
    return cancel_record(activity, by=by, reason=reason)


# --- Programmes and their activities ------------------------------------------------------------------------------


@transaction.atomic
def programme_add(*, owner: Region, name: str, description: str = "", by: User) -> Programme:
    require(can_keep(by, owner))
    name = _required_text(name, field="name", maximum=60, message=_("Give the programme a name."))
    if Programme.objects.filter(owner=owner, name=name).exists():
        raise ValidationError({"name": _("This programme exists already.")})
    programme = Programme.objects.create(
        owner=owner, name=name, description=check_text(description, field="description", maximum=2000)
    )
    record_event(programme, actor=by, verb="programme_added", comment=name)
    return programme


@transaction.atomic
def activity_record(
    *,
    programme: Programme,
    organizer: Unit,
    by: User,
    title: str,
    region: Region,
    held_on: date,
    kind: str,
    audience_kind: str,
    audience: int | None = None,
    partners: str = "",
    place: str = "",
    description: str = "",
    is_public: bool = True,
    photos=(),
) -> OutreachActivity:
    """An activity of a programme, planned (a date to come) or held (with its audience), placed down to the
    village."""
    require(can_record_activity(by, organizer))
    if not programme.is_active:
        raise ValidationError({"programme": _("This programme is no longer active.")})
    if not lies_in(region, [programme.owner.path]):
        raise ValidationError({"region": _("Choose a place in the programme's jurisdiction.")})
    title = _required_text(title, field="title", maximum=200, message=_("Give the activity a title."))
    if held_on is None:
        raise ValidationError({"held_on": _("Give the day it is held.")})
    check_planned_date(held_on, field="held_on")
    if audience is not None:
        _count(audience, field="audience", maximum=AUDIENCE_MAX)
        if held_on > local_today():
            raise ValidationError({"audience": _("The audience is recorded once the activity is held.")})
    activity = OutreachActivity.objects.create(
        programme=programme,
        organizer=organizer,
        title=title,
        region=region,
        held_on=held_on,
        kind=_choice(kind, OfferingKind, "kind"),
        audience_kind=_choice(audience_kind, AudienceKind, "audience_kind"),
        audience=audience,
        partners=check_text(partners, field="partners", maximum=300),
        place=check_text(place, field="place", maximum=200),
        description=check_text(description, field="description", maximum=2000),
        is_public=bool(is_public),
        created_by=by,
    )
    stored = attach_files(activity, list(photos), by=by, suffixes=(".jpg", ".jpeg", ".png")) if photos else []
    record_event(activity, actor=by, verb="activity_recorded", comment=title, attachments=stored)
    return activity


@transaction.atomic
def activity_cancel(*, activity: OutreachActivity, by: User, reason: str) -> OutreachActivity:
    require(can_record_activity(by, activity.organizer))
    activity = OutreachActivity.objects.select_for_update().get(pk=activity.pk)
    return cancel_record(activity, by=by, reason=reason)
