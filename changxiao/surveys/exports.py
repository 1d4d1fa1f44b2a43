"""Excel exports of public evaluation: a campaign's responses (one column per question, answers as their labels)
and its index tables (one sheet each: all, by jurisdiction, by venue, by month)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import numbers
from changxiao.core.exports import CellWriter, Column, ExportDefinition, new_workbook, register_export
from changxiao.orgs.models import Region, Unit

from . import answers, index, permissions
from .choices import QuestionKind
from .models import Campaign, Response
from .tallies import IndexTables


def _responses(user, params):
    """The campaign's responses, or those of the person's share when they read it as one."""
    found = permissions.readable(user, params.get("campaign", ""))
    if found is None:
        return Response.objects.none()
    campaign, share = found
    rows = campaign.responses.all() if share is None else share.within(campaign.responses.all())
    return rows.select_related("target", "region", "venue").order_by("submitted_at", "pk")


def _question_columns(user, params) -> list[Column]:
    found = permissions.readable(user, params.get("campaign", ""))
    if found is None:
        return []
    questionnaire = found[0].questionnaire
    scorer = index.Scorer(questionnaire)
    columns = [
        Column(
            _("Satisfaction index"),
            lambda r: scorer(r.answers).get(index.OVERALL),
            10,
            numbers.XLSX_ONE_DECIMAL,
        )
    ]
    for question, read in answers.readers(questionnaire):
        width = 40 if question.kind == QuestionKind.LONG_TEXT else 12
        if question.kind == QuestionKind.RATING:
            # A 0–10 rating is a figure the reader averages, not a label.
            columns.append(
                Column(
                    f"{question.code} {question.text}",
                    lambda r, code=question.code: _rating(r.answers.get(code)),
                    width,
                    numbers.XLSX_PLAIN_INTEGER,
                )
            )
        elif question.kind in (QuestionKind.INTEGER, QuestionKind.DECIMAL):
            # A whole number or decimal (an age, visits per month) stays a figure the reader can sum.
            columns.append(
                Column(
                    f"{question.code} {question.text}",
                    lambda r, code=question.code: _figure(r.answers.get(code)),
                    width,
                    numbers.XLSX_PLAIN_INTEGER if question.kind == QuestionKind.INTEGER else "0.###",
                )
            )
        else:
            columns.append(
                Column(f"{question.code} {question.text}", lambda r, read=read: read(r.answers), width)
            )
    return columns


def _figure(value) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rating(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


register_export(
    ExportDefinition(
        name="survey-responses",
        title=gettext_lazy("Survey responses"),
        file_stem="survey-responses",
        queryset=_responses,
        columns=[
            Column(gettext_lazy("Submitted at"), lambda r: r.submitted_at, 17),
            Column(gettext_lazy("Target"), lambda r: r.target.label, 18),
            Column(gettext_lazy("Jurisdiction"), lambda r: r.region.name if r.region else "", 12),
            Column(gettext_lazy("Venue"), lambda r: r.venue.name if r.venue else "", 16),
            Column(gettext_lazy("Seconds to answer"), lambda r: r.seconds, 8, numbers.XLSX_INTEGER),
            Column(gettext_lazy("Flagged"), lambda r: r.get_suspicion_display(), 14),
            Column(gettext_lazy("Counted in the index"), lambda r: index.is_counted(r), 8),
        ],
        extra_columns=_question_columns,
    )
)


def index_workbook(campaign: Campaign, tables: IndexTables) -> bytes:
    """The campaign's index tables as a workbook: mean, interval and n per dimension, 样本不足 where too few."""
    dimensions = index.dimension_names(campaign.questionnaire)
    regions = Region.objects.in_bulk(list(tables.by_region))
    venues = Unit.objects.in_bulk(list(tables.by_venue))
    sheets = [
        (
            _("All"),
            [(_("All"), tables.overall)] + [(_("Weighted by population"), {index.OVERALL: tables.weighted})],
        ),
        (_("By jurisdiction"), [(regions[k].name, v) for k, v in tables.by_region.items() if k in regions]),
        (_("By venue"), [(venues[k].name, v) for k, v in tables.by_venue.items() if k in venues]),
        (_("By month"), [(month.strftime("%Y-%m"), v) for month, v in tables.by_month.items()]),
    ]
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, in_memory=True)
    bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    # The index and its interval with one decimal, as the report and the pages give them; n a whole count.
    one_decimal = workbook.add_format({"num_format": numbers.XLSX_ONE_DECIMAL})
    count = workbook.add_format({"num_format": numbers.XLSX_INTEGER})
    for title, rows in sheets:
        sheet = workbook.add_worksheet(str(title)[:31])
        cells = CellWriter(workbook, sheet)
        sheet.write_string(0, 0, str(title), bold)
        sheet.set_column(0, 0, 22)
        for col, (_code, name) in enumerate(dimensions):
            for offset, header in enumerate((name, _("Interval from"), _("Interval to"), "n")):
                cells.write_header(0, 1 + col * 4 + offset, header, bold)
        for row, (label, figures) in enumerate(rows, start=1):
            cells.write(row, 0, str(label))
            for col, (code, _name) in enumerate(dimensions):
                cell = figures.get(code)
                if cell is None:
                    continue
                first = 1 + col * 4
                if cell.enough:
                    for offset, value in enumerate((cell.mean, cell.low, cell.high)):
                        sheet.write_number(row, first + offset, value, one_decimal)
                else:
                    sheet.write_string(row, first, _("Insufficient sample"))
                sheet.write_number(row, first + 3, cell.n, count)
        sheet.freeze_panes(1, 1)
    workbook.close()
    return buffer.getvalue()
