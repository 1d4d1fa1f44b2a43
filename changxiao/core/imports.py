"""Excel import of any list: a template to fill in, a check of the whole file, then all rows or none.

An app describes an import with an ImportDefinition (columns, who may import, cross-row checks, how to
write) and registers it; the views in views_imports.py and this module do the rest. The file is checked
completely before anything is written, so the person importing gets every problem at once, row by row.
"""

import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from io import BytesIO
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import literal_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
# Data validation lists and text formats reach this far down the template.
TEMPLATE_ROWS = MAX_ROWS + 1
HEADER_ROW = 1

Parser = Callable[[str], Any]


def _as_text(raw: str) -> str:
    return raw


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import: its header as users see it, and how a cell becomes a value."""

    key: str
    header: str  # lazy, translated; what users see in the template and in error messages
    required: bool = False
    help_text: str = ""
    example: str = ""
    parse: Parser = _as_text
    # Allowed values as users see them (a drop-down in the template); a callable so labels translate late.
    choices: Callable[[], Sequence[str]] | None = None
    # Other accepted headers, e.g. the Chinese header written by hand before a translation exists.
    aliases: tuple[str, ...] = ()
    # Keep the column as text in Excel so codes like 320500000000 are not turned into numbers.
    text: bool = False
    width: int = 16

    def accepted_headers(self) -> set[str]:
        names = {normalize_header(self.key), *(normalize_header(a) for a in self.aliases)}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(normalize_header(str(self.header)))
        names.add(normalize_header(str(self.header)))
        return names


@dataclass(frozen=True)
class RowError:
    """One problem of the file: Excel row number (None for the file as a whole), column, value, message."""

    row_number: int | None
    column: str
    value: str
    message: str


@dataclass
class ImportRow:
    """A data row that parsed: Excel row number, parsed values by column key and the cells as written."""

    number: int
    values: dict[str, Any]
    raw: dict[str, str]
    headers: dict[str, str] = field(repr=False, default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def error(self, key: str, message: str) -> RowError:
        return RowError(self.number, self.headers.get(key, ""), self.raw.get(key, ""), str(message))

    def errors_from(self, exc: ValidationError) -> list[RowError]:
        """A ValidationError (e.g. from full_clean) as row errors, on the matching column if there is one."""
        if hasattr(exc, "error_dict"):
            errors = []
            for name, messages in exc.message_dict.items():
                key = name if name in self.headers else ""
                errors += [self.error(key, message) for message in messages]
            return errors
        return [self.error("", message) for message in exc.messages]

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Inside apply(): turn a ValidationError of this row's writes into row errors (and a rollback)."""
        try:
            yield
        except ValidationError as exc:
            raise RowErrors(self.errors_from(exc)) from exc


class RowErrors(Exception):
    """Raised by an apply() hook to reject the whole import with errors tied to rows."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows deliberately left out (e.g. already imported), each said in one line to the person importing.
    skipped: tuple[str, ...] = ()


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[str, ...] = ()
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportDefinition:
    """A list that can be imported from Excel.

    validate_rows(user, rows) checks across rows (duplicates, references within the file or to the database,
    scope) and returns errors; it sees only rows whose every cell parsed. apply(user, rows) writes everything
    and returns the counts; it runs in one transaction and may raise RowErrors or ValidationError.
    """

    name: str
    title: str
    columns: list[ImportColumn]
    can_import: Callable[[Any], bool]
    validate_rows: Callable[[Any, list[ImportRow]], list[RowError]]
    apply: Callable[[Any, list[ImportRow]], ImportCounts]
    # Where the "back" link of the import page goes (a lazy URL), and extra lines for the instructions.
    return_url: str = ""
    notes: tuple[str, ...] = ()
    # For an import into one object (the tasks of a plan): (user, id from ?into=) → the definition bound to
    # that object; it raises Http404 or PermissionDenied exactly as the object's own pages do.
    for_target: Callable[[Any, int], "ImportDefinition"] | None = None

    def column(self, key: str) -> ImportColumn:
        return next(c for c in self.columns if c.key == key)


_REGISTRY: dict[str, ImportDefinition] = {}


def register_import(definition: ImportDefinition) -> ImportDefinition:
    _REGISTRY[definition.name] = definition
    return definition


def get_import(name: str) -> ImportDefinition | None:
    return _REGISTRY.get(name)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


# --- Parsers shared by definitions ----------------------------------------------------------------------


def text_parser(max_length: int) -> Parser:
    def parse(raw: str) -> str:
        if len(raw) > max_length:
            raise ValidationError(
                _("At most %(max)d characters (this has %(length)d).")
                % {"max": max_length, "length": len(raw)}
            )
        return raw

    return parse


def parse_date(raw: str) -> date:
    """2026-06-30, 2026/6/30 or 2026.6.30; a date-and-time cell keeps its date."""
    text = raw.strip().split(" ")[0].split("T")[0]
    try:
        year, month, day = (int(part) for part in re.split(r"[-/.]", text))
        return date(year, month, day)
    except ValueError as exc:
        raise ValidationError(_("A date like 2026-06-30.")) from exc


def integer_parser(min_value: int | None = None, max_value: int | None = None) -> Parser:
    def parse(raw: str) -> int:
        cleaned = raw.replace(",", "").replace("，", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(_("Enter a whole number.")) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number."))
        value = int(number)
        if min_value is not None and value < min_value:
            raise ValidationError(_("Enter a number of at least %(min)d.") % {"min": min_value})
        if max_value is not None and value > max_value:
            raise ValidationError(_("Enter a number of at most %(max)d.") % {"max": max_value})
        return value

    return parse


def decimal_parser(*, max_digits: int, decimal_places: int, min_value: Decimal | None = None) -> Parser:
    step = Decimal(1).scaleb(-decimal_places)

    def parse(raw: str) -> Decimal:
        try:
            number = Decimal(raw.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        number = number.quantize(step)
        if min_value is not None and number < min_value:
            raise ValidationError(_("Enter a number of at least %(min)s.") % {"min": min_value})
        if len(number.as_tuple().digits) > max_digits and number != 0:
            raise ValidationError(_("The number is too large."))
        return number

    return parse


def choice_parser(lookup: Callable[[], dict[str, str]], labels: Callable[[], Sequence[str]]) -> Parser:
    """Map a label (any language, or an alias) to its key; lookup() gives normalized name → key."""

    def parse(raw: str) -> str:
        key = lookup().get(normalize_choice(raw))
        if key is None:
            allowed = "; ".join(labels())
            raise ValidationError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": raw, "allowed": allowed}
            )
        return key

    return parse


YES_WORDS = {"是", "yes", "y", "true", "1", "√", "✓", "对"}
NO_WORDS = {"否", "no", "n", "false", "0", "×", "✗", "不是"}


def choices_lookup(
    choices: type[models.TextChoices], aliases: dict[str, tuple[str, ...]]
) -> Callable[[], dict[str, str]]:
    """normalized name → key for a TextChoices: its keys, labels in every language, and aliases."""

    @cache
    def lookup() -> dict[str, str]:
        table: dict[str, str] = {}
        for member in choices:
            for name in (member.value, *aliases.get(member.value, ())):
                table[normalize_choice(name)] = member.value
            for name in labels_in_all_languages(member.label):
                table[name] = member.value
        return table

    return lookup


def choice_labels(choices: type[models.TextChoices]) -> Callable[[], list[str]]:
    return lambda: [str(label) for label in choices.labels]


def yes_no_labels() -> list[str]:
    return [_("yes"), _("no")]


@cache
def _yes_no_words() -> tuple[frozenset[str], frozenset[str]]:
    yes, no = set(YES_WORDS), set(NO_WORDS)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            yes.add(normalize_choice(_("yes")))
            no.add(normalize_choice(_("no")))
    return frozenset(yes), frozenset(no)


def parse_yes_no(raw: str) -> bool:
    yes, no = _yes_no_words()
    value = normalize_choice(raw)
    if value in yes:
        return True
    if value in no:
        return False
    raise ValidationError(_("Enter “%(yes)s” or “%(no)s”.") % {"yes": _("yes"), "no": _("no")})


def labels_in_all_languages(label) -> set[str]:
    names = {normalize_choice(str(label))}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalize_choice(str(label)))
    return names


_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "＊": "*", "，": ",", "／": "/", "：": ":"})


def normalize_choice(value: str) -> str:
    return "".join(value.translate(_FULL_WIDTH).split()).casefold()


def normalize_header(value: str) -> str:
    # "区划代码*", "*区划代码" and "区划代码" are the same column.
    return normalize_choice(value).strip("*")


# --- The template ---------------------------------------------------------------------------------------


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def _display_width(text: str) -> int:
    # CJK characters take about two character widths in Excel.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def header_label(column: ImportColumn) -> str:
    return f"{column.header}*" if column.required else str(column.header)


def build_template(definition: ImportDefinition) -> bytes:
    """An .xlsx to fill in: headers (required ones marked *), an example row, drop-downs, and instructions."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(definition.title)
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    example_font = Font(italic=True, color="808080")
    list_column = 0
    for index, column in enumerate(definition.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, _display_width(header_label(column)) + 4)
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header_label(column))
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.help_text:
            cell.comment = Comment(str(column.help_text), "changxiao", width=300, height=120)
        example = literal_cell(sheet.cell(row=HEADER_ROW + 1, column=index), str(column.example) or None)
        example.font = example_font
        if column.text:
            example.number_format = "@"
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            values = [str(v) for v in column.choices()]
            for offset, value in enumerate(values, start=1):
                literal_cell(lists.cell(row=offset, column=list_column), value)
            validation = DataValidation(
                type="list",
                formula1=f"lists!${list_letter}$1:${list_letter}${len(values)}",
                allow_blank=True,
                showErrorMessage=True,
                # A warning, not a stop: aliases such as 区 or 街道 are accepted too.
                errorStyle="warning",
                error=_("Choose one of the values in the list."),
            )
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Instructions"), 1)
    bold = Font(bold=True)
    notes = [
        _("Fill in one row per record on the sheet “%(sheet)s”, starting at row 2.") % {"sheet": sheet.title},
        _("Row 2 is an example: replace it with your data or delete it."),
        _("Columns marked * are required. Keep the header row as it is; the columns may be in any order."),
        _(
            "At most %(max)d rows per file. The file is checked as a whole: if any row has a problem, "
            "nothing is imported and every problem is listed."
        )
        % {"max": MAX_ROWS},
        *[str(note) for note in definition.notes],
    ]
    for row, note in enumerate(notes, start=1):
        guide.cell(row=row, column=1, value=note)
    top = len(notes) + 2
    for col, title in enumerate(
        [_("Column"), _("Required"), _("Description"), _("Allowed values"), _("Example")], start=1
    ):
        cell = guide.cell(row=top, column=col, value=title)
        cell.font = bold
        cell.fill = header_fill
    for row, column in enumerate(definition.columns, start=top + 1):
        allowed = "; ".join(str(v) for v in column.choices()) if column.choices else ""
        values = [
            header_label(column),
            _("Required") if column.required else _("Optional"),
            str(column.help_text),
            allowed,
            str(column.example),
        ]
        for col, value in enumerate(values, start=1):
            cell = literal_cell(guide.cell(row=row, column=col), value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (22, 10, 60, 40, 18), strict=True):
        guide.column_dimensions[letter].width = width

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- Reading and running --------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class _Rejected(Exception):
    """The file as a whole cannot be imported (not an .xlsx, unreadable, too large)."""

    def __init__(self, message: str, value: str = ""):
        super().__init__(message)
        self.error = RowError(None, "", value, message)


def _unreadable_message() -> str:
    return _(
        "The file could not be read as an Excel workbook (.xlsx). "
        "Download the template, fill it in and upload it again."
    )


def _read_rows(uploaded_file) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header cells and the non-empty data rows (Excel row number, cell texts) of the first sheet."""
    from openpyxl import load_workbook

    name = getattr(uploaded_file, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise _Rejected(
            _(
                "This is not an .xlsx file. "
                "Save it in Excel as “Excel Workbook (*.xlsx)” and upload it again."
            ),
            name,
        )
    if (getattr(uploaded_file, "size", None) or 0) > MAX_FILE_BYTES:
        raise _Rejected(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}, name
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign file
        raise _Rejected(_unreadable_message(), name) from None
    try:
        return _sheet_rows(workbook.worksheets[0])
    except _Rejected:
        raise
    except Exception:
        raise _Rejected(_unreadable_message(), name) from None
    finally:
        workbook.close()


def _sheet_rows(sheet) -> tuple[list[str], list[tuple[int, list[str]]]]:
    sheet.reset_dimensions()  # do not trust the stored dimension; read the cells that are there
    headers: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == HEADER_ROW:
            headers = [cell_text(v) for v in values]
            while headers and not headers[-1]:
                headers.pop()
            continue
        texts = [cell_text(v) for v in values[: len(headers)]]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            raise _Rejected(
                _("The file has more than %(max)d data rows. Split it into several files.")
                % {"max": MAX_ROWS}
            )
        rows.append((number, texts + [""] * (len(headers) - len(texts))))
    if not headers:
        raise _Rejected(_("The first row must hold the column headers of the template."))
    return headers, rows


def _match_columns(definition: ImportDefinition, headers: list[str]) -> tuple[dict[str, int], list[RowError]]:
    """Column key → cell index, or errors naming the missing, unexpected and repeated columns."""
    by_name: dict[str, ImportColumn] = {}
    for column in definition.columns:
        for name in column.accepted_headers():
            by_name.setdefault(name, column)
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = by_name.get(normalize_header(header))
        if column is None:
            errors.append(
                RowError(HEADER_ROW, header, header, _("Unexpected column: it is not in the template."))
            )
        elif column.key in positions:
            errors.append(RowError(HEADER_ROW, header, header, _("This column appears more than once.")))
        else:
            positions[column.key] = index
    for column in definition.columns:
        if column.key not in positions:
            errors.append(
                RowError(HEADER_ROW, str(column.header), "", _("Missing column: add it as in the template."))
            )
    return positions, errors


def _parse_row(definition: ImportDefinition, number: int, texts: list[str], positions: dict[str, int]):
    raw = {key: texts[index] for key, index in positions.items()}
    headers = {c.key: str(c.header) for c in definition.columns}
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in definition.columns:
        text = raw[column.key]
        if not text:
            if column.required:
                errors.append(RowError(number, str(column.header), "", _("This column is required.")))
            values[column.key] = None
            continue
        try:
            values[column.key] = column.parse(text)
        except ValidationError as exc:
            errors += [RowError(number, str(column.header), text, message) for message in exc.messages]
    return ImportRow(number=number, values=values, raw=raw, headers=headers), errors


def run_import(definition: ImportDefinition, uploaded_file, user) -> ImportResult:
    """Check the whole file, then write every row in one transaction; with any error, write nothing."""
    try:
        headers, rows_text = _read_rows(uploaded_file)
    except _Rejected as exc:
        return ImportResult(errors=[exc.error])
    positions, errors = _match_columns(definition, headers)
    if errors:
        return ImportResult(errors=errors)
    if not rows_text:
        return ImportResult(errors=[RowError(None, "", "", _("The file has no data rows."))])
    result = ImportResult(rows=len(rows_text))
    parsed: list[ImportRow] = []
    for number, texts in rows_text:
        row, row_errors = _parse_row(definition, number, texts, positions)
        if row_errors:
            errors += row_errors
        else:
            parsed.append(row)
    # Cross-row checks see only the rows that parsed, so every problem of the file is listed at once.
    if parsed:
        errors += definition.validate_rows(user, parsed)
    if errors:
        result.errors = _sorted(definition, errors)
        return result
    try:
        with transaction.atomic():
            counts = definition.apply(user, parsed)
    except RowErrors as exc:
        result.errors = _sorted(definition, exc.errors)
        return result
    except ValidationError as exc:
        result.errors = [RowError(None, "", "", message) for message in exc.messages]
        return result
    except PermissionDenied:
        result.errors = [RowError(None, "", "", _("You are not allowed to make one of these changes."))]
        return result
    result.created, result.updated, result.unchanged = counts.created, counts.updated, counts.unchanged
    result.skipped = counts.skipped
    return result


def _sorted(definition: ImportDefinition, errors: list[RowError]) -> list[RowError]:
    order = {str(c.header): i for i, c in enumerate(definition.columns)}
    return sorted(errors, key=lambda e: (e.row_number or 0, order.get(e.column, len(order))))
