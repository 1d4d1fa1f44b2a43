"""Forms from the whole XLSForm ecosystem (issue 19, point 13): a corpus of XLSForms made here as KoboToolbox, ODK
Build, older tools and Excel users write them — both label spellings, legacy .xls, every type alias pyxform takes,
groups, whole numbers, decimals and dates — imports as expected; whole numbers, decimals and dates are questions of
the builder with their range, checked on the public page, exported as figures and as XLSForm, and the round trip
export → import keeps every question."""

import os
import shutil
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from changxiao.surveys import builder
from changxiao.surveys.models import Question, Questionnaire, Response
from changxiao.surveys.questionnaires import create_from_data
from changxiao.surveys.xlsform import Severity, aliases, create_draft, export_xlsform, import_xlsform
from changxiao.surveys.xlsform.questions import parse_range
from conftest import make_survey_target

from .test_xlsform import messages, workbook


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def legacy_workbook(
    survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None
):
    """The same sheets as an Excel 97–2003 .xls file (what xlwt writes is what older tools saved)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value not in ("", None):
                    sheet.write(r, c, value)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def questions_of(result) -> dict[str, dict]:
    assert result.ok, messages(result, Severity.ERROR)
    return {q["code"]: q for s in result.data["sections"] for q in s["questions"]}


# --- Labels in a language, both spellings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "english, chinese, chinese_hint",
    [
        ("label::English (en)", "label::中文 (zh)", "hint::中文 (zh)"),  # Kobo, pyxform today
        ("label:English", "label:中文", "hint:中文"),  # the older single-colon spelling
        ("Label::English", "Label::Chinese", "Hint::Chinese"),  # capitalised headers
    ],
)
def test_the_chinese_labels_are_kept_in_either_spelling_and_the_office_is_told(
    db, english, chinese, chinese_hint
):
    survey = [
        ["type", "name", english, chinese, chinese_hint],
        ["text", "name_q", "Your view", "您的意见", "请简要说明"],
    ]
    choices = [["list_name", "name", english, chinese]]
    result = import_xlsform(workbook(survey, choices, [["form_id"], ["views"]]))
    question = questions_of(result)["name_q"]
    assert (question["text"], question["help"]) == ("您的意见", "请简要说明")
    language = chinese.partition(":")[2].lstrip(":")
    assert any(language in m and "were used" in m for m in messages(result, Severity.NOTE))
    assert any("English" in m for m in messages(result, Severity.NOT_IMPORTED))


def test_the_default_language_is_kept_when_the_settings_name_it(db):
    survey = [["type", "name", "label:English", "label:Français"], ["text", "q", "Your view", "Votre avis"]]
    settings = [["form_id", "default_language"], ["views", "Français"]]
    result = import_xlsform(workbook(survey, None, settings))
    assert questions_of(result)["q"]["text"] == "Votre avis"
    assert any("Français" in m and "were used" in m for m in messages(result, Severity.NOTE))


def test_without_chinese_the_plain_label_column_is_the_default_language(db):
    survey = [["type", "name", "label", "label::English (en)"], ["text", "q", "您的意见", "Your view"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["views"]]))
    assert questions_of(result)["q"]["text"] == "您的意见"
    assert any("default language" in m for m in messages(result, Severity.NOTE))
    assert any("English (en)" in m for m in messages(result, Severity.NOT_IMPORTED))


def test_a_missing_translation_is_taken_from_another_language(db):
    survey = [["type", "name", "label::English (en)", "label::中文 (zh)"], ["text", "q", "Your view", ""]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["views"]]))
    assert questions_of(result)["q"]["text"] == "Your view"


# --- Every spelling of a type -----------------------------------------------------------------------------------

EXPECTED_KIND = {"text": "short_text", "integer": "integer", "decimal": "decimal", "date": "date"}


@pytest.mark.parametrize(
    "spelling", sorted(s for s, t in aliases.QUESTION_TYPES.items() if t in EXPECTED_KIND)
)
def test_each_spelling_of_an_asked_type_becomes_its_question(db, spelling):
    survey = [["type", "name", "label"], [spelling.upper() if spelling == "int" else spelling, "q", "问题"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["aliases"]]))
    assert questions_of(result)["q"]["kind"] == EXPECTED_KIND[aliases.QUESTION_TYPES[spelling]]


@pytest.mark.parametrize("command", sorted(aliases.SELECT_COMMANDS))
@pytest.mark.parametrize("suffix", ["", " or_other", " or specify other"])
def test_each_spelling_of_a_select_becomes_a_choice_question(db, command, suffix):
    survey = [["type", "name", "label"], [f"{command} yesno{suffix}", "q", "去过吗"]]
    choices = [["list name", "name", "label"], ["yesno", "yes", "是"], ["yesno", "no", "否"]]
    result = import_xlsform(workbook(survey, choices, [["form_id"], ["aliases"]]))
    question = questions_of(result)["q"]
    expected = "single" if aliases.SELECT_COMMANDS[command] == "select_one" else "multiple"
    offered = [["yes", "是"], ["no", "否"]] + ([["other", "Other"]] if suffix else [])
    assert question["kind"] == expected and question["choices"] == offered
    if suffix:  # the choice "other" is offered as ODK does; its text box is said to be left out
        assert any("or_other" in m for m in messages(result, Severity.NOT_IMPORTED))


@pytest.mark.parametrize("spelling", ["note", "q note", "add note prompt"])
def test_each_spelling_of_a_note_is_reported(db, spelling):
    survey = [["type", "name", "label"], [spelling, "n", "谢谢参与"], ["text", "q", "问题"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["notes"]]))
    assert list(questions_of(result)) == ["q"]
    assert any("谢谢参与" in m for m in messages(result, Severity.NOT_IMPORTED))


@pytest.mark.parametrize("spelling", sorted(aliases.METADATA_TYPES))
def test_each_spelling_of_metadata_is_a_note(db, spelling):
    survey = [["type", "name", "label"], [spelling, "meta", ""], ["text", "q", "问题"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["meta"]]))
    assert list(questions_of(result)) == ["q"] and not result.not_imported
    assert any("metadata" in m for m in messages(result, Severity.NOTE))


@pytest.mark.parametrize(
    "spelling", ["select_one_from_file towns.csv", "select one external towns", "rank towns"]
)
def test_selects_from_elsewhere_are_not_imported_and_said(db, spelling):
    survey = [["type", "name", "label"], [spelling, "town", "哪个镇"], ["text", "q", "问题"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["ext"]]))
    assert list(questions_of(result)) == ["q"]
    assert any("town" in m for m in messages(result, Severity.NOT_IMPORTED))


# --- Groups and field-lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "begin, end", [("begin_group", "end_group"), ("begin group", "end group"), ("BEGIN GROUP", "End_Group")]
)
def test_groups_in_any_spelling_become_sections_with_their_label(db, begin, end):
    survey = [
        ["type", "name", "label", "appearance"],
        [begin, "basics", "基本情况", "field-list"],
        ["integer", "age", "年龄", ""],
        [end, "", "", ""],
        [begin, "visit", "到访", ""],
        ["date", "visited_on", "到访日期", ""],
        [end, "", "", ""],
    ]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["groups"]]))
    assert result.ok, messages(result, Severity.ERROR)
    assert [(s["title"], [q["code"] for q in s["questions"]]) for s in result.data["sections"]] == [
        ("基本情况", ["age"]),
        ("到访", ["visited_on"]),
    ]
    assert any("field-list" in m for m in messages(result, Severity.NOTE))  # one page per group is not kept


@pytest.mark.parametrize(
    "begin, end", [("begin repeat", "end repeat"), ("begin looped group", "end looped group")]
)
def test_repeats_in_any_spelling_are_left_out_and_said(db, begin, end):
    survey = [["type", "name", "label"], [begin, "members", "成员"], ["text", "m", "姓名"], [end, "", ""]]
    survey.append(["text", "q", "问题"])
    result = import_xlsform(workbook(survey, None, [["form_id"], ["rep"]]))
    assert list(questions_of(result)) == ["q"]
    assert any("members" in m for m in messages(result, Severity.NOT_IMPORTED))


# --- form_id ---------------------------------------------------------------------------------------------------


def test_a_form_id_with_spaces_is_normalized_with_a_note(db):
    survey = [["type", "name", "label"], ["text", "q", "问题"]]
    result = import_xlsform(
        workbook(survey, None, [["form_title", "form_id"], ["调查", " Library survey 2026 "]])
    )
    assert result.ok and result.data["code"] == "Library_survey_2026"
    assert any("Library_survey_2026" in m and "form_id" in m for m in messages(result, Severity.NOTE))


def test_set_form_id_is_read_as_form_id(db):
    survey = [["type", "name", "label"], ["text", "q", "问题"]]
    result = import_xlsform(workbook(survey, None, [["set_form_title", "set_form_id"], ["调查", "old_tool"]]))
    assert (result.data["code"], result.data["title"]) == ("old_tool", "调查")


# --- Whole numbers, decimals, dates and their ranges -----------------------------------------------------------


@pytest.mark.parametrize(
    "kind, constraint, expected",
    [
        ("integer", ". >= 0 and . <= 120", ("0", "120")),
        ("integer", ".>=0 and .<=120", ("0", "120")),
        ("integer", "(. > 0) and (. < 100)", ("1", "99")),
        ("integer", "${q} <= 31", ("", "31")),
        ("integer", ". <= 120 and . >= 0", ("0", "120")),
        ("decimal", ". >= 0.5 and . <= 99.9", ("0.5", "99.9")),
        ("date", ". >= date('2020-01-01') and . <= date('2026-12-31')", ("2020-01-01", "2026-12-31")),
        ("date", ". > '2025-12-31'", ("2026-01-01", "")),
        ("integer", ". <= today()", None),
        ("integer", ". >= 0 or . <= 5", None),
        ("integer", ". mod 2 = 0", None),
        ("integer", ". >= 10 and . <= 1", None),
        ("integer", "${other} > 3", None),
        ("decimal", ". > 0", None),  # a strict bound of a decimal has no "next value"
    ],
)
def test_simple_ranges_are_read_from_the_constraint(kind, constraint, expected):
    assert parse_range(constraint, kind, "q") == expected


def test_numbers_and_dates_are_imported_with_their_range(db):
    survey = [
        ["type", "name", "label", "constraint", "constraint_message", "required"],
        ["integer", "age", "年龄", ". >= 0 and . <= 120", "0到120", "yes"],
        ["decimal", "hours", "每周小时数", ". >= 0 and . <= 168", "", ""],
        ["int", "visits", "每月到访次数", "", "", ""],
        ["date", "visited_on", "到访日期", ". <= today()", "", ""],
    ]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["numbers"]]))
    questions = questions_of(result)
    assert [(q["kind"], q["minimum"], q["maximum"]) for q in questions.values()] == [
        ("integer", "0", "120"),
        ("decimal", "0", "168"),
        ("integer", "", ""),
        ("date", "", ""),
    ]
    assert any("today()" in p.message and p.row == 5 for p in result.not_imported)
    assert any("constraint message" in p.message and p.row == 2 for p in result.notes)
    draft = create_draft(result.data)
    assert draft.questions.get(code="age").minimum == "0"


def test_a_constraint_on_a_text_is_still_reported(db):
    survey = [["type", "name", "label", "constraint"], ["text", "q", "问题", "string-length(.) < 10"]]
    result = import_xlsform(workbook(survey, None, [["form_id"], ["t"]]))
    assert any("constraint" in p.message for p in result.not_imported)


# --- Legacy .xls ------------------------------------------------------------------------------------------------

LEGACY_SURVEY = [
    ["type", "name", "label:English", "label:中文", "constraint", "relevant"],
    ["begin group", "basics", "Basics", "基本情况", "", ""],
    ["select one from yesno", "visited", "Visited?", "去过吗", "", ""],
    ["integer", "visits", "Visits per month", "每月次数", ". >= 1 and . <= 31", "${visited} = 'yes'"],
    ["end group", "", "", "", "", ""],
    ["q date", "visited_on", "Date of visit", "到访日期", "", ""],
    ["add decimal prompt", "spend", "Spending", "花费（元）", ". >= 0", ""],
]
LEGACY_CHOICES = [
    ["list name", "name", "label:English", "label:中文"],
    ["yesno", "yes", "Yes", "是"],
    ["yesno", "no", "No", "否"],
]


def test_a_legacy_xls_imports_as_its_xlsx_does(db):
    settings = [["form_title", "form_id"], ["老表单", "old form"]]
    legacy = import_xlsform(
        SimpleUploadedFile("old.xls", legacy_workbook(LEGACY_SURVEY, LEGACY_CHOICES, settings))
    )
    modern = import_xlsform(SimpleUploadedFile("new.xlsx", workbook(LEGACY_SURVEY, LEGACY_CHOICES, settings)))
    assert legacy.ok, messages(legacy, Severity.ERROR)
    assert legacy.data == modern.data
    assert [str(p) for p in legacy.problems] == [str(p) for p in modern.problems]
    questions = questions_of(legacy)
    assert legacy.data["code"] == "old_form" and legacy.data["sections"][0]["title"] == "基本情况"
    assert questions["visits"]["condition"] == {"question": "visited", "in": ["yes"]}
    assert (questions["visits"]["minimum"], questions["visits"]["maximum"]) == ("1", "31")
    assert [q["kind"] for q in questions.values()] == ["single", "integer", "date", "decimal"]
    assert create_draft(legacy.data).questions.count() == 4


def test_a_legacy_xls_through_the_import_screens_lists_what_is_left_out_first(world, client):
    from django.urls import reverse

    client.force_login(world.office)
    url = reverse("surveys:questionnaire_import")
    page = client.get(url)
    assert 'accept=".xlsx,.xls"' in page.content.decode()
    survey = LEGACY_SURVEY + [["geopoint", "where", "Where", "位置", "", ""]]
    content = legacy_workbook(survey, LEGACY_CHOICES, [["form_id"], ["old_screens"]])
    page = client.post(url, {"file": SimpleUploadedFile("old.xls", content)})
    assert page.status_code == 200 and page.context["result"].ok
    html = page.content.decode()
    assert "geopoint" in html and "1–31" in html  # left out, and the range kept, both shown before creating
    assert not Questionnaire.objects.filter(code="old_screens").exists()
    client.post(url, {"action": "confirm"})
    created = Questionnaire.objects.get(code="old_screens")
    assert created.questions.get(code="visits").maximum == "31"


def test_a_legacy_xls_with_numbers_and_dates_in_cells(db):
    from datetime import date

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    survey = book.add_sheet("survey")
    for c, value in enumerate(["type", "name", "label", "required"]):
        survey.write(0, c, value)
    for c, value in enumerate(["integer", "age", "年龄"]):
        survey.write(1, c, value)
    survey.write(1, 3, True)
    choices = book.add_sheet("choices")
    for c, value in enumerate(["list_name", "name", "label"]):
        choices.write(0, c, value)
    settings = book.add_sheet("settings")
    settings.write(0, 0, "form_id")
    settings.write(0, 1, "version")
    settings.write(1, 0, "dated")
    settings.write(1, 1, date(2026, 1, 5), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    output = BytesIO()
    book.save(output)
    result = import_xlsform(output.getvalue())
    assert questions_of(result)["age"]["required"] is True


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "could not be read"),  # a damaged .xls
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (3 * 1024 * 1024), "larger than 2 MB"),
        (b"<html>not a workbook</html>", "could not be read"),
    ],
)
def test_bad_legacy_files_get_a_clear_message(db, content, expected):
    result = import_xlsform(SimpleUploadedFile("bad.xls", content))
    assert not result.ok and expected in str(result.errors[0])


def test_a_legacy_xls_with_too_many_rows_is_refused(db):
    survey = [["type", "name", "label"]] + [["text", f"q{n}", "问题"] for n in range(600)]
    result = import_xlsform(legacy_workbook(survey))
    assert not result.ok and "more than 500 rows" in str(result.errors[0])


# --- The builder, the public page, the exports ---------------------------------------------------------------

NUMBERS_FORM = {
    "code": "visits",
    "version": 1,
    "title": "到访调查",
    "sections": [
        {
            "title": "基本情况",
            "questions": [
                {"code": "age", "kind": "integer", "text": "年龄", "minimum": "0", "maximum": "120"},
                {
                    "code": "visits",
                    "kind": "integer",
                    "text": "每月到访次数",
                    "maximum": "31",
                    "required": False,
                },
                {
                    "code": "hours",
                    "kind": "decimal",
                    "text": "每次停留小时数",
                    "minimum": "0.5",
                    "required": False,
                },
                {
                    "code": "visited_on",
                    "kind": "date",
                    "text": "到访日期",
                    "minimum": "2020-01-01",
                    "maximum": "2030-12-31",
                },
                {"code": "comment", "kind": "short_text", "text": "意见", "required": False},
            ],
        }
    ],
}


@pytest.fixture
def numbers_target(world):
    questionnaire = create_from_data(NUMBERS_FORM, published_at=timezone.now())
    return make_survey_target(world.city, questionnaire=questionnaire, min_seconds=0)


def _send(target, **answers):
    respondent = Client()
    page = respondent.get(target.get_public_url())
    assert page.status_code == 200
    sent = {"client_id": page.context["client_id"], "started": page.context["started"]}
    sent |= {f"q_{code}": value for code, value in answers.items()}
    return page, respondent.post(target.get_public_url(), sent)


def test_the_public_page_draws_numbers_and_dates_with_their_range(world, numbers_target):
    page, _response = _send(numbers_target)
    html = page.content.decode()
    assert 'type="number" inputmode="numeric" step="1" min="0" max="120"' in html
    assert 'type="date" min="2020-01-01" max="2030-12-31"' in html
    assert 'step="any" min="0.5"' in html


def test_numbers_and_dates_are_stored_as_numbers_and_iso_dates(world, numbers_target):
    _page, response = _send(numbers_target, age="３５", visits="4", hours="1,5", visited_on="2026-5-1")
    assert response.status_code == 200, response.content.decode()[:2000]
    stored = Response.objects.get()
    assert stored.answers == {"age": 35, "visits": 4, "hours": 1.5, "visited_on": "2026-05-01"}


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"age": "121"}, "0 至 120 之间"),
        ({"age": "-1"}, "0 至 120 之间"),
        ({"age": "3.5"}, "请填写整数"),
        ({"age": "1e3"}, "请填写整数"),
        ({"age": "9" * 40}, "请填写整数"),
        ({"visits": "32"}, "不得大于 31"),
        ({"hours": "0.25"}, "不得小于 0.5"),
        ({"hours": "1.23456"}, "最多三位小数"),
        ({"hours": "NaN"}, "请填写数字"),
        ({"visited_on": "2019-12-31"}, "2020-01-01 至 2030-12-31 之间"),
        ({"visited_on": "2026-02-30"}, "年-月-日"),
        ({"visited_on": "yesterday"}, "年-月-日"),
    ],
)
def test_a_number_or_date_outside_its_range_is_refused_and_nothing_stored(
    world, numbers_target, answers, message
):
    # The public page speaks Chinese to the respondent.
    sent = {"age": "35", "visited_on": "2026-05-01"} | answers
    _page, response = _send(numbers_target, **sent)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Response.objects.exists()


def test_the_api_gives_the_range_and_takes_numbers_and_dates(world, numbers_target, client):
    import json
    import uuid

    form = client.get(f"/api/v1/public/surveys/{numbers_target.token}").json()
    questions = {q["code"]: q for s in form["questionnaire"]["sections"] for q in s["questions"]}
    assert (questions["age"]["kind"], questions["age"]["minimum"], questions["age"]["maximum"]) == (
        "integer",
        "0",
        "120",
    )

    def submit(answers):
        body = {"client_id": str(uuid.uuid4()), "answers": answers}
        url = f"/api/v1/public/surveys/{numbers_target.token}/responses"
        return client.post(url, json.dumps(body), content_type="application/json")

    refused = submit({"age": 130, "visited_on": "2026-05-01"})
    assert refused.status_code == 400 and any("120" in m for m in refused.json()["messages"])
    assert submit({"age": 35, "hours": "2.5", "visited_on": "2026-05-01"}).status_code == 201
    assert Response.objects.get().answers == {"age": 35, "hours": 2.5, "visited_on": "2026-05-01"}


def test_numbers_and_dates_cost_no_query_per_submission(world, numbers_target, django_assert_num_queries):
    _send(numbers_target, age="35", visited_on="2026-05-01")  # warms the process's kept version
    respondent = Client()
    page = respondent.get(numbers_target.get_public_url())
    sent = {"client_id": page.context["client_id"], "started": page.context["started"], "q_age": "36"}
    sent["q_visited_on"] = "2026-05-02"
    with django_assert_num_queries(1):  # the insert
        assert respondent.post(numbers_target.get_public_url(), sent).status_code == 200


def test_the_responses_export_writes_numbers_as_figures(world, numbers_target, client):
    _send(numbers_target, age="35", hours="1.5", visited_on="2026-05-01")
    client.force_login(world.office)
    export = client.get(f"/exports/survey-responses/?campaign={numbers_target.campaign_id}")
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = {h: cell for h, cell in zip(header, sheet[2], strict=False)}
    assert row["age 年龄"].value == 35 and row["age 年龄"].data_type == "n"
    assert row["hours 每次停留小时数"].value == 1.5
    assert row["visited_on 到访日期"].value == "2026-05-01"


def test_the_office_pages_of_a_campaign_with_numbers_and_dates(world, numbers_target, client):
    from django.urls import reverse

    _send(numbers_target, age="35", hours="1.5", visited_on="2026-05-01")
    Response.objects.update(suspicious=True, suspicion="answered in 3s")  # shown on the review page too
    client.force_login(world.office)
    pk = numbers_target.campaign_id
    questionnaire = numbers_target.campaign.questionnaire
    for url in (
        reverse("surveys:campaign_detail", args=[pk]),
        reverse("surveys:campaign_index", args=[pk]),
        reverse("surveys:flagged_review", args=[pk]),
        reverse("surveys:campaign_report", args=[pk]),
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk]),
        reverse("surveys:questionnaire_preview", args=[questionnaire.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_builder_keeps_a_range_and_refuses_a_wrong_one(world):
    published = create_from_data(NUMBERS_FORM, published_at=timezone.now())
    draft = builder.questionnaire_new_version(questionnaire=published, by=world.office)
    age = draft.questions.get(code="age")
    assert (age.minimum, age.maximum) == ("0", "120")  # the new version copies the range
    age.minimum, age.maximum = "50", "10"
    with pytest.raises(ValidationError, match="smallest"):
        builder.question_save(question=age, by=world.office)
    age.minimum, age.maximum = "007", ""
    builder.question_save(question=age, by=world.office)
    assert Question.objects.get(pk=age.pk).minimum == "7"
    text = draft.questions.get(code="comment")
    text.minimum = "3"
    builder.question_save(question=text, by=world.office)
    assert Question.objects.get(pk=text.pk).minimum == ""  # a text has no range


# --- The round trip and ODK Validate ---------------------------------------------------------------------------


def test_the_round_trip_keeps_numbers_dates_and_their_ranges(world, numbers_target):
    questionnaire = numbers_target.campaign.questionnaire
    book = load_workbook(BytesIO(export_xlsform(questionnaire)))
    survey = {row[1]: row for row in book["survey"].iter_rows(min_row=2, values_only=True)}
    assert survey["age"][0] == "integer" and survey["age"][-1] == ". >= 0 and . <= 120"
    assert survey["visited_on"][-1] == ". >= date('2020-01-01') and . <= date('2030-12-31')"
    result = import_xlsform(export_xlsform(questionnaire))
    kept = [
        (q["code"], q["kind"], q["text"], q["required"], q.get("minimum", ""), q.get("maximum", ""))
        for s in result.data["sections"]
        for q in s["questions"]
    ]
    assert kept == [
        (q.code, q.kind, q.text, q.required, q.minimum, q.maximum) for q in questionnaire.questions.all()
    ]


@pytest.mark.skipif(
    shutil.which("java") is None and os.environ.get("REQUIRE_JAVA") != "1",
    reason="ODK Validate needs Java (apt-get install default-jre-headless); CI requires it (REQUIRE_JAVA=1)",
)
def test_odk_validate_accepts_numbers_dates_and_ranges(world, numbers_target):
    from pyxform.xls2xform import convert

    convert(export_xlsform(numbers_target.campaign.questionnaire), validate=True, file_type=".xlsx")
