"""满意度测评结果报告 (Word): a campaign's index — or a district's or venue's share of it — written up as the office
sends it to its leaders: the overall figure, the dimensions, jurisdictions and venues ranked, the newest written
suggestions and how the figures are made. The figures are those of the index page (tallies.campaign_tables)."""

from django.conf import settings
from django.db.models import Case, Q, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import book_title, document_language, official_date, report_title
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope

from . import answers, compare, index, tallies
from .models import Campaign
from .permissions import Share

SUGGESTIONS_PER_QUESTION = 10
NUMERALS = "一二三四五六七八九十"


def context(campaign: Campaign, share: Share | None, user) -> dict:
    """What the report template (surveys/documents/survey_report.docx) fills in, in the template's language."""
    with document_language():
        return _context(campaign, share, user)


def _context(campaign: Campaign, share: Share | None, user) -> dict:
    tables = tallies.campaign_tables(campaign, share)
    overall = tables.overall
    overall_cell = overall.get(index.OVERALL)
    dimensions = index.dimension_names(campaign.questionnaire)
    scored = [
        (name, overall[code])
        for code, name in dimensions
        if code != index.OVERALL and code in overall and overall[code].enough
    ]
    regions = Region.objects.in_bulk(list(tables.by_region))
    venues = Unit.objects.in_bulk(list(tables.by_venue))
    region_rows = ranked(
        [(regions[k].name, v[index.OVERALL]) for k, v in tables.by_region.items() if index.OVERALL in v]
    )
    venue_rows = ranked(
        [(venues[k].name, v[index.OVERALL]) for k, v in tables.by_venue.items() if index.OVERALL in v]
    )
    written = suggestions(campaign, share)
    # Flagged responses are the office's business: a share's report does not count them.
    flagged = (
        campaign.responses.filter(suspicious=True).exclude(included=True).count() if share is None else 0
    )
    # Sections one and two are always there; the others are numbered as they appear (a ranking of one jurisdiction,
    # a district's share, is left out; so is a venue's ranking of itself).
    shown = {
        "regions": len(region_rows) > 1,
        "venues": bool(venue_rows) and not (share is not None and share.of_venue),
        "written": bool(written),
    }
    numerals = dict(zip([key for key, present in shown.items() if present], NUMERALS[2:], strict=False))
    return {
        "title": campaign.title,
        "report_title": report_title(campaign.title, "结果报告"),
        "region": campaign.region.name,
        "part": part_name(user, share) if share is not None else "",
        "counted": counted_phrase(share),
        "start": official_date(campaign.starts_on),
        "end": official_date(campaign.ends_on),
        "questionnaire": book_title(campaign.questionnaire.title),
        "version": campaign.questionnaire.version,
        "date": official_date(local_today()),
        "n": numbers.integer(overall_cell.n if overall_cell else 0),
        "flagged": numbers.integer(flagged) if flagged else "",
        "overall": index_sentence(overall_cell, OVERALL_SENTENCES),
        "since": since_previous(campaign, share, overall_cell),
        "weighted": index_sentence(tables.weighted, WEIGHTED_SENTENCES)
        if share is None and len(region_rows) > 1
        else "",
        "whole": index_sentence(tallies.overall_by_campaign([campaign]).get(campaign.pk), WHOLE_SENTENCES)
        if share is not None
        else "",
        "strongest": _named(max(scored, key=lambda item: item[1].mean)) if len(scored) > 1 else "",
        "weakest": _named(min(scored, key=lambda item: item[1].mean)) if len(scored) > 1 else "",
        "dimensions": [row(name, overall.get(code)) for code, name in dimensions],
        "regions": region_rows if shown["regions"] else [],
        "region_heading": numerals.get("regions", ""),
        "venues": venue_rows if shown["venues"] else [],
        "venue_heading": numerals.get("venues", ""),
        "written": written,
        "written_heading": numerals.get("written", ""),
        "method_heading": NUMERALS[2 + len(numerals)],
        "minimum": numbers.integer(settings.SURVEY_MIN_CELL),
        "issuer": issuer(user, share) if share is not None else "",
    }


def since_previous(campaign: Campaign, share: Share | None, cell: index.Cell | None) -> str:
    """The change from the survey's previous run (same questionnaire, same jurisdiction, read the same way), and
    whether it exceeds the sampling error (compare.steps); empty without a previous run with a figure."""
    previous = (
        Campaign.objects.filter(
            region=campaign.region,
            questionnaire__code=campaign.questionnaire.code,
            starts_on__lt=campaign.starts_on,
        )
        .order_by("-starts_on", "-pk")
        .first()
    )
    if previous is None:
        return ""
    step = compare.steps([tallies.overall_by_campaign([previous], share).get(previous.pk), cell])[1]
    if step.change is None:
        return ""
    values = {"title": previous.title, "change": numbers.rounded(abs(step.change), 1)}
    if values["change"] == 0:
        return _("The index is unchanged since the previous run (%(title)s).") % values
    if step.beyond_error:
        text = (
            _(
                "Since the previous run (%(title)s) the index rose by %(change).1f, more than the sampling error."
            )
            if step.change > 0
            else _(
                "Since the previous run (%(title)s) the index fell by %(change).1f, more than the sampling error."
            )
        )
    else:
        text = (
            _("Since the previous run (%(title)s) the index rose by %(change).1f, within the sampling error.")
            if step.change > 0
            else _(
                "Since the previous run (%(title)s) the index fell by %(change).1f, within the sampling error."
            )
        )
    return text % values


# The report's sentences about an index: (with a figure, with too few responses to give one). A cell below the minimum
# is said as a sentence of its own (样本不足（2份答卷），暂不计算满意度指数), never put where the figure goes.
OVERALL_SENTENCES = (
    gettext_lazy("The satisfaction index is %(figure)s."),
    gettext_lazy("Too few responses (%(n)s): the satisfaction index is not computed."),
)
WEIGHTED_SENTENCES = (
    gettext_lazy(
        "Weighted by each district's resident population, the index of the whole jurisdiction is %(figure)s."
    ),
    gettext_lazy("Too few responses (%(n)s): the index weighted by resident population is not computed."),
)
WHOLE_SENTENCES = (
    gettext_lazy("For comparison, the index of all responses in the same period is %(figure)s."),
    gettext_lazy("For comparison, all responses in the same period are too few (%(n)s) to compute an index."),
)


def index_sentence(cell: index.Cell | None, sentences: tuple) -> str:
    """The sentence saying a cell's index with its interval and n, or, below the minimum, that it is not computed."""
    with_figure, too_few = sentences
    if cell is None or not cell.enough:
        return str(too_few) % {"n": numbers.integer(cell.n if cell else 0)}
    return str(with_figure) % {"figure": figure(cell)}


def figure(cell: index.Cell | None) -> str:
    """A cell as a sentence gives it: the index with its interval and n, or 样本不足 with n."""
    if cell is None or not cell.enough:
        return _("insufficient sample (%(n)s responses)") % {"n": numbers.integer(cell.n if cell else 0)}
    return _("%(mean).1f (95%% interval %(low).1f–%(high).1f, %(n)s responses)") % {
        "mean": numbers.rounded(cell.mean, 1),
        "low": numbers.rounded(cell.low, 1),
        "high": numbers.rounded(cell.high, 1),
        "n": numbers.integer(cell.n),
    }


def row(name: str, cell: index.Cell | None) -> dict:
    """A table row: the index and its interval, or 样本不足."""
    if cell is None or not cell.enough:
        return {
            "name": name,
            "mean": _("Insufficient sample"),
            "interval": numbers.EMPTY,
            "n": cell.n if cell else 0,
        }
    return {
        "name": name,
        "mean": numbers.index_value(cell.mean),
        "interval": f"{numbers.index_value(cell.low)}–{numbers.index_value(cell.high)}",
        "n": cell.n,  # the template writes it with |integer (12,345)
    }


def ranked(named: list[tuple[str, index.Cell]]) -> list[dict]:
    """Rows by index, highest first, ranked (equal figures share a rank); cells with too few responses follow,
    unranked."""
    enough = sorted(
        ((name, cell) for name, cell in named if cell.enough), key=lambda item: (-item[1].mean, item[0])
    )
    rows, rank, previous = [], 0, None
    for position, (name, cell) in enumerate(enough, start=1):
        if cell.mean != previous:
            rank, previous = position, cell.mean
        rows.append({**row(name, cell), "rank": rank})
    few = sorted((name, cell) for name, cell in named if not cell.enough)
    return rows + [{**row(name, cell), "rank": "—"} for name, cell in few]


def suggestions(campaign: Campaign, share: Share | None) -> list[dict]:
    """Per written question with answers: how many, and the newest SUGGESTIONS_PER_QUESTION with where and when."""
    found = []
    for question in campaign.questionnaire.questions.filter(kind__in=answers.WRITTEN_KINDS).order_by(
        "position"
    ):
        rows = answers.written(campaign, share, question)
        newest = list(rows[:SUGGESTIONS_PER_QUESTION])
        if not newest:
            continue
        found.append(
            {
                "text": question.text,
                "count": numbers.integer(rows.count()),
                "answers": [
                    {
                        "text": response.answers[question.code],
                        "where": " · ".join(
                            place.name for place in (response.region, response.venue) if place is not None
                        )
                        or _("no jurisdiction given"),
                        "date": official_date(response.submitted_at),
                    }
                    for response in newest
                ],
            }
        )
    return found


def counted_phrase(share: Share | None) -> str:
    """Which responses a share's figures count, as the report's opening sentence says it."""
    if share is None:
        return ""
    return _("about the venue") if share.of_venue else _("of the jurisdiction's residents")


def part_name(user, share: Share) -> str:
    """The share in the report's subtitle: the person's venues, or their jurisdictions."""
    if share.of_venue:
        names = Unit.objects.filter(pk__in=share.venue_ids).order_by("name").values_list("name", flat=True)
    else:
        paths = get_scope(user).jurisdiction_paths
        names = Region.objects.filter(path__in=paths).order_by("path").values_list("name", flat=True)
    return "、".join(names)


def issuer(user, share: Share) -> str:
    """Who signs a share's report: the person's unit inside the share — of the district whose part it is (its office
    first), or the venue — never another unit the person also belongs to, such as a city department (the office's
    report is signed by the leading group's office of the campaign's jurisdiction)."""
    inside_share = (
        Q(unit_id__in=share.venue_ids) if share.of_venue else Q(unit__region_id__in=share.region_ids)
    )
    membership = (
        user.memberships.active()
        .filter(inside_share)
        .select_related("unit")
        .order_by(Case(When(unit__kind=UnitKind.OFFICE, then=0), default=1), "pk")
        .first()
    )
    return membership.unit.name if membership else ""


def _named(item: tuple[str, index.Cell]) -> str:
    name, cell = item
    return _("%(name)s (%(mean).1f)") % {"name": name, "mean": numbers.rounded(cell.mean, 1)}
