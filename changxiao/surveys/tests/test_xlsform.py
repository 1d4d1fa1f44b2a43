"""XLSForm export and import: a round trip keeps the questionnaire, the export is valid XLSForm for pyxform,
a Kobo-style form is imported with everything left out reported, and meaning-changing errors refuse it."""

import os
import shutil
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from changxiao.surveys.models import Questionnaire
from changxiao.surveys.questionnaires import load_shipped
from changxiao.surveys.xlsform import (
    MAX_ROWS,
    Severity,
    create_draft,
    export_filename,
    export_xlsform,
    import_xlsform,
    parse_relevant,
)

SURVEY_HEADER = ["type", "name", "label", "hint", "required", "relevant"]


@pytest.fixture(autouse=True)
def _english():
    # The assertions read the English source messages, which stay the same when translations change.
    with translation.override("en"):
        yield


def workbook(
    survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None, **sheets
):
    """An .xlsx from rows per sheet; the first row of each sheet is its header."""
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    named = {"choices": choices, "settings": settings, **sheets}
    for name, rows in named.items():
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def upload(content: bytes, name: str = "form.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def structure(questionnaire: Questionnaire) -> dict:
    """What a round trip must keep."""
    return {
        "code": questionnaire.code,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "sources": questionnaire.sources,
        "dimensions": questionnaire.dimensions,
        "sections": [
            (
                section.title,
                [
                    (
                        q.code,
                        q.kind,
                        q.text,
                        q.help_text,
                        q.required,
                        [list(c) for c in q.choices],
                        q.dimension,
                        q.weight,
                        q.condition,
                    )
                    for q in section.questions.order_by("position")
                ],
            )
            for section in questionnaire.sections.order_by("position")
        ],
    }


def messages(result, severity=None) -> list[str]:
    return [str(p) for p in result.problems if severity is None or p.severity == severity]


# --- Round trip and validity ----------------------------------------------------------------------------


def test_round_trip_of_the_shipped_questionnaire(world):
    shipped = load_shipped()[0][0]
    content = export_xlsform(shipped)

    result = import_xlsform(upload(content, export_filename(shipped)))

    assert result.ok, messages(result)
    assert result.errors == [] and result.not_imported == []
    # The only thing to say: the import becomes the next version of the same code.
    assert [p.severity for p in result.problems] == [Severity.NOTE]
    assert "2" in str(result.problems[0])
    assert result.data["version"] == 2
    draft = create_draft(result.data)
    assert draft.version == 2 and draft.published_at is None
    assert structure(draft) == structure(shipped)
    assert shipped.questions.get(code="venue").condition == draft.questions.get(code="venue").condition


def test_export_sheets_and_pickers(world):
    shipped = load_shipped()[0][0]
    book = load_workbook(BytesIO(export_xlsform(shipped)))

    assert book.sheetnames == ["survey", "choices", "settings", "dimensions"]
    survey = {row[1]: row for row in book["survey"].iter_rows(min_row=2, values_only=True)}
    assert survey["district"][0] == "select_one cx_region"
    assert survey["venue"][0] == "select_one cx_venue"
    assert survey["venue"][5] == "${frequency} = '1_3' or ${frequency} = '4_11' or ${frequency} = '12p'"
    assert survey["recommend"][0] == "range" and survey["recommend"][7] == "start=0 end=10 step=1"
    assert survey["suggestion"][0] == "text" and survey["suggestion"][6] == "multiline"
    assert survey["fac_nearby"][0] == "select_one likert5"
    assert survey["fac_nearby"][8:10] == ("facilities", 1)
    assert survey["gender"][4] is None and survey["age"][4] == "yes"
    choices = list(book["choices"].iter_rows(min_row=2, values_only=True))
    assert ("cx_region", str(world.gusu.pk), "姑苏区") in choices
    assert ("cx_venue", str(world.venue_unit.pk), "姑苏区文化馆") in choices
    assert [c[1] for c in choices if c[0] == "likert5"] == ["5", "4", "3", "2", "1", "0"]
    settings = list(book["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1], strict=True))["form_id"] == "public-satisfaction"
    assert list(book["dimensions"].iter_rows(min_row=2, values_only=True))[0] == ("facilities", "设施", 0.2)


def test_a_condition_on_a_multiple_choice_question_uses_selected(world):
    shipped = load_shipped()[0][0]
    data = import_xlsform(export_xlsform(shipped)).data
    data["sections"][2]["questions"][2]["condition"] = {"question": "wishes", "in": ["reading", "kids"]}
    draft = create_draft(data)
    book = load_workbook(BytesIO(export_xlsform(draft)))
    survey = {row[1]: row for row in book["survey"].iter_rows(min_row=2, values_only=True)}
    assert survey["suggestion"][5] == "selected(${wishes}, 'reading') or selected(${wishes}, 'kids')"
    again = import_xlsform(export_xlsform(draft))
    assert again.data["sections"][2]["questions"][2]["condition"] == {
        "question": "wishes",
        "in": ["reading", "kids"],
    }


def test_pyxform_converts_the_export(world):
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    xform = convert(export_xlsform(load_shipped()[0][0]), warnings=warnings, file_type=".xlsx").xform
    assert "公共文化服务公众满意度测评表" in xform
    assert '<range ref="/data/section_3/recommend" start="0" end="10" step="1">' in xform
    assert "instance('likert5')" in xform
    assert "selected(" not in xform  # the one condition is on a single-choice question


@pytest.mark.skipif(
    shutil.which("java") is None and os.environ.get("REQUIRE_JAVA") != "1",
    reason="ODK Validate needs Java (apt-get install default-jre-headless); CI requires it (REQUIRE_JAVA=1)",
)
def test_odk_validate_accepts_the_export(world):
    from pyxform.xls2xform import convert

    convert(export_xlsform(load_shipped()[0][0]), validate=True, file_type=".xlsx")


def test_an_untitled_section_and_an_empty_one(world):
    shipped = load_shipped()[0][0]
    data = import_xlsform(export_xlsform(shipped)).data
    data["sections"][0]["title"] = ""
    data["sections"].append({"title": "空的", "questions": []})
    draft = create_draft(data)
    result = import_xlsform(export_xlsform(draft))
    assert result.ok
    assert [s["title"] for s in result.data["sections"]] == [
        "",
        *[s.title for s in shipped.sections.all()][1:],
    ]


# --- A form made in KoboToolbox -------------------------------------------------------------------------

KOBO_SURVEY = [
    [
        "type",
        "name",
        "label::English (en)",
        "label::中文 (zh)",
        "hint::中文 (zh)",
        "required",
        "relevant",
        "constraint",
        "appearance",
        "$kuid",
    ],
    ["start", "start", "", "", "", "", "", "", "", "k1"],  # row 2
    ["end", "end", "", "", "", "", "", "", "", "k2"],
    ["deviceid", "deviceid", "", "", "", "", "", "", "", "k3"],
    ["begin_group", "basics", "Basics", "基本情况", "", "", "", "", "field-list", "k4"],  # row 5
    ["select_one yesno", "visited", "Visited?", "去过吗", "过去一年", "true", "", "", "", "k5"],
    ["integer", "age", "Age", "年龄", "", "yes", "", ". > 0", "", "k6"],  # row 7
    ["geopoint", "where", "Location", "位置", "", "", "", "", "", "k7"],
    ["select_multiple services", "services", "Services", "服务", "", "", "${visited} = 'yes'", "", "", "k8"],
    ["end_group", "", "", "", "", "", "", "", "", ""],  # row 10
    ["select_one likert5", "overall", "Overall", "总体满意度", "", "yes", "", "", "likert", ""],
    ["text", "why", "Why", "原因", "", "", "${overall} <= 2", "", "", ""],  # row 12
    ["text", "photo_note", "Note", "备注", "", "", "${where} != ''", "", "", ""],
    ["text", "comment", "Comment", "意见", "", "", "", "string-length(.) < 500", "multiline", ""],
    ["begin_repeat", "members", "Members", "家庭成员", "", "", "", "", "", ""],  # row 15
    ["text", "member_name", "Name", "姓名", "", "", "", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", "", ""],
    ["calculate", "score", "", "", "", "", "", "", "", ""],  # row 18
    ["image", "picture", "Picture", "照片", "", "", "", "", "", ""],
    ["note", "thanks", "Thanks", "谢谢", "", "", "", "", "", ""],  # row 20
    ["note", "blank", "", "", "", "", "", "", "", ""],
    ["range", "stars", "Stars", "星级", "", "", "", "", "", ""],  # row 22
    ["select_one yesno or_other", "again", "Again?", "还会去吗", "", "${visited} = 'yes'", "", "", "", ""],
    ["text", "member_pick", "Pick", "选择", "", "", "${member_name} = 'x'", "", "", ""],  # row 24
]
KOBO_CHOICES = [
    ["list_name", "name", "label::English (en)", "label::中文 (zh)"],
    ["yesno", "yes", "Yes", "是"],
    ["yesno", "no", "No", "否"],
    ["services", "reading", "Reading", "阅读"],
    ["services", "shows", "Shows", "演出"],
    ["likert5", 5, "Very satisfied", "很满意"],
    ["likert5", 4, "Satisfied", "满意"],
    ["likert5", 3, "Neutral", "一般"],
    ["likert5", 2, "Dissatisfied", "不满意"],
    ["likert5", 1, "Very dissatisfied", "很不满意"],
    ["likert5", 0, "Don't know", "不清楚"],
    ["unused", "a", "A", "甲"],
]
KOBO_SETTINGS = [
    ["form_title", "form_id", "version", "style"],
    ["文化馆观众调查", "aXy12_kobo", "2024010101", "pages"],
]


def test_kobo_workbook_is_imported_with_everything_left_out_reported(world):
    result = import_xlsform(upload(workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS), "观众调查.xlsx"))

    assert result.ok, messages(result, Severity.ERROR)
    data = result.data
    assert (data["code"], data["version"], data["title"]) == ("aXy12_kobo", 1, "文化馆观众调查")
    assert [s["title"] for s in data["sections"]] == ["基本情况", ""]
    questions = {q["code"]: q for s in data["sections"] for q in s["questions"]}
    assert list(questions) == [
        "visited",
        "age",
        "services",
        "overall",
        "why",
        "photo_note",
        "comment",
        "again",
        "member_pick",
    ]
    assert questions["visited"] == {
        "code": "visited",
        "kind": "single",
        "text": "去过吗",
        "help": "过去一年",
        "required": True,
        "choices": [["yes", "是"], ["no", "否"]],
        "dimension": "",
        "weight": 1,
    }
    assert questions["services"]["kind"] == "multiple"
    assert questions["services"]["condition"] == {"question": "visited", "in": ["yes"]}
    assert questions["overall"]["kind"] == "likert5" and questions["overall"]["choices"] == []
    assert questions["comment"]["kind"] == "long_text"
    assert "condition" not in questions["why"] and "condition" not in questions["photo_note"]

    not_imported: dict[int, str] = {}
    for problem in result.not_imported:
        not_imported[problem.row] = not_imported.get(problem.row, "") + problem.message
    assert "geopoint" in not_imported[8] and 7 not in not_imported
    # A whole number with a simple constraint is a question of the builder: . > 0 is "at least 1".
    assert questions["age"]["kind"] == "integer" and questions["age"]["required"] is True
    assert (questions["age"]["minimum"], questions["age"]["maximum"]) == ("1", "")
    assert "members" in not_imported[15] and "1" in not_imported[15]
    assert "calculate" in not_imported[18] and "image" in not_imported[19]
    assert "谢谢" in not_imported[20]
    assert "0 to 10" in not_imported[22]
    assert "${overall} <= 2" in not_imported[12]
    assert "where" in not_imported[13]  # refers to a question that was not imported
    assert "member_name" in not_imported[24]
    assert "or_other" in not_imported[23] and "Required" in not_imported[23]
    assert "constraint" in not_imported[14]
    assert any("English (en)" in m for m in messages(result, Severity.NOT_IMPORTED))
    notes = {p.row: p.message for p in result.notes if p.sheet == "survey"}
    assert {2, 3, 4, 21, 5, 11} <= set(notes)  # metadata, note without text, appearances
    assert any("style" in m for m in messages(result, Severity.NOTE))
    assert any("unused" in m for m in messages(result, Severity.NOTE))
    assert 7 not in {p.row for p in result.problems}
    assert any("中文 (zh)" in m for m in messages(result, Severity.NOTE))  # the language used is said
    assert not any("$kuid" in m for m in messages(result))

    draft = create_draft(data)
    assert draft.published_at is None and draft.version == 1
    assert draft.questions.get(code="services").choices == [["reading", "阅读"], ["shows", "演出"]]


def test_a_second_import_of_a_code_becomes_its_next_version(world):
    content = workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)
    first = create_draft(import_xlsform(content).data)
    with pytest.raises(ValidationError, match="still a draft"):  # one draft per code at a time
        create_draft(import_xlsform(content).data)
    Questionnaire.objects.filter(pk=first.pk).update(published_at=timezone.now())
    result = import_xlsform(content)
    assert result.data["version"] == 2
    assert create_draft(result.data).version == 2
    assert list(Questionnaire.objects.filter(code="aXy12_kobo").values_list("version", flat=True)) == [2, 1]


def test_a_form_without_form_id_takes_its_code_from_the_file_name(db):
    content = workbook([SURVEY_HEADER, ["text", "q", "问题", "", "", ""]])
    result = import_xlsform(upload(content, "Visitor survey.xlsx"))
    assert result.data["code"] == "visitor-survey" and result.data["title"] == "Visitor survey"
    assert any("form_id" in m for m in messages(result, Severity.NOTE))


def test_choice_labels_in_chinese_survive(db):
    content = workbook(
        [SURVEY_HEADER, ["select_one 区", "q", "您住在哪里？“引号”与 emoji 🎭", "提示：可选", "", ""]],
        [["list_name", "name", "label"], ["区", "gusu", "姑苏区"], ["区", "kunshan", "昆山市"]],
        [["form_title", "form_id"], ["测评表（试行）", "trial"]],
    )
    result = import_xlsform(content)
    question = result.data["sections"][0]["questions"][0]
    assert question["text"] == "您住在哪里？“引号”与 emoji 🎭" and question["help"] == "提示：可选"
    assert question["choices"] == [["gusu", "姑苏区"], ["kunshan", "昆山市"]]
    draft = create_draft(result.data)
    assert load_workbook(BytesIO(export_xlsform(draft)))["settings"]["A2"].value == "测评表（试行）"


# --- Refusals -------------------------------------------------------------------------------------------

OK_CHOICES = [["list_name", "name", "label"], ["yn", "y", "是"], ["yn", "n", "否"]]


@pytest.mark.parametrize(
    ("survey", "choices", "row", "words"),
    [
        ([SURVEY_HEADER, ["text", "", "问题", "", "", ""]], None, 2, "no name"),
        ([SURVEY_HEADER, ["text", "q", "", "", "", ""]], None, 2, "label is missing"),
        (
            [SURVEY_HEADER, ["text", "q", "甲", "", "", ""], ["text", "q", "乙", "", "", ""]],
            None,
            3,
            "used twice",
        ),
        ([SURVEY_HEADER, ["text", "问题一", "甲", "", "", ""]], None, 2, "letters, digits"),
        ([SURVEY_HEADER, ["select_one missing", "q", "甲", "", "", ""]], OK_CHOICES, 2, "“missing”"),
        ([SURVEY_HEADER, ["select_one yn", "q", "甲", "", "", ""]], None, 2, "“yn”"),
        ([SURVEY_HEADER, ["select_one", "q", "甲", "", "", ""]], OK_CHOICES, 2, "no choice list"),
        (
            [
                SURVEY_HEADER,
                ["text", "a", "甲", "", "", "${b} = 'y'"],
                ["select_one yn", "b", "乙", "", "", ""],
            ],
            OK_CHOICES,
            2,
            "comes later",
        ),
        ([SURVEY_HEADER, ["text", "a", "甲", "", "", "${nowhere} = 'y'"]], None, 2, "“nowhere”"),
        (
            [
                SURVEY_HEADER,
                ["select_one yn", "a", "甲", "", "", ""],
                ["text", "b", "乙", "", "", "${a} = 'maybe'"],
            ],
            OK_CHOICES,
            3,
            "“maybe”",
        ),
        (
            [SURVEY_HEADER, ["begin_group", "g", "组", "", "", ""], ["text", "a", "甲", "", "", ""]],
            None,
            2,
            "not closed",
        ),
        (
            [SURVEY_HEADER, ["text", "a", "甲", "", "", ""], ["end_group", "", "", "", "", ""]],
            None,
            3,
            "no matching",
        ),
        ([SURVEY_HEADER, ["", "a", "甲", "", "", ""]], None, 2, "no type"),
        (
            [SURVEY_HEADER, ["select_one yn", "a", "甲", "", "", ""]],
            [*OK_CHOICES, ["yn", "y", "再是"]],
            4,
            "used twice",
        ),
        (
            [SURVEY_HEADER, ["select_one yn", "a", "甲", "", "", ""]],
            [*OK_CHOICES, ["yn", "m", ""]],
            4,
            "label",
        ),
        ([SURVEY_HEADER, ["geopoint", "a", "甲", "", "", ""]], None, None, "No question"),
    ],
)
def test_meaning_changing_errors_refuse_the_import(db, survey, choices, row, words):
    result = import_xlsform(workbook(survey, choices))
    assert result.data is None
    assert any(words in p.message and p.row == row for p in result.errors), messages(result)
    if row:
        assert f"{row}" in str(next(p for p in result.errors if words in p.message))


def test_dimension_and_weight_errors_refuse_the_import(db):
    survey = [
        ["type", "name", "label", "changxiao_dimension", "changxiao_weight"],
        ["text", "a", "甲", "facilities", "heavy"],
        ["text", "b", "乙", "unknown", ""],
    ]
    dimensions = [["code", "name", "weight"], ["facilities", "设施", "much"]]
    result = import_xlsform(workbook(survey, dimensions=dimensions))
    assert result.data is None
    errors = {(p.sheet, p.row): p.message for p in result.errors}
    assert "heavy" in errors[("survey", 2)]
    assert "unknown" in errors[("survey", 3)]
    assert "much" in errors[("dimensions", 2)]


def test_missing_sheet_or_columns_refuse_the_import(db):
    no_survey = Workbook()
    no_survey.active.title = "Sheet1"
    output = BytesIO()
    no_survey.save(output)
    assert "survey" in messages(import_xlsform(output.getvalue()))[0]
    result = import_xlsform(workbook([["type", "label"], ["text", "问题"]]))
    assert result.data is None and "type, name and label" in messages(result)[0]


def test_a_problem_names_its_sheet_and_row(db):
    result = import_xlsform(
        workbook([SURVEY_HEADER, ["text", "q", "甲", "", "", ""], ["geopoint", "p", "位置", "", "", ""]])
    )
    assert [str(p) for p in result.not_imported] == [
        "Sheet survey, row 3: The type geopoint cannot be represented; “p” was not imported."
    ]


def test_create_draft_refuses_data_that_breaks_the_rules(db):
    data = import_xlsform(workbook([SURVEY_HEADER, ["text", "q", "甲", "", "", ""]])).data
    data["sections"][0]["questions"][0]["code"] = "bad code"
    with pytest.raises(ValidationError):
        create_draft(data)
    assert Questionnaire.objects.count() == 0


def test_the_file_may_be_bytes_a_file_object_or_a_path(db, tmp_path):
    content = workbook([SURVEY_HEADER, ["text", "q", "甲", "", "", ""]])
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    for file in (content, BytesIO(content), path, str(path), upload(content)):
        assert import_xlsform(file).ok


# --- Bad files ------------------------------------------------------------------------------------------


def _damaged_xlsx() -> bytes:
    content = workbook([SURVEY_HEADER, ["text", "q", "问题", "", "", ""]])
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(
                item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data
            )
    return output.getvalue()


def _zip_without_workbook() -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"type,name,label\ntext,q,Q\n", "could not be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"PK\x03\x04" + b"\0" * 100, "could not be read"),
        (b"", "could not be read"),
        ("_damaged", "could not be read"),
        ("_docx", "could not be read"),
        (b"PK" + b"x" * (2 * 1024 * 1024), "2 MB"),
    ],
)
def test_bad_files_get_a_clear_message(db, content, words):
    content = {"_damaged": _damaged_xlsx, "_docx": _zip_without_workbook}.get(content, lambda: content)()
    result = import_xlsform(upload(content))
    assert result.data is None
    assert len(result.problems) == 1 and words in str(result.problems[0])


def test_too_many_rows_are_refused(db):
    survey = [SURVEY_HEADER] + [["text", f"q{n}", f"问题{n}", "", "", ""] for n in range(MAX_ROWS + 1)]
    result = import_xlsform(workbook(survey))
    assert result.data is None and str(MAX_ROWS) in messages(result)[0]


def test_picker_lists_do_not_count_towards_the_row_limit(db):
    survey = [SURVEY_HEADER, ["select_one cx_venue", "venue", "场馆", "", "", ""]]
    choices = [["list_name", "name", "label"]] + [
        ["cx_venue", str(n), f"场馆{n}"] for n in range(MAX_ROWS + 10)
    ]
    result = import_xlsform(workbook(survey, choices))
    assert result.ok
    assert result.data["sections"][0]["questions"][0]["kind"] == "venue"


# --- Conditions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "parsed"),
    [
        ("${a} = 'x'", ("=", "a", ["x"])),
        ("${a}='x' or ${a} = \"y\"", ("=", "a", ["x", "y"])),
        ("selected(${a}, 'x') or selected( ${a} ,'y')", ("selected", "a", ["x", "y"])),
        ("(${a} = 3)", ("=", "a", ["3"])),
        ("(${a} = 'x') or (${a} = 'y')", ("=", "a", ["x", "y"])),
        ("${a} = 'x or y'", ("=", "a", ["x or y"])),
        ("${a} = 'x' and ${a} = 'y'", None),
        ("${a} = 'x' or ${b} = 'y'", None),
        ("${a} != 'x'", None),
        ("selected(${a}, 'x') or ${a} = 'y'", None),
        ("${a} = 'x' or", None),
        ("string-length(${a}) > 0", None),
    ],
)
def test_parse_relevant(expression, parsed):
    assert parse_relevant(expression) == parsed


def test_equality_on_a_multiple_choice_question_is_not_imported(db):
    survey = [
        SURVEY_HEADER,
        ["select_multiple yn", "a", "甲", "", "", ""],
        ["text", "b", "乙", "", "", "${a} = 'y'"],
    ]
    result = import_xlsform(workbook(survey, OK_CHOICES))
    assert result.ok
    assert "condition" not in result.data["sections"][0]["questions"][1]
    assert [p.row for p in result.not_imported] == [3]


def test_groups_inside_groups_and_conditions_on_groups_are_reported(db):
    survey = [
        ["type", "name", "label::中文 (zh)", "label::English (en)", "relevant", "parameters"],
        ["begin_group", "outer", "外层", "Outer", "", ""],
        ["select one yn", "a", "甲", "A", "", "randomize=true"],  # row 3
        ["begin group", "inner", "内层", "Inner", "${a} = 'y'", ""],  # row 4
        ["text", "b", "", "Only in English", "", ""],  # row 5
        ["end group", "", "", "", "", ""],
        ["end_group", "", "", "", "", ""],
    ]
    choices = [["list_name", "name", "label::中文 (zh)"], ["yn", "y", "是"], ["yn", "n", "否"]]
    result = import_xlsform(workbook(survey, choices))
    assert result.ok, messages(result)
    [section] = result.data["sections"]
    assert section["title"] == "外层"
    assert [(q["code"], q["kind"], q["text"]) for q in section["questions"]] == [
        ("a", "single", "甲"),
        ("b", "short_text", "Only in English"),
    ]
    # The English labels, the group inside a group, and the group's condition.
    assert [p.row for p in result.not_imported] == [None, 4, 4]
    assert "English (en)" in result.not_imported[0].message
    assert "always shown" in result.not_imported[2].message
    assert any("parameters" in p.message for p in result.notes if p.row == 3)
