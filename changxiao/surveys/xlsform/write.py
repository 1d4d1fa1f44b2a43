"""Writing a questionnaire version as an XLSForm workbook (survey, choices, settings and dimensions sheets) that
ODK and KoboToolbox open, laid out as the package docstring says so that the import reads it back unchanged."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _

from changxiao.core.exports import literal_cell
from changxiao.orgs.models import Region, Unit

from ..choices import LIKERT_CHOICES, RANGED_KINDS, QuestionKind
from ..models import Questionnaire
from .expressions import relevant_expression
from .layout import (
    LIKERT_LIST,
    PICKER_LISTS,
    RATING_PARAMETERS,
    REGION_LIST,
    SETTINGS_COLUMNS,
    SURVEY_COLUMNS,
    VENUE_LIST,
)


def export_filename(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.code}-v{questionnaire.version}.xlsx"


def export_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire version as an XLSForm workbook (survey, choices, settings, dimensions)."""
    from openpyxl import Workbook

    questions = list(questionnaire.questions.select_related("section"))
    kinds = {q.code: q.kind for q in questions}
    taken = set(kinds)
    survey = [SURVEY_COLUMNS]
    choices = [["list_name", "name", "label"]]
    lists_used: set[str] = set()
    sections: dict[int, list] = {}
    for question in questions:
        sections.setdefault(question.section_id, []).append(question)
    # A group without questions is invalid XLSForm, so empty sections are left out; so is the group of an
    # untitled section, whose questions the import puts in an untitled section again.
    for number, section_questions in enumerate(sections.values(), start=1):
        title = section_questions[0].section.title
        group = _free_name(f"section_{number}", taken) if title.strip() else ""
        if group:
            survey.append(["begin_group", group, title] + [""] * (len(SURVEY_COLUMNS) - 3))
        for question in section_questions:
            row, list_name = _question_row(question, kinds, taken)
            survey.append(row)
            if list_name and list_name not in lists_used:
                lists_used.add(list_name)
                choices += _choice_rows(question, list_name)
        if group:
            survey.append(["end_group", group] + [""] * (len(SURVEY_COLUMNS) - 2))

    workbook = Workbook()
    _write_sheet(workbook.active, "survey", survey, widths=[24, 18, 50, 30, 10, 36, 12, 24, 16, 12, 36])
    _write_sheet(workbook.create_sheet(), "choices", choices, widths=[16, 16, 40])
    _write_sheet(
        workbook.create_sheet(),
        "settings",
        [
            SETTINGS_COLUMNS,
            [
                questionnaire.title,
                questionnaire.code,
                str(questionnaire.version),
                questionnaire.introduction,
                questionnaire.sources,
            ],
        ],
        widths=[40, 24, 10, 50, 50],
    )
    dimensions = [["code", "name", "weight"]] + [
        [d.get("code", ""), d.get("name", ""), d.get("weight", "")] for d in questionnaire.dimensions
    ]
    _write_sheet(workbook.create_sheet(), "dimensions", dimensions, widths=[16, 24, 10])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _free_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    taken.add(candidate)
    return candidate


def _question_row(question, kinds: dict[str, str], taken: set[str]) -> tuple[list, str]:
    kind = question.kind
    appearance = parameters = list_name = ""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        list_name = question.code
        if list_name in (LIKERT_LIST, *PICKER_LISTS):
            list_name = _free_name(f"{question.code}_choices", taken)
        xls_type = f"{'select_one' if kind == QuestionKind.SINGLE else 'select_multiple'} {list_name}"
    elif kind == QuestionKind.LIKERT:
        list_name = LIKERT_LIST
        xls_type = f"select_one {LIKERT_LIST}"
    elif kind == QuestionKind.RATING:
        xls_type, parameters = "range", RATING_PARAMETERS
    elif kind in (QuestionKind.REGION, QuestionKind.VENUE):
        list_name = REGION_LIST if kind == QuestionKind.REGION else VENUE_LIST
        xls_type = f"select_one {list_name}"
    elif kind in RANGED_KINDS:
        xls_type = kind  # integer, decimal and date are XLSForm's own names
    else:
        xls_type = "text"
        appearance = "multiline" if kind == QuestionKind.LONG_TEXT else ""
    row = [
        xls_type,
        question.code,
        question.text,
        question.help_text,
        "yes" if question.required else "",
        relevant_expression(question.condition, kinds),
        appearance,
        parameters,
        question.dimension,
        _number(question.weight),
        range_constraint(question) if kind in RANGED_KINDS else "",
    ]
    return row, list_name


def range_constraint(question) -> str:
    """A number or date question's range as an XLSForm constraint: ". >= 0 and . <= 120"."""

    def side(operator: str, bound: str) -> str:
        value = f"date('{bound}')" if question.kind == QuestionKind.DATE else bound
        return f". {operator} {value}"

    sides = [side(">=", question.minimum)] if question.minimum else []
    sides += [side("<=", question.maximum)] if question.maximum else []
    return " and ".join(sides)


def _number(value):
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _choice_rows(question, list_name: str) -> list[list]:
    if list_name == LIKERT_LIST:
        pairs = [(value, str(label)) for value, label in LIKERT_CHOICES]
    elif list_name == REGION_LIST:
        # The jurisdictions the public survey offers: districts and their like, in the order of the tree.
        regions = Region.objects.filter(level__in=["county", "zone"]).order_by("path")
        pairs = [(str(r.pk), r.name) for r in regions]
    elif list_name == VENUE_LIST:
        venues = Unit.objects.active().filter(kind="venue").order_by("sort_order", "code")
        pairs = [(str(u.pk), u.name) for u in venues]
    else:
        pairs = [(str(value), label) for value, label in question.choices]
    if not pairs:
        # An empty list is invalid XLSForm; the platform fills the picker when the survey is shown.
        pairs = [("0", _("(chosen from the platform's list)"))]
    return [[list_name, value, label] for value, label in pairs]


def _write_sheet(sheet, title: str, rows: list[list], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title
    # Every text exactly as the form has it, and never a formula (a label may begin with =).
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            literal_cell(sheet.cell(row=number, column=column), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
