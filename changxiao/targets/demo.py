"""Demo data of the target-responsibility system: 苏州市's 2026 plan of the demonstration zone's long-term management.

The tasks follow the six mechanisms of 《关于建立健全国家公共文化服务体系示范区长效管理机制的意见》 (三、主要内容)
and its work requirements (四、工作要求). Their dates are set for the demonstration "today" of 27 November 2026:
some tasks were done on time, some late, some are overdue, some fall due within the next weeks and the rest at the
end of the year. Three tasks are broken down into one sub-task per district culture bureau, so the roll-up shows.

Everything is written through the services (timeline events and progress history included), as the office demo
account or as a person of the lead unit. The services date completions and milestones "today"; afterwards the
dates of completions and milestones are moved back to when they happened (the history rows stay as written).

About fifteen tasks also carry quarterly progress reports (进度报告) of their lead unit, filed between the
progress updates in the order they happened, with cooperating units' contributions; the office accepted most,
returned some (a few still wait for revision, two were revised and resubmitted) and has a few left to review.
An accepted report sets the task's percent, so the reports are filed between the updates whose percents they
match: the task ends where its progress updates say. Their submission and review dates are moved back too.

Idempotent: the plan is looked up by (jurisdiction, year, title); when it exists nothing more is written.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from changxiao.core.deadlines import replaying
from changxiao.core.demo import demo_moment, first_member, register_demo
from changxiao.orgs.models import Membership, Region, Unit, User

from .choices import Mechanism, ReportSchedule, TaskStatus
from .models import CompletionRequest, Milestone, ProgressReport, ReportContribution, Task, WorkPlan
from .services import (
    completion_accept,
    milestone_add,
    milestone_mark_done,
    plan_create,
    report_accept,
    report_contribute,
    report_return,
    report_submit,
    report_withdraw,
    task_create,
    task_record_progress,
    task_request_completion,
)

CITY_CODE = "320500"
YEAR = 2026
TITLE = "2026年苏州市国家公共文化服务体系示范区长效管理工作计划"
SOURCE_DOCUMENT = "《苏州市国家公共文化服务体系示范区后续建设规划》"
OFFICE_USERNAME = "office"
BASIS = "《关于建立健全国家公共文化服务体系示范区长效管理机制的意见》"

M = Mechanism


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


# The day the plan and its task breakdown were issued.
ISSUED = date(YEAR, 1, 10)


@dataclass
class Spec:
    """One line of the task breakdown, with what happens to it during the year."""

    number: str
    title: str
    mechanism: str
    lead: str
    due: date
    cooperating: tuple[str, ...] = ()
    deliverables: str = ""
    description: str = ""
    weight: int = 1
    # Progress updates in order: (percent, note). A last one at 100 is the lead unit's completion request (销号申请)
    # with that note, accepted by the office.
    progress: list[tuple[int, str]] = field(default_factory=list)
    # The day a completed task was really finished (the service would say "today").
    done: date | None = None
    # The office checked the evidence on the spot before accepting the completion (its comment says so).
    office_confirms: bool = False
    # The completion was requested on `done` and still waits for the office's acceptance (a to-do of the demo).
    awaiting: bool = False
    # (title, due date, done on or None)
    milestones: list[tuple[str, date, date | None]] = field(default_factory=list)
    children: list["Spec"] = field(default_factory=list)


@dataclass
class ReportSpec:
    """A quarterly progress report of a task's lead unit, and what became of it."""

    period: str
    # Filed after this many of the task's progress updates (an accepted report sets the task's percent).
    after: int
    percent: int
    narrative: str
    submitted: date
    # Cooperating units' contributions, the day after the submission: (unit code, text).
    contributions: tuple[tuple[str, str], ...] = ()
    # The lead unit withdraws it before the review: (day, reason), then submits it again (see resubmitted).
    withdrawn: tuple[date, str] | None = None
    # The office returns it: (day, reason); the lead unit may then resubmit it: (day, revised narrative).
    returned: tuple[date, str] | None = None
    resubmitted: tuple[date, str] | None = None
    # The office accepts it: (day, comment). A report neither accepted nor returned waits for review.
    accepted: tuple[date, str] | None = None


# The ten district culture bureaus, with the weight of their share of a city-wide task (2 for the districts
# and county-level cities of more than 1.4 million residents).
BUREAUS: list[tuple[str, str, int]] = [
    ("GS-WTL", "姑苏区", 1),
    ("WZ-WTL", "吴中区", 2),
    ("XC-WTL", "相城区", 1),
    ("SND-WTL", "苏州高新区", 1),
    ("SIP-WTL", "苏州工业园区", 1),
    ("WJ-WTL", "吴江区", 2),
    ("CS-WGL", "常熟市", 2),
    ("ZJG-WGL", "张家港市", 2),
    ("KS-WGL", "昆山市", 2),
    ("TC-WGL", "太仓市", 1),
]


def per_bureau(
    parent_number: str,
    title: str,
    *,
    mechanism: str,
    due: date,
    deliverables: str,
    description: str,
    states: dict[str, tuple[list[tuple[int, str]], date | None]],
) -> list[Spec]:
    """One sub-task per district culture bureau; ``states`` gives each bureau's progress and completion day."""
    children = []
    for index, (code, place, weight) in enumerate(BUREAUS, start=1):
        progress, done = states.get(code, ([], None))
        children.append(
            Spec(
                number=f"{parent_number}.{index}",
                title=title.format(place=place),
                mechanism=mechanism,
                lead=code,
                due=due,
                deliverables=deliverables,
                description=description.format(place=place),
                weight=weight,
                progress=progress,
                done=done,
            )
        )
    return children


# fmt: off
TASKS: list[Spec] = [
    # 一、组织机制 ------------------------------------------------------------------------------------------
    Spec("1.1", "召开市示范区创建工作领导小组全体会议，部署年度长效管理工作", M.ORGANIZATION, "SZ-XCB", d(3, 31),
         ("SZ-WGL", "SZ-OFFICE"), weight=2,
         deliverables="领导小组全体会议纪要；年度长效管理工作部署讲话稿",
         description=f"依据{BASIS}三（一），在市创建工作领导小组统一领导下，明确年度目标任务和成员单位职责分工。",
         progress=[(40, "年度工作要点初稿已形成，报领导小组组长审阅"),
                   (100, "3月20日召开领导小组全体会议，审议通过年度工作要点")],
         done=d(3, 20),
         milestones=[("起草年度长效管理工作要点", d(2, 27), d(2, 25)),
                     ("召开领导小组全体会议", d(3, 31), d(3, 20))]),
    Spec("1.2", "印发年度长效管理工作要点，分解落实成员单位目标任务", M.ORGANIZATION, "SZ-OFFICE", d(4, 15),
         ("SZ-XCB", "SZ-WGL"),
         deliverables="《2026年示范区长效管理工作要点》及任务分解表（牵头单位、配合单位、完成时限）",
         description="坚持牵头部门与职能部门相协调，逐项明确责任单位和完成时限，形成目标责任体系。",
         progress=[(100, "工作要点及任务分解表已印发各成员单位和各区县（市）")],
         done=d(4, 10)),
    Spec("1.3", "市各成员单位制定本单位示范区长效管理年度实施方案", M.ORGANIZATION, "SZ-WGL", d(4, 30),
         ("SZ-XCB", "SZ-FGW", "SZ-CZJ"),
         deliverables="各成员单位年度实施方案（报市示范区办备案）",
         description="依据四、工作要求（一）加强领导：结合本部门实际，精心设计载体和抓手，制定相应的长效机制实施方案。",
         progress=[(45, "已收到8家成员单位实施方案，其余正在催报"),
                   (85, "尚有市总工会、团市委2家未报送"),
                   (100, "经市示范区办核实，全部成员单位实施方案已备案")],
         done=d(5, 22), office_confirms=True),
    Spec("1.4", "各区县（市）制定示范区长效管理年度实施方案", M.ORGANIZATION, "SZ-WGL", d(5, 31),
         ("SZ-OFFICE",), weight=2,
         deliverables="10个区县（市）年度实施方案",
         description="各地根据市领导小组工作部署，结合本地实际制定长效机制实施方案，确保各项任务贯彻落实。",
         children=per_bureau(
             "1.4", "{place}制定示范区长效管理年度实施方案", mechanism=M.ORGANIZATION, due=d(5, 15),
             deliverables="经区县（市）领导小组审定的年度实施方案",
             description="{place}结合本地实际制定年度实施方案，报市示范区办备案。",
             states={
                 "GS-WTL": ([(60, "初稿已完成，征求区相关部门意见"), (100, "实施方案经区领导小组审定印发")], d(5, 8)),
                 "WZ-WTL": ([(100, "实施方案已印发并报备")], d(4, 28)),
                 "XC-WTL": ([(100, "实施方案已印发并报备")], d(5, 12)),
                 "SND-WTL": ([(100, "实施方案已印发并报备")], d(5, 6)),
                 "SIP-WTL": ([(50, "初稿已形成"), (80, "方案已报管委会，待审定")], None),
                 "WJ-WTL": ([(100, "实施方案已印发并报备")], d(4, 30)),
                 "CS-WGL": ([(100, "实施方案已印发并报备")], d(4, 25)),
                 "ZJG-WGL": ([(70, "方案经市政府常务会议讨论"), (100, "实施方案已印发并报备")], d(5, 14)),
                 "KS-WGL": ([(100, "实施方案已印发并报备")], d(5, 10)),
                 "TC-WGL": ([(40, "因机构调整，方案起草滞后"), (100, "实施方案已印发，逾期报备")], d(5, 27)),
             })),
    Spec("1.5", "召开领导小组办公室季度工作例会（成员单位联络员会议）", M.ORGANIZATION, "SZ-OFFICE", d(12, 20),
         ("SZ-WGL",),
         deliverables="每季度例会纪要及任务推进清单",
         description="坚持重点工作与长效建设相促进，按季度通报任务进展，协调解决跨部门问题。",
         progress=[(25, "一季度例会已召开"), (50, "二季度例会已召开"), (75, "三季度例会已召开，四季度例会拟于12月中旬召开")],
         milestones=[("一季度工作例会", d(3, 27), d(3, 26)),
                     ("二季度工作例会", d(6, 26), d(6, 24)),
                     ("三季度工作例会", d(9, 25), d(9, 24))]),
    Spec("1.6", "邀请市人大、市政协开展公共文化服务体系建设专题视察", M.ORGANIZATION, "SZ-RD-JKWW", d(12, 10),
         ("SZ-ZX-WWX", "SZ-WGL"),
         deliverables="视察方案；视察意见及整改落实情况",
         description="人大、政协视察指导是长效管理领导体制的组成部分，视察意见纳入年度整改清单。"),
    # 二、督查机制 ------------------------------------------------------------------------------------------
    Spec("2.1", "开展示范区长效管理常态化督查（按季度实地督查）", M.SUPERVISION, "SZ-DCZ", d(12, 25),
         ("SZ-OFFICE", "SZ-WGL"), weight=2,
         deliverables="季度督查报告；督查问题清单",
         description=f"依据{BASIS}三（二），坚持常态性督查与阶段性考评相结合，对发现的问题明确责任单位和整改时限。",
         progress=[(25, "一季度督查完成，发现问题23条"), (50, "二季度督查完成，发现问题17条"),
                   (75, "三季度督查完成（延期至10月中旬），发现问题12条")],
         milestones=[("一季度督查", d(3, 31), d(3, 30)),
                     ("二季度督查", d(6, 30), d(6, 29)),
                     ("三季度督查", d(9, 30), d(10, 13))]),
    Spec("2.2", "建立督查问题台账和整改销号制度", M.SUPERVISION, "SZ-OFFICE", d(3, 31),
         ("SZ-DCZ",),
         deliverables="督查问题台账模板；整改销号管理办法",
         description="督查发现的问题逐条登记，整改到位后经核实销号，做到问题可追溯。",
         progress=[(100, "问题台账和整改销号办法已印发")],
         done=d(3, 26)),
    Spec("2.3", "开展公共文化设施免费开放专项督查", M.SUPERVISION, "SZ-WGL", d(10, 31),
         ("SZ-DCZ", "SZ-CZJ"), weight=2,
         deliverables="各地自查报告；市级抽查复核报告；专项督查通报",
         description="督查图书馆、文化馆（站）、美术馆、博物馆免费开放时间、服务项目和免费开放经费使用情况。",
         milestones=[("市级抽查复核", d(10, 31), None)],
         children=per_bureau(
             "2.3", "{place}开展公共文化设施免费开放自查", mechanism=M.SUPERVISION, due=d(8, 31),
             deliverables="免费开放自查报告及问题整改清单",
             description="{place}对辖区内公共文化设施免费开放情况逐馆自查，形成自查报告报市文广旅局。",
             states={
                 "GS-WTL": ([(50, "已完成区文化馆、街道文化站自查"), (100, "自查报告已报送")], d(8, 20)),
                 "WZ-WTL": ([(100, "自查报告已报送")], d(8, 28)),
                 "SND-WTL": ([(30, "正在组织自查"), (60, "已完成6个场馆自查")], None),
                 "SIP-WTL": ([(100, "自查报告已报送")], d(8, 25)),
                 "WJ-WTL": ([(60, "镇级文化站自查进行中"), (100, "自查报告已报送（逾期）")], d(9, 15)),
                 "CS-WGL": ([(100, "自查报告已报送")], d(8, 18)),
                 "ZJG-WGL": ([(40, "市级场馆自查完成"), (80, "镇级场馆自查基本完成，报告在汇总中")], None),
                 "KS-WGL": ([(50, "自查进行中"), (100, "自查报告已报送（逾期）")], d(9, 22)),
                 "TC-WGL": ([(40, "已完成市图书馆、文化馆自查")], None),
             })),
    Spec("2.4", "发布示范区长效管理督查情况及整改通报", M.SUPERVISION, "SZ-OFFICE", d(11, 20),
         ("SZ-XCB", "SZ-DCZ"),
         deliverables="上半年督查通报；三季度督查及整改情况通报",
         description="及时通报和反馈整改情况，对敷衍塞责、执行不力的单位予以通报。",
         progress=[(50, "上半年督查情况通报已印发"), (60, "三季度通报初稿已形成，待领导小组审签")],
         milestones=[("上半年督查情况通报", d(7, 20), d(7, 17)),
                     ("三季度督查及整改情况通报", d(11, 20), None)]),
    Spec("2.5", "建立长效管理工作问责制度", M.SUPERVISION, "SZ-XCB", d(6, 30),
         ("SZ-OFFICE",),
         deliverables="《示范区长效管理工作问责办法》",
         description="对长效管理工作中敷衍塞责、推诿扯皮、执行不力的，建立问责制度。",
         progress=[(40, "问责办法起草中"), (80, "已征求成员单位意见，待报市委审定")],
         milestones=[("起草问责办法", d(4, 30), d(5, 6)),
                     ("报市委审定印发", d(6, 30), None)]),
    Spec("2.6", "新闻媒体开展舆论监督和示范区建设常态化宣传", M.SUPERVISION, "SZ-XCB", d(12, 31),
         ("SZ-RB", "SZ-GDZT"),
         deliverables="《苏州日报》专栏、广播电视专题节目；全年宣传报道不少于60篇（条）",
         description="依据四、工作要求（四）舆论宣传：持续宣传示范区建设中的新做法、新典型、新经验，加强舆论监督。",
         progress=[(30, "“长效管理在行动”专栏开设，刊发18篇"), (70, "累计刊播报道44篇（条）")]),
    Spec("2.7", "督促督查发现问题整改到位", M.SUPERVISION, "SZ-WGL", d(12, 15),
         ("SZ-OFFICE", "SZ-DCZ"),
         deliverables="问题整改台账；整改销号情况报告",
         description="对督查中发现的问题明确整改时限，督促整改到位，逐条销号。",
         progress=[(30, "上半年问题已整改24条"), (55, "累计销号29条，尚有23条在整改中")]),
    # 三、考核机制 ------------------------------------------------------------------------------------------
    Spec("3.1", "将示范区长效管理工作纳入各级党委、政府年终综合目标考核", M.ASSESSMENT, "SZ-XCB", d(3, 31),
         ("SZ-OFFICE", "SZ-FGW"), weight=2,
         deliverables="年终综合目标考核指标中的示范区长效管理指标",
         description=f"依据{BASIS}三（三），推动深化各项任务落实。",
         progress=[(60, "考核指标已报市考核办"), (100, "经市示范区办核实，指标已纳入年度综合目标考核体系")],
         done=d(4, 16), office_confirms=True),
    Spec("3.2", "制定示范区长效管理考核细则和评分标准", M.ASSESSMENT, "SZ-WGL", d(5, 31),
         ("SZ-OFFICE",),
         deliverables="《示范区长效管理考核细则》",
         description="考核细则覆盖六项机制，明确分值、评分方法和加减分项目。",
         progress=[(50, "细则初稿已征求成员单位意见"), (100, "考核细则已印发")],
         done=d(5, 26),
         milestones=[("征求成员单位意见", d(4, 30), d(4, 27)),
                     ("印发考核细则", d(5, 31), d(5, 26))]),
    Spec("3.3", "开展2026年度示范区长效管理考核", M.ASSESSMENT, "SZ-XCB", d(12, 31),
         ("SZ-WGL", "SZ-OFFICE", "SZ-DCZ"), weight=2,
         deliverables="年度考核方案；各地自评报告；考核结果",
         description="按考核细则对各区县（市）和成员单位开展年度考核，结果报领导小组。",
         milestones=[("各地自查自评", d(12, 10), None),
                     ("实地考核", d(12, 25), None),
                     ("考核结果报领导小组", d(12, 31), None)]),
    Spec("3.4", "表彰长效管理工作先进集体、个人和创新服务举措", M.ASSESSMENT, "SZ-XCB", d(12, 31),
         ("SZ-WGL", "SZ-RSJ"),
         deliverables="表彰决定；先进集体、先进个人和创新项目名单",
         description="对在长效管理工作中做出突出贡献的集体、个人、团队及创新服务举措予以表彰奖励。"),
    Spec("3.5", "征集评选公共文化创新服务举措（优秀案例）", M.ASSESSMENT, "SZ-WGL", d(10, 31),
         ("SZ-WHG",),
         deliverables="优秀案例汇编（不少于20个）",
         description="征集各地各单位在长效管理中涌现的创新服务举措，择优推荐参加表彰。",
         progress=[(30, "征集通知已发，收到案例31个"), (70, "专家初评完成"), (100, "评选结果公示结束，案例汇编已印发")],
         done=d(11, 25), awaiting=True),
    # 四、保障机制 ------------------------------------------------------------------------------------------
    Spec("4.1", "开展基层公共文化从业人员专业认证和持证上岗培训", M.GUARANTEE, "SZ-RSJ", d(11, 30),
         ("SZ-WGL", "SZ-WHG"), weight=2,
         deliverables="培训班2期；培训考核合格人员名单及上岗证书",
         description=f"依据{BASIS}三（四），完善基层公共文化从业人员专业认证、持证上岗制度。",
         progress=[(45, "上半年培训班结业，312人参训"), (85, "下半年培训已结束，考核发证进行中")],
         milestones=[("上半年培训班", d(6, 30), d(6, 19)),
                     ("下半年培训班及考核发证", d(11, 30), None)]),
    Spec("4.2", "开展基层公共文化从业人员持证上岗情况年度复核", M.GUARANTEE, "SZ-RSJ", d(9, 30),
         ("SZ-WGL",),
         deliverables="持证上岗复核报告",
         description="核查乡镇（街道）综合文化站、村（社区）文化活动室专职人员持证上岗率。",
         progress=[(50, "各地复核数据已上报"), (100, "复核报告已完成，持证上岗率96.8%")],
         done=d(9, 25)),
    Spec("4.3", "将示范区长效机制经费列入2026年市级财政预算", M.GUARANTEE, "SZ-CZJ", d(3, 31),
         ("SZ-WGL",), weight=2,
         deliverables="2026年市级财政预算中的示范区长效管理专项经费",
         description="各级财政把建立健全示范区长效机制经费列入财政预算，确保长效化发展。",
         progress=[(100, "专项经费已列入2026年市级预算并经市人代会批准")],
         done=d(1, 20),
         milestones=[("完成预算编制", d(1, 15), d(1, 12))]),
    Spec("4.4", "确保文化体育与传媒支出增幅不低于同级财政经常性收入增幅", M.GUARANTEE, "SZ-CZJ", d(12, 31),
         ("SZ-WGL", "SZ-FGW"), weight=2,
         deliverables="文化体育与传媒支出执行情况分析；年度核查报告",
         description="跟踪市、区两级文化体育与传媒支出执行进度，对增幅不达标的地区提前预警。",
         progress=[(30, "上半年支出执行分析完成"), (60, "前三季度分析完成，2个地区增幅偏低已预警")],
         milestones=[("前三季度支出执行分析", d(10, 31), d(10, 29)),
                     ("年度核查报告", d(12, 31), None)]),
    Spec("4.5", "测算人均文化事业费，确保高于全省平均水平", M.GUARANTEE, "SZ-CZJ", d(12, 20),
         ("SZ-WGL",),
         deliverables="人均文化事业费测算报告",
         description="按常住人口测算市、区两级人均文化事业费，与全省平均水平比较。"),
    Spec("4.6", "发展壮大文化志愿者队伍", M.GUARANTEE, "SZ-WGL", d(12, 15),
         ("SZ-WHZYZ", "SZ-TSW", "SZ-WMB"),
         deliverables="新增注册文化志愿者5000名；年度星级文化志愿者评定结果",
         description="大力发展文化志愿者队伍，打造政治素质强、专业水平高、服务水平优的公共文化人才队伍。",
         progress=[(40, "春季招募新增注册2100名"), (70, "累计新增注册3900名")],
         milestones=[("上半年志愿者招募", d(6, 30), d(6, 28)),
                     ("年度星级文化志愿者评定", d(12, 15), None)]),
    Spec("4.7", "培育发展公共文化服务行业组织和社会团体", M.GUARANTEE, "SZ-WGL", d(10, 31),
         ("SZ-TSGXH", "SZ-WHZYZ"),
         deliverables="新登记公共文化类社会组织不少于5家；行业组织年度工作报告",
         description="大力发展公共文化服务行业组织、社会团体，发挥其在行业自律和服务供给中的作用。",
         progress=[(25, "已完成2家社会组织登记"), (50, "第3家在登记审核中")]),
    Spec("4.8", "安排新闻媒体和城市户外广告资源开展公共文化服务公益宣传", M.GUARANTEE, "SZ-XCB", d(9, 30),
         ("SZ-WMB", "SZ-GDZT", "SZ-RB"),
         deliverables="公益广告投放计划；户外公益广告点位清单",
         description="确保一定比重的新闻媒体、城市户外广告资源用于公共文化服务体系建设公益宣传。",
         progress=[(40, "电视、报纸公益广告已投放，户外点位尚在协调")]),
    # 五、城乡联动共创机制 --------------------------------------------------------------------------------
    Spec("5.1", "开展“家在苏州”系列文化活动", M.LINKAGE, "SZ-XCB", d(10, 31),
         ("SZ-WGL", "SZ-WHG", "SZ-GDZT"), weight=2,
         deliverables="春、秋两季系列活动；活动总结",
         description=f"依据{BASIS}三（五），把示范区建设工作向基层拓展延伸。",
         progress=[(50, "春季系列活动完成，举办活动126场"), (100, "秋季系列活动完成，全年累计287场")],
         done=d(10, 28),
         milestones=[("春季系列活动", d(4, 30), d(4, 26)),
                     ("秋季系列活动", d(10, 31), d(10, 28))]),
    Spec("5.2", "开展文化科技卫生“三下乡”集中示范活动", M.LINKAGE, "SZ-XCB", d(2, 28),
         ("SZ-WGL", "SZ-NYJ", "SZ-WMB"),
         deliverables="集中示范活动方案及总结",
         description="春节前后组织文化、科技、卫生服务下乡，送戏、送书、送展览到农村。",
         progress=[(100, "集中示范活动在吴江区震泽镇举行，送书1.2万册、送戏32场")],
         done=d(2, 12)),
    Spec("5.3", "推进公共文化服务进社区、进农村、进企业、进学校“四进工程”", M.LINKAGE, "SZ-WGL", d(12, 31),
         ("SZ-JYJ", "SZ-ZGH", "SZ-NYJ"),
         deliverables="“四进工程”年度活动不少于800场",
         description="推动优质公共文化资源向社区、农村、企业、学校延伸。",
         progress=[(35, "上半年完成活动296场"), (65, "累计完成活动538场")]),
    Spec("5.4", "举办“群星璀璨”文化惠民系列演出", M.LINKAGE, "SZ-WGL", d(12, 20),
         ("SZ-WHG", "SZ-GDZT"), weight=2,
         deliverables="全年惠民演出不少于200场",
         description="以“群星璀璨”品牌整合群众文艺团队，面向城乡群众开展惠民演出。",
         progress=[(50, "上半年演出102场"), (80, "累计演出163场")],
         milestones=[("上半年完成演出100场", d(6, 30), d(6, 30)),
                     ("全年完成演出200场", d(12, 20), None)]),
    Spec("5.5", "组织城区公共文化场馆与乡镇（村）文化站点结对帮扶", M.LINKAGE, "SZ-WGL", d(11, 30),
         ("SZ-LIB", "SZ-WHG", "SZ-NYJ"),
         deliverables="结对帮扶协议；帮扶项目清单及成效总结",
         description="开展形式多样的结对帮扶活动，实现城乡公共文化质效整体提升。",
         progress=[(40, "签订结对协议28对"), (90, "帮扶项目基本完成，正在总结")]),
    Spec("5.6", "市级公共文化场馆开展流动图书、流动展览基层服务", M.LINKAGE, "SZ-LIB", d(12, 15),
         ("SZ-MUSEUM", "SZ-ART", "SZ-WHG"),
         deliverables="流动服务点不少于60个；全年流动展览不少于40场",
         description="依托总分馆体系，把图书、展览送到乡镇和村（社区）。",
         progress=[(30, "新设流动服务点22个"), (70, "流动服务点达51个，展览32场")]),
    Spec("5.7", "推进村（社区）综合性文化服务中心提档升级", M.LINKAGE, "SZ-WGL", d(11, 30),
         ("SZ-NYJ", "SZ-ZJJ", "SZ-CZJ"),
         deliverables="完成提档升级的村（社区）文化服务中心不少于50个",
         description="按照标准化要求改善基层文化设施，补齐农村公共文化服务短板。",
         progress=[(30, "已确定改造名单52个"), (60, "完成改造31个"), (90, "完成改造47个，剩余5个年底前验收")]),
    Spec("5.8", "开展城乡群众文化体育融合活动", M.LINKAGE, "SZ-TYJ", d(12, 20),
         ("SZ-WGL", "SZ-ZGH"),
         deliverables="冬季城乡文体融合活动方案及总结",
         description="将全民健身与群众文化活动相结合，吸引城乡群众广泛参与。"),
    # 六、群众评价和反馈机制 ------------------------------------------------------------------------------
    Spec("6.1", "科学制定公共文化服务公众评价测评表", M.EVALUATION, "SZ-WGL", d(4, 30),
         ("SZ-OFFICE",),
         deliverables="《苏州市公共文化服务公众评价测评表》",
         description=f"依据{BASIS}三（六），文化行政主管部门针对具体情况制定公众评价测评表。",
         progress=[(60, "测评表初稿完成"), (100, "经专家论证后定稿印发")],
         done=d(4, 22),
         milestones=[("测评表初稿", d(3, 31), d(3, 30)),
                     ("专家论证", d(4, 20), d(4, 18))]),
    Spec("6.2", "开展公共文化服务公众满意度测评", M.EVALUATION, "SZ-WGL", d(12, 15),
         ("SZ-XCB", "SZ-OFFICE"), weight=2,
         deliverables="各地测评数据；全市公众满意度测评报告",
         description="了解群众对公共文化建设与服务供给的满意程度，改进服务供给。",
         milestones=[("全市测评数据汇总分析", d(12, 15), None)],
         children=per_bureau(
             "6.2", "{place}组织公众满意度问卷测评", mechanism=M.EVALUATION, due=d(12, 10),
             deliverables="问卷测评数据（有效问卷不少于1000份）及分析报告",
             description="{place}按全市统一测评表组织线上线下问卷测评。",
             states={
                 "GS-WTL": ([(50, "线上问卷已回收620份"), (100, "测评完成，数据已报送")], d(11, 20)),
                 "WZ-WTL": ([(60, "已回收问卷700份")], None),
                 "SND-WTL": ([(50, "线上问卷回收中")], None),
                 "SIP-WTL": ([(100, "测评完成，数据已报送")], d(11, 24)),
                 "WJ-WTL": ([(40, "测评启动"), (70, "已回收问卷850份")], None),
                 "CS-WGL": ([(80, "线下入户问卷基本完成")], None),
                 "KS-WGL": ([(40, "线上问卷回收中")], None),
             })),
    Spec("6.3", "建立群众基本文化需求反馈渠道", M.EVALUATION, "SZ-WGL", d(6, 30),
         ("SZ-LIB", "SZ-WHG", "SZ-GDZT"),
         deliverables="文化服务热线；网上需求征集平台；场馆意见箱",
         description="广泛听取社会各界意见与建议，形成信息畅通的群众基本文化需求反馈渠道。",
         progress=[(40, "文化服务热线已开通"), (75, "网上平台测试中"),
                   (100, "经市示范区办核实，网上平台已上线运行")],
         done=d(8, 14), office_confirms=True,
         milestones=[("开通文化服务热线", d(5, 31), d(6, 10)),
                     ("网上需求征集平台上线", d(6, 30), d(8, 14))]),
    Spec("6.4", "推行公共文化服务“点单式”按需配送", M.EVALUATION, "SZ-WHG", d(12, 31),
         ("SZ-WGL", "SZ-LIB"),
         deliverables="“点单”配送目录；配送场次统计",
         description="根据群众反馈的需求调整服务供给，建立实际有效的满足群众文化需求机制。"),
    Spec("6.5", "召开群众文化需求座谈会，听取社会各界意见", M.EVALUATION, "SZ-XCB", d(11, 15),
         ("SZ-ZX-WWX", "SZ-FL", "SZ-ZGH"),
         deliverables="座谈会纪要；意见建议办理清单",
         description="依据四、工作要求（二）发动群众：让群众参与，使群众得益，受群众监督。"),
    Spec("6.6", "鼓励和引导社会力量参与公共文化服务供给", M.EVALUATION, "SZ-WGL", d(12, 31),
         ("SZ-FGW", "SZ-CZJ"),
         deliverables="政府购买公共文化服务目录；社会力量参与项目清单",
         description="鼓励和引导社会力量满足群众公共文化需求。"),
    Spec("6.7", "发布年度公共文化服务公众满意度报告，推动评价结果运用", M.EVALUATION, "SZ-OFFICE", d(12, 31),
         ("SZ-WGL", "SZ-XCB"),
         deliverables="年度公众满意度报告；问题改进清单",
         description="将公众评价结果作为检验深化创建成效的依据，反馈各地各部门改进服务。"),
]

R = ReportSpec
OK = "同意。"
EVIDENCE = "请补充活动照片和签到表等佐证材料。"

# Quarterly progress reports by task number. ``after`` counts the task's progress updates (above) recorded
# before the report was filed; an accepted percent lies between the update before and the one after it.
REPORTS: dict[str, list[ReportSpec]] = {
    "1.3": [
        R("2026-Q1", 1, 45, "已印发通知部署市各成员单位制定本单位年度实施方案；截至3月底已收到市委宣传部、市发改委、"
          "市财政局等8家成员单位的实施方案，其余单位正在催报。", d(4, 3),
          contributions=(("SZ-CZJ", "市财政局实施方案已于3月18日报送，明确了示范区长效管理专项经费的保障措施。"),),
          accepted=(d(4, 8), "同意。请抓紧催报其余成员单位的实施方案。")),
    ],
    "2.5": [
        R("2026-Q2", 1, 40, "问责办法正在起草，已形成初步框架；受市委相关工作安排影响，未能按6月底节点报审。", d(7, 7),
          accepted=(d(7, 13), "同意。该任务已逾期，请加快进度。")),
        R("2026-Q3", 2, 80, "问责办法已征求市各成员单位意见，共收到修改意见17条，采纳12条；修改稿待报市委审定。", d(10, 13),
          returned=(d(10, 19), "任务已逾期三个多月，请说明报市委审定的具体时间安排。")),
    ],
    "2.6": [
        R("2026-Q1", 0, 10, "《苏州日报》“长效管理在行动”专栏方案已确定，一季度刊发示范区建设报道6篇。", d(4, 7),
          accepted=(d(4, 10), OK)),
        R("2026-Q2", 1, 30, "“长效管理在行动”专栏正式开设，上半年刊发报道8篇。", d(7, 6),
          withdrawn=(d(7, 6), "篇数漏计了《苏州新闻》的报道，撤回后重报。"),
          resubmitted=(d(7, 7), "“长效管理在行动”专栏正式开设，上半年刊发报道18篇；苏州广播电视总台专题节目正在策划。"),
          accepted=(d(7, 10), OK)),
        R("2026-Q3", 2, 70, "前三季度累计刊播报道44篇（条），其中苏州广播电视总台播出专题节目3期；四季度将围绕年度考核和"
          "群众满意度测评加大宣传力度。", d(10, 12),
          contributions=(("SZ-GDZT", "总台《苏州新闻》播出示范区长效管理报道14条，《姑苏文化》栏目制作专题节目3期。"),),
          accepted=(d(10, 16), "同意。全年不少于60篇（条）的目标请在四季度抓紧落实。")),
    ],
    "2.7": [
        R("2026-Q2", 1, 30, "一、二季度督查共发现问题40条，已完成整改24条，正在逐条核实销号。", d(7, 8),
          accepted=(d(7, 14), OK)),
        R("2026-Q3", 2, 55, "三季度督查新发现问题12条；累计销号29条，尚有23条在整改中。", d(10, 14),
          contributions=(("SZ-DCZ", "督查组已对已销号的29条问题逐条现场复核，复核结果与整改台账一致。"),),
          returned=(d(10, 20), "请附整改销号台账，并逐条说明未销号问题的整改时限和责任单位。")),
    ],
    "3.5": [
        R("2026-Q2", 1, 30, "创新服务举措征集通知已印发，截至6月底收到各地各单位申报案例31个。", d(7, 8),
          accepted=(d(7, 14), OK)),
        R("2026-Q3", 2, 70, "已组织专家初评，31个案例中24个进入复评；评选结果拟于10月底公示。", d(10, 12),
          contributions=(("SZ-WHG", "市文化馆推荐的“文化馆总分馆数字化服务”等3个案例进入复评。"),),
          accepted=(d(10, 16), "同意。请按期完成评选和公示。")),
    ],
    "4.1": [
        R("2026-Q2", 1, 45, "上半年培训班于6月19日结业，全市基层公共文化从业人员312人参训，考核合格298人。", d(7, 6),
          accepted=(d(7, 10), OK)),
        R("2026-Q3", 1, 60, "下半年培训班9月开班，报名学员286人，理论课程已结束；上半年考核合格人员的上岗证书已发放。",
          d(10, 12),
          contributions=(("SZ-WHG", "市文化馆选派12名业务骨干担任培训班实务课程授课教师。"),),
          accepted=(d(10, 16), OK)),
        R("2026-Q4", 2, 85, "下半年培训已全部结束，实操考核完成，考核合格人员名单正在公示，上岗证书预计11月底前发放完毕。",
          d(11, 25)),
    ],
    "4.2": [
        R("2026-Q2", 1, 50, "已部署各区县（市）开展持证上岗情况复核，10个地区的复核数据均已上报，正在汇总核查。", d(7, 7),
          accepted=(d(7, 13), OK)),
    ],
    "4.4": [
        R("2026-Q1", 0, 10, "已建立市、区两级文化体育与传媒支出按月监测机制，一季度支出执行数据已汇总。", d(4, 8),
          accepted=(d(4, 14), OK)),
        R("2026-Q2", 1, 30, "上半年支出执行分析已完成，全市文化体育与传媒支出同比增长8.6%，高于同级财政经常性收入增幅。",
          d(7, 9), accepted=(d(7, 15), OK)),
        R("2026-Q3", 2, 60, "前三季度支出执行分析已完成，2个地区增幅偏低，已预警。", d(10, 15),
          contributions=(("SZ-FGW", "市发改委已将基层文化设施项目纳入年度重点项目清单，前三季度完成投资计划的78%。"),),
          returned=(d(10, 21), "请列明增幅偏低地区的支出和收入增幅数据，并说明预警后的整改要求。"),
          resubmitted=(d(11, 24), "前三季度全市文化体育与传媒支出同比增长7.9%，高于同级财政经常性收入增幅（6.2%）。"
                       "张家港市、太仓市增幅分别低于收入增幅1.3和0.8个百分点，已发函预警，要求四季度调整支出结构，"
                       "确保全年增幅达标。")),
    ],
    "4.6": [
        R("2026-Q1", 0, 15, "春季文化志愿者招募已启动，一季度新增注册文化志愿者760名。", d(4, 7),
          accepted=(d(4, 13), OK)),
        R("2026-Q2", 1, 40, "春季招募结束，上半年新增注册文化志愿者2100名，完成年度目标的42%。", d(7, 8),
          accepted=(d(7, 13), OK)),
        R("2026-Q3", 2, 70, "秋季招募进行中，累计新增注册文化志愿者3900名；年度星级文化志愿者评定方案已起草。", d(10, 13),
          contributions=(("SZ-WHZYZ", "协会组织志愿服务项目对接会2场，新注册团队志愿者640名。"),
                         ("SZ-TSW", "团市委在全市高校发动青年学生注册文化志愿者1200名。")),
          accepted=(d(10, 19), OK)),
    ],
    "4.7": [
        R("2026-Q2", 1, 25, "苏州市评弹艺术促进会、苏州市公共阅读推广联盟2家社会组织已完成登记。", d(7, 9),
          accepted=(d(7, 15), OK)),
        R("2026-Q3", 2, 50, "第3家（苏州市非遗保护志愿服务中心）登记材料已提交民政部门审核，其余2家尚在筹备。", d(10, 14),
          returned=(d(10, 20), "任务10月底到期，目前仅完成2家登记，请说明未完成原因及下一步措施。")),
    ],
    "5.1": [
        R("2026-Q1", 0, 20, "“家在苏州”春季系列活动方案已印发，3月启动以来举办活动41场。", d(4, 7),
          accepted=(d(4, 10), OK)),
        R("2026-Q2", 1, 50, "春季系列活动4月26日闭幕，共举办活动126场，参与群众约9.3万人次。", d(7, 6),
          contributions=(("SZ-WHG", "市文化馆承办春季系列活动群众文艺展演23场。"),),
          accepted=(d(7, 10), OK)),
        R("2026-Q3", 1, 70, "秋季系列活动9月中旬启动，已举办活动85场；苏州广播电视总台同步开设活动专题报道。", d(10, 9),
          accepted=(d(10, 14), OK)),
    ],
    "5.3": [
        R("2026-Q1", 0, 15, "“四进工程”年度方案已印发，一季度开展活动118场。", d(4, 8),
          accepted=(d(4, 14), OK)),
        R("2026-Q2", 1, 35, "上半年开展“四进”活动296场，其中进社区121场、进农村93场、进企业45场、进学校37场。", d(7, 8),
          accepted=(d(7, 14), OK)),
        R("2026-Q3", 2, 65, "累计开展活动538场；暑期进学校活动较少，9月开学后已加大安排。", d(10, 13),
          contributions=(("SZ-JYJ", "市教育局协调全市中小学承接“进学校”活动，三季度新增进校园活动42场。"),
                         ("SZ-ZGH", "市总工会组织“职工文化进企业”活动36场。")),
          accepted=(d(10, 19), OK)),
    ],
    "5.5": [
        R("2026-Q2", 1, 40, "城区公共文化场馆与乡镇（村）文化站点签订结对帮扶协议28对，确定帮扶项目64个。", d(7, 8),
          accepted=(d(7, 14), OK)),
        R("2026-Q3", 1, 70, "已完成帮扶项目45个，开展业务培训、送展送演等活动132场次。", d(10, 13),
          accepted=(d(10, 19), OK)),
        R("2026-Q4", 2, 90, "帮扶项目基本完成（61/64），其余3个11月底前完成；结对帮扶成效总结正在撰写。", d(11, 24),
          contributions=(("SZ-LIB", "苏州图书馆与12个乡镇分馆结对，完成图书配送3.6万册、馆员培训4期。"),)),
    ],
    "5.6": [
        R("2026-Q2", 1, 30, "上半年新设流动图书服务点22个，举办流动展览11场。", d(7, 9),
          accepted=(d(7, 15), OK)),
        R("2026-Q3", 2, 70, "流动服务点达51个，前三季度举办流动展览32场。", d(10, 13),
          contributions=(("SZ-MUSEUM", "苏州博物馆“吴地文物”流动展览在吴江、相城等地巡展9场。"),),
          returned=(d(10, 17), EVIDENCE),
          resubmitted=(d(10, 23), "流动服务点达51个，前三季度举办流动展览32场，服务群众约4.1万人次；"
                       "已补充各服务点挂牌照片、展览现场照片和签到表。"),
          accepted=(d(10, 27), "同意。佐证材料齐全。")),
    ],
    "5.7": [
        R("2026-Q1", 1, 30, "经各地申报、实地核查，确定2026年提档升级的村（社区）综合性文化服务中心52个。", d(4, 9),
          accepted=(d(4, 15), OK)),
        R("2026-Q2", 2, 60, "已完成改造31个，其余21个正在施工。", d(7, 9),
          contributions=(("SZ-ZJJ", "市住建局对改造项目开展质量安全巡查2次，未发现重大隐患。"),),
          accepted=(d(7, 15), OK)),
        R("2026-Q3", 3, 90, "已完成改造47个，剩余5个年底前验收。", d(10, 14),
          accepted=(d(10, 20), "同意。请确保剩余5个按期验收。")),
    ],
    "6.2.6": [
        R("2026-Q4", 2, 70, "吴江区公众满意度问卷测评10月下旬启动，线上线下已回收有效问卷850份，12月上旬完成数据分析并报送。",
          d(11, 26)),
    ],
}
# fmt: on


def _decider(office: User, requester: User) -> User:
    """Who accepts a completion: the office demo account, or another person of the office when it asked itself."""
    if requester != office:
        return office
    membership = (
        Membership.objects.active()
        .filter(unit__code="SZ-OFFICE", role="office")
        .exclude(user=requester)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise LookupError("targets demo: a second person of the office is needed to accept its own tasks")
    return membership.user


def _evidence(number: str) -> SimpleUploadedFile:
    """A small PDF standing for the evidence of a completed task."""
    body = f"%PDF-1.4\n% Changxiao demo evidence for task {number}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"销号材料-{number}.pdf", body, content_type="application/pdf")


def _reporter(unit: Unit, office: User) -> User:
    """The person who reports a task's progress: someone of the lead unit, else the office."""
    return first_member(unit) or office


def _file_report(
    task: Task,
    spec: ReportSpec,
    *,
    reporter: User,
    office: User,
    units: dict[str, Unit],
    final: int,
    stats: dict,
) -> None:
    """Submit one progress report as the lead unit, add the contributions, then review it as the office."""
    if spec.percent > final:
        raise ValueError(f"targets demo: {task.number} {spec.period} reports more than the task reaches")
    report = report_submit(
        task=task, by=reporter, period=spec.period, percent=spec.percent, narrative=spec.narrative
    )
    stats["reports"] += 1
    for code, text in spec.contributions:
        unit = units[code]
        person = first_member(unit)
        if person is None:
            continue
        contribution = report_contribute(report=report, by=person, unit=unit, text=text)
        ReportContribution.objects.filter(pk=contribution.pk).update(
            created_at=demo_moment(spec.submitted + timedelta(days=1), 11)
        )
        stats["contributions"] += 1
    submitted_on, reviewed_on = spec.submitted, None
    if spec.withdrawn is not None:
        report = report_withdraw(report=report, by=reporter, reason=spec.withdrawn[1])
        submitted_on, narrative = spec.resubmitted
        report = report_submit(
            task=task, by=reporter, period=spec.period, percent=spec.percent, narrative=narrative
        )
    if spec.returned is not None:
        reviewed_on, reason = spec.returned
        report = report_return(report=report, by=office, comment=reason)
        if spec.resubmitted is not None:
            submitted_on, narrative = spec.resubmitted
            report = report_submit(
                task=task, by=reporter, period=spec.period, percent=spec.percent, narrative=narrative
            )
    if spec.accepted is not None:
        if spec.percent < Task.objects.get(pk=task.pk).percent:
            raise ValueError(f"targets demo: accepting {task.number} {spec.period} would lower its progress")
        reviewed_on, comment = spec.accepted
        report = report_accept(report=report, by=office, comment=comment)
    ProgressReport.objects.filter(pk=report.pk).update(
        submitted_at=demo_moment(submitted_on, 10),
        reviewed_at=demo_moment(reviewed_on, 16) if reviewed_on is not None else None,
    )


def _backdate(task: Task, done: date | None, today: date, *, awaiting: bool = False) -> None:
    """A completed task was finished (and its completion asked for) on `done`; the office accepted it a day or two
    later (unless it still waits)."""
    if done is not None and awaiting:
        CompletionRequest.objects.filter(task=task).update(requested_at=demo_moment(min(done, today), 10))
    elif done is not None:
        done = min(done, today)
        Task.objects.filter(pk=task.pk).update(completed_on=done)
        CompletionRequest.objects.filter(task=task).update(
            requested_at=demo_moment(done, 10),
            decided_at=demo_moment(min(done + timedelta(days=2), today), 15),
        )


def _create_task(
    spec: Spec, *, plan: WorkPlan, parent: Task | None, sort_order: int, office: User, units: dict[str, Unit]
) -> Task:
    return task_create(
        by=office,
        task=Task(
            plan=plan,
            parent=parent,
            number=spec.number,
            title=spec.title,
            description=spec.description,
            mechanism=spec.mechanism,
            lead_unit=units[spec.lead],
            deliverables=spec.deliverables,
            weight=Decimal(spec.weight),
            due_date=spec.due,
            status=TaskStatus.NOT_STARTED,
            sort_order=sort_order,
        ),
        cooperating_units=[units[code] for code in spec.cooperating],
    )


def _create(
    spec: Spec,
    *,
    plan: WorkPlan,
    parent: Task | None,
    sort_order: int,
    office: User,
    units: dict[str, Unit],
    today: date,
    stats: dict,
) -> Task:
    lead = units[spec.lead]
    # The breakdown and its milestones were set when the plan was issued, when every deadline lay ahead.
    with replaying(ISSUED):
        task = _create_task(spec, plan=plan, parent=parent, sort_order=sort_order, office=office, units=units)
        milestones = [
            (milestone_add(task=task, by=office, title=title, due_date=due), done_on)
            for title, due, done_on in spec.milestones
        ]
    stats["tasks"] += 1
    reporter = _reporter(lead, office)
    for milestone, done_on in milestones:
        stats["milestones"] += 1
        if done_on is not None:
            milestone_mark_done(milestone=milestone, by=reporter)
            Milestone.objects.filter(pk=milestone.pk).update(done_on=min(done_on, today))
    # Progress reports need a person of the lead unit; without one the task has none.
    reports = REPORTS.get(spec.number, []) if first_member(lead) is not None else []
    if any(not 0 <= r.after <= len(spec.progress) for r in reports):
        raise ValueError(f"targets demo: a report of {spec.number} comes after a progress update it lacks")
    final = spec.progress[-1][0] if spec.progress else 0

    def file_reports(after: int) -> None:
        for report in reports:
            if report.after == after:
                _file_report(
                    task, report, reporter=reporter, office=office, units=units, final=final, stats=stats
                )

    for index, (percent, note) in enumerate(spec.progress):
        file_reports(index)
        if percent == 100:
            # The lead unit asks for completion with its evidence; the office accepts it (someone other than
            # the person who asked, when the office leads the task itself).
            completion = task_request_completion(
                task=task, by=reporter, summary=note, evidence=[_evidence(spec.number)]
            )
            if spec.awaiting:
                continue
            decider = _decider(office, reporter)
            completion_accept(
                completion=completion,
                by=decider,
                comment="经核实，材料齐全，同意销号。" if spec.office_confirms else "同意销号。",
            )
            stats["completions"] += 1
        else:
            task_record_progress(task=task, by=reporter, percent=percent, note=note)
    file_reports(len(spec.progress))
    # A completion still waiting for the office leaves the task at its last reported percent.
    expected = spec.progress[-2][0] if spec.awaiting else final
    if reports and Task.objects.get(pk=task.pk).percent != expected:
        raise ValueError(f"targets demo: the reports of {spec.number} leave it off its recorded progress")
    _backdate(task, spec.done, today, awaiting=spec.awaiting)
    for index, child in enumerate(spec.children, start=1):
        _create(
            child,
            plan=plan,
            parent=task,
            sort_order=sort_order + index,
            office=office,
            units=units,
            today=today,
            stats=stats,
        )
    return task


def _date_completed_parents(plan: WorkPlan) -> None:
    """A parent completed by its sub-tasks was completed the day its last sub-task was."""
    for parent in Task.objects.filter(
        plan=plan, status=TaskStatus.COMPLETED, children__isnull=False
    ).distinct():
        last = parent.children.aggregate(last=Max("completed_on"))["last"]
        if last is not None:
            Task.objects.filter(pk=parent.pk).update(completed_on=last)


@register_demo("targets", order=20)
def load(stdout) -> list:
    region = Region.objects.get(code=CITY_CODE)
    plan = WorkPlan.objects.filter(region=region, year=YEAR, title=TITLE).first()
    if plan is not None:
        stdout.write(f"targets: plan “{TITLE}” already present ({plan.tasks.count()} tasks), left unchanged")
        return []
    office = User.objects.get(username=OFFICE_USERNAME)
    codes = {spec.lead for spec in TASKS} | {code for spec in TASKS for code in spec.cooperating}
    codes |= {child.lead for spec in TASKS for child in spec.children}
    units = Unit.objects.in_bulk(codes, field_name="code")
    missing = codes - set(units)
    if missing:
        raise LookupError(f"targets demo: units missing (run the orgs loader first): {sorted(missing)}")
    numbers = {spec.number for spec in TASKS} | {child.number for spec in TASKS for child in spec.children}
    if set(REPORTS) - numbers:
        raise LookupError(f"targets demo: reports for unknown tasks: {sorted(set(REPORTS) - numbers)}")
    today = timezone.localdate()
    with replaying(ISSUED):
        plan = plan_create(
            by=office,
            region=region,
            year=YEAR,
            title=TITLE,
            source_document=SOURCE_DOCUMENT,
            report_schedule=ReportSchedule.QUARTERLY,
        )
    stats = {"tasks": 0, "milestones": 0, "reports": 0, "contributions": 0, "completions": 0}
    for index, spec in enumerate(TASKS, start=1):
        _create(
            spec,
            plan=plan,
            parent=None,
            sort_order=index * 100,
            office=office,
            units=units,
            today=today,
            stats=stats,
        )
    _date_completed_parents(plan)
    tasks = Task.objects.filter(plan=plan)
    # The breakdown was issued in January: every task owes reports from the first quarter on.
    tasks.update(created_at=demo_moment(ISSUED, 9))
    by_status = {value: tasks.filter(status=value).count() for value in TaskStatus.values}
    stdout.write(
        f"targets: plan “{TITLE}” with {stats['tasks']} tasks ({len(TASKS)} top-level), "
        f"{stats['milestones']} milestones; "
        + ", ".join(f"{status} {count}" for status, count in by_status.items())
        + f", overdue {tasks.overdue(today).count()}"
    )
    reports = ProgressReport.objects.filter(task__plan=plan)
    stdout.write(
        f"targets: {stats['reports']} progress reports ("
        + ", ".join(f"{state} {reports.filter(state=state).count()}" for state in ProgressReport.State.values)
        + f", revised {reports.filter(revision__gt=1).count()}), {stats['contributions']} contributions"
    )
    return []


# The implementation plans' loader lives in its own module; importing it registers it.
from . import demo_implementation  # noqa: E402, F401
