"""API of the organization mechanism: the caller sees exactly what the web UI would show them."""

from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from changxiao.core.api_types import QueryText

from .models import Region, Unit

router = Router(tags=["organization"])


class MembershipOut(Schema):
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    role: str
    title: str


class MeOut(Schema):
    username: str
    display_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The calling account and its roles")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "memberships": user.memberships.active().select_related("unit"),
    }


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


class RegionDetailOut(RegionOut):
    population: list[dict]


class RegionFilter(FilterSchema):
    level: QueryText | None = None
    q: Annotated[QueryText | None, FilterLookup(["name__icontains", "code__startswith"])] = None


@router.get("/regions", response=list[RegionOut], summary="Regions visible to the caller")
@paginate
def list_regions(request, filters: Query[RegionFilter]):
    return filters.filter(Region.objects.visible_to(request.auth).order_by("path"))


@router.get(
    "/regions/{region_id}", response=RegionDetailOut, summary="One region with its population by year"
)
def get_region(request, region_id: int):
    region = get_object_or_404(Region.objects.visible_to(request.auth), pk=region_id)
    region.population = [
        {"year": r.year, "resident": r.resident, "source": r.source} for r in region.population_records.all()
    ]
    return region


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    venue_type: str
    is_lead: bool
    is_member: bool
    region_id: int
    parent_id: int | None
    is_active: bool


class UnitDetailOut(UnitOut):
    leader_name: str
    contact_name: str
    contact_phone: str
    address: str


class UnitFilter(FilterSchema):
    kind: QueryText | None = None
    venue_type: QueryText | None = None
    region_id: int | None = None
    active: Annotated[bool | None, FilterLookup("is_active")] = None
    q: Annotated[QueryText | None, FilterLookup(["name__icontains", "code__iexact"])] = None


@router.get("/units", response=list[UnitOut], summary="Units visible to the caller")
@paginate
def list_units(request, filters: Query[UnitFilter]):
    return filters.filter(Unit.objects.visible_to(request.auth).order_by("sort_order", "code"))


@router.get("/units/{unit_id}", response=UnitDetailOut, summary="One unit (404 outside the caller's scope)")
def get_unit(request, unit_id: int):
    return get_object_or_404(Unit.objects.visible_to(request.auth), pk=unit_id)
