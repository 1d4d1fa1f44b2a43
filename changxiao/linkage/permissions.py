"""Who sees and does what in the urban-rural linkage: the one home of its access rules.

- A menu is kept by the office of its jurisdiction (orgs.owned.can_keep): it reviews the offerings, sets quotas and
  publishes it.
- An offering is written by whoever acts for its provider; the office reviews it.
- An order is placed by whoever acts for a township station or village centre of the menu's jurisdiction — for
  their own unit only; its provider answers and reports the delivery; the ordering unit confirms and rates.
- A pair is set up by the managers of a jurisdiction holding both units; the other side agrees; either side records
  activities, the other confirms them.
- Programmes are a jurisdiction's settings; activities are recorded by whoever acts for the organizer."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import can_keep
from changxiao.orgs.scope import get_scope, inside, lies_in

from .choices import ORDERING_VENUE_TYPES
from .models import Menu, Offering, Order, OutreachActivity, Pair, PairActivity, Programme

# --- Predicates -------------------------------------------------------------------------------------------------


def can_keep_menu(user, menu: Menu) -> bool:
    return can_keep(user, menu.region)


def can_act_for(user, unit: Unit) -> bool:
    scope = get_scope(user)
    return scope.is_superuser or unit.pk in scope.acting_unit_ids


def is_ordering_unit(unit: Unit) -> bool:
    return unit.venue_type in ORDERING_VENUE_TYPES and unit.is_active


def can_order(user, unit: Unit, menu: Menu) -> bool:
    """Only for one's own station or centre (not the office on its behalf), inside the menu's jurisdiction."""
    scope = get_scope(user)
    return (
        unit.pk in scope.acting_unit_ids
        and is_ordering_unit(unit)
        and lies_in(unit.region, [menu.region.path])
    )


def can_answer(user, order: Order) -> bool:
    return can_act_for(user, order.offering.provider)


def can_confirm_receipt(user, order: Order) -> bool:
    return can_act_for(user, order.unit)


def can_write_offering(user, offering: Offering) -> bool:
    return can_act_for(user, offering.provider)


def can_manage_pair(user, supporter: Unit, supported: Unit) -> bool:
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    return lies_in(supporter.region, scope.managing_paths) and lies_in(supported.region, scope.managing_paths)


def pair_side(user, pair: Pair) -> Unit | None:
    """The side of the pair the person acts for (the supported side first when they act for both)."""
    scope = get_scope(user)
    if pair.supported_id in scope.acting_unit_ids:
        return pair.supported
    if pair.supporter_id in scope.acting_unit_ids:
        return pair.supporter
    return None


def can_record_pair_activity(user, pair: Pair) -> bool:
    return pair_side(user, pair) is not None


def can_confirm_pair_activity(user, activity: PairActivity) -> bool:
    """The other side of the pair than the one that recorded it."""
    scope = get_scope(user)
    pair = activity.pair
    other = pair.supported_id if activity.recorded_by_unit_id == pair.supporter_id else pair.supporter_id
    return other in scope.acting_unit_ids


def can_record_activity(user, organizer: Unit) -> bool:
    scope = get_scope(user)
    return can_act_for(user, organizer) or lies_in(organizer.region, scope.managing_paths)


# --- Choices offered to a person ------------------------------------------------------------------------------


def provider_units(user):
    """The units a person may publish offerings for: those they act for."""
    scope = get_scope(user)
    units = Unit.objects.active().select_related("region")
    if scope.is_superuser:
        return units
    return units.filter(pk__in=scope.acting_unit_ids)


def ordering_units(user):
    """The stations and centres a person orders for: their own."""
    return (
        Unit.objects.active()
        .filter(pk__in=get_scope(user).acting_unit_ids, venue_type__in=ORDERING_VENUE_TYPES)
        .select_related("region")
    )


def pairable_units(user):
    """Units a person may pair: active units in the jurisdictions they manage."""
    scope = get_scope(user)
    units = Unit.objects.active().select_related("region")
    if scope.is_superuser:
        return units
    return units.filter(inside(scope.managing_paths, "region__path"))


def organizer_units(user):
    scope = get_scope(user)
    units = Unit.objects.active().select_related("region")
    if scope.is_superuser:
        return units
    return units.filter(Q(pk__in=scope.acting_unit_ids) | inside(scope.managing_paths, "region__path"))


def place_regions(user):
    """The regions an activity may be placed in: everything in the person's zone (a city venue goes to any village
    of the city)."""
    from changxiao.orgs.owned import zone_paths

    scope = get_scope(user)
    regions = Region.objects.all()
    if scope.is_superuser:
        return regions.order_by("path")
    return regions.filter(inside(zone_paths(user), "path")).order_by("path")


def overview_regions(user):
    """The jurisdictions whose linkage overview a person reads."""
    scope = get_scope(user)
    regions = Region.objects.all()
    if scope.is_superuser:
        return regions
    return regions.filter(inside(scope.jurisdiction_paths, "path"))


# --- Reaching records ---------------------------------------------------------------------------------------------


def get_menu_for_user(user, pk: int, *, write: bool = False) -> Menu:
    menu = get_object_or_404(Menu.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_keep_menu(user, menu):
        raise PermissionDenied
    return menu


def get_offering_for_user(user, pk: int, *, write: bool = False) -> Offering:
    offering = get_object_or_404(
        Offering.objects.visible_to(user).select_related("menu__region", "provider__region"), pk=pk
    )
    if write and not can_write_offering(user, offering):
        raise PermissionDenied
    return offering


def get_order_for_user(user, pk: int) -> Order:
    return get_object_or_404(
        Order.objects.visible_to(user).select_related(
            "offering__menu__region", "offering__provider", "unit__region", "region"
        ),
        pk=pk,
    )


def get_order_by_token(token: str) -> Order:
    """The public rating page's order, by the unguessable token the receiving unit handed out."""
    if not token or len(token) > 24:
        from django.http import Http404

        raise Http404
    return get_object_or_404(Order.objects.select_related("offering", "unit"), resident_token=token)


def get_pair_for_user(user, pk: int, *, write: bool = False) -> Pair:
    pair = get_object_or_404(
        Pair.objects.visible_to(user).select_related("supporter__region", "supported__region"), pk=pk
    )
    if write and not can_manage_pair(user, pair.supporter, pair.supported):
        raise PermissionDenied
    return pair


def get_pair_activity_for_user(user, pk: int) -> PairActivity:
    return get_object_or_404(
        PairActivity.objects.filter(pair__in=Pair.objects.visible_to(user)).select_related(
            "pair__supporter", "pair__supported"
        ),
        pk=pk,
    )


def get_programme_for_user(user, pk: int, *, write: bool = False) -> Programme:
    programme = get_object_or_404(Programme.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, programme.owner):
        raise PermissionDenied
    return programme


def get_activity_for_user(user, pk: int, *, write: bool = False) -> OutreachActivity:
    activity = get_object_or_404(
        OutreachActivity.objects.visible_to(user).select_related("programme", "organizer__region", "region"),
        pk=pk,
    )
    if write and not can_record_activity(user, activity.organizer):
        raise PermissionDenied
    return activity


def get_public_activity(pk: int) -> OutreachActivity:
    return get_object_or_404(
        OutreachActivity.objects.public().select_related("programme", "organizer", "region"), pk=pk
    )


def get_overview_region_for_user(user, pk: int) -> Region:
    return get_object_or_404(overview_regions(user), pk=pk)


def get_published_menu(pk: int) -> Menu:
    """A published menu, read by anyone (the public API)."""
    return get_object_or_404(Menu.objects.published(), pk=pk)
