"""Demo citizen feedback: categories, routing rules and about thirty items of every kind and state — answered and
rated, reopened, transferred (one three times), escalated into a supervision finding (one whose finding was
reassigned to the station itself, rectified and verified, the outcome told to the citizen and rated; one still
under supervision), overdue, waiting in triage. Replayed day by day through the services, as in the supervision
demo.

An item is escalated through core.events.finding_open, as the office's button does; what supervision then decides is
supervision's demo ("supervision-sources", after this loader), told back through core.events.finding_outcome; the
citizens rate those outcomes in a second loader of this module ("feedback-outcomes", after supervision's)."""

from contextlib import contextmanager
from datetime import date
from unittest import mock

from django.utils import timezone

from changxiao.core import events
from changxiao.core.deadlines import replaying
from changxiao.core.demo import demo_moment, first_member, register_demo
from changxiao.core.models import TimelineEvent
from changxiao.orgs.models import Region, Unit, User

from . import services
from .models import Category, Evaluation, FeedbackItem, Reply, RoutingRule, SupervisionOutcome

YEAR = 2026
# The demonstration zone whose office keeps these settings (orgs.demo).
CITY_CODE = "320500"
SECOND_CITY_CODE = "320200"
CATEGORIES = ["设施设备", "活动内容", "开放时间", "服务态度", "无障碍", "信息公开"]
# (category or None, region code or None, venue code or None, handling unit code)
RULES = [
    (None, None, "SZ-LIB", "SZ-LIB"),
    (None, None, "SZ-WHG", "SZ-WHG"),
    (None, "320508", None, "GS-WTL"),
    (None, "320506", None, "WZ-WTL"),
    (None, "320509", None, "WJ-WTL"),
    (None, "320583", None, "KS-WGL"),
    (None, "320581", None, "CS-WGL"),
    ("活动内容", "320500", None, "SZ-WGL"),
]

# kind, category, region, venue, content, phone, day, story
ITEMS = [
    (
        "complaint",
        "设施设备",
        "320508",
        "SZ-LIB",
        "苏州图书馆少儿区空调坏了，孩子们热得看不进书",
        "13812345601",
        (5, 6),
        [("reply", (5, 8), "已报修，维修人员明天到馆"), ("rate", (5, 12), "satisfied")],
    ),
    (
        "demand",
        "开放时间",
        "320508",
        "SZ-LIB",
        "希望图书馆周一也能开放，上班族只有这天调休",
        "",
        (5, 20),
        [("reply", (5, 27), "经研究，7月起周一下午开放自习区"), ("rate", (6, 2), "basically")],
    ),
    (
        "suggestion",
        "活动内容",
        "320500",
        None,
        "建议多办一些适合老年人的戏曲欣赏活动",
        "13912345602",
        (6, 3),
        [("reply", (6, 10), "已纳入下半年“戏曲进社区”计划"), ("rate", (6, 15), "satisfied")],
    ),
    (
        "praise",
        "服务态度",
        "320508",
        "SZ-WHG",
        "市文化馆的舞蹈老师非常耐心，给她点赞",
        "",
        (6, 8),
        [("reply", (6, 9), "感谢您的鼓励，我们会继续努力"), ("rate", (6, 10), "satisfied")],
    ),
    (
        "complaint",
        "无障碍",
        "320508",
        "SZ-WHG",
        "文化馆东门的无障碍坡道被展板挡住，轮椅进不去",
        "13712345603",
        (6, 18),
        [
            ("reply", (6, 19), "已移走展板并安排每日巡查"),
            ("rate", (6, 25), "unsatisfied", "今天去看又被挡住了"),
            ("reply", (6, 28), "已设置固定隔离桩，并明确专人负责"),
            ("rate", (7, 3), "satisfied"),
        ],
    ),
    (
        "complaint",
        "开放时间",
        "320583",
        None,
        "周庄镇文化站说好的周末开放，去了两次都锁着门",
        "13612345604",
        (7, 6),
        [
            ("reply", (7, 14), "已核实，是管理员临时请假"),
            ("rate", (7, 20), "unsatisfied", "不是第一次了"),
            ("reply", (7, 28), "已调整排班"),
            ("rate", (8, 3), "unsatisfied", "上周末还是锁着"),
            ("escalate", (8, 5)),
            # Supervision reassigns the finding to the station, which rectifies; verified on 8/19 (its demo).
            ("rate", (8, 24), "satisfied", "这两周去都开着门，谢谢"),
        ],
    ),
    (
        "demand",
        "活动内容",
        "320506",
        None,
        "木渎镇能不能开个书法培训班，孩子想学",
        "",
        (7, 15),
        [("reply", (7, 29), "8月起每周六上午开班，欢迎报名")],
    ),
    (
        "suggestion",
        "信息公开",
        "320509",
        None,
        "吴江区的文化活动预告能不能提前一周发布",
        "",
        (8, 2),
        [
            ("transfer", (8, 4), "活动预告由市文广旅局统一发布", "SZ-WGL"),
            ("reply", (8, 12), "已要求各区提前七天发布活动预告"),
        ],
    ),
    (
        "complaint",
        "服务态度",
        "320581",
        None,
        "常熟图书馆借还处工作人员态度生硬",
        "13512345605",
        (8, 20),
        [("reply", (8, 25), "已对相关人员进行批评教育"), ("rate", (8, 30), "basically")],
    ),
    ("demand", "设施设备", "320585", None, "太仓沙溪镇的文化活动室能不能添几台电脑", "", (9, 1), []),
    (
        "complaint",
        "开放时间",
        "320505",
        None,
        "狮山街道文化站中午不开门，老人没地方休息",
        "13412345606",
        (9, 10),
        [
            ("assign", (9, 11), "SND-WTL"),
            ("assign", (9, 12), "GS-WTL"),
            ("assign", (9, 15), "SND-WTL"),
            ("assign", (9, 18), "WZ-WTL"),
        ],
    ),
    (
        "suggestion",
        "活动内容",
        "320500",
        None,
        "希望博物馆多开夜场",
        "",
        (10, 9),
        [("reply", (10, 16), "国庆期间已试行夜场，将总结后推广")],
    ),
    ("complaint", "设施设备", "320508", "SZ-LIB", "自助借还机经常死机", "13312345607", (10, 26), []),
    (
        "demand",
        "无障碍",
        "320583",
        None,
        "昆山市图书馆能否提供大字版图书",
        "",
        (11, 2),
        [("reply", (11, 6), "已采购大字本300册，下月上架")],
    ),
    ("praise", "活动内容", "320509", None, "同里古镇的评弹演出很精彩", "", (11, 10), []),
    (
        "complaint",
        "无障碍",
        "320581",
        None,
        "常熟市文化馆没有无障碍卫生间，坐轮椅来看展只能回家",
        "13112345609",
        (9, 22),
        [
            ("reply", (9, 29), "已列入明年改造计划"),
            ("rate", (10, 9), "unsatisfied", "明年太久了"),
            ("reply", (10, 16), "正在协调临时方案"),
            ("rate", (10, 20), "unsatisfied", "还是没有"),
            ("escalate", (10, 22)),
        ],
    ),
    ("complaint", "服务态度", "320506", None, "东山镇文化站电话一直没人接", "13212345608", (11, 16), []),
    ("suggestion", "信息公开", "320583", None, "建议公布各文化站的开放时间表", "", (11, 20), []),
]


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


DATED = {
    TimelineEvent: "created_at",
    FeedbackItem: "submitted_at",
    Reply: "created_at",
    Evaluation: "created_at",
    SupervisionOutcome: "told_at",
}


@contextmanager
def on(day: date):
    marks = {
        model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) for model in DATED
    }
    # The replay is one transaction: events (a finding's outcome told to the item) reach the item on the day.
    with (
        mock.patch.object(services, "local_today", lambda: day),
        replaying(day),
        events.delivered_at_once(),
    ):
        yield
    for model, field in DATED.items():
        model.objects.filter(pk__gt=marks[model]).update(**{field: demo_moment(day)})


def _until_escalated(story: list) -> tuple[list, list]:
    """An item's story up to its escalation, and the steps that wait on supervision's decision (rating it)."""
    for index, step in enumerate(story):
        if step[0] == "escalate":
            return story[: index + 1], story[index + 1 :]
    return story, []


def _second_zone() -> None:
    """无锡市, the province's second zone, keeps its own categories and sends its items to its culture department:
    its citizens choose it on the public form, and neither office sees the other's settings."""
    wuxi = Region.objects.filter(code=SECOND_CITY_CODE).first()
    department = Unit.objects.filter(code="WX-WGL").first()
    if wuxi is None or department is None:
        return
    for i, name in enumerate(CATEGORIES[:4]):
        Category.objects.get_or_create(owner=wuxi, name=name, defaults={"sort_order": i})
    RoutingRule.objects.get_or_create(owner=wuxi, region=wuxi, category=None, venue=None, unit=department)


@register_demo("feedback", order=40)
def load(stdout) -> list:
    if FeedbackItem.objects.exists():
        stdout.write("feedback: items already present, left unchanged")
        return []
    # The city's office keeps the categories and routing rules of its jurisdiction.
    city = Region.objects.get(code=CITY_CODE)
    categories = {
        name: Category.objects.get_or_create(owner=city, name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(CATEGORIES)
    }
    codes = {r[3] for r in RULES} | {r[2] for r in RULES if r[2]} | {i[3] for i in ITEMS if i[3]}
    codes |= {step[3] for item in ITEMS for step in item[7] if step[0] in ("transfer",)}
    codes |= {step[2] for item in ITEMS for step in item[7] if step[0] == "assign"}
    units = Unit.objects.in_bulk(codes, field_name="code")
    regions = Region.objects.in_bulk({r[1] for r in RULES if r[1]} | {i[2] for i in ITEMS}, field_name="code")
    for category, region, venue, unit in RULES:
        RoutingRule.objects.create(
            owner=city,
            category=categories.get(category),
            region=regions.get(region),
            venue=units.get(venue),
            unit=units[unit],
        )
    _second_zone()
    office = User.objects.get(username="office")
    today = timezone.localdate()
    for number, (kind, category, region, venue, content, phone, (month, day), story) in enumerate(ITEMS):
        if d(month, day) > today:
            continue
        with on(d(month, day)):
            item, _created = services.feedback_submit(
                kind=kind,
                category=categories[category],
                region=regions[region],
                venue=units.get(venue),
                content=content,
                phone=phone,
                name="市民" if phone else "",
                client=f"demo-{number}",
            )
        for step in _until_escalated(story)[0]:
            step_day = d(*step[1])
            if step_day > today:
                break
            with on(step_day):
                item.refresh_from_db()
                handler = first_member(item.unit) if item.unit else None
                if step[0] == "reply" and handler:
                    services.reply_add(item=item, by=handler, text=step[2], public=True)
                elif step[0] == "rate":
                    services.item_rate(item=item, rating=step[2], comment=step[3] if len(step) > 3 else "")
                elif step[0] == "assign":
                    services.item_assign(item=item, by=office, unit=units[step[2]])
                elif step[0] == "transfer" and handler:
                    request = services.transfer_request(
                        item=item, by=handler, reason=step[2], suggested_unit=units[step[3]]
                    )
                    services.transfer_approve(request=request, by=office, unit=units[step[3]])
                elif step[0] == "escalate":
                    services.item_escalate(item=item, by=office)
    items = FeedbackItem.objects.all()
    stdout.write(
        f"feedback: {items.count()} items ("
        + ", ".join(
            f"{state} {items.filter(state=state).count()}"
            for state in sorted(set(items.values_list("state", flat=True)))
        )
        + f"), {RoutingRule.objects.count()} routing rules, {len(categories)} categories"
    )
    return []


@register_demo("feedback-outcomes", order=42)
def load_outcomes(stdout) -> list:
    """The citizens rate what supervision decided on their escalated items (its demo, "supervision-sources", runs
    before this one); each outcome is dated to the day it was decided, when it was told."""
    today = timezone.localdate()
    rated = 0
    for _kind, _category, _region, _venue, content, _phone, _day, story in ITEMS:
        item = FeedbackItem.objects.filter(content=content).first()
        if item is None:
            continue
        for outcome in item.outcomes.all():
            SupervisionOutcome.objects.filter(pk=outcome.pk).exclude(
                told_at=demo_moment(outcome.decided_on)
            ).update(told_at=demo_moment(outcome.decided_on))
        for step in _until_escalated(story)[1]:
            if d(*step[1]) > today:
                break
            item.refresh_from_db()
            # Rated once, when supervision has told a final outcome (running the demo again rates nothing twice).
            if step[0] == "rate" and item.outcome_to_rate:
                with on(d(*step[1])):
                    services.item_rate(item=item, rating=step[2], comment=step[3] if len(step) > 3 else "")
                rated += 1
    stdout.write(f"feedback: supervision outcomes rated by the citizens: {rated}")
    return []
