"""Demo supervision data: inspections of several kinds in 2026 with findings in every state, the escalation
ladder climbed for late ones, an extension, a bulletin issued internally and published after review, an
accountability record corrected with a reason, and an inspection entered twice whose copy the office cancelled.

History is replayed through the services on the day it happened (the services' clock is set to that day), and
the rows written that day are then dated to it, so timelines and figures read as a real year would."""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from changxiao.core import bounds, events
from changxiao.core.deadlines import replaying
from changxiao.core.demo import demo_moment, first_member, register_demo
from changxiao.core.extensions import extension_approve, extension_request
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.orgs.models import Region, Unit, User

from . import escalation, notices, services
from .choices import EscalationLevel, FindingState
from .models import Accountability, Bulletin, EscalationStep, Finding, Inspection, Rectification

YEAR = 2026
CITY_CODE = "320500"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


@contextmanager
def on(day: date):
    """Act through the services as on ``day``; rows written meanwhile are dated to that day."""
    marks = {
        model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) for model in DATED
    }
    with (
        replaying(day),
        mock.patch.object(services, "local_today", lambda: day),
        mock.patch.object(notices, "local_today", lambda: day),
        mock.patch.object(bounds, "local_today", lambda: day),
    ):
        yield
    moment = demo_moment(day)
    for model, field_name in DATED.items():
        model.objects.filter(pk__gt=marks[model]).update(**{field_name: moment})


DATED = {
    TimelineEvent: "created_at",
    Finding: "created_at",
    Inspection: "created_at",
    Rectification: "submitted_at",
    EscalationStep: "created_at",
    Attachment: "uploaded_at",
}


@dataclass
class FindingSpec:
    unit: str
    description: str
    requirement: str
    severity: str = "minor"
    place: str = ""
    co_units: tuple[str, ...] = ()
    due_workdays: int = 10
    # The story: ("submit", day, measures) / ("return", day, reason) / ("verify", day, comment) /
    # ("close", day, outcome, reason) / ("extend", day, new date, reason) / ("acknowledge", day)
    steps: list[tuple] = field(default_factory=list)


@dataclass
class InspectionSpec:
    kind: str
    title: str
    day: date
    observers: str = ""
    checklist: str = ""
    findings: list[FindingSpec] = field(default_factory=list)


INSPECTIONS = [
    InspectionSpec(
        "routine",
        "一季度公共文化场馆免费开放常态督查",
        d(3, 12),
        checklist="开放时间公示\n免费开放项目目录\n无障碍设施\n服务台值守\n消防与安全",
        findings=[
            FindingSpec(
                "SZ-LIB",
                "少儿阅览区开放时间与公示时间不一致，周一上午未按公示开放",
                "严格按公示时间开放，并在官网和入口同步更新开放时间",
                place="苏州图书馆少儿馆",
                steps=[
                    ("acknowledge", d(3, 13)),
                    ("submit", d(3, 20), "已调整值班表，周一上午安排专人值守，官网同步更新"),
                    ("verify", d(3, 24), "现场复查，已按公示时间开放"),
                ],
            ),
            FindingSpec(
                "GS-WHG",
                "无障碍坡道被临时展板占用",
                "立即清理无障碍通道，建立每日巡查制度",
                severity="major",
                place="姑苏区文化馆东门",
                due_workdays=5,
                steps=[
                    ("submit", d(3, 18), "已清理展板"),
                    ("return", d(3, 19), "未提供巡查制度及记录，请补充"),
                    ("submit", d(3, 23), "补充每日巡查制度和一周巡查记录"),
                    ("verify", d(3, 26), "同意销号"),
                ],
            ),
            FindingSpec(
                "WJ-LIB",
                "免费开放项目目录未在显著位置公示",
                "在入口及官网公示免费开放项目目录",
                steps=[("submit", d(4, 8), "已在入口和官网公示"), ("verify", d(4, 10), "核查属实，但已逾期")],
            ),
        ],
    ),
    InspectionSpec(
        "special",
        "基层综合性文化服务中心专项督查",
        d(6, 16),
        checklist="场地面积与功能室\n专兼职人员\n年度活动场次\n设备完好率",
        findings=[
            FindingSpec(
                "KS-QB-SHI",
                "文化活动室长期上锁，群众反映无法使用",
                "落实专人管理，每周开放不少于5天并公示开放时间",
                severity="serious",
                place="周庄镇祁浜村",
                co_units=("KS-WGL",),
                due_workdays=10,
                steps=[("acknowledge", d(6, 17))],
            ),
            FindingSpec(
                "WZ-MD-ZHAN",
                "文化站多功能厅被挪作仓库",
                "恢复多功能厅文化用途",
                severity="major",
                place="木渎镇综合文化站",
                due_workdays=15,
                steps=[
                    ("extend", d(7, 1), d(7, 31), "仓库物资需协调镇里另择场所，申请延期"),
                    ("submit", d(7, 28), "物资已迁出，多功能厅恢复使用"),
                    ("verify", d(7, 30), "现场复查合格"),
                ],
            ),
            FindingSpec(
                "TC-DL-SHI",
                "活动室图书长期未更新，借阅登记缺失",
                "补充更新图书并建立借阅登记",
                steps=[
                    (
                        "close",
                        d(6, 30),
                        "reassigned",
                        "图书更新由太仓市图书馆总分馆统一配送，转由太仓市文广旅局协调",
                    )
                ],
            ),
        ],
    ),
    InspectionSpec(
        "npc_cppcc",
        "市人大常委会公共文化服务保障法实施情况视察",
        d(9, 8),
        observers="市人大常委会教科文卫工委委员、部分市人大代表",
        findings=[
            FindingSpec(
                "SZ-CZJ",
                "部分区县公共文化服务专项资金拨付滞后",
                "督促各区县按时足额拨付专项资金，建立拨付进度月报",
                severity="major",
                due_workdays=20,
                steps=[("submit", d(9, 30), "已下发督促通知，建立月报制度"), ("verify", d(10, 9), "同意")],
            ),
            FindingSpec(
                "SZ-WHG",
                "数字文化馆平台活动预约功能故障",
                "修复预约功能并排查同类问题",
                due_workdays=10,
                steps=[
                    ("submit", d(9, 21), "已修复"),
                    ("close", d(9, 25), "duplicate", "与群众反馈转办问题重复，按原问题跟踪"),
                ],
            ),
        ],
    ),
    InspectionSpec(
        "media",
        "“文化惠民看实效”新闻媒体舆论监督",
        d(10, 20),
        observers="苏州日报、苏州广电总台记者",
        findings=[
            FindingSpec(
                "CS-LIB",
                "媒体暗访发现自助借还机故障多日无人维修",
                "立即维修并公开服务承诺",
                place="常熟图书馆一楼大厅",
                due_workdays=5,
                steps=[],
            ),
            FindingSpec(
                "SIP-LIB",
                "夜间开放时段阅览区照明不足",
                "更换照明设备",
                due_workdays=10,
                steps=[
                    ("submit", d(11, 2), "已更换照明"),
                    ("return", d(11, 4), "照片显示部分区域仍未更换，请补充"),
                ],
            ),
        ],
    ),
    InspectionSpec(
        "stage_review",
        "四季度长效管理阶段性考评",
        d(11, 17),
        findings=[
            FindingSpec(
                "GS-PJ-ZHAN",
                "文化站年度活动台账不完整",
                "补齐台账并按月归档",
                due_workdays=10,
                steps=[("submit", d(11, 20), "已补齐1—10月活动台账")],
            ),
            FindingSpec(
                "ZJG-WHG",
                "志愿者服务记录未录入平台",
                "录入全年志愿服务记录",
                due_workdays=15,
                steps=[],
            ),
        ],
    ),
]


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _step(finding: Finding, step: tuple, *, inspector: User, office: User) -> None:
    """One step of a finding's story, by the unit (its first person), the inspector or the office."""
    kind, day = step[0], step[1]
    finding.refresh_from_db()
    actor = first_member(finding.lead_unit) or office
    if kind == "acknowledge":
        services.finding_acknowledge(finding=finding, by=actor)
    elif kind == "submit":
        services.rectification_submit(
            finding=finding, by=actor, measures=step[2], evidence=[_evidence("整改照片.png")]
        )
    elif kind in ("return", "verify"):
        rectification = finding.rectifications.order_by("-pk").first()
        review = services.rectification_accept if kind == "verify" else services.rectification_return
        review(rectification=rectification, by=inspector, comment=step[2])
        Rectification.objects.filter(pk=rectification.pk).update(reviewed_at=demo_moment(day, 16))
    elif kind == "close":
        services.finding_close(finding=finding, by=office, outcome=step[2], reason=step[3])
    elif kind == "extend":
        workflow = services.FINDING_EXTENSIONS
        extension = extension_request(
            workflow=workflow, target=finding, by=actor, requested_due_date=step[2], reason=step[3]
        )
        extension_approve(workflow=workflow, extension=extension, by=office, comment="同意延期")


def _inspect(spec: InspectionSpec, *, city: Region, inspector: User, units: dict) -> list[Finding]:
    inspection = services.inspection_create(
        by=inspector,
        region=city,
        kind=spec.kind,
        title=spec.title,
        date=spec.day,
        observers=spec.observers,
        checklist=spec.checklist,
        scope_units=[units[f.unit] for f in spec.findings],
    )
    return [
        services.finding_add(
            inspection=inspection,
            by=inspector,
            description=f.description,
            lead_unit=units[f.unit],
            requirement=f.requirement,
            severity=f.severity,
            place=f.place,
            co_units=[units[c] for c in f.co_units],
            due_workdays=f.due_workdays,
        )
        for f in spec.findings
    ]


@register_demo("supervision", order=30)
def load(stdout) -> list:
    if Inspection.objects.filter(title=INSPECTIONS[0].title).exists():
        stdout.write("supervision: demo inspections already present, left unchanged")
        return []
    city = Region.objects.get(code=CITY_CODE)
    inspector = User.objects.get(username="inspector")
    office = User.objects.get(username="office")
    codes = {f.unit for i in INSPECTIONS for f in i.findings} | {
        c for i in INSPECTIONS for f in i.findings for c in f.co_units
    }
    units = Unit.objects.in_bulk(codes, field_name="code")
    if codes - set(units):
        raise LookupError(
            f"supervision demo: units missing (run the orgs loader first): {sorted(codes - set(units))}"
        )
    today = timezone.localdate()
    # Day by day through the year: the day's inspections and steps, then the nightly sweep's ladder.
    stories: dict[date, list] = {}
    for spec in INSPECTIONS:
        stories.setdefault(spec.day, []).append(("inspect", spec))
        for index, finding_spec in enumerate(spec.findings):
            for step in finding_spec.steps:
                stories.setdefault(step[1], []).append(("step", spec, index, step))
    findings: dict[tuple[str, int], Finding] = {}
    day = min(stories)
    while day <= min(today, d(12, 31)):
        with on(day):
            for action in stories.get(day, []):
                if action[0] == "inspect":
                    for index, finding in enumerate(
                        _inspect(action[1], city=city, inspector=inspector, units=units)
                    ):
                        findings[(action[1].title, index)] = finding
                else:
                    _, spec, index, step = action
                    _step(findings[(spec.title, index)], step, inspector=inspector, office=office)
            escalation.run_ladder(day)
            # The worker builds a red rung's 督办单 once the rung commits; the demo, loaded in one transaction, builds
            # each on its day.
            unbuilt = EscalationStep.objects.filter(level=EscalationLevel.RED, notice__isnull=True)
            escalation.issue_red_notices(list(unbuilt.values_list("pk", flat=True)))
        if day == d(8, 20):
            _accountability(city, office)
        if day == d(10, 20):
            _mistaken_inspection(city, inspector, office)
        if day == d(11, 3):
            _bulletin(city, office)
        day = date.fromordinal(day.toordinal() + 1)
    findings_qs = Finding.objects.filter(inspection__date__year=YEAR)
    states = sorted(set(findings_qs.values_list("state", flat=True)))
    stdout.write(
        f"supervision: {Inspection.objects.current().count()} inspections, {findings_qs.count()} findings ("
        + ", ".join(f"{state} {findings_qs.filter(state=state).count()}" for state in states)
        + f"), {EscalationStep.objects.count()} escalation steps, {Bulletin.objects.count()} bulletin, "
        f"{Accountability.objects.count()} accountability record, "
        f"{Inspection.objects.cancelled().count()} inspection cancelled"
    )
    return []


def _bulletin(city: Region, office: User) -> None:
    with on(d(11, 3)):
        bulletin = services.bulletin_generate(
            by=office, region=city, period_start=d(7, 1), period_end=d(10, 31)
        )
        services.bulletin_update(
            bulletin=bulletin,
            by=office,
            title="关于2026年第三季度及十月份督查发现问题整改情况的通报",
            number=bulletin.number,
            body=bulletin.body + "\n特此通报。",
            is_public=False,
        )
        # Issued internally first; published on the public site once the leading group had read it.
        services.bulletin_issue(bulletin=bulletin, by=office, confirmed=True)
        Bulletin.objects.filter(pk=bulletin.pk).update(issued_at=demo_moment(d(11, 3), 15))
    with on(d(11, 5)):
        services.bulletin_publish(bulletin=bulletin, by=office, confirmed=True)
        Bulletin.objects.filter(pk=bulletin.pk).update(published_at=demo_moment(d(11, 5), 9))


def _mistaken_inspection(city: Region, inspector: User, office: User) -> None:
    """The media oversight entered a second time by mistake; the office cancels the copy the next day."""
    spec = next(i for i in INSPECTIONS if i.kind == "media")
    with on(d(10, 20)):
        copy = services.inspection_create(
            by=inspector,
            region=city,
            kind=spec.kind,
            title=spec.title,
            date=spec.day,
            observers=spec.observers,
        )
    with on(d(10, 21)):
        services.inspection_cancel(
            inspection=copy, by=office, reason="与同日“文化惠民看实效”媒体监督记录重复录入", confirmed=True
        )
    Inspection.objects.filter(pk=copy.pk).update(cancelled_at=demo_moment(d(10, 21), 9))


def _accountability(city: Region, office: User) -> None:
    finding = Finding.objects.filter(lead_unit__code="KS-QB-SHI").first()
    with on(d(8, 20)):
        record = services.accountability_record(
            by=office,
            region=city,
            unit=finding.lead_unit,
            person_name="顾某某",
            person_post="村文化管理员",
            ground="poor_execution",
            ground_detail="活动室长期上锁问题经红色督办后仍未整改到位，群众反映强烈。",
            measure="reminder_talk",
            measure_detail="由周庄镇分管领导进行谈话提醒",
            decided_by="苏州市示范区创建工作领导小组办公室",
            decided_on=d(8, 20),
            findings=[finding],
        )
    with on(d(8, 21)):
        services.accountability_correct(
            record=record,
            by=office,
            reason="谈话人职务录入不完整，按谈话记录补充",
            unit=record.unit,
            ground=record.ground,
            ground_detail=record.ground_detail,
            measure=record.measure,
            decided_by=record.decided_by,
            decided_on=record.decided_on,
            person_name=record.person_name,
            person_post=record.person_post,
            measure_detail="由周庄镇分管文化工作的副镇长进行谈话提醒",
            findings=list(record.findings.all()),
        )


# Findings other channels raised (their demos run first: feedback's escalates citizens' complaints on the day), as
# supervision took them on. Each is found by its source, its responsible unit and the day it was raised — never by
# the channel's own records: (source, responsible unit, day raised, steps). A step is one of _step's, or
# ("reassign", day, the unit responsible, reason): the office closes the finding as not the unit's duty and the
# steps after it are the new finding's.
FROM_SOURCES = [
    (
        "feedback",
        "KS-WGL",
        d(8, 5),
        [
            ("reassign", d(8, 7), "KS-ZZ-ZHAN", "文化站开放排班由周庄镇综合文化站自行负责"),
            ("submit", d(8, 14), "已调整排班，周末由两名管理员轮值，并在站门口和公众号公示开放时间"),
            ("verify", d(8, 19), "两个周末暗访，均按公示时间开放"),
        ],
    ),
]


@register_demo("supervision-sources", order=41)
def load_raised_elsewhere(stdout) -> list:
    """Supervision takes on the findings other channels raised; each decision is told back to the channel at once
    (core.events.finding_outcome), as it would be after the day's commit."""
    office = User.objects.get(username="office")
    today = timezone.localdate()
    # The channel raised them on its replayed day; their rows are dated to it like every row of this demo.
    raised = Finding.objects.exclude(source="").filter(reassigned_from=None, inspection__date__year=YEAR)
    for finding in raised.select_related("inspection"):
        moment = demo_moment(finding.inspection.date)
        Finding.objects.filter(pk=finding.pk).exclude(created_at=moment).update(created_at=moment)
        Inspection.objects.filter(pk=finding.inspection_id).exclude(created_at=moment).update(
            created_at=moment
        )
    taken = 0
    for source, unit_code, raised_on, steps in FROM_SOURCES:
        # Open and first of its line: not yet taken on (a second run of the demo finds it reassigned or closed).
        finding = Finding.objects.filter(
            source=source,
            lead_unit__code=unit_code,
            inspection__date=raised_on,
            reassigned_from=None,
            state=FindingState.OPEN,
        ).first()
        if finding is None:
            continue
        for step in steps:
            if step[1] > today:
                break
            with on(step[1]), events.delivered_at_once():
                if step[0] == "reassign":
                    services.finding_close(
                        finding=finding,
                        by=office,
                        outcome=FindingState.REASSIGNED,
                        reason=step[3],
                        reassign_to=Unit.objects.get(code=step[2]),
                    )
                    finding = Finding.objects.get(reassigned_from=finding)
                else:
                    _step(finding, step, inspector=office, office=office)
        taken += 1
    stdout.write(f"supervision: findings raised from other channels taken on: {taken}")
    return []
