"""Demo public evaluation: the default questionnaire, the first-half campaign of the year (closed) and the second-half
campaign (open), with synthetic responses across the districts and venues — each district with its own level of
satisfaction and the information dimension weakest, as in the published surveys — so every chart shows something.
A few responses are flagged (answered too fast) for the office to review."""

import hashlib
import json
import random
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from changxiao.core.deadlines import replaying
from changxiao.core.demo import register_demo
from changxiao.orgs.models import Region, Unit, User

from . import services, tallies
from .models import Campaign, Response, answered_fast
from .questionnaires import load_shipped

SHANGHAI = ZoneInfo("Asia/Shanghai")
# District code: mean answer on the 5-point scale (before the per-dimension shifts).
DISTRICT_LEVELS = {
    "320508": 4.25,
    "320506": 3.9,
    "320507": 3.7,
    "320505": 4.0,
    "320571": 4.35,
    "320509": 3.8,
    "320581": 4.1,
    "320582": 4.05,
    "320583": 3.95,
    "320585": 3.75,
}
DIMENSION_SHIFT = {
    "facilities": 0.1,
    "content": -0.05,
    "service": 0.15,
    "convenience": 0.0,
    "information": -0.35,
}
# Written suggestions (问卷的“意见和建议”), given by about one respondent in six; chosen from the response's identifier
# so the answers drawn above (and every figure of the demo) stay as they were.
SUGGESTIONS = [
    "活动预告能不能在公众号上提前一周发布？经常错过报名。",
    "希望延长周末和节假日的开放时间。",
    "少儿活动太少，报名很难抢到。",
    "建议多在社区开展文艺演出，方便老年人参加。",
    "停车不方便，希望增加公交线路或非机动车停放点。",
    "希望增加数字阅读和线上讲座。",
    "工作人员服务热情，环境很好，继续保持。",
    "场馆位置不好找，希望在路口增加指示牌。",
]
VENUES = ["SZ-LIB", "SZ-WHG", "SZ-MUSEUM", "GS-WHG", "WJ-LIB", "CS-LIB", "KS-LIB"]
CAMPAIGNS = [
    # title, start, end, responses, quota
    ("2026年上半年公共文化服务公众满意度测评", date(2026, 3, 1), date(2026, 6, 30), 1500, 3000),
    ("2026年下半年公共文化服务公众满意度测评", date(2026, 9, 1), date(2026, 12, 20), 900, None),
]


def _answers(
    rng: random.Random, questionnaire_items, district: Region, level: float, venue: Unit | None
) -> dict:
    answers: dict = {
        "age": rng.choice(["u18", "18_34", "18_34", "35_59", "35_59", "35_59", "60p", "60p"]),
        "district": district.pk,
        "frequency": rng.choice(["0", "1_3", "1_3", "4_11", "4_11", "12p"]),
    }
    if rng.random() < 0.8:
        answers["gender"] = rng.choice(["m", "f"])
    if answers["frequency"] != "0" and venue is not None:
        answers["venue"] = venue.pk
    person = rng.gauss(0, 0.45)
    for code, dimension in questionnaire_items:
        if rng.random() < 0.05:
            answers[code] = 0  # 不清楚
            continue
        value = level + DIMENSION_SHIFT.get(dimension, 0) + person + rng.gauss(0, 0.6)
        answers[code] = min(5, max(1, round(value)))
    answers["recommend"] = min(10, max(0, round((level + person) * 2 + rng.gauss(0, 1.2))))
    if rng.random() < 0.4:
        answers["wishes"] = sorted(
            rng.sample(["reading", "shows", "training", "heritage", "digital", "kids"], 2)
        )
    return answers


def _respond(campaign: Campaign, count: int, rng: random.Random, targets, districts, venues) -> int:
    today = timezone.localdate()
    last = min(campaign.ends_on, today - timedelta(days=1))
    days = (last - campaign.starts_on).days + 1
    items = [
        (q.code, q.dimension)
        for q in campaign.questionnaire.questions.filter(kind="likert5").exclude(dimension="")
    ]
    rows = []
    for i in range(count):
        target = rng.choice(targets)
        district = target.region if target.region and target.region.level != "city" else rng.choice(districts)
        venue = target.venue or (rng.choice(venues) if rng.random() < 0.5 else None)
        if venue is not None and venue.region.level in ("county", "zone"):
            district = venue.region
        level = DISTRICT_LEVELS[district.code] + (0.1 if campaign.starts_on.month > 6 else 0)
        answers = _answers(rng, items, district, level, venue)
        fast = i % 97 == 0
        day = campaign.starts_on + timedelta(days=int(rng.triangular(0, days - 1, days * 0.3)))
        moment = datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=SHANGHAI)
        client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        if client_id.int % 6 == 0:
            answers["suggestion"] = SUGGESTIONS[client_id.int // 6 % len(SUGGESTIONS)]
        seconds = rng.randint(4, 12) if fast else rng.randint(60, 420)
        rows.append(
            Response(
                campaign=campaign,
                target=target,
                questionnaire=campaign.questionnaire,
                client_id=client_id,
                answers=answers,
                content_hash=hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest(),
                region=district,
                venue=venue,
                seconds=seconds,
                suspicious=fast,
                suspicion=answered_fast(seconds) if fast else "",
                submitted_at=moment,
            )
        )
    Response.objects.bulk_create(sorted(rows, key=lambda r: r.submitted_at), batch_size=500)
    return len(rows)


@register_demo("surveys", order=45)
def load(stdout) -> list:
    questionnaire = load_shipped()[0][0]
    if Campaign.objects.exists():
        stdout.write("surveys: campaigns already present, left unchanged")
        return []
    office = User.objects.get(username="office")
    city = Region.objects.get(code="320500")
    districts = list(Region.objects.filter(code__in=DISTRICT_LEVELS).order_by("path"))
    venues = list(Unit.objects.filter(code__in=VENUES).select_related("region").order_by("code"))
    rng = random.Random(2026)  # noqa: S311  (synthetic answers, not secrets)
    today = timezone.localdate()
    total = 0
    for title, starts_on, ends_on, count, quota in CAMPAIGNS:
        if starts_on > today:
            continue
        with replaying(starts_on):  # set up as the office did, on the day it opened
            campaign = services.campaign_create(
                by=office,
                title=title,
                questionnaire=questionnaire,
                region=city,
                starts_on=starts_on,
                ends_on=ends_on,
                quota=quota,
            )
        for district in districts:
            services.target_add(campaign=campaign, by=office, label=district.name, region=district)
        for venue in venues[:4]:
            services.target_add(campaign=campaign, by=office, label=venue.name, venue=venue)
        if starts_on.month > 6:
            services.target_add(
                campaign=campaign,
                by=office,
                label="文化惠民送戏下乡（吴江区七都镇）",
                region=next(d for d in districts if d.code == "320509"),
            )
        targets = list(campaign.targets.select_related("region", "venue__region"))
        total += _respond(campaign, count, rng, targets, districts, venues)
        tallies.refresh(campaign)
    flagged = Response.objects.filter(suspicious=True).count()
    stdout.write(
        f"surveys: {Campaign.objects.count()} campaigns, {total} responses ({flagged} flagged), "
        f"questionnaire {questionnaire}"
    )
    return []
