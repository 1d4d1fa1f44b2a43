"""API of the linkage: the published menus and their items (public read, rate-limited), and the orders a person
sees (scoped as the pages) with the one write a system sends most: placing an order for its own station or
centre."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from changxiao.core.ratelimit import api_read_limit

from . import queries, services
from .choices import AUDIENCE_MAX
from .models import Menu
from .permissions import get_offering_for_user, get_order_for_user, get_published_menu, ordering_units

router = Router(tags=["linkage"])
PUBLIC_READS_PER_MINUTE = 120


class MenuOut(Schema):
    id: int
    title: str
    year: int
    region: str
    published_at: datetime | None


class OfferingOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    provider: str
    capacity: int
    cost_borne: str
    available_from: date
    available_until: date
    places: int
    places_left: int


class MenuFilter(Schema):
    q: str = Field("", max_length=60)
    kind: str = Field("", max_length=16)
    cost: str = Field("", max_length=16)


class OrderOut(Schema):
    id: int
    code: str
    offering_id: int
    title: str
    provider: str
    unit: str
    state: str
    ordered_at: datetime
    reply_due: date
    answered_on: date | None
    scheduled_on: date | None
    delivered_on: date | None
    attendance: int | None
    extent: str
    rating: int | None


class OrderIn(Schema):
    offering_id: int = Field(..., ge=1, le=2**63 - 1)
    unit_id: int = Field(..., ge=1, le=2**63 - 1)
    wished_date: date = Field(..., ge=date(2000, 1, 1), le=date(2100, 12, 31))
    audience_expected: int = Field(..., ge=1, le=AUDIENCE_MAX)
    note: str = Field("", max_length=500)


class OrderFilter(Schema):
    side: str = Field("all", max_length=10)
    state: str = Field("", max_length=16)
    year: int | None = Field(None, ge=2000, le=2100)


def _order_out(order) -> dict:
    return {
        "id": order.pk,
        "code": order.code,
        "offering_id": order.offering_id,
        "title": order.offering.title,
        "provider": order.offering.provider.name,
        "unit": order.unit.name,
        "state": order.state,
        "ordered_at": order.ordered_at,
        "reply_due": order.reply_due,
        "answered_on": order.answered_on,
        "scheduled_on": order.scheduled_on,
        "delivered_on": order.delivered_on,
        "attendance": order.attendance,
        "extent": order.extent,
        "rating": order.rating,
    }


@router.get(
    "/public/linkage/menus", auth=None, response=list[MenuOut], summary="Published service menus (public)"
)
def public_menus(request):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited:
        return limited
    menus = Menu.objects.published().select_related("region").order_by("-year", "region__path")[:100]
    return [
        {
            "id": m.pk,
            "title": m.title,
            "year": m.year,
            "region": m.region.name,
            "published_at": m.published_at,
        }
        for m in menus
    ]


@router.get(
    "/public/linkage/menus/{menu_id}/items",
    auth=None,
    response=list[OfferingOut],
    summary="The items of a published menu, searched and filtered (public)",
)
@paginate
def public_menu_items(request, menu_id: int, filters: Query[MenuFilter]):
    limited = api_read_limit(request, "public-read", limit=PUBLIC_READS_PER_MINUTE)
    if limited:
        raise HttpError(429, "Too many requests.")
    if menu_id > 2**63 - 1:
        raise HttpError(404, "Not found.")
    menu = get_published_menu(menu_id)
    return [
        {
            "id": o.pk,
            "code": o.code,
            "title": o.title,
            "kind": o.kind,
            "provider": o.provider.name,
            "capacity": o.capacity,
            "cost_borne": o.cost_borne,
            "available_from": o.available_from,
            "available_until": o.available_until,
            "places": o.places,
            "places_left": o.places_left,
        }
        for o in queries.menu_items(menu, filters.dict())
    ]


@router.get("/linkage/orders", response=list[OrderOut], summary="The orders a person sees")
@paginate
def orders(request, filters: Query[OrderFilter]):
    params = {key: value for key, value in filters.dict().items() if value not in (None, "")}
    return [_order_out(order) for order in queries.orders(request.auth, params)]


@router.get("/linkage/orders/{order_id}", response=OrderOut, summary="An order")
def order(request, order_id: int):
    if order_id > 2**63 - 1:
        raise HttpError(404, "Not found.")
    return _order_out(get_order_for_user(request.auth, order_id))


@router.post(
    "/linkage/orders", response={201: OrderOut}, summary="Order a menu item for one's own station or centre"
)
def order_place(request, payload: OrderIn):
    offering = get_offering_for_user(request.auth, payload.offering_id)
    unit = ordering_units(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise HttpError(403, "You do not order for this unit.")
    try:
        placed = services.order_place(
            offering=offering,
            unit=unit,
            by=request.auth,
            wished_date=payload.wished_date,
            audience_expected=payload.audience_expected,
            note=payload.note,
        )
    except PermissionDenied as exc:
        raise HttpError(403, "You do not order for this unit.") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, _order_out(placed))
