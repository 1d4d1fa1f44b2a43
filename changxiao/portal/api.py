"""API of the portal: the facility directory as the staff see it (read, scoped as the pages), so that a provincial or
national cloud can take it instead of re-keying it."""

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from .models import Facility

router = Router(tags=["portal"])


class FacilityOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    region: str = Field(alias="region.name")
    unit: str = Field(alias="unit.name")
    address: str
    phone: str
    is_published: bool


@router.get(
    "/portal/facilities", response=list[FacilityOut], summary="The facilities one sees in the directory"
)
@paginate
def list_facilities(request):
    return Facility.objects.visible_to(request.auth).current().select_related("region", "unit").order_by("pk")
