"""Index tallies: the counted responses' scores summed per campaign, jurisdiction, venue, month and dimension.

The sweep (sweep_steps.py) adds settled responses (older than SETTLE_SECONDS, so no transaction still in flight is skipped) to the
tallies and moves the campaign's watermark in the same transaction; reading adds the responses after the watermark,
scored on the spot, so figures are always current. The office's review of a flagged response adjusts the tallies
when that response was already tallied. Tables read here are what the index page, the API and the published metric
show."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from changxiao.orgs.models import PopulationRecord

from . import index
from .index import Cell, Stats
from .models import Campaign, IndexTally, Response
from .permissions import Share

SETTLE_SECONDS = 60
BATCH = 5000
Key = tuple  # (region_id, venue_id, month, dimension)


def _month(moment, zone=None) -> date:
    local = moment.astimezone(zone or timezone.get_current_timezone())
    return date(local.year, local.month, 1)


def _score(campaign: Campaign, responses) -> dict[Key, Stats]:
    scorer = index.Scorer(campaign.questionnaire)
    zone = timezone.get_current_timezone()
    sums: dict[Key, Stats] = defaultdict(Stats)
    # Unordered: sums need no order, and the model's ordering (newest first) made PostgreSQL walk the campaign's
    # whole (campaign, submitted_at) index backwards for a tail of a few thousand responses.
    rows = responses.order_by().values_list("answers", "region_id", "venue_id", "submitted_at")
    for answers, region_id, venue_id, submitted_at in rows.iterator(chunk_size=2000):
        month = _month(submitted_at, zone)
        for dimension, score in scorer(answers).items():
            sums[(region_id, venue_id, month, dimension)].add(score)
    return sums


def _apply(campaign: Campaign, sums: dict[Key, Stats]) -> None:
    months = {key[2] for key in sums}
    existing = {
        (t.region_id, t.venue_id, t.month, t.dimension): t for t in campaign.tallies.filter(month__in=months)
    }
    changed, created = [], []
    for key, stats in sums.items():
        tally = existing.get(key)
        if tally is None:
            region_id, venue_id, month, dimension = key
            created.append(
                IndexTally(
                    campaign=campaign,
                    region_id=region_id,
                    venue_id=venue_id,
                    month=month,
                    dimension=dimension,
                    n=stats.n,
                    total=stats.total,
                    total_sq=stats.total_sq,
                )
            )
        else:
            tally.n += stats.n
            tally.total += stats.total
            tally.total_sq += stats.total_sq
            changed.append(tally)
    IndexTally.objects.bulk_update(changed, ["n", "total", "total_sq"], batch_size=1000)
    IndexTally.objects.bulk_create(created, batch_size=1000)


def refresh(campaign: Campaign) -> int:
    """Add the settled responses since the watermark to the tallies, BATCH at a time so no transaction holds the
    database for long; how many responses were tallied."""
    done = 0
    while True:
        start = Campaign.objects.filter(pk=campaign.pk).values_list("tallied_up_to", flat=True).get()
        settled = campaign.responses.filter(
            pk__gt=start, submitted_at__lte=timezone.now() - timedelta(seconds=SETTLE_SECONDS)
        )
        batch = list(settled.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return done
        upto = batch[-1]
        with transaction.atomic():
            # Claiming the range first holds the campaign row, so a review cannot change a response in between.
            if not Campaign.objects.filter(pk=campaign.pk, tallied_up_to=start).update(tallied_up_to=upto):
                return done  # another sweep took it
            new = index.counted(campaign.responses.filter(pk__gt=start, pk__lte=upto))
            _apply(campaign, _score(campaign, new))
        campaign.tallied_up_to = upto
        done += campaign.responses.filter(pk__gt=start, pk__lte=upto).count()


def adjust(response: Response, counted_before: bool) -> None:
    """Keep the tallies right when the office includes or excludes an already tallied response."""
    campaign = Campaign.objects.select_for_update().get(pk=response.campaign_id)
    counted_now = index.is_counted(response)
    if counted_now == counted_before or response.pk > campaign.tallied_up_to:
        return
    sign = 1 if counted_now else -1
    month = _month(response.submitted_at)
    for dimension, score in index.response_scores(campaign.questionnaire, response.answers).items():
        updated = IndexTally.objects.filter(
            campaign=campaign,
            region_id=response.region_id,
            venue_id=response.venue_id,
            month=month,
            dimension=dimension,
        ).update(
            n=F("n") + sign, total=F("total") + sign * score, total_sq=F("total_sq") + sign * score * score
        )
        if not updated and sign > 0:
            IndexTally.objects.create(
                campaign=campaign,
                region_id=response.region_id,
                venue_id=response.venue_id,
                month=month,
                dimension=dimension,
                n=1,
                total=score,
                total_sq=score * score,
            )


def rows(campaign: Campaign, share: Share | None = None) -> list[tuple[Key, Stats]]:
    """Every (region, venue, month, dimension) with its sums: the tallies plus the responses after the watermark;
    with a share, only the share's (share.within)."""
    tallies, tail = campaign.tallies.all(), campaign.responses.all()
    if share is not None:
        tallies, tail = share.within(tallies), share.within(tail)
    while True:
        watermark = Campaign.objects.filter(pk=campaign.pk).values_list("tallied_up_to", flat=True).get()
        tallied = [
            ((region_id, venue_id, month, dimension), Stats(n, total, total_sq))
            for region_id, venue_id, month, dimension, n, total, total_sq in tallies.values_list(
                "region_id", "venue_id", "month", "dimension", "n", "total", "total_sq"
            )
        ]
        again = Campaign.objects.filter(pk=campaign.pk).values_list("tallied_up_to", flat=True).get()
        if again == watermark:  # no refresh in between: tallies and tail do not overlap
            break
    scored = _score(campaign, index.counted(tail.filter(pk__gt=watermark)))
    return tallied + list(scored.items())


def overall_by_campaign(campaigns, share: Share | None = None) -> dict[int, Cell]:
    """The overall index of each campaign in a few queries, for lists: tallies summed in the database plus the
    untallied tails scored here; with a share, of what counts in it (share.counted)."""
    counted = share.counted() if share is not None else Q()
    campaigns = {c.pk: c for c in campaigns}
    if not campaigns:
        return {}
    marks = Campaign.objects.filter(pk__in=list(campaigns)).values_list("pk", "tallied_up_to")
    while True:
        watermarks = dict(marks.all())
        summed = (
            IndexTally.objects.filter(counted, campaign_id__in=list(campaigns), dimension=index.OVERALL)
            .values("campaign_id")
            .annotate(n=Sum("n"), total=Sum("total"), total_sq=Sum("total_sq"))
        )
        stats = {row["campaign_id"]: Stats(row["n"], row["total"], row["total_sq"]) for row in summed}
        if dict(marks.all()) == watermarks:  # no refresh in between: tallies and tails do not overlap
            break
    after = Q(pk__in=[])
    for campaign_id, watermark in watermarks.items():
        after |= Q(campaign_id=campaign_id, pk__gt=watermark)
    scorers: dict[int, index.Scorer] = {}
    for campaign_id, answers in (
        index.counted(Response.objects.filter(after, counted))
        .order_by()
        .values_list("campaign_id", "answers")
    ):
        questionnaire = campaigns[campaign_id].questionnaire
        if questionnaire.pk not in scorers:
            scorers[questionnaire.pk] = index.Scorer(questionnaire)
        score = scorers[questionnaire.pk](answers).get(index.OVERALL)
        if score is not None:
            stats.setdefault(campaign_id, Stats()).add(score)
    return {pk: index.cell(s) for pk, s in stats.items()}


def year_overall(campaigns, counted: Q, year: int) -> Stats:
    """The overall sums of the year's counted responses over the campaigns, in a few queries whatever their number:
    tallies summed in the database plus the untallied tails scored here; counted is a condition that tallies and
    responses both answer (their region or venue)."""
    campaigns = {c.pk: c for c in campaigns}
    if not campaigns:
        return Stats()
    marks = Campaign.objects.filter(pk__in=list(campaigns)).values_list("pk", "tallied_up_to")
    while True:
        watermarks = dict(marks.all())
        summed = IndexTally.objects.filter(
            counted, campaign_id__in=list(campaigns), dimension=index.OVERALL, month__year=year
        ).aggregate(n=Sum("n"), total=Sum("total"), total_sq=Sum("total_sq"))
        if dict(marks.all()) == watermarks:  # no refresh in between: tallies and tails do not overlap
            break
    total = Stats(summed["n"] or 0, summed["total"] or 0.0, summed["total_sq"] or 0.0)
    after = Q(pk__in=[])
    for campaign_id, watermark in watermarks.items():
        after |= Q(campaign_id=campaign_id, pk__gt=watermark)
    zone = timezone.get_current_timezone()
    scorers: dict[int, index.Scorer] = {}
    tails = index.counted(Response.objects.filter(after, counted)).order_by()
    for campaign_id, answers, submitted_at in tails.values_list("campaign_id", "answers", "submitted_at"):
        if _month(submitted_at, zone).year != year:
            continue
        questionnaire = campaigns[campaign_id].questionnaire
        if questionnaire.pk not in scorers:
            scorers[questionnaire.pk] = index.Scorer(questionnaire)
        score = scorers[questionnaire.pk](answers).get(index.OVERALL)
        if score is not None:
            total.add(score)
    return total


def group(keyed: list[tuple[Key, Stats]], by: int | None) -> dict:
    """{group: {dimension: Stats}}; by is the position in the key (0 region, 1 venue, 2 month) or None for all."""
    grouped: dict = defaultdict(lambda: defaultdict(Stats))
    for key, stats in keyed:
        grouped[key[by] if by is not None else None][key[3]].merge(stats)
    return grouped


def cells(grouped: dict) -> dict:
    return {g: {d: index.cell(s) for d, s in by_dimension.items()} for g, by_dimension in grouped.items()}


def population(region_ids, year: int) -> dict[int, int]:
    """The latest resident population up to the year, per region."""
    found: dict[int, int] = {}
    latest_first = PopulationRecord.objects.filter(region_id__in=list(region_ids), year__lte=year).order_by(
        "region_id", "-year"
    )
    for region_id, resident in latest_first.values_list("region_id", "resident"):
        found.setdefault(region_id, resident)
    return found


@dataclass
class IndexTables:
    overall: dict[str, Cell]
    by_region: dict[int, dict[str, Cell]]
    by_venue: dict[int, dict[str, Cell]]
    by_month: dict[date, dict[str, Cell]]
    weighted: Cell
    population: dict[int, int] = field(default_factory=dict)


def campaign_tables(campaign: Campaign, share: Share | None = None) -> IndexTables:
    """The campaign's index: all, by jurisdiction, by venue and by month, and the population-weighted figure. With
    a share, all, by jurisdiction and by month count what counts in it (its residents, or for a venue the responses
    about it), by venue the responses about its venues."""
    keyed = about_venues = rows(campaign, share)
    if share is not None:
        about_venues = [row for row in keyed if row[0][1] in share.venue_ids]
        keyed = [row for row in keyed if share.counts(row[0][0], row[0][1])]
    by_region = group(keyed, 0)
    weights = population([k for k in by_region if k], campaign.ends_on.year)
    return IndexTables(
        overall=cells(group(keyed, None)).get(None, {}),
        by_region={k: v for k, v in cells(by_region).items() if k},
        by_venue={k: v for k, v in cells(group(about_venues, 1)).items() if k},
        by_month=dict(sorted(cells(group(keyed, 2)).items())),
        weighted=index.post_stratified(
            {k: v[index.OVERALL] for k, v in by_region.items() if k and index.OVERALL in v}, weights
        ),
        population=weights,
    )
