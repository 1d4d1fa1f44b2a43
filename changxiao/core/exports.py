"""Excel export of any list: streamed in constant memory, or built in the background when large.

Cells keep their type, so a reader can sum, sort and filter: a figure is a numeric cell with a number format (the
column's, from core.numbers; otherwise a whole number plain and a fraction with two decimals), a date a date cell,
never text that looks like a number. Identifiers made of digits (division codes, phone numbers) are text on
purpose: their columns say so with numbers.XLSX_TEXT.

No text becomes a formula (OWASP, "CSV injection"): a text cell a spreadsheet would run (=, +, -, @, a tab or a carriage
return first) is written with a single quote in front, so a citizen's `=HYPERLINK(...)` reads as typed and runs
nothing, here and in every copy of the file saved as CSV; a text that is a plain number ("-5", "+86") is left alone.
Every workbook of the platform is made by `new_workbook` (xlsxwriter, never reading a string as a formula) and its
text written through `neutralize`. Workbooks read back by machines (the XLSForm, the import templates) keep their text
exact instead, as string cells (`literal_cell`): a quote would change what the form or the import reads.
"""

import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.core.files import File
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import numbers
from .models import ExportJob
from .notifications import notify
from .tasks import background_label, enqueue, final_attempt
from .workflow import StateMachine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16
    # How Excel shows the column's figures (numbers.XLSX_*); numbers.XLSX_TEXT for identifiers made of digits.
    number_format: str = ""


@dataclass(frozen=True)
class ExportDefinition:
    """A list that can be exported: the same filtered, scoped queryset its page shows — or, for a table the page
    computes (a row per jurisdiction with its figures), the same list of rows."""

    name: str
    title: str
    columns: list[Column]
    queryset: Callable[[Any, QueryDict | dict], QuerySet | list]
    file_stem: str
    # Columns that depend on what is exported (e.g. one per question of a questionnaire): (user, params) → columns.
    extra_columns: Callable[[Any, QueryDict | dict], list[Column]] | None = None

    def columns_for(self, user, params) -> list[Column]:
        return self.columns + (self.extra_columns(user, params) if self.extra_columns else [])


_REGISTRY: dict[str, ExportDefinition] = {}


def register_export(definition: ExportDefinition) -> ExportDefinition:
    _REGISTRY[definition.name] = definition
    return definition


def get_export(name: str) -> ExportDefinition | None:
    return _REGISTRY.get(name)


def registered_exports() -> list[ExportDefinition]:
    return list(_REGISTRY.values())


# What a spreadsheet reads as the start of a formula (OWASP: =, +, -, @, tab, carriage return).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralize(text: str) -> str:
    """Text as a spreadsheet shows it without running it: a single quote in front of what would start a formula."""
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def literal_cell(cell, value: Any):
    """An openpyxl cell holding value exactly: a text beginning with = is a string cell, never a formula (for
    workbooks that machines read back, where a quote in front would change the text)."""
    cell.value = value
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def new_workbook(target, **options):
    """An xlsxwriter workbook that writes every string as text (no string is taken for a formula or a number)."""
    return xlsxwriter.Workbook(
        target,
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, **options},
    )


def _cell(value: Any) -> tuple[Any, str]:
    """A value as the cell holds it, with the number format it takes when its column names none."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no")), ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None), numbers.XLSX_DATETIME
    if isinstance(value, date):
        return value, numbers.XLSX_DATE
    if isinstance(value, int):
        return value, numbers.XLSX_PLAIN_INTEGER
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return (number, numbers.XLSX_DECIMAL) if math.isfinite(number) else (None, "")
    return neutralize(str(value)), ""


class CellWriter:
    """Writes typed cells, one shared format object per number format (Excel caps the number of formats); text
    through `neutralize`."""

    def __init__(self, workbook, sheet) -> None:
        self.workbook, self.sheet, self.formats = workbook, sheet, {}

    def _format(self, number_format: str):
        if number_format not in self.formats:
            self.formats[number_format] = self.workbook.add_format({"num_format": number_format})
        return self.formats[number_format]

    def write_header(self, row: int, col: int, text: Any, cell_format=None) -> None:
        self.sheet.write_string(row, col, neutralize(str(text)), cell_format)

    def write(self, row: int, col: int, value: Any, column_format: str = "") -> None:
        value, default_format = _cell(value)
        if value is None or value == "":
            return
        if isinstance(value, str):
            if column_format == numbers.XLSX_TEXT:
                self.sheet.write_string(row, col, value, self._format(numbers.XLSX_TEXT))
            else:
                self.sheet.write_string(row, col, value)
        elif isinstance(value, datetime | date):
            self.sheet.write_datetime(row, col, value, self._format(default_format))
        else:
            number_format = column_format if column_format and column_format != numbers.XLSX_TEXT else None
            self.sheet.write_number(row, col, value, self._format(number_format or default_format))


def write_xlsx(
    definition: ExportDefinition,
    queryset: QuerySet | list,
    target,
    progress: Callable[[int], None] | None = None,
    columns: list[Column] | None = None,
) -> int:
    """Write rows to target (a path or file object); memory stays flat whatever the row count."""
    columns = definition.columns if columns is None else columns
    workbook = new_workbook(target, constant_memory=True, tmpdir=tempfile.gettempdir())
    sheet = workbook.add_worksheet(str(definition.title)[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    cells = CellWriter(workbook, sheet)
    for col, column in enumerate(columns):
        cells.write_header(0, col, column.header, bold)
    rows = 0
    objects = queryset if isinstance(queryset, list) else queryset.iterator(chunk_size=2000)
    for rows, obj in enumerate(objects, start=1):
        for col, column in enumerate(columns):
            cells.write(rows, col, column.value(obj), column.number_format)
        if progress and rows % 1000 == 0:
            progress(rows)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return rows


def file_name(definition: ExportDefinition) -> str:
    return f"{definition.file_stem}-{timezone.localdate():%Y%m%d}.xlsx"


def params_to_dict(params: QueryDict) -> dict[str, list[str]]:
    return {key: params.getlist(key) for key in params if key != "format"}


def params_from_dict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def export_response(request: HttpRequest, definition: ExportDefinition) -> HttpResponse:
    """Stream a small export at once; hand a large one to the background and show its progress page."""
    queryset = definition.queryset(request.user, request.GET)
    total = len(queryset) if isinstance(queryset, list) else queryset.count()
    if total > settings.EXPORT_INLINE_MAX_ROWS:
        job = ExportJob.objects.create(
            owner=request.user,
            export_name=definition.name,
            params=params_to_dict(request.GET),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            total_rows=total,
            file_name=file_name(definition),
        )
        enqueue(run_export_job, job.pk)
        return redirect("core:export_job", job.pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(definition, queryset, handle, columns=definition.columns_for(request.user, request.GET))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=file_name(definition), content_type=XLSX)


EXPORT_MACHINE = StateMachine(
    field="state",
    transitions={
        ExportJob.State.PENDING: frozenset({ExportJob.State.RUNNING}),
        ExportJob.State.RUNNING: frozenset(
            {ExportJob.State.DONE, ExportJob.State.FAILED, ExportJob.State.PENDING}
        ),
    },
)


@background_label(_lazy("Excel export"))
def run_export_job(job_id: int) -> None:
    """Build one export file (build_job_file)."""
    build_job_file(job_id, _write_export)


def _write_export(job: ExportJob, handle) -> int:
    definition = get_export(job.export_name)
    if definition is None:
        raise LookupError(f"unknown export {job.export_name}")
    params = params_from_dict(job.params)
    queryset = definition.queryset(job.owner, params)
    columns = definition.columns_for(job.owner, params)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done_rows=done)

    return write_xlsx(definition, queryset, handle, progress, columns)


def build_job_file(job_id: int, write: Callable[[ExportJob, Any], int]) -> None:
    """Build the file of one job — an export, a Word document (core.document_jobs) — by `write(job, handle)`, which
    returns the rows it wrote, in the language of the person who asked; the file is saved through the default
    storage. The conditional UPDATE makes sure only one worker ever builds it; a failure that will be tried again
    (core.tasks) puts the job back to pending, the last one marks it failed."""
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.PENDING).update(
        state=ExportJob.State.RUNNING, started_at=timezone.now(), done_rows=0
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    try:
        with translation.override(job.language), tempfile.TemporaryFile() as handle:
            rows = write(job, handle)
            handle.seek(0)
            job.file.save(job.file_name, File(handle), save=False)
        job.done_rows = rows
        job.total_rows = rows
        job.finished_at = timezone.now()
        EXPORT_MACHINE.apply(
            job,
            ExportJob.State.DONE,
            by=None,
            update_fields=("file", "done_rows", "total_rows", "finished_at"),
        )
        with translation.override(job.language):
            notify(
                [job.owner],
                title=_("Export ready to download: %(name)s") % {"name": job.file_name},
                url=reverse("core:export_job", args=[job.pk]),
                email=False,
            )
    except Exception as exc:
        job.error = str(exc)[:1000]
        if not final_attempt():
            EXPORT_MACHINE.apply(job, ExportJob.State.PENDING, by=None, update_fields=("error",))
            raise
        job.finished_at = timezone.now()
        EXPORT_MACHINE.apply(job, ExportJob.State.FAILED, by=None, update_fields=("error", "finished_at"))
        raise
