"""Word (.docx) documents rendered from templates kept in each app's `documents/` folder.

Templates are ordinary Word files with Jinja tags (docxtpl), so the office can restyle them in Word. Each document's
context is built by a function beside its app's other document code (e.g. assessment.report_document), so a view
only checks access and hands the bytes over, and a test can build every document without HTTP.

How a context writes things (the rules of changxiao.core.numbers for figures):
- dates in the text of an official document as 2026年12月6日 (official_date), never 2026-12-06 or 2026年01月05日;
- a document's title in 《》 exactly once (book_title);
- a title and the words a template adds joined without saying a word twice (join_title: 考核 + 考核结果报告);
- a sentence whose optional part is missing is written without it, never with its empty punctuation (根据，).
As a safety net, whatever reaches a template unformatted is written by the same rules (_finalize): no None, no
exponent, no ISO date.
"""

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.http import HttpResponse
from django.utils import timezone, translation
from docxtpl import DocxTemplate
from jinja2 import Environment

from . import numbers

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The templates are Chinese official documents: what a context fills in (labels, sentences) is Chinese too,
# whatever language the person who downloads them reads the site in.
DOCUMENT_LANGUAGE = "zh-hans"


def document_language():
    """Build a document's context in this block, so its labels match the template's language."""
    return translation.override(DOCUMENT_LANGUAGE)


def template_path(name: str) -> Path:
    """'orgs/roster.docx' → <orgs app>/documents/roster.docx."""
    app_label, _, file_name = name.partition("/")
    path = Path(apps.get_app_config(app_label).path) / "documents" / file_name
    if not path.is_file():
        raise FileNotFoundError(f"document template {name} not found at {path}")
    return path


def official_date(value: date | datetime | None) -> str:
    """A date as official documents write it: 2026年12月6日 (no leading zeros, GB/T 9704); "—" when missing."""
    if value is None:
        return numbers.EMPTY
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def official_period(start: date, end: date) -> str:
    """2025年12月1日至2026年3月31日; the year written once when both days are in it (2026年1月1日至3月31日)."""
    if start.year == end.year:
        return f"{official_date(start)}至{end.month}月{end.day}日"
    return f"{official_date(start)}至{official_date(end)}"


def book_title(name: str) -> str:
    """A document's name in 《》, exactly once: 'X规划' and '《X规划》' both give 《X规划》; '' stays ''.

    A text that already holds 《…》 (several documents, 《A》和《B》) is left as it is."""
    name = (name or "").strip()
    if not name or "《" in name:
        return name
    return f"《{name}》"


def unbracketed(name: str) -> str:
    """A title without the 《》 around it, for a template that puts its own (关于印发《…》的通知)."""
    name = (name or "").strip()
    if name.startswith("《") and name.endswith("》") and name.count("《") == 1:
        return name[1:-1].strip()
    return name


def join_title(head: str, tail: str) -> str:
    """head + tail, saying once what head already ends with: ('2026年度考核', '考核结果报告') → 2026年度考核结果报告;
    ('…测评结果', '结果报告') → …测评结果报告. A head that already ends with the tail is returned as it is."""
    head, tail = (head or "").strip(), (tail or "").strip()
    if head.endswith(tail):
        return head
    for size in range(min(len(head), len(tail)), 0, -1):
        if head.endswith(tail[:size]):
            return head + tail[size:]
    return head + tail


def report_title(head: str, tail: str = "报告") -> str:
    """The title of a report about `head`: a head already named as a report (…报告) keeps its name rather than
    becoming …报告结果报告."""
    head = (head or "").strip()
    return head if head.endswith("报告") else join_title(head, tail)


def joined(names, separator: str = "、") -> str:
    """Names listed as Chinese lists them (A、B、C), empty ones left out; "—" when none."""
    names = [str(name).strip() for name in names if name and str(name).strip()]
    return separator.join(names) if names else numbers.EMPTY


def _finalize(value):
    """What a template prints for a value no context formatted: the rules above, never a raw repr."""
    if value is None:
        return numbers.EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, float)):
        return numbers.figure(value)
    if isinstance(value, (date, datetime)):
        return official_date(value)
    return value


def _environment() -> Environment:
    environment = Environment(autoescape=True, finalize=_finalize)
    # For an office restyling a template in Word: {{ value|points }}, {{ day|official_date }} …
    environment.filters.update(
        {
            "integer": numbers.integer,
            "figure": numbers.figure,
            "points": numbers.points,
            "percent": numbers.percent,
            "money": numbers.money,
            "measure": numbers.measure,
            "official_date": official_date,
        }
    )
    return environment


def render_docx(name: str, context: dict, *, build=None) -> bytes:
    """`build(template) -> dict`, when given, adds to the context what needs the template itself (an InlineImage)."""
    document = DocxTemplate(template_path(name))
    if build is not None:
        context = {**context, **build(document)}
    document.render(context, jinja_env=_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(name: str, context: dict, *, filename: str) -> HttpResponse:
    return docx_file_response(render_docx(name, context), filename=filename)


def docx_file_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
