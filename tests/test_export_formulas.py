"""No Excel file the platform writes carries a formula a citizen typed (issue 19, point 1; OWASP "CSV injection").

Citizen text (a feedback item's content, a survey's written suggestion) and text typed by staff (names, titles) that
begins with what a spreadsheet reads as a formula (=, +, -, @, a tab, a carriage return) is written as text with a
single quote in front, so it reads the same and runs nothing; figures stay numeric cells. Every registered export is
walked from the registry. The XLSForm export and the import templates are read back by machines: they keep the
exact text, as string cells, never formulas."""

import io
import uuid
from datetime import date

import openpyxl
import pytest

from changxiao.core.exports import registered_exports
from conftest import as_of, make_survey_target

HOSTILE = [
    '=HYPERLINK("http://evil.example","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(world):
    """Records of every mechanism carrying text a spreadsheet would run."""
    from changxiao.feedback.tests.factories import FeedbackFactory
    from changxiao.orgs.models import Region, Unit
    from changxiao.supervision.models import Finding, Inspection
    from changxiao.supervision.tests.matrix import _venue_accountability
    from changxiao.surveys.models import Response
    from changxiao.targets.models import Task, WorkPlan
    from changxiao.targets.tests.factories import TaskFactory
    from changxiao.targets.tests.matrix import _venue_task
    from changxiao.workforce.tests.factories import PostFactory

    FeedbackFactory(region=world.gusu, content=HOSTILE[0])
    typed = FeedbackFactory(region=world.gusu, content="希望延长开放时间")
    # As a 12345 work order may bring it: a tab first (the form strips what a person types).
    type(typed).objects.filter(pk=typed.pk).update(content=HOSTILE[4] + " 希望延长开放时间")
    target = make_survey_target(world.city, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    campaign = target.campaign
    Response.objects.create(
        campaign=campaign,
        target=target,
        questionnaire=campaign.questionnaire,
        client_id=uuid.uuid4(),
        answers={"overall": 4, "suggestion": HOSTILE[0]},
        content_hash="h",
        region=world.gusu,
    )
    with as_of():
        task = _venue_task(world)
        TaskFactory(by=world.office, plan=task.plan, title="区级任务", lead_unit=world.district_unit)
    Task.objects.filter(pk=task.pk).update(title=HOSTILE[1])
    WorkPlan.objects.filter(pk=task.plan_id).update(title=HOSTILE[2], source_document=HOSTILE[5])
    accountability = _venue_accountability(world)
    Finding.objects.filter(pk__in=accountability.findings.values("pk")).update(description=HOSTILE[0])
    type(accountability).objects.filter(pk=accountability.pk).update(ground_detail=HOSTILE[5])
    Inspection.objects.update(title=HOSTILE[3])
    PostFactory(unit=world.venue_unit, by=world.office)  # the venue's staff: its hostile name in the roster
    Unit.objects.filter(pk=world.venue_unit.pk).update(
        name=HOSTILE[1], address=HOSTILE[0], leader_name=HOSTILE[3]
    )
    Unit.objects.filter(pk=world.district_unit.pk).update(name=HOSTILE[3])
    Region.objects.filter(pk=world.gusu.pk).update(name=HOSTILE[2])
    from changxiao.linkage.tests.factories import order as linkage_order  # the venue's item ordered

    world.linkage_menu_id = linkage_order(world).offering.menu_id
    world.campaign, world.plan_id = campaign, task.plan_id
    return world


def _cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def _params(name: str, world) -> str:
    """What an export of one object names it by (the campaign of the responses, the plan of the implementation)."""
    return {
        "survey-responses": f"?campaign={world.campaign.pk}",
        "targets-implementation": f"?plan={world.plan_id}",
        "linkage-menu": f"?menu={world.linkage_menu_id}",
        "linkage-orders": "?side=all",
    }.get(name, "")


@pytest.mark.parametrize("name", [definition.name for definition in registered_exports()])
def test_no_export_writes_a_formula(name, hostile, client):
    client.force_login(hostile.office)
    response = client.get(f"/exports/{name}/" + _params(name, hostile))
    assert response.status_code == 200, name
    cells = list(_cells(b"".join(response.streaming_content)))
    assert cells, name
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], name
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(TRIGGERS)], name
    # Still readable: the hostile text is there, behind its quote, whole.
    shown = {text[1:] for text in texts if text.startswith("'")}
    assert shown & set(HOSTILE), name


def test_citizen_text_reaches_the_feedback_and_survey_exports_quoted(hostile, client):
    client.force_login(hostile.office)
    feedback = list(_cells(b"".join(client.get("/exports/feedback-items/").streaming_content)))
    assert "'" + HOSTILE[0] in {cell.value for cell in feedback}
    assert "'" + HOSTILE[4] + " 希望延长开放时间" in {cell.value for cell in feedback}
    # Figures stay figures: the transfer count is a numeric cell.
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get("/exports/feedback-items/").streaming_content))
    )
    headers = [cell.value for cell in book.active[1]]
    transfers = book.active.cell(row=2, column=headers.index("转办次数") + 1)
    assert transfers.data_type == "n" and transfers.value == 0
    survey = client.get(f"/exports/survey-responses/?campaign={hostile.campaign.pk}")
    assert "'" + HOSTILE[0] in {cell.value for cell in _cells(b"".join(survey.streaming_content))}


def test_the_campaign_index_workbook_writes_no_formula(hostile, client):
    from django.urls import reverse

    client.force_login(hostile.office)
    page = client.get(reverse("surveys:campaign_index_export", args=[hostile.campaign.pk]))
    assert page.status_code == 200
    cells = list(_cells(page.content))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [
        cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS)
    ]


def test_plain_numbers_in_text_stay_as_typed():
    from changxiao.core.exports import neutralize

    assert neutralize("-5") == "-5" and neutralize("+86") == "+86" and neutralize("-0.25") == "-0.25"
    assert neutralize("=1+1") == "'=1+1" and neutralize("-1+1") == "'-1+1" and neutralize("@A1") == "'@A1"
    assert neutralize("普通文字") == "普通文字"


def test_the_xlsform_export_keeps_expressions_and_texts_exact_and_runs_nothing(world):
    """The XLSForm is read by machines (ODK, KoboToolbox, our own import): no quote is added, no cell is a formula,
    and the form reads back with every question's text and condition as written."""
    from changxiao.surveys import builder
    from changxiao.surveys.models import Question
    from changxiao.surveys.xlsform import import_xlsform
    from changxiao.surveys.xlsform.write import export_xlsform

    questionnaire = builder.questionnaire_create(
        by=world.office, owner=world.city, code="hostile", title="=1+1 测评"
    )
    section = questionnaire.sections.get()
    single = builder.question_save(
        question=Question(
            questionnaire=questionnaire,
            section=section,
            code="visited",
            kind="single",
            text="=1+1 您去过吗",
            choices=[["y", "-去过"], ["n", "=没去过"]],
        ),
        by=world.office,
    )
    builder.question_save(
        question=Question(
            questionnaire=questionnaire,
            section=section,
            code="why",
            kind="long_text",
            text="-为什么没去",
            required=False,
            condition={"question": single.code, "in": ["n"]},
        ),
        by=world.office,
    )
    content = export_xlsform(questionnaire)
    cells = list(_cells(content))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert {"=1+1 您去过吗", "-为什么没去", "-去过", "=没去过", "=1+1 测评"} <= values
    assert "${visited} = 'n'" in values  # the display condition, as ODK reads it
    data = import_xlsform(content).data
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert [q["text"] for q in questions] == ["=1+1 您去过吗", "-为什么没去"]
    assert questions[1]["condition"] == {"question": "visited", "in": ["n"]}


def test_an_import_template_keeps_its_values_exact_and_runs_nothing():
    """The template's drop-down values are read back by the import as they are: exact text, string cells."""
    from changxiao.core.imports import ImportColumn, ImportDefinition, build_template

    definition = ImportDefinition(
        name="hostile-template",
        title="Notes",
        columns=[ImportColumn("title", "Title", example="=1+1", choices=lambda: ["=A1", "-B", "@C"])],
        can_import=lambda user: True,
        validate_rows=lambda user, rows: [],
        apply=lambda user, rows: None,
    )
    cells = list(_cells(build_template(definition)))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"=1+1", "=A1", "-B", "@C"} <= {cell.value for cell in cells}


def test_every_workbook_is_written_through_core_exports():
    """Present and future apps alike: xlsxwriter only in core.exports (new_workbook, CellWriter), and a module that
    builds an openpyxl workbook writes its cells with core.exports.literal_cell."""
    from pathlib import Path

    import changxiao

    root = Path(changxiao.__file__).parent
    sources = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    assert [name for name, text in sources.items() if "import xlsxwriter" in text] == ["core/exports.py"]
    writers = [name for name, text in sources.items() if "openpyxl import Workbook" in text]
    assert writers and not [name for name in writers if "literal_cell" not in sources[name]]
