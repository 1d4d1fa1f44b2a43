"""Opening an uploaded XLSForm safely and reading its sheets as rows of header → text. A file that cannot be read
as a whole (not an .xlsx, too large, too many rows, damaged) is refused here with one message; what the rows
mean is for the reader."""

import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _

from changxiao.core.imports import cell_text

from . import aliases
from .layout import PICKER_LISTS

MAX_FILE_BYTES = 2 * 1024 * 1024
# A 2 MB zip can unpack to far more; a real form unpacks to well under a megabyte.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 500
# The picker lists are not read, but a sheet is not read past this row either.
MAX_ROW_NUMBER = 20000


class Refused(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def has(self, header: str) -> bool:
        return header in self.headers


def read_workbook(file) -> dict[str, Sheet]:
    """The survey, choices, settings and dimensions sheets of an upload (an UploadedFile, any binary file object,
    a path or bytes), by lowercased name; raises Refused with the message for the office."""
    content = _read_bytes(file)
    with warnings.catch_warnings():
        # openpyxl warns about Excel features it skips (data validation extensions, …); they do not matter.
        warnings.simplefilter("ignore")
        return _read_sheets(_open_workbook(content))


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
        "The file could not be read as an Excel workbook (.xlsx or .xls). Save it in Excel as .xlsx and try again."
    )


# The first bytes of a legacy Excel file (.xls, an OLE2 compound document), as Excel 97–2003 and older tools save it.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _LegacySheet:
    """A sheet of a legacy .xls workbook read by xlrd, with the little of openpyxl's interface the reader uses."""

    def __init__(self, book, sheet):
        self.book, self.sheet, self.title = book, sheet, sheet.name

    def reset_dimensions(self) -> None:
        pass

    def iter_rows(self, values_only: bool = True):
        import xlrd

        for number in range(min(self.sheet.nrows, MAX_ROW_NUMBER + 1)):
            values = []
            for cell in self.sheet.row(number):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate.xldate_as_datetime(cell.value, self.book.datemode))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append(bool(cell.value))
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                else:
                    values.append(cell.value)
            yield tuple(values)


class _LegacyWorkbook:
    """A legacy .xls workbook (Excel 97–2003), read by xlrd as pyxform reads it; the same limits of size and rows
    as an .xlsx apply (the file is at most MAX_FILE_BYTES, so xlrd never holds more than that in memory). Only the
    sheets the reader needs are loaded."""

    def __init__(self, content: bytes):
        import xlrd

        try:
            self.book = xlrd.open_workbook(file_contents=content, on_demand=True, formatting_info=False)
        except Exception:  # xlrd raises many kinds of errors on a damaged or unsupported file
            raise Refused(_not_readable()) from None

    @property
    def worksheets(self):
        for index, name in enumerate(self.book.sheet_names()):
            if name.strip().lower() in ("survey", "choices", "settings", "dimensions"):
                yield _LegacySheet(self.book, self.book.sheet_by_index(index))
            else:
                yield _Unread(name)

    def close(self) -> None:
        self.book.release_resources()


class _Unread:
    """A sheet of a legacy workbook that the reader skips (by its title), left unloaded."""

    def __init__(self, title: str):
        self.title = title


def _open_workbook(content: bytes):
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise Refused(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if content.startswith(OLE2_SIGNATURE):
        return _LegacyWorkbook(content)
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(_not_readable()) from None
    if "xl/workbook.xml" not in names:
        raise Refused(_not_readable())
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(_("The workbook is too large to be a questionnaire."))
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise Refused(_not_readable()) from None


def _header(text: str) -> str:
    # "Label::中文 (zh)" → "label::中文 (zh)": the column name is case-insensitive, the language is kept.
    base, separator, language = text.partition("::")
    base = " ".join(base.split()).lower().replace("list name", "list_name")
    return f"{base}::{language.strip()}" if separator else base


def _headers(texts: list[str], sheet: str) -> list[str]:
    """The sheet's headers as the reader knows them: lowercased, other spellings of a column under its usual
    name, and a language in the older single-colon spelling (label:English, used by pyxform when no header of
    the sheet has "::") as label::English."""
    if not any("::" in text for text in texts):
        texts = [_single_colon(text) for text in texts]
    headers = [_header(text) for text in texts]
    names = {
        "survey": aliases.SURVEY_COLUMNS,
        "choices": aliases.CHOICE_COLUMNS,
        "settings": aliases.SETTINGS_COLUMNS,
    }.get(sheet, {})
    return [_aliased(header, names) for header in headers]


def _single_colon(header: str) -> str:
    base, separator, language = header.partition(":")
    if separator and base.strip().lower() in aliases.TRANSLATABLE and language.strip():
        return f"{base.strip()}::{language.strip()}"
    return header


def _aliased(header: str, names: dict[str, str]) -> str:
    base, separator, language = header.partition("::")
    base = names.get(base, base)
    return f"{base}::{language}" if separator else base


def _read_sheet(worksheet, *, skip_list_names: set[str] = frozenset()) -> Sheet:
    worksheet.reset_dimensions()  # do not trust the stored dimension; read the cells that are there
    headers: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROW_NUMBER:
            raise Refused(_("The sheet %(sheet)s has too many rows.") % {"sheet": worksheet.title})
        if number == 1:
            headers = _headers([cell_text(v) for v in values], worksheet.title.strip().lower())
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
            raise Refused(
                _("The sheet %(sheet)s has more than %(max)d rows.")
                % {"sheet": worksheet.title, "max": MAX_ROWS}
            )
        rows.append((number, row))
    return Sheet(worksheet.title, headers, rows)


def _read_sheets(workbook) -> dict[str, Sheet]:
    try:
        sheets = {}
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip().lower()
            if name in ("survey", "choices", "settings", "dimensions") and name not in sheets:
                skip = set(PICKER_LISTS) if name == "choices" else set()
                sheets[name] = _read_sheet(worksheet, skip_list_names=skip)
        return sheets
    except Refused:
        raise
    except Exception:
        raise Refused(_not_readable()) from None
    finally:
        workbook.close()
