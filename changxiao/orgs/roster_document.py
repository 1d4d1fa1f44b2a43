"""组织机构名册 (Word): the units of a filtered list with their heads and contacts, as the office circulates it."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import document_language, official_date, render_docx

from .choices import UnitKind
from .models import Membership

TEMPLATE = "orgs/roster.docx"


def _responsibility(unit) -> str:
    """牵头部门 or 职能部门 for a department (the 牵头/职能 column); "—" for a unit of another kind."""
    if unit.kind != UnitKind.DEPARTMENT:
        return numbers.EMPTY
    return _("Lead department") if unit.is_lead else _("Functional department")


def roster_context(units) -> dict:
    """The roster of `units` (a queryset already scoped and filtered as the list page shows it)."""
    units = units.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active()
            .filter(user__is_service_account=False)
            .select_related("user"),
        )
    )
    with document_language():
        rows = [
            {
                "index": index,
                "name": unit.name,
                "kind": unit.display_kind,
                "region": unit.region.name,
                "role": _responsibility(unit),
                "leader": unit.leader_name or numbers.EMPTY,
                "contact": " ".join(filter(None, [unit.contact_name, unit.contact_phone])) or numbers.EMPTY,
                "people": numbers.integer(len(unit.memberships.all())),
            }
            for index, unit in enumerate(units, start=1)
        ]
        return {
            "title": _("Roster of units of the demonstration-zone long-term management mechanism"),
            "date": official_date(local_today()),
            "count": numbers.integer(len(rows)),
            "rows": rows,
        }


def roster(units) -> bytes:
    return render_docx(TEMPLATE, roster_context(units))
