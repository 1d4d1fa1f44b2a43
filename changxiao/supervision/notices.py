"""Word documents about a finding: the rectification notice (整改通知书) and the 督办单 of the ladder."""

from changxiao.core.deadlines import local_today
from changxiao.core.documents import render_docx

from .models import Bulletin, Finding

COLOURS = {"blue": "蓝色", "yellow": "黄色", "red": "红色"}


def finding_reference(finding: Finding) -> str:
    """文号 of documents about a finding, e.g. 苏州市督整〔2026〕12-3号."""
    inspection = finding.inspection
    return f"{inspection.region.name}督整〔{inspection.date.year}〕{inspection.pk}-{finding.number}号"


def finding_context(finding: Finding) -> dict:
    inspection = finding.inspection
    return {
        "reference": finding_reference(finding),
        "unit": finding.lead_unit.name,
        "leader": finding.lead_unit.leader_name or "主要负责同志",
        "co_units": "、".join(u.name for u in finding.co_units.all()) or "—",
        "inspection_date": inspection.date.strftime("%Y年%m月%d日"),
        "inspection_kind": inspection.get_kind_display(),
        "inspection_title": inspection.title,
        "description": finding.description,
        "severity": finding.get_severity_display(),
        "place": finding.place or "—",
        "requirement": finding.requirement,
        "due": finding.due_date.strftime("%Y年%m月%d日"),
        "state": finding.get_state_display(),
        "region": inspection.region.name,
        "date": local_today().strftime("%Y年%m月%d日"),
    }


def rectification_notice(finding: Finding) -> bytes:
    return render_docx("supervision/rectification_notice.docx", finding_context(finding))


def supervision_notice(finding: Finding, *, colour: str, message: str) -> bytes:
    context = finding_context(finding) | {"colour": COLOURS[colour], "message": message}
    return render_docx("supervision/supervision_notice.docx", context)


def bulletin_document(bulletin: Bulletin) -> bytes:
    context = {
        "title": bulletin.title,
        "number": bulletin.number,
        "paragraphs": [line for line in bulletin.body.splitlines() if line.strip()],
        "rows": bulletin.figures,
        "period": f"{bulletin.period_start:%Y年%m月%d日}—{bulletin.period_end:%Y年%m月%d日}",
        "region": bulletin.region.name,
        "date": (bulletin.issued_at.date() if bulletin.issued_at else local_today()).strftime("%Y年%m月%d日"),
        "draft": bulletin.state == Bulletin.State.DRAFT,
    }
    return render_docx("supervision/bulletin.docx", context)
