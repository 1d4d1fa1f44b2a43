"""Citizen feedback's year in the province (core.province): items about the villages (1,000,000 at scale 1) of every
kind, routed to the township's station, eight in ten answered (with the public reply) and half of those rated by the citizen; a
third left a phone, encrypted and masked as the public form stores it."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from changxiao.core import personal_data
from changxiao.core.province import BATCH, Province, register_province

from .choices import FeedbackState, Kind, Rating
from .models import Category, Evaluation, FeedbackItem, Reply

FEEDBACK = 1_000_000
CONTENTS = (
    "希望增加周末的文艺演出",
    "图书室晚上能否延长开放",
    "广场舞场地灯光太暗",
    "感谢文化站组织的戏曲进村",
)
# Encrypting is the slow part of a row: a pool of phones, each item taking one (as many residents write twice).
PHONES = 2_000


@register_province("feedback", order=300, occupied_by=("feedback.FeedbackItem",))
def generate(province: Province) -> dict[str, int]:
    tree, year, today = province.tree, province.year, province.today
    category, _created = Category.objects.get_or_create(owner=None, name="活动内容")
    stations = {s.region_id: s for s in tree["stations"]}
    villages = tree["villages"]
    rng = province.rng("feedback")
    phones = []
    for _n in range(min(PHONES, province.volume(FEEDBACK))):
        phone = f"139{rng.randrange(10**8):08d}"
        phones.append((personal_data.encrypt(phone), personal_data.mask_phone(phone)))
    kinds = list(Kind.values)
    written = replies = ratings = 0
    total = province.volume(FEEDBACK)
    for start in range(0, total, BATCH):
        items = []
        for n in range(start, min(start + BATCH, total)):
            # Items arrive from anywhere in any order: a county's are scattered over the table, as they are in use
            # (round-robin through the villages wrote a city's items in runs, which made reading them cheaper than
            # it is).
            village = villages[rng.randrange(len(villages))]
            day = min(date(year, 1, 1) + timedelta(days=n * 365 // total), today)
            answered = rng.random() < 0.8
            answered_on = day + timedelta(days=rng.choice([3, 8, 12, 20])) if answered else None
            if answered_on and answered_on > today:
                answered, answered_on = False, None
            phone = rng.choice(phones) if rng.random() < 0.33 else ("", "")
            items.append(
                FeedbackItem(
                    code=f"P{n:09d}",
                    kind=kinds[n % len(kinds)],
                    category=category,
                    region=village,
                    content=CONTENTS[n % len(CONTENTS)],
                    phone_encrypted=phone[0],
                    phone_masked=phone[1],
                    unit=stations[village.parent_id],
                    state=FeedbackState.ANSWERED if answered else FeedbackState.ASSIGNED,
                    acknowledge_due=day + timedelta(days=2),
                    answer_due=day + timedelta(days=15),
                    acknowledged_on=day + timedelta(days=1) if answered else None,
                    answered_on=answered_on,
                    answered_on_time=answered_on <= day + timedelta(days=15) if answered else None,
                    last_rating=rng.choice(Rating.values) if answered and rng.random() < 0.5 else "",
                    content_hash=f"{n:064d}",
                    submitted_at=timezone.make_aware(datetime.combine(day, time(9 + n % 10))),
                )
            )
        items = FeedbackItem.objects.bulk_create(items)
        made = Reply.objects.bulk_create(
            Reply(
                item=item,
                text="已收到，将在下月安排。",
                unit=item.unit,
                created_at=timezone.make_aware(datetime.combine(item.answered_on, time(16))),
            )
            for item in items
            if item.answered_on
        )
        rated = Evaluation.objects.bulk_create(
            Evaluation(
                item=item,
                rating=item.last_rating,
                created_at=timezone.make_aware(datetime.combine(item.answered_on, time(20))),
            )
            for item in items
            if item.last_rating
        )
        written += len(items)
        replies += len(made)
        ratings += len(rated)
    return {"feedback items": written, "replies": replies, "ratings": ratings}
