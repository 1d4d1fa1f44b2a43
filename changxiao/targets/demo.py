"""Demo data of the target-responsibility system: 苏州市's 2026 plan of the demonstration zone's long-term management.

The tasks follow the six mechanisms of 《关于建立健全国家公共文化服务体系示范区长效管理机制的意见》 (三、主要内容)
and its work requirements (四、工作要求). Their dates are set for the demonstration "today" of 27 November 2026:
some tasks were done on time, some late, some are overdue, some fall due within the next weeks and the rest at the
end of the year. Three tasks are broken down into one sub-task per district culture bureau, so the roll-up shows.

Everything is written through the services (timeline events and progress history included), as the office demo
account or as a person of the lead unit. The services date completions and milestones "today"; afterwards the
dates of completions and milestones are moved back to when they happened (the history rows stay as written).

Idempotent: the plan is looked up by (jurisdiction, year, title); when it exists nothing more is written.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from changxiao.core.demo import register_demo
from changxiao.orgs.models import Membership, Region, Unit, User

from .choices import Mechanism, ReportSchedule, TaskStatus
from .models import Milestone, Task, WorkPlan
from .services import milestone_add, milestone_mark_done, plan_create, task_create, task_record_progress

CITY_CODE = "320500"
YEAR = 2026
TITLE = "2026年苏州市国家公共文化服务体系示范区长效管理工作计划"
SOURCE_DOCUMENT = "《苏州市国家公共文化服务体系示范区后续建设规划》"
OFFICE_USERNAME = "office"
BASIS = "《关于建立健全国家公共文化服务体系示范区长效管理机制的意见》"

M = Mechanism


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


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
    # Progress updates in order: (percent, note). The last one at 100 completes the task.
    progress: list[tuple[int, str]] = field(default_factory=list)
    # The day a completed task was really finished (the service would say "today").
    done: date | None = None
    # The office confirms the completion (records the last update) instead of the lead unit.
    office_confirms: bool = False
    # (title, due date, done on or None)
    milestones: list[tuple[str, date, date | None]] = field(default_factory=list)
    children: list["Spec"] = field(default_factory=list)


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
         done=d(11, 12)),
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
# fmt: on


def _reporter(unit: Unit, office: User) -> User:
    """The person who reports a task's progress: someone of the lead unit, else the office."""
    membership = Membership.objects.active().filter(unit=unit).select_related("user").order_by("pk").first()
    return membership.user if membership else office


def _backdate(task: Task, done: date | None, today: date) -> None:
    if done is not None:
        Task.objects.filter(pk=task.pk).update(completed_on=min(done, today))


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
    task = task_create(
        by=office,
        task=Task(
            plan=plan,
            parent=parent,
            number=spec.number,
            title=spec.title,
            description=spec.description,
            mechanism=spec.mechanism,
            lead_unit=lead,
            deliverables=spec.deliverables,
            weight=Decimal(spec.weight),
            due_date=spec.due,
            status=TaskStatus.NOT_STARTED,
            sort_order=sort_order,
        ),
        cooperating_units=[units[code] for code in spec.cooperating],
    )
    stats["tasks"] += 1
    reporter = _reporter(lead, office)
    for title, due, done_on in spec.milestones:
        milestone = milestone_add(task=task, by=office, title=title, due_date=due)
        stats["milestones"] += 1
        if done_on is not None:
            milestone_mark_done(milestone=milestone, by=reporter)
            Milestone.objects.filter(pk=milestone.pk).update(done_on=min(done_on, today))
    for index, (percent, note) in enumerate(spec.progress):
        last = index == len(spec.progress) - 1
        by = office if last and spec.office_confirms else reporter
        task_record_progress(task=task, by=by, percent=percent, note=note)
    _backdate(task, spec.done, today)
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
    today = timezone.localdate()
    plan = plan_create(
        by=office,
        region=region,
        year=YEAR,
        title=TITLE,
        source_document=SOURCE_DOCUMENT,
        report_schedule=ReportSchedule.QUARTERLY,
    )
    stats = {"tasks": 0, "milestones": 0}
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
    by_status = {value: tasks.filter(status=value).count() for value in TaskStatus.values}
    stdout.write(
        f"targets: plan “{TITLE}” with {stats['tasks']} tasks ({len(TASKS)} top-level), "
        f"{stats['milestones']} milestones; "
        + ", ".join(f"{status} {count}" for status, count in by_status.items())
        + f", overdue {tasks.overdue(today).count()}"
    )
    return []
