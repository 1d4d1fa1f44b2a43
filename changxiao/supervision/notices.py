"""Word documents about a finding: the rectification notice (整改通知书) and the 督办单 of the ladder; the bulletin.

Dates are written as official documents write them (2026年3月12日), figures by core.numbers, and a part that is
absent (no co-responsible unit, no place) reads "—" in its table cell rather than leaving an empty pair of brackets.
"""

from datetime import date

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import document_language, joined, official_date, official_period, render_docx

from .models import Bulletin, Finding

COLOURS = {"blue": "蓝色", "yellow": "黄色", "red": "红色"}
BULLETIN_FIGURES = ("found", "on_time", "late", "overdue", "returned", "escalated")


def finding_reference(finding: Finding) -> str:
    """文号 of documents about a finding, e.g. 苏州市督整〔2026〕12-3号."""
    inspection = finding.inspection
    return f"{inspection.region.name}督整〔{inspection.date.year}〕{inspection.pk}-{finding.number}号"


def inspection_name(finding: Finding) -> str:
    """The inspection as the notice names it: its title, with its kind after it unless the title already says it
    (一季度…常态督查, not 常态督查（一季度…常态督查）)."""
    inspection = finding.inspection
    kind = inspection.get_kind_display()
    return inspection.title if kind in inspection.title else f"{inspection.title}（{kind}）"


def finding_context(finding: Finding) -> dict:
    inspection = finding.inspection
    with document_language():
        return {
            "reference": finding_reference(finding),
            "unit": finding.lead_unit.name,
            "leader": finding.lead_unit.leader_name or "主要负责同志",
            "co_units": joined(u.name for u in finding.co_units.all()),
            "inspection_date": official_date(inspection.date),
            "inspection_name": inspection_name(finding),
            "inspection_title": inspection.title,
            "description": finding.description,
            "severity": finding.get_severity_display(),
            "place": finding.place or numbers.EMPTY,
            "requirement": finding.requirement or numbers.EMPTY,
            "due": official_date(finding.due_date),
            "state": finding.get_state_display(),
            "region": inspection.region.name,
            "date": official_date(local_today()),
        }


def rectification_notice(finding: Finding) -> bytes:
    return render_docx("supervision/rectification_notice.docx", finding_context(finding))


def supervision_notice_context(
    finding: Finding, *, colour: str, message: str, issued_on: date | None = None
) -> dict:
    context = finding_context(finding) | {"colour": COLOURS[colour], "message": message}
    if issued_on is not None:
        with document_language():
            context["date"] = official_date(issued_on)
    return context


def supervision_notice(
    finding: Finding, *, colour: str, message: str, issued_on: date | None = None
) -> bytes:
    """The 督办单 dated the day it was issued (`issued_on`, the rung's day: built later by the background worker)."""
    return render_docx(
        "supervision/supervision_notice.docx",
        supervision_notice_context(finding, colour=colour, message=message, issued_on=issued_on),
    )


def bulletin_context(bulletin: Bulletin) -> dict:
    with document_language():
        return {
            "title": bulletin.title,
            "number": bulletin.number,
            "paragraphs": [line.strip() for line in bulletin.public_body.splitlines() if line.strip()],
            "rows": [
                {
                    "unit": row.get("unit", ""),
                    **{key: numbers.integer(row.get(key, 0)) for key in BULLETIN_FIGURES},
                }
                for row in bulletin.figures
            ],
            "period": official_period(bulletin.period_start, bulletin.period_end),
            "region": bulletin.region.name,
            "date": official_date(bulletin.issued_at or local_today()),
            "draft": bulletin.state == Bulletin.State.DRAFT,
        }


def bulletin_document(bulletin: Bulletin) -> bytes:
    return render_docx("supervision/bulletin.docx", bulletin_context(bulletin))
