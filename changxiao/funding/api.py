"""API of the funding guarantees (read, scoped as the pages): a jurisdiction's figures by year and its rules'
results with their numbers."""

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from . import queries, rules
from .models import FiscalRecord
from .permissions import get_region_for_user

router = Router(tags=["funding"])


class FiguresOut(Schema):
    id: int
    year: int
    stage: str
    version: int
    regular_revenue: Decimal
    general_expenditure: Decimal
    culture_spending: Decimal
    culture_function_code: str
    culture_item_name: str
    mechanism_funds: Decimal | None
    population: int | None
    population_source: str
    culture_per_capita: Decimal | None
    source_document: str
    reason: str
    entered_at: datetime


class CheckOut(Schema):
    rule_code: str
    rule_name: str
    year: int
    state: str
    explanation: list[str]
    finding_reference: str


@router.get(
    "/funding/regions/{region_id}/figures",
    response=list[FiguresOut],
    summary="A jurisdiction's current fiscal figures by year (budget and final accounts)",
)
@paginate
def region_figures(request, region_id: int):
    region = get_region_for_user(request.auth, region_id)
    return [
        {
            "id": record.pk,
            "year": record.year,
            "stage": record.stage,
            "version": record.version,
            "regular_revenue": record.regular_revenue,
            "general_expenditure": record.general_expenditure,
            "culture_spending": record.culture_spending,
            "culture_function_code": "207",
            "culture_item_name": record.culture_item_name,
            "mechanism_funds": record.mechanism_funds,
            "population": record.population,
            "population_source": record.population_source,
            "culture_per_capita": record.culture_per_capita,
            "source_document": record.source_document,
            "reason": record.reason,
            "entered_at": record.entered_at,
        }
        for record in FiscalRecord.objects.current().filter(region=region).order_by("-year", "stage")
    ]


@router.get(
    "/funding/regions/{region_id}/checks",
    response=list[CheckOut],
    summary="The funding rules' results of a jurisdiction, each with its numbers",
)
@paginate
def region_checks(request, region_id: int):
    region = get_region_for_user(request.auth, region_id)
    return [
        {
            "rule_code": check.rule.code,
            "rule_name": check.rule.name,
            "year": check.year,
            "state": check.state,
            "explanation": rules.explain_all(check.rule.kind, check.detail),
            "finding_reference": check.finding_reference,
        }
        for check in queries.checks_of(region)
    ]
