"""Surveys' year in the province (core.province): a satisfaction campaign per city on the shipped questionnaire, a
link per county, and responses through the year (10,000,000 at scale 1) from a pool of drawn respondents per county
(answers of the stored shape, one in a hundred too fast and flagged), then tallied as the sweep tallies them."""

import hashlib
import json
import uuid
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from . import tallies
from .models import Campaign, CampaignTarget, Response
from .questionnaires import load_shipped

RESPONSES = 10_000_000
POOL = 200  # drawn respondents per county, reused
# The columns written, in order (the model's attribute names too).
COLUMNS = (
    "campaign_id",
    "target_id",
    "questionnaire_id",
    "client_id",
    "answers",
    "content_hash",
    "region_id",
    "venue_id",
    "seconds",
    "suspicious",
    "suspicion",
    "submitted_at",
)
TEXTS = ("希望多办几场周末亲子活动", "图书馆的新书可以再多一些", "")


def _answers(rng, questions, county, venue) -> dict:
    level = 3.2 + county.pk % 7 * 0.2
    answers: dict = {}
    for question in questions:
        condition = question.condition or {}
        if condition and str(answers.get(condition.get("question"))) not in condition.get("in", []):
            continue
        values = [str(choice[0]) for choice in question.choices]
        if question.kind == "likert5":
            answers[question.code] = min(5, max(1, round(level + rng.gauss(0, 0.8))))
        elif question.kind == "rating10":
            answers[question.code] = min(10, max(0, round(level * 2 + rng.gauss(0, 1.5))))
        elif question.kind == "single" and values:
            answers[question.code] = rng.choice(values)
        elif question.kind == "multiple" and values:
            answers[question.code] = sorted(rng.sample(values, rng.randint(1, min(2, len(values)))))
        elif question.kind == "region":
            answers[question.code] = county.pk
        elif question.kind == "venue":
            answers[question.code] = venue.pk
        elif question.required or rng.random() < 0.1:
            answers[question.code] = rng.choice(TEXTS) or "无"
    return answers


def _copy(rows) -> int:
    """PostgreSQL: the rows through COPY (a tenth of the time of INSERTs at 10,000,000 responses)."""
    written = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {Response._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def _insert(rows) -> int:
    written = 0
    batch = []
    for row in rows:
        batch.append(Response(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == BATCH:
            written += len(Response.objects.bulk_create(batch))
            batch.clear()
    return written + len(Response.objects.bulk_create(batch))


@register_province("surveys", order=300, occupied_by=("surveys.Campaign",))
def generate(province: Province) -> dict[str, int]:
    tree, year = province.tree, province.year
    questionnaire = load_shipped()[0][0]
    questions = list(questionnaire.questions.order_by("position"))
    venue_codes = {q.code for q in questions if q.kind == "venue"}
    start = date(year, 1, 1)
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            title=f"{city.name}{year}年公共文化服务满意度测评",
            questionnaire=questionnaire,
            region=city,
            starts_on=start,
            ends_on=date(year, 12, 31),
            created_by=province.admin,
        )
        for city in tree["cities"]
    )
    campaign_of = {c.region_id: c for c in campaigns}
    targets = CampaignTarget.objects.bulk_create(
        CampaignTarget(campaign=campaign_of[county.parent_id], label=county.name, region=county)
        for county in tree["counties"]
    )
    rng = province.rng("surveys")
    libraries = {u.region_id: u for u in tree["libraries"]}
    pools = []  # per county: (campaign, target, county, library, [(answers json, hash)])
    for target, county in zip(targets, tree["counties"], strict=True):
        drawn = []
        for _ in range(POOL):
            answers = _answers(rng, questions, county, libraries[county.pk])
            canonical = json.dumps(answers, sort_keys=True, ensure_ascii=False)
            drawn.append((answers, json.dumps(answers), hashlib.sha256(canonical.encode()).hexdigest()))
        pools.append((campaign_of[county.parent_id], target, county, libraries[county.pk], drawn))
    total = province.volume(RESPONSES)
    # Up to an hour ago: older than tallies.SETTLE_SECONDS, so the sweep counts every one.
    span = (timezone.now() - timedelta(hours=1)) - timezone.make_aware(datetime.combine(start, time(8)))
    first = timezone.now() - timedelta(hours=1) - span

    def rows():
        for n in range(total):
            campaign, target, county, library, drawn = pools[n % len(pools)]
            answers, text, digest = rng.choice(drawn)
            fast = rng.random() < 0.01
            yield (
                campaign.pk,
                target.pk,
                questionnaire.pk,
                uuid.UUID(int=rng.getrandbits(128), version=4),
                answers if connection.vendor != "postgresql" else text,
                digest,
                county.pk,
                library.pk if venue_codes & answers.keys() else None,
                rng.randint(4, 12) if fast else rng.randint(60, 420),
                fast,
                "answered in 6s" if fast else "",
                submitted_at(first, span, n, total),
            )

    written = _copy(rows()) if connection.vendor == "postgresql" else _insert(rows())
    for campaign in campaigns:
        tallies.refresh(campaign)
    return {"campaigns": len(campaigns), "survey responses": written}


def submitted_at(first: datetime, span: timedelta, n: int, total: int) -> datetime:
    """The n-th of `total` responses spread evenly over `span` from `first` (span × n first would pass the largest
    timedelta, a billion days, at scale 1's ten million responses)."""
    return first + span * (n / total)
