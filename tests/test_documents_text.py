"""Every Word document and Excel export the platform produces, rendered from the demo data and read as its
recipient reads it.

Word: the text of the body, the tables (nested too), headers and footers must hold no exponent (1E+2), no word said
twice (考核考核, 按按), no empty part (根据，  （）  《》), no None / nan, no template tag left, no ISO or zero-padded
date. Excel: a figure is a numeric cell with a number format, never text that looks like a number (identifiers made
of digits — division codes, phone numbers — are text on purpose, marked with the text format "@").

The demo is loaded once for the module, inside a transaction rolled back at its end.
"""

import io
import re
from collections.abc import Iterable
from pathlib import Path

import docx
import openpyxl
import pytest
from django.urls import reverse

from changxiao.core.exports import registered_exports
from changxiao.core.tests.generated import fetch_generated

pytestmark = pytest.mark.django_db

# --- Reading what a recipient reads ---------------------------------------------------------------------------


def docx_text(content: bytes) -> str:
    """Body paragraphs, table cells (nested tables too), headers and footers, one paragraph a line."""
    document = docx.Document(io.BytesIO(content))
    lines: list[str] = []

    def read(container) -> None:
        lines.extend(paragraph.text for paragraph in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    read(cell)

    read(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                read(part)
    return "\n".join(lines)


# Words of the platform's documents that a careless join says twice (a title ending with the word a template adds,
# a label starting with the word a template puts before it).
_WORDS = """
考核 结果 报告 通报 通知 督办 整改 测评 满意度 指数 单位 任务 工作 计划 年度 方案 问题 情况 示范区
办公室 领导小组 部分 地区 场馆 答卷 得分 名次 等次 指标 督查 要求 时限 附件 材料 报送 进展
"""
DOCUMENT_WORDS = _WORDS.split()
# One-character words that are never doubled in an official text (unlike 常常, 人人, 天天).
FUNCTION_WORDS = tuple("按的于对在和与及将请由为把被向从")  # not 了: 不了了之


def doubled_words(text: str, known: Iterable[str]) -> list[str]:
    """Words said twice back to back: a known word (or a two-character word of the template's own text) followed
    by itself. Reduplication that Chinese uses (常常, 人人, 高高兴兴) is not a known word doubled."""
    found = {word + word for word in known if word + word in text}
    found |= {f + f for f in FUNCTION_WORDS if f + f in text}
    return sorted(found)


def template_words(template_text: str) -> set[str]:
    """The two-character CJK runs of a template's fixed text: the words the template itself adds."""
    words = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", template_text):
        words |= {run[i : i + 2] for i in range(len(run) - 1)}
    return words


EMPTY_PARTS = (
    "根据，",
    "根据。",
    "根据、",
    "（）",
    "（ ）",
    "《》",
    "《 》",
    "（—）",
    "，，",
    "。。",
    "、、",
    "，。",
    "：，",
    "：。",
)
# As Python writes one (1E+2, 1e-07): always with its sign, so a code such as FK4E6… is not taken for one.
EXPONENT = re.compile(r"\d(?:\.\d+)?[eE][+-]\d+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PADDED_DATE = re.compile(r"年0\d月|月0\d日")
LEFTOVERS = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\{\{|\}\}|\{%|%\}|\bTrue\b|\bFalse\b")


def text_problems(text: str, known: Iterable[str] = ()) -> list[str]:
    problems = []
    problems += [f"exponent {m.group()!r}" for m in EXPONENT.finditer(text)]
    problems += [f"doubled {w!r}" for w in doubled_words(text, [*DOCUMENT_WORDS, *known])]
    problems += [f"empty part {p!r}" for p in EMPTY_PARTS if p in text]
    problems += [f"left over {m.group()!r}" for m in LEFTOVERS.finditer(text)]
    problems += [f"ISO date {m.group()!r}" for m in ISO_DATE.finditer(text)]
    problems += [f"zero-padded date {m.group()!r}" for m in PADDED_DATE.finditer(text)]
    return problems


NUMBER_LIKE = re.compile(r"^\s*[-+]?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?\s*%?\s*$")


def workbook_problems(content: bytes) -> list[str]:
    """Figures stored as text, figures without a number format, exponents and leftovers in any cell."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    problems = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                value, where = cell.value, f"{sheet.title}!{cell.coordinate}"
                if isinstance(value, str) and cell.number_format == "@":
                    continue  # an identifier made of digits and letters, text on purpose
                if isinstance(value, str):
                    if NUMBER_LIKE.match(value):
                        problems.append(f"{where}: a figure stored as text {value!r}")
                    problems += [
                        f"{where}: {p}" for p in text_problems(value) if not p.startswith("ISO date")
                    ]
                elif isinstance(value, int | float) and cell.number_format == "General":
                    problems.append(f"{where}: figure {value!r} without a number format")
    return problems


# --- The demo (conftest.py: loaded once per test process) ---------------------------------------------------


@pytest.fixture
def as_user(demo, client, settings):
    settings.MEDIA_ROOT = demo  # where the demo's attachments (the ladder's 督办单) were written
    from changxiao.orgs.models import User

    def login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return login


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def check_document(name: str, content: bytes, problems: list[str], template: Path | None = None) -> str:
    """Reads the document, adds what is wrong in it to `problems` (each once), returns its text."""
    text = docx_text(content)
    known = template_words(docx_text(template.read_bytes())) if template else set()
    found = [f"{name}: {p}" for p in text_problems(text, known)]
    problems += [p for p in dict.fromkeys(found) if p not in problems]
    return text


def template_file(name: str) -> Path:
    from changxiao.core.documents import template_path

    return template_path(name)


# --- Word documents -----------------------------------------------------------------------------------------


def test_assessment_reports_read_as_official_text(as_user):
    from changxiao.assessment.models import AssessmentRound

    client, problems = as_user("office"), []
    # Last year's published round and this year's in self-report; the demo's round cancelled as created by mistake
    # is left out (its report is still available for the record).
    rounds = list(AssessmentRound.objects.current().order_by("year"))
    assert len(rounds) == 2
    for assessment_round in rounds:
        content = fetch_generated(client, reverse("assessment:round_report", args=[assessment_round.pk]))
        text = check_document(
            f"assessment report {assessment_round.title}",
            content,
            problems,
            template_file("assessment/assessment_report.docx"),
        )
        assert "考核结果报告" in text and assessment_round.region.name in text
    assert not problems, "\n".join(problems)


def test_task_notices_read_as_official_text_with_and_without_a_basis(as_user):
    from changxiao.targets.models import WorkPlan

    client, problems = as_user("office"), []
    plans = list(WorkPlan.objects.all())
    assert plans
    template = template_file("targets/task_notice.docx")
    for plan in plans:
        url = reverse("targets:plan_notice", args=[plan.pk])
        text = check_document(f"task notice {plan.title}", fetch(client, url), problems, template)
        if plan.source_document:
            assert "根据《" in text
        # The same plan without a basis document: the sentence reads naturally without it.
        WorkPlan.objects.filter(pk=plan.pk).update(source_document="")
        text = check_document(f"task notice {plan.title} (no basis)", fetch(client, url), problems, template)
        assert re.search(r"根据(?!《)", text) is None
        for schedule in ("monthly", "quarterly"):
            WorkPlan.objects.filter(pk=plan.pk).update(report_schedule=schedule)
            check_document(f"task notice {plan.title} ({schedule})", fetch(client, url), problems, template)
    assert not problems, "\n".join(problems)


def test_supervision_documents_read_as_official_text(as_user):
    from changxiao.core.models import Attachment
    from changxiao.supervision.models import Bulletin, Finding

    client, problems = as_user("office"), []
    # 整改通知书: one finding of each state.
    findings = {f.state: f for f in Finding.objects.order_by("pk")}
    assert len(findings) > 3
    template = template_file("supervision/rectification_notice.docx")
    for finding in findings.values():
        url = reverse("supervision:finding_notice", args=[finding.pk])
        text = check_document(f"rectification notice #{finding.pk}", fetch(client, url), problems, template)
        assert "整改通知书" in text
    # 督办单: the red notices the escalation ladder issued while the demo year was played.
    notices = [a for a in Attachment.objects.all() if a.original_name.startswith("督办单")]
    assert notices, "the demo's ladder issued no 督办单"
    template = template_file("supervision/supervision_notice.docx")
    for attachment in notices[:5]:
        with attachment.file.open("rb") as handle:
            text = check_document(f"督办单 {attachment.original_name}", handle.read(), problems, template)
        assert "督办单" in text
    # 通报: every bulletin, the draft and the issued.
    bulletins = list(Bulletin.objects.all())
    assert bulletins
    template = template_file("supervision/bulletin.docx")
    for bulletin in bulletins:
        url = reverse("supervision:bulletin_docx", args=[bulletin.pk])
        check_document(f"bulletin {bulletin.title}", fetch(client, url), problems, template)
    assert not problems, "\n".join(problems)


def test_roster_reads_as_official_text(as_user):
    client, problems = as_user("office"), []
    text = check_document(
        "roster", fetch(client, reverse("orgs:roster_docx")), problems, template_file("orgs/roster.docx")
    )
    assert "截至" in text
    assert not problems, "\n".join(problems)


def test_annual_report_reads_as_official_text(as_user):
    from changxiao.cockpit.models import AnnualReport

    report = AnnualReport.objects.get(region__code="320500", state="draft")
    client, problems = as_user("leader"), []
    text = check_document(
        "annual report",
        fetch_generated(client, reverse("cockpit:report_download", args=[report.pk])),
        problems,
        template_file("cockpit/annual_report.docx"),
    )
    assert all(section["title"] in text for section in report.sections)
    assert not problems, "\n".join(problems)


def test_survey_reports_read_as_official_text(as_user):
    from changxiao.surveys.models import Campaign

    problems = []
    campaigns = list(Campaign.objects.all())
    assert campaigns
    template = template_file("surveys/survey_report.docx")
    # The office's report, and a district's share of it.
    for username in ("office", "district"):
        client = as_user(username)
        for campaign in campaigns:
            response = client.get(reverse("surveys:campaign_report", args=[campaign.pk]))
            if response.status_code == 404:
                continue
            assert response.status_code == 200
            check_document(
                f"survey report {campaign.title} ({username})", response.content, problems, template
            )
    assert not problems, "\n".join(problems)


# --- Excel exports ------------------------------------------------------------------------------------------


def export_params() -> dict[str, list[str]]:
    """Each registered export with the parameters its page passes (the campaign of survey responses)."""
    from changxiao.surveys.models import Campaign
    from changxiao.targets.models import WorkPlan

    plan = WorkPlan.objects.order_by("pk").first()
    special = {
        "survey-responses": [f"campaign={c.pk}" for c in Campaign.objects.all()],
        "targets-tasks": ["", f"plan={plan.pk}"],
        "targets-implementation": [f"plan={plan.pk}"],
    }
    return {d.name: special.get(d.name, [""]) for d in registered_exports()}


def test_every_export_keeps_figures_as_numbers(as_user, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 100_000
    client, problems = as_user("office"), []
    params = export_params()
    assert len(params) >= 10
    for name, queries in params.items():
        for query in queries:
            url = reverse("core:export_start", args=[name]) + (f"?{query}" if query else "")
            content = fetch(client, url)
            problems += [f"{name}?{query}: {p}" for p in workbook_problems(content)]
    assert not problems, "\n".join(problems[:60])


def test_survey_index_workbook_keeps_figures_as_numbers(as_user):
    from changxiao.surveys.models import Campaign

    problems = []
    for username in ("office", "district"):
        client = as_user(username)
        for campaign in Campaign.objects.all():
            response = client.get(reverse("surveys:campaign_index_export", args=[campaign.pk]))
            if response.status_code == 404:
                continue
            problems += [
                f"index {campaign.pk} ({username}): {p}" for p in workbook_problems(response.content)
            ]
    assert not problems, "\n".join(problems[:60])


# --- The checks themselves --------------------------------------------------------------------------------


def test_the_checks_catch_what_they_look_for():
    assert text_problems("2026年度考核考核结果报告") == ["doubled '考核考核'"]
    assert text_problems("请按按季度报送") == ["doubled '按按'"]
    assert "empty part '根据，'" in text_problems("根据，现将任务分解如下")
    assert text_problems("满分1E+2，数值2E+1场") == ["exponent '1E+2'", "exponent '2E+1'"]
    assert text_problems("常常、人人、天天，高高兴兴") == []
    assert text_problems("2026年1月5日") == [] and text_problems("2026年01月05日")
    assert doubled_words("单位单位", template_words("各单位")) == ["单位单位"]
    assert text_problems("查询码FK4E6Q") == [] and text_problems("1e-07") == ["exponent '1e-07'"]
    assert NUMBER_LIKE.match("12,345") and NUMBER_LIKE.match("80.0%") and not NUMBER_LIKE.match("138****5678")


# --- The formatting home itself ---------------------------------------------------------------------------


def test_figures_are_written_one_way():
    from decimal import Decimal

    from changxiao.core import numbers

    assert numbers.integer(Decimal("1E+2")) == "100" and numbers.integer(12345) == "12,345"
    assert numbers.integer(2026, grouped=False) == "2026"
    assert numbers.points(Decimal("100.00")) == "100" and numbers.points(Decimal("92.50")) == "92.5"
    assert (
        numbers.points(Decimal("87.25")) == "87.25" and numbers.points(Decimal("0.125")) == "0.13"
    )  # half up
    assert numbers.percent(80) == "80.0%" and numbers.percent(Decimal("8E+1")) == "80.0%"
    assert numbers.percent(Decimal("12.25")) == "12.3%"  # 四舍五入, not banker's rounding
    assert numbers.money(Decimal("12345.5")) == "12,345.50"
    assert (
        numbers.measure(Decimal("2E+1"), "场") == "20场"
        and numbers.measure(Decimal("1.500"), "册/人") == "1.5册/人"
    )
    assert numbers.measure(80, "%") == "80.0%" and numbers.measure(None, "场") == "—"
    assert numbers.figure(1e20) == "100,000,000,000,000,000,000" and numbers.figure(float("nan")) == "—"
    assert numbers.points(Decimal("-0.001")) == "0"
    assert numbers.rate(1, 3) == "33.3%" and numbers.rate(1, 0) == "—"
    assert numbers.index_value(78.25) == "78.3" and str(numbers.rounded(78.25, 1)) == "78.3"
    assert numbers.excel_fraction(80) == 0.8


def test_titles_and_parts_are_joined_without_saying_a_word_twice():
    from datetime import date

    from changxiao.core.documents import (
        book_title,
        join_title,
        joined,
        official_date,
        official_period,
        report_title,
        unbracketed,
    )

    assert join_title("2026年度示范区长效管理考核", "考核结果报告") == "2026年度示范区长效管理考核结果报告"
    assert join_title("2026年度示范区长效管理", "考核结果报告") == "2026年度示范区长效管理考核结果报告"
    assert join_title("满意度测评结果", "结果报告") == "满意度测评结果报告"
    assert report_title("2026年满意度测评报告", "结果报告") == "2026年满意度测评报告"
    assert book_title("后续建设规划") == book_title("《后续建设规划》") == "《后续建设规划》"
    assert book_title("") == "" and book_title("《甲》和《乙》") == "《甲》和《乙》"
    assert unbracketed("《2026年工作计划》") == "2026年工作计划"
    assert joined(["甲", "", None, "乙"]) == "甲、乙" and joined([]) == "—"
    assert official_date(date(2026, 1, 5)) == "2026年1月5日"
    assert official_period(date(2026, 1, 1), date(2026, 3, 31)) == "2026年1月1日至3月31日"
    assert official_period(date(2025, 12, 1), date(2026, 3, 31)) == "2025年12月1日至2026年3月31日"


def test_a_value_no_context_formatted_is_still_written_by_the_rules():
    from datetime import date
    from decimal import Decimal

    from changxiao.core.documents import render_docx

    context = {"title": None, "date": date(2026, 3, 5), "count": Decimal("1E+2"), "rows": []}
    text = docx_text(render_docx("orgs/roster.docx", context))
    assert "（截至2026年3月5日，共100个单位）" in text and "None" not in text and "—" in text
