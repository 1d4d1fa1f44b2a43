"""XLSForm, the spreadsheet format of ODK and KoboToolbox: export of a questionnaire version, import of forms.

For the views:

- `export_xlsform(questionnaire) -> bytes`: the .xlsx of any version, to be served under the name
  `export_filename(questionnaire)`.
- `import_xlsform(file) -> ImportResult`: reads an uploaded .xlsx (an UploadedFile, any binary file object or
  bytes) and never raises for a bad file. `result.problems` lists everything to show the office, each with
  its sheet and row (`str(problem)` is the full sentence in the active language); `result.data` is the
  questionnaire as a dict (the shape of surveys/data/*.toml), or None when the import is refused.
- `create_draft(data) -> Questionnaire`: after the office has seen the problems and confirmed, writes
  `result.data` as a new draft (published_at None) with the next free version of its code; it raises
  ValidationError if the data no longer passes the rules. The caller checks permissions; data may be kept
  in the session between the two steps (it is plain JSON).

How a questionnaire is written (and read back, so export then import gives the same structure):
sections are groups (begin_group … end_group, labelled with the section title); single and multiple
choice are select_one / select_multiple with a list per question; the 5-point scale is select_one on the
shared list `likert5`; the 0–10 rating is `range` with `start=0 end=10 step=1`; short text is `text`, long
text is `text` with appearance `multiline`; the jurisdiction and venue pickers are select_one on the lists
`cx_region` and `cx_venue`, which hold the current jurisdictions and venues so the file works in ODK, and
whose contents the import does not read (the pickers stay dynamic). A condition is `relevant`:
`${q} = 'x'` (`selected(${q}, 'x')` for a multiple-choice question), several answers joined with ` or `.
Dimensions and weights are the extra survey columns `changxiao_dimension` and `changxiao_weight` and the
sheet `dimensions` (code, name, weight); the introduction and sources are the settings columns
`changxiao_introduction` and `changxiao_sources`.

The import rule. Every problem is reported, in one of three severities:

- error: the import is refused and nothing can be created. The file is not a readable .xlsx, is larger
  than 2 MB or has more than 500 rows on a sheet (the rows of the picker lists not counted); there is no
  survey sheet or it lacks the type, name or label column; a question lacks its name or label, or its name
  is used twice or is not letters, digits, - and _; a select's choice list is missing or a choice lacks its
  name or label or repeats a name; a condition refers to a name that is not in the form or to a later
  question, or to an answer its question does not have; groups are not closed properly; a dimension or
  weight is not valid; or no question at all can be imported. These would change the questionnaire's
  meaning, so the office corrects the file and imports it again.
- not imported: a part that cannot be represented is left out and the rest is imported. Types other than
  the ones above (geopoint, image, integer, date, calculate, a range other than 0–10, notes with text …),
  repeats with everything in them, conditions in other forms than the simple ones above (the question is
  then always shown), conditions and other settings of groups, constraints, choice_filter, defaults and any
  other column we do not store, required expressions, the “or_other” choice, and the labels in further
  languages (one language is kept: the plain label column, else settings default_language, else Chinese,
  else the first).
- note: harmless things that are ignored (metadata such as start, end, today, deviceid; notes without
  text; display appearances; unused choice lists and settings), and facts to know, such as the version
  the draft will get (the file's own version setting is not used). Kobo's bookkeeping columns ($kuid,
  $autoname …) are ignored without a note.
"""

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from changxiao.core.imports import cell_text
from changxiao.orgs.models import Region, Unit

from .choices import LIKERT_CHOICES, QuestionKind
from .models import Questionnaire
from .questionnaires import create_from_data, violations

LIKERT_LIST = "likert5"
REGION_LIST = "cx_region"
VENUE_LIST = "cx_venue"
PICKER_LISTS = {REGION_LIST: QuestionKind.REGION, VENUE_LIST: QuestionKind.VENUE}
RATING_PARAMETERS = "start=0 end=10 step=1"
DIMENSION_COLUMN = "changxiao_dimension"
WEIGHT_COLUMN = "changxiao_weight"
INTRODUCTION_SETTING = "changxiao_introduction"
SOURCES_SETTING = "changxiao_sources"
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "appearance",
    "parameters",
    DIMENSION_COLUMN,
    WEIGHT_COLUMN,
]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", INTRODUCTION_SETTING, SOURCES_SETTING]

MAX_FILE_BYTES = 2 * 1024 * 1024
# A 2 MB zip can unpack to far more; a real form unpacks to well under a megabyte.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 500
# The picker lists are not read, but a sheet is not read past this row either.
MAX_ROW_NUMBER = 20000

METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
SELECT_ALIASES = {
    "select one": "select_one",
    "select1": "select_one",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
}
YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0", ""}


class Severity(models.TextChoices):
    ERROR = "error", gettext_lazy("Error: nothing is imported")
    NOT_IMPORTED = "not_imported", gettext_lazy("Not imported")
    NOTE = "note", gettext_lazy("Note")


@dataclass(frozen=True)
class Problem:
    """One thing the office must know about an imported file, where it is (sheet, Excel row) and how bad."""

    severity: str
    message: str
    sheet: str = ""
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet and self.row:
            return _("Sheet %(sheet)s, row %(row)d: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return self.message


@dataclass
class ImportResult:
    """The questionnaire read from a file (None when refused) and every problem found on the way."""

    data: dict | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def not_imported(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOT_IMPORTED]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.NOTE]


# --- Export ---------------------------------------------------------------------------------------------


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
            survey.append(["begin_group", group, title] + [""] * 7)
        for question in section_questions:
            row, list_name = _question_row(question, kinds, taken)
            survey.append(row)
            if list_name and list_name not in lists_used:
                lists_used.add(list_name)
                choices += _choice_rows(question, list_name)
        if group:
            survey.append(["end_group", group] + [""] * 8)

    workbook = Workbook()
    _write_sheet(workbook.active, "survey", survey, widths=[24, 18, 50, 30, 10, 36, 12, 24, 16, 12])
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
    else:
        xls_type = "text"
        appearance = "multiline" if kind == QuestionKind.LONG_TEXT else ""
    row = [
        xls_type,
        question.code,
        question.text,
        question.help_text,
        "yes" if question.required else "",
        _relevant(question.condition, kinds),
        appearance,
        parameters,
        question.dimension,
        _number(question.weight),
    ]
    return row, list_name


def _relevant(condition: dict, kinds: dict[str, str]) -> str:
    if not condition:
        return ""
    code = condition["question"]
    if kinds.get(code) == QuestionKind.MULTIPLE:
        terms = [f"selected(${{{code}}}, {_quoted(v)})" for v in condition.get("in", [])]
    else:
        terms = [f"${{{code}}} = {_quoted(v)}" for v in condition.get("in", [])]
    return " or ".join(terms)


def _quoted(value) -> str:
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


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
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


# --- Import: reading the file ---------------------------------------------------------------------------


class _Refused(Exception):
    """The file as a whole cannot be read."""


@dataclass
class _Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def has(self, header: str) -> bool:
        return header in self.headers


def _read_bytes(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str | Path):
        with open(file, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(MAX_FILE_BYTES + 1) or b""


def _not_readable() -> str:
    return _(
        "The file could not be read as an Excel workbook (.xlsx). Save it in Excel as .xlsx and try again."
    )


def _open_workbook(content: bytes):
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise _Refused(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            _(
                "This is an old Excel file (.xls). "
                "Save it in Excel as “Excel Workbook (*.xlsx)” and try again."
            )
        )
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Refused(_not_readable()) from None
    if "xl/workbook.xml" not in names:
        raise _Refused(_not_readable())
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Refused(_("The workbook is too large to be a questionnaire."))
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise _Refused(_not_readable()) from None


def _header(text: str) -> str:
    # "Label::中文 (zh)" → "label::中文 (zh)": the column name is case-insensitive, the language is kept.
    base, separator, language = text.partition("::")
    base = " ".join(base.split()).lower().replace("list name", "list_name")
    return f"{base}::{language.strip()}" if separator else base


def _read_sheet(worksheet, *, skip_list_names: set[str] = frozenset()) -> _Sheet:
    worksheet.reset_dimensions()  # do not trust the stored dimension; read the cells that are there
    headers: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROW_NUMBER:
            raise _Refused(_("The sheet %(sheet)s has too many rows.") % {"sheet": worksheet.title})
        if number == 1:
            headers = [_header(cell_text(v)) for v in values]
            continue
        texts = [cell_text(v) for v in values[: len(headers)]]
        if not any(texts):
            continue
        row: dict[str, str] = {}
        for header, text in zip(headers, texts, strict=False):
            if header and header not in row:
                row[header] = text
        if skip_list_names and row.get("list_name") in skip_list_names:
            continue
        if len(rows) == MAX_ROWS:
            raise _Refused(
                _("The sheet %(sheet)s has more than %(max)d rows.")
                % {"sheet": worksheet.title, "max": MAX_ROWS}
            )
        rows.append((number, row))
    return _Sheet(worksheet.title, headers, rows)


def _read_workbook(content: bytes) -> dict[str, _Sheet]:
    with warnings.catch_warnings():
        # openpyxl warns about Excel features it skips (data validation extensions, …); they do not matter.
        warnings.simplefilter("ignore")
        return _read_sheets(_open_workbook(content))


def _read_sheets(workbook) -> dict[str, _Sheet]:
    try:
        sheets = {}
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip().lower()
            if name in ("survey", "choices", "settings", "dimensions") and name not in sheets:
                skip = set(PICKER_LISTS) if name == "choices" else set()
                sheets[name] = _read_sheet(worksheet, skip_list_names=skip)
        return sheets
    except _Refused:
        raise
    except Exception:
        raise _Refused(_not_readable()) from None
    finally:
        workbook.close()


# --- Import: understanding the form ---------------------------------------------------------------------

# One term of a simple condition, maybe in parentheses:
# ${q} = 'x' (or "x", or a number) or selected(${q}, 'x').
_TERM = re.compile(
    r"(?P<open>\(\s*)?(?P<selected>selected\(\s*)?"
    r"\$\{\s*(?P<name>[^}\s]+)\s*\}\s*(?(selected),|=)\s*"
    r"""(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)"|(?P<number>-?\d+(?:\.\d+)?))"""
    r"(?(selected)\s*\))(?(open)\s*\))"
)
_OR = re.compile(r"\s+or\s+")


def _unwrap(text: str) -> str:
    """The expression without parentheses around all of it."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for index, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and index < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def parse_relevant(expression: str) -> tuple[str, str, list[str]] | None:
    """("=" or "selected", name, values) for `${q} = 'x' or …` and `selected(${q}, 'x') or …`, else None."""
    text = _unwrap(expression.strip())
    terms: list[tuple[str, str, str]] = []
    position = 0
    while True:
        match = _TERM.match(text, position)
        if not match:
            return None
        value = next(v for v in (match["single"], match["double"], match["number"]) if v is not None)
        terms.append(("selected" if match["selected"] else "=", match["name"], value))
        position = match.end()
        if position == len(text):
            break
        separator = _OR.match(text, position)
        if not separator:
            return None
        position = separator.end()
    forms, names = {t[0] for t in terms}, {t[1] for t in terms}
    if len(forms) > 1 or len(names) > 1:
        return None
    return forms.pop(), names.pop(), list(dict.fromkeys(t[2] for t in terms))


def _number_or_text(text: str, default):
    if not text:
        return default
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text  # the shared rules refuse it, with the value in the message
    if not number.is_finite():
        return text
    return int(number) if number == number.to_integral_value() else float(number)


def _shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class _Reader:
    """Turns the sheets into the questionnaire dict, collecting problems row by row."""

    def __init__(self, sheets: dict[str, _Sheet], filename: str, owner=None):
        self.sheets = sheets
        self.filename = filename
        self.owner = owner  # the jurisdiction importing it: its versions of the code count
        self.problems: list[Problem] = []
        self.language: str | None = None
        self.lists: dict[str, list[list[str]]] = {}
        self.list_problems: dict[str, list[Problem]] = {}
        self.sections: list[dict] = []
        self.section_rows: list[int | None] = []
        self.question_rows: list[int] = []
        self.relevant: dict[int, str] = {}  # question index → expression
        self.names: set[str] = set()  # every name on the survey sheet, imported or not
        self.missing_list_rows: set[int] = set()
        self.dimension_rows: list[int] = []

    def add(self, severity: str, message: str, sheet: str = "", row: int | None = None) -> None:
        self.problems.append(Problem(severity, message, sheet, row))

    def read(self) -> dict | None:
        survey = self.sheets.get("survey")
        if survey is None:
            self.add(Severity.ERROR, _("The workbook has no sheet named survey."))
            return None
        if not (
            survey.has("type")
            and survey.has("name")
            and any(h.split("::")[0] == "label" for h in survey.headers)
        ):
            self.add(Severity.ERROR, _("The survey sheet needs the columns type, name and label."), "survey")
            return None
        self._choose_language()
        self._read_choices()
        self._read_survey()
        questions = [q for section in self.sections for q in section["questions"]]
        if not questions and not self._has_errors():
            self.add(Severity.ERROR, _("No question of the form could be imported."), "survey")
        self._read_conditions(questions)
        data = {
            **self._read_settings(),
            "dimensions": self._read_dimensions(),
            "sections": self.sections,
        }
        self._check(data)
        self._report_unused_lists()
        return None if self._has_errors() else data

    def _has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems)

    # Languages ------------------------------------------------------------------------------------------

    def _choose_language(self) -> None:
        headers = self.sheets["survey"].headers + (
            self.sheets["choices"].headers if "choices" in self.sheets else []
        )
        languages: list[str] = []
        for header in headers:
            base, separator, language = header.partition("::")
            if separator and base in ("label", "hint") and language not in languages:
                languages.append(language)
        if not languages:
            return
        if "label" not in self.sheets["survey"].headers:
            default = self._setting("default_language")
            chinese = [lang for lang in languages if re.search(r"\bzh\b|中文|chinese", lang, re.IGNORECASE)]
            self.language = default if default in languages else (chinese or languages)[0]
        others = [lang for lang in languages if lang != self.language]
        if not others:
            return
        if self.language:
            message = _("Only the labels in %(kept)s were imported; those in %(others)s were not.") % {
                "kept": self.language,
                "others": "、".join(others),
            }
        else:
            message = _("The labels in other languages (%(others)s) were not imported.") % {
                "others": "、".join(others)
            }
        self.add(Severity.NOT_IMPORTED, message, "survey")

    def _text(self, row: dict[str, str], base: str) -> str:
        if not self.language:
            return row.get(base, "")
        # A text missing in the kept language is taken from another one rather than lost.
        others = (value for header, value in row.items() if header.partition("::")[0] == base)
        return row.get(f"{base}::{self.language}") or row.get(base) or next((v for v in others if v), "")

    def _is_known_column(self, header: str) -> bool:
        return (
            not header
            or header.startswith("$")  # Kobo's bookkeeping: $kuid, $autoname, $given_name …
            or header in SURVEY_COLUMNS
            or header.split("::")[0] in ("label", "hint")
        )

    # Choices --------------------------------------------------------------------------------------------

    def _read_choices(self) -> None:
        sheet = self.sheets.get("choices")
        if sheet is None:
            return
        other_columns: list[str] = []
        for number, row in sheet.rows:
            list_name, name, label = row.get("list_name", ""), row.get("name", ""), self._text(row, "label")
            for header, value in row.items():
                if value and not self._is_choice_column(header) and header not in other_columns:
                    other_columns.append(header)
            if not list_name:
                self.add(Severity.ERROR, _("A choice without a list_name."), "choices", number)
                continue
            choices = self.lists.setdefault(list_name, [])
            problems = self.list_problems.setdefault(list_name, [])
            if not name or not label:
                message = _("The choice of list “%(list)s” lacks its name or label.") % {"list": list_name}
                problems.append(Problem(Severity.ERROR, message, "choices", number))
            elif any(value == name for value, _label in choices):
                message = _("The choice name “%(name)s” is used twice in list “%(list)s”.") % {
                    "name": name,
                    "list": list_name,
                }
                problems.append(Problem(Severity.ERROR, message, "choices", number))
            else:
                choices.append([name, label])
        for header in other_columns:
            self.add(
                Severity.NOT_IMPORTED,
                _("The column “%(column)s” cannot be represented; not imported.") % {"column": header},
                "choices",
            )

    def _is_choice_column(self, header: str) -> bool:
        return (
            not header
            or header.startswith("$")
            or header in ("list_name", "name")
            or header.split("::")[0] == "label"
        )

    def _use_list(self, list_name: str, number: int) -> list[list[str]] | None:
        """The choices of a list a question uses, reporting the list's own problems once."""
        if list_name not in self.lists:
            self.add(
                Severity.ERROR,
                _("The choice list “%(list)s” is not on the choices sheet.") % {"list": list_name},
                "survey",
                number,
            )
            self.missing_list_rows.add(number)
            return None
        self.problems += self.list_problems.pop(list_name, [])
        return self.lists[list_name]

    def _report_unused_lists(self) -> None:
        for list_name in self.list_problems:  # lists no imported question used
            self.add(
                Severity.NOTE,
                _("The choice list “%(list)s” is not used by an imported question; ignored.")
                % {"list": list_name},
                "choices",
            )

    # Survey ---------------------------------------------------------------------------------------------

    def _read_survey(self) -> None:
        sheet = self.sheets["survey"]
        stack: list[tuple[str, int, str]] = []  # ("group" | "repeat", row, name)
        repeat_depth = 0
        repeat_rows = 0
        current: dict | None = None
        for number, row in sheet.rows:
            xls_type = " ".join(row.get("type", "").split())
            lowered = xls_type.lower()
            name = row.get("name", "")
            if name:
                self.names.add(name)
            control = lowered.replace(" ", "_")
            if control in ("begin_group", "begin_repeat"):
                kind = control.removeprefix("begin_")
                stack.append((kind, number, name))
                if repeat_depth or kind == "repeat":
                    repeat_depth += 1
                    if kind == "repeat" and repeat_depth == 1:
                        repeat_rows = 0
                    else:
                        repeat_rows += 1
                    continue
                if len([s for s in stack if s[0] == "group"]) == 1:
                    current = self._start_section(row, number)
                    self._report_group_columns(row, number)
                else:
                    self.add(
                        Severity.NOT_IMPORTED,
                        _(
                            "A group inside a group cannot be represented; "
                            "its questions are kept in the section “%(section)s”."
                        )
                        % {"section": current["title"] if current else ""},
                        "survey",
                        number,
                    )
                    self._report_group_columns(row, number)
                continue
            if control in ("end_group", "end_repeat"):
                kind = control.removeprefix("end_")
                if not stack or stack[-1][0] != kind:
                    self.add(
                        Severity.ERROR,
                        _("This %(type)s has no matching begin.") % {"type": xls_type},
                        "survey",
                        number,
                    )
                    continue
                _kind, begin_row, begin_name = stack.pop()
                if repeat_depth:
                    repeat_depth -= 1
                    if repeat_depth == 0:
                        self.add(
                            Severity.NOT_IMPORTED,
                            ngettext(
                                "The repeat “%(name)s” cannot be represented; "
                                "it was not imported, nor was the %(count)d row inside it.",
                                "The repeat “%(name)s” cannot be represented; "
                                "it was not imported, nor were the %(count)d rows inside it.",
                                repeat_rows,
                            )
                            % {"name": begin_name, "count": repeat_rows},
                            "survey",
                            begin_row,
                        )
                    else:
                        repeat_rows += 1
                elif not any(s[0] == "group" for s in stack):
                    current = None
                continue
            if repeat_depth:
                repeat_rows += 1
                continue
            question = self._read_question(row, number, xls_type)
            if question is None:
                continue
            if current is None:
                current = self._start_section(None, None)
            current["questions"].append(question)
        for kind, number, name in stack:
            self.add(
                Severity.ERROR,
                _("The %(type)s “%(name)s” is not closed.") % {"type": f"begin_{kind}", "name": name},
                "survey",
                number,
            )
        self._drop_empty_sections()

    def _start_section(self, row: dict | None, number: int | None) -> dict:
        title = (self._text(row, "label") or row.get("name", "")) if row else ""
        section = {"title": title, "questions": []}
        self.sections.append(section)
        self.section_rows.append(number)
        return section

    def _drop_empty_sections(self) -> None:
        kept = [(s, r) for s, r in zip(self.sections, self.section_rows, strict=True) if s["questions"]]
        self.sections = [s for s, _r in kept]
        self.section_rows = [r for _s, r in kept]

    def _report_group_columns(self, row: dict[str, str], number: int) -> None:
        for header, value in row.items():
            if not value or header in ("type", "name") or header.startswith("$"):
                continue
            if header.split("::")[0] == "label":
                continue
            if header == "appearance":
                self.add(
                    Severity.NOTE,
                    _("The appearance “%(value)s” is not used; ignored.") % {"value": value},
                    "survey",
                    number,
                )
            elif header == "relevant":
                self.add(
                    Severity.NOT_IMPORTED,
                    _("A condition on a group cannot be represented; its questions are always shown."),
                    "survey",
                    number,
                )
            else:
                self._report_column(header, value, number)

    def _report_column(self, header: str, value: str, number: int) -> None:
        self.add(
            Severity.NOT_IMPORTED,
            _("The column “%(column)s” (“%(value)s”) cannot be represented; not imported.")
            % {"column": header, "value": _shorten(value)},
            "survey",
            number,
        )

    def _read_question(self, row: dict[str, str], number: int, xls_type: str) -> dict | None:
        name, label = row.get("name", ""), self._text(row, "label")
        if not xls_type:
            if name or label:
                self.add(Severity.ERROR, _("The row has no type."), "survey", number)
            return None
        kind_and_choices = self._kind(row, number, xls_type, name, label)
        if kind_and_choices is None:
            return None
        kind, choices = kind_and_choices
        if row.get("parameters") and kind != QuestionKind.RATING:
            self.add(
                Severity.NOTE,
                _("The parameters “%(value)s” are not used; ignored.") % {"value": row["parameters"]},
                "survey",
                number,
            )
        question = {
            "code": name,
            "kind": kind,
            "text": label,
            "help": self._text(row, "hint"),
            "required": self._required(row.get("required", ""), number),
            "choices": choices,
            "dimension": row.get(DIMENSION_COLUMN, ""),
            "weight": _number_or_text(row.get(WEIGHT_COLUMN, ""), 1),
        }
        if not name:
            self.add(Severity.ERROR, _("The question has no name."), "survey", number)
        for part in ("text", "help"):
            reference = re.search(r"\$\{[^}]*\}", question[part])
            if reference:
                self.add(
                    Severity.NOT_IMPORTED,
                    _("The text refers to another answer (%(reference)s); it is shown as written.")
                    % {"reference": reference.group()},
                    "survey",
                    number,
                )
        for header, value in row.items():
            if value and not self._is_known_column(header):
                self._report_column(header, value, number)
        if row.get("relevant"):
            self.relevant[len(self.question_rows)] = row["relevant"]
        self.question_rows.append(number)
        return question

    def _kind(self, row, number: int, xls_type: str, name: str, label: str) -> tuple[str, list] | None:
        """Our kind and choices for a row, or None (reported) when the row is not imported."""
        for alias, canonical in SELECT_ALIASES.items():
            if xls_type.lower().startswith(f"{alias} "):
                xls_type = canonical + xls_type[len(alias) :]
        tokens = xls_type.split()
        lowered = tokens[0].lower()
        appearances = row.get("appearance", "").split()
        if lowered in ("select_one", "select_multiple") and len(tokens) == 1:
            self.add(Severity.ERROR, _("The select has no choice list."), "survey", number)
            return None
        if lowered in ("select_one", "select_multiple"):
            list_name = tokens[1]
            if tokens[2:] == ["or_other"]:
                self.add(
                    Severity.NOT_IMPORTED,
                    _("The “or_other” choice cannot be represented; not imported."),
                    "survey",
                    number,
                )
            elif tokens[2:]:
                return self._unsupported(xls_type, name, number)
            self._report_appearances(appearances, set(), number)
            if lowered == "select_one" and list_name in PICKER_LISTS:
                return PICKER_LISTS[list_name], []
            choices = self._use_list(list_name, number)
            if choices is None:
                choices = []
            elif (
                lowered == "select_one"
                and list_name == LIKERT_LIST
                and sorted(value for value, _label in choices) == sorted(v for v, _l in LIKERT_CHOICES)
            ):
                return QuestionKind.LIKERT, []
            kind = QuestionKind.SINGLE if lowered == "select_one" else QuestionKind.MULTIPLE
            return kind, [list(choice) for choice in choices]
        if lowered == "text" and len(tokens) == 1:
            self._report_appearances(appearances, {"multiline"}, number)
            return (QuestionKind.LONG_TEXT if "multiline" in appearances else QuestionKind.SHORT_TEXT), []
        if lowered == "range" and len(tokens) == 1:
            parameters = dict(re.findall(r"(\w+)\s*=\s*([^\s;,]+)", row.get("parameters", "")))
            # pyxform's defaults are start=1 end=10 step=1.
            if (
                _same_number(parameters.get("start", "1"), "0")
                and _same_number(parameters.get("end", "10"), "10")
                and _same_number(parameters.get("step", "1"), "1")
            ):
                self._report_appearances(appearances, set(), number)
                return QuestionKind.RATING, []
            self.add(
                Severity.NOT_IMPORTED,
                _(
                    "Only a range from 0 to 10 in steps of 1 can be represented (this one: %(parameters)s); "
                    "“%(name)s” was not imported."
                )
                % {"parameters": row.get("parameters", "") or "start=1 end=10 step=1", "name": name},
                "survey",
                number,
            )
            return None
        if lowered in METADATA_TYPES:
            self.add(
                Severity.NOTE,
                _("The metadata “%(type)s” is not collected; ignored.") % {"type": xls_type},
                "survey",
                number,
            )
            return None
        if lowered == "note":
            if label:
                self.add(
                    Severity.NOT_IMPORTED,
                    _("The note “%(label)s” cannot be represented; not imported.")
                    % {"label": _shorten(label)},
                    "survey",
                    number,
                )
            else:
                self.add(Severity.NOTE, _("A note without text; ignored."), "survey", number)
            return None
        return self._unsupported(xls_type, name, number)

    def _unsupported(self, xls_type: str, name: str, number: int) -> None:
        self.add(
            Severity.NOT_IMPORTED,
            _("The type %(type)s cannot be represented; “%(name)s” was not imported.")
            % {"type": xls_type, "name": name},
            "survey",
            number,
        )
        return None

    def _report_appearances(self, appearances: list[str], used: set[str], number: int) -> None:
        ignored = [a for a in appearances if a not in used]
        if ignored:
            self.add(
                Severity.NOTE,
                _("The appearance “%(value)s” is not used; ignored.") % {"value": " ".join(ignored)},
                "survey",
                number,
            )

    def _required(self, value: str, number: int) -> bool:
        lowered = value.strip().lower()
        if lowered in YES:
            return True
        if lowered not in NO:
            self.add(
                Severity.NOT_IMPORTED,
                _("“Required” as “%(value)s” cannot be represented; the question is optional.")
                % {"value": _shorten(value)},
                "survey",
                number,
            )
        return False

    # Conditions -----------------------------------------------------------------------------------------

    def _read_conditions(self, questions: list[dict]) -> None:
        by_code = {q["code"]: q for q in questions}
        for index, question in enumerate(questions):
            expression = self.relevant.get(index)
            if not expression:
                continue
            number = self.question_rows[index]
            parsed = parse_relevant(expression)
            referred = by_code.get(parsed[1]) if parsed else None
            if parsed and parsed[1] not in self.names:
                self.add(
                    Severity.ERROR,
                    _("The condition refers to “%(name)s”, which is not a question of the form.")
                    % {"name": parsed[1]},
                    "survey",
                    number,
                )
            elif parsed and referred is None:
                self.add(
                    Severity.NOT_IMPORTED,
                    _(
                        "The condition refers to “%(name)s”, which was not imported; "
                        "the question is always shown."
                    )
                    % {"name": parsed[1]},
                    "survey",
                    number,
                )
            elif parsed and not (parsed[0] == "=" and referred["kind"] == QuestionKind.MULTIPLE):
                question["condition"] = {"question": parsed[1], "in": parsed[2]}
            else:
                self.add(
                    Severity.NOT_IMPORTED,
                    _(
                        "The condition “%(relevant)s” cannot be represented; the question is always shown. "
                        "Conditions like ${q} = 'x' or selected(${q}, 'x'), joined with “or”, can be."
                    )
                    % {"relevant": _shorten(expression, 120)},
                    "survey",
                    number,
                )

    # Settings and dimensions ----------------------------------------------------------------------------

    def _setting(self, key: str) -> str:
        sheet = self.sheets.get("settings")
        return sheet.rows[0][1].get(key, "") if sheet and sheet.rows else ""

    def _read_settings(self) -> dict:
        sheet = self.sheets.get("settings")
        if sheet and sheet.rows:
            for header, value in sheet.rows[0][1].items():
                if (
                    value
                    and header not in SETTINGS_COLUMNS
                    and header != "default_language"
                    and not header.startswith("$")
                ):
                    self.add(
                        Severity.NOTE,
                        _("The setting “%(setting)s” is not used; ignored.") % {"setting": header},
                        "settings",
                    )
        stem = Path(self.filename).stem
        code = self._setting("form_id")
        if not code:
            code = slugify(stem)[:60] or "xlsform"
            self.add(
                Severity.NOTE,
                _("The settings sheet has no form_id; the code “%(code)s” is used.") % {"code": code},
                "settings",
            )
        version = (
            Questionnaire.objects.family(self.owner, code).aggregate(latest=models.Max("version"))["latest"]
            or 0
        ) + 1
        if version > 1:
            self.add(
                Severity.NOTE,
                _(
                    "A questionnaire with the code “%(code)s” exists; "
                    "the import becomes its version %(version)d."
                )
                % {"code": code, "version": version},
            )
        return {
            "code": code,
            "version": version,
            "title": self._setting("form_title") or stem or code,
            "introduction": self._setting(INTRODUCTION_SETTING),
            "sources": self._setting(SOURCES_SETTING),
        }

    def _read_dimensions(self) -> list[dict]:
        sheet = self.sheets.get("dimensions")
        if sheet is None:
            return []
        self.dimension_rows = [number for number, _row in sheet.rows]
        return [
            {
                "code": row.get("code", ""),
                "name": row.get("name", "") or row.get("code", ""),
                "weight": _number_or_text(row.get("weight", ""), 0),
            }
            for _number, row in sheet.rows
        ]

    # The shared rules -----------------------------------------------------------------------------------

    def _check(self, data: dict) -> None:
        for violation in violations(data):
            if violation.question is not None:
                sheet, number = "survey", self.question_rows[violation.question]
                if violation.rule == "no_choices" and number in self.missing_list_rows:
                    continue
            elif violation.section is not None:
                sheet, number = "survey", self.section_rows[violation.section]
            elif violation.dimension is not None:
                sheet, number = "dimensions", self.dimension_rows[violation.dimension]
            else:
                settings = self.sheets.get("settings")
                sheet, number = "settings", settings.rows[0][0] if settings and settings.rows else None
            if violation.rule in ("question_code", "duplicate_code") and not violation.value:
                continue  # reported as "The question has no name."
            self.add(Severity.ERROR, rule_message(violation.rule, violation.value), sheet, number)


def _same_number(text: str, expected: str) -> bool:
    try:
        return Decimal(text) == Decimal(expected)
    except InvalidOperation:
        return False


def rule_message(rule: str, value: str) -> str:
    messages = {
        "code": _("The form_id “%(value)s” must be letters, digits, - or _ (at most 60)."),
        "title": _("The form title is missing or longer than 200 characters."),
        "dimension_code": _("The dimension code “%(value)s” is missing or used twice."),
        "dimension_weight": _("The dimension weight “%(value)s” is not a number of at least 0."),
        "section_title": _("The group label is longer than 200 characters."),
        "duplicate_code": _("The name “%(value)s” is used twice."),
        "question_code": _("The name “%(value)s” must be letters, digits, - or _ (at most 40)."),
        "unknown_kind": _("The type “%(value)s” is not known."),
        "text": _("The label is missing or longer than 300 characters."),
        "help": _("The hint is longer than 300 characters."),
        "no_choices": _("A select question needs choices."),
        "choice": _("Each choice needs a name, used once, and a label."),
        "unknown_dimension": _("The dimension “%(value)s” is not on the dimensions sheet."),
        "weight": _("The weight “%(value)s” must be a number from 0 to 99.999."),
        "condition_order": _("The condition refers to “%(value)s”, which comes later in the form."),
        "condition_value": _("The condition's answer “%(value)s” is not an answer of that question."),
    }
    return messages[rule] % {"value": _shorten(value)}


def import_xlsform(file, owner=None) -> ImportResult:
    """Read an XLSForm for the owner's jurisdiction (the platform's shipped questionnaires without one); never
    raises for a bad file. See the module docstring for what is refused."""
    try:
        sheets = _read_workbook(_read_bytes(file))
    except _Refused as refused:
        return ImportResult(None, [Problem(Severity.ERROR, str(refused))])
    reader = _Reader(sheets, getattr(file, "name", "") or "", owner)
    data = reader.read()
    order = {"": 0, "settings": 1, "survey": 2, "choices": 3, "dimensions": 4}
    problems = sorted(reader.problems, key=lambda p: (order.get(p.sheet.lower(), 5), p.row or 0))
    return ImportResult(data, problems)


# --- Creating the draft ---------------------------------------------------------------------------------


@transaction.atomic
def create_draft(data: dict, owner=None) -> Questionnaire:
    """Write an imported questionnaire (ImportResult.data) as a draft of the owner's jurisdiction (shipped with
    the platform without one) with the next version of its code there."""
    if violations(data):
        raise ValidationError(_("The imported questionnaire is not valid. Import the file again."))
    # Lock the code's versions so two imports of the same code cannot take the same number.
    versions = list(
        Questionnaire.objects.select_for_update()
        .family(owner, data["code"])
        .values_list("version", "published_at", "owner_id")
    )
    own = owner.pk if owner is not None else None
    draft = next(
        (v for v, published_at, kept_by in versions if published_at is None and kept_by == own), None
    )
    if draft is not None:
        raise ValidationError(
            _(
                "Version %(version)s of “%(code)s” is still a draft. Publish or delete it before importing another."
            )
            % {"version": draft, "code": data["code"]}
        )
    latest = max((version for version, _published_at, _owner in versions), default=0)
    return create_from_data({**data, "version": latest + 1}, published_at=None, owner=owner)
