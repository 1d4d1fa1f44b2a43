"""The annual long-term management report (年度长效管理工作报告): compiled from every mechanism's section
(core.annual_report), kept as data with the office's words, written as one Word document with a chart per section.
The document is in Chinese whatever the reader's language (core.documents)."""

import io

from django.utils import timezone
from PIL import Image, ImageDraw

from changxiao.core.annual_report import report_sections
from changxiao.core.documents import document_language, official_date, render_docx

from .models import AnnualReport

TEMPLATE = "cockpit/annual_report.docx"
SECTION_TEXT_MAX = 10000
NUMERALS = "一二三四五六七八九十"


def report_title(region, year: int) -> str:
    return f"{region.name}{year}年度公共文化服务体系示范区长效管理工作报告"


def compile_sections(region, year: int) -> list[dict]:
    """Every registered section for the jurisdiction and the year, as plain data."""
    sections = []
    with document_language():
        for builder in report_sections():
            section = builder.build(region, year)
            sections.append(
                {
                    "key": section.key,
                    "title": str(section.title),
                    "text": "\n\n".join(str(p) for p in section.paragraphs),
                    "figures": [
                        {"label": str(f.label), "value": f.value, "url": f.url, "number": f.number}
                        for f in section.figures
                    ],
                }
            )
    return sections


def chart_png(figures: list[dict]) -> bytes | None:
    """A bar chart of a section's percentages (0–100), one bar per figure numbered as in the table; None when the
    section has none. Drawn with Pillow: no font is needed (the numbers tell the bars apart)."""
    bars = [
        (i, f["number"])
        for i, f in enumerate(figures, 1)
        if f.get("number") is not None and "%" in f["value"]
    ]
    if not bars:
        return None
    width, row = 900, 44
    height = row * len(bars) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    left, right = 60, width - 80
    for position, (number, value) in enumerate(bars):
        top = 15 + position * row
        share = max(0.0, min(float(value), 100.0)) / 100
        draw.text((20, top + 12), str(number), fill="black")
        draw.rectangle([left, top + 6, right, top + row - 10], outline="#cccccc")
        draw.rectangle([left, top + 6, left + int((right - left) * share), top + row - 10], fill="#9e1b1b")
        draw.text((right + 8, top + 12), f"{float(value):.1f}%", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def document_context(report: AnnualReport, template) -> dict:
    from docx.shared import Mm
    from docxtpl import InlineImage

    sections = []
    for index, section in enumerate(report.sections):
        png = chart_png(section["figures"])
        sections.append(
            {
                "heading": f"{NUMERALS[index] if index < len(NUMERALS) else index + 1}、{section['title']}",
                "paragraphs": [p.strip() for p in section["text"].split("\n") if p.strip()],
                "figures": [
                    {"number": i, "label": f["label"], "value": f["value"], "url": f["url"] or "—"}
                    for i, f in enumerate(section["figures"], 1)
                ],
                "chart": InlineImage(template, io.BytesIO(png), width=Mm(150)) if png else "",
            }
        )
    issued = report.issued_at or timezone.now()
    return {
        "title": report.title,
        "status": "" if report.state == AnnualReport.State.ISSUED else "（征求意见稿）",
        "region": report.region.name,
        "date": official_date(issued),
        "compiled": official_date(report.compiled_at),
        "version": report.version,
        "sections": sections,
    }


def report_docx(report: AnnualReport) -> bytes:
    with document_language():
        return render_docx(TEMPLATE, {}, build=lambda template: document_context(report, template))
