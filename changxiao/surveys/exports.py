"""Excel exports of public evaluation: a campaign's responses (one column per question, answers as their labels)
and its index tables (one sheet each: all, by jurisdiction, by venue, by month)."""

import io

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.exports import Column, ExportDefinition, register_export
from changxiao.orgs.models import Region, Unit

from . import access, answers, index
from .choices import QuestionKind
from .models import Campaign, Response
from .tallies import IndexTables


def _responses(user, params):
    """The campaign's responses, or those of the person's share when they read it as one."""
    found = access.readable(user, params.get("campaign", ""))
    if found is None:
        return Response.objects.none()
    campaign, share = found
    rows = campaign.responses.all() if share is None else share.within(campaign.responses.all())
    return rows.select_related("target", "region", "venue").order_by("submitted_at", "pk")


def _question_columns(user, params) -> list[Column]:
    found = access.readable(user, params.get("campaign", ""))
    if found is None:
        return []
    questionnaire = found[0].questionnaire
    scorer = index.Scorer(questionnaire)
    columns = [
        Column(
            _("Satisfaction index"),
            lambda r: round(s, 1) if (s := scorer(r.answers).get(index.OVERALL)) is not None else "",
            10,
        )
    ]
    for question, read in answers.readers(questionnaire):
        width = 40 if question.kind == QuestionKind.LONG_TEXT else 12
        columns.append(
            Column(f"{question.code} {question.text}", lambda r, read=read: read(r.answers), width)
        )
    return columns


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
            Column(gettext_lazy("Seconds to answer"), lambda r: r.seconds, 8),
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
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    for title, rows in sheets:
        sheet = workbook.add_worksheet(str(title)[:31])
        sheet.write(0, 0, str(title), bold)
        sheet.set_column(0, 0, 22)
        for col, (_code, name) in enumerate(dimensions):
            for offset, header in enumerate((name, _("Interval from"), _("Interval to"), "n")):
                sheet.write(0, 1 + col * 4 + offset, str(header), bold)
        for row, (label, cells) in enumerate(rows, start=1):
            sheet.write(row, 0, str(label))
            for col, (code, _name) in enumerate(dimensions):
                cell = cells.get(code)
                if cell is None:
                    continue
                first = 1 + col * 4
                if cell.enough:
                    sheet.write_row(row, first, [cell.mean, cell.low, cell.high, cell.n])
                else:
                    sheet.write_row(row, first, [_("Insufficient sample"), "", "", cell.n])
        sheet.freeze_panes(1, 1)
    workbook.close()
    return buffer.getvalue()
