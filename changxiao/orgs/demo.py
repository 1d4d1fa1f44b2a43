"""Demo data of the organization mechanism: the jurisdiction of 苏州市, its units, people and demo logins; and a
second demonstration zone of the province, 无锡市, with its own leading-group office and login (office2), which sees
nothing of 苏州市 — the ground for a province hosting several zones on one deployment.

Regions and 2023 resident populations follow standards.md §4.2 (苏州市统计局, 15 March 2024). Township and
village codes are plausible statistical codes, not necessarily the official ones. Heads of units, contact
persons and phone numbers are invented for the demonstration.

Idempotent: everything is looked up by code or username; a re-run writes only what differs, creates no
duplicates and no timeline events.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from changxiao.core.deadlines import local_today
from changxiao.core.demo import (
    DEMO_ADMIN_USERNAME,
    DEMO_PASSWORD,
    DemoAccount,
    demo_email,
    register_demo,
    sync_fields,
)
from changxiao.core.timeline import record_event

from .choices import DEFAULT_ROLE_FOR_KIND, RegionLevel, Role, UnitKind, VenueType
from .models import Membership, PopulationRecord, Region, Unit, User
from .services import population_record, region_create, region_update, unit_create

P, C, CO, Z, T, V = (
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.ZONE,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
)

# (code, name, level, parent code, area km²)
REGIONS: list[tuple[str, str, str, str | None, str | None]] = [
    ("320000", "江苏省", P, None, "107200"),
    ("320500", "苏州市", C, "320000", "8657.32"),
    # The ten county-level divisions, in the order of the statistics release (standards.md §4.2).
    ("320508", "姑苏区", CO, "320500", "83"),
    ("320506", "吴中区", CO, "320500", "2043"),
    ("320507", "相城区", CO, "320500", "490"),
    ("320505", "苏州高新区（虎丘区）", CO, "320500", "335"),
    ("320571", "苏州工业园区", Z, "320500", "278"),
    ("320509", "吴江区", CO, "320500", "1238"),
    ("320581", "常熟市", CO, "320500", "1276"),
    ("320582", "张家港市", CO, "320500", "990"),
    ("320583", "昆山市", CO, "320500", "932"),
    ("320585", "太仓市", CO, "320500", "823"),
    # Townships and streets (乡镇、街道): parent code + 3 digits; 0xx streets, 1xx towns.
    ("320508001", "平江街道", T, "320508", None),
    ("320508002", "沧浪街道", T, "320508", None),
    ("320508003", "金阊街道", T, "320508", None),
    ("320506101", "木渎镇", T, "320506", None),
    ("320506102", "甪直镇", T, "320506", None),
    ("320506106", "东山镇", T, "320506", None),
    ("320507001", "元和街道", T, "320507", None),
    ("320507102", "阳澄湖镇", T, "320507", None),
    ("320505001", "狮山街道", T, "320505", None),
    ("320505101", "通安镇", T, "320505", None),
    ("320571001", "娄葑街道", T, "320571", None),
    ("320571002", "斜塘街道", T, "320571", None),
    ("320571003", "唯亭街道", T, "320571", None),
    ("320509001", "松陵街道", T, "320509", None),
    ("320509102", "同里镇", T, "320509", None),
    ("320509104", "震泽镇", T, "320509", None),
    ("320581001", "虞山街道", T, "320581", None),
    ("320581103", "沙家浜镇", T, "320581", None),
    ("320582100", "杨舍镇", T, "320582", None),
    ("320582103", "凤凰镇", T, "320582", None),
    ("320583100", "玉山镇", T, "320583", None),
    ("320583102", "周庄镇", T, "320583", None),
    ("320583104", "千灯镇", T, "320583", None),
    ("320585100", "城厢镇", T, "320585", None),
    ("320585101", "沙溪镇", T, "320585", None),
    # Villages and communities (村、社区): township code + 3 digits; 0xx communities, 2xx villages.
    ("320508001002", "大儒社区", V, "320508001", None),
    ("320506106201", "陆巷村", V, "320506106", None),
    ("320507102201", "莲花村", V, "320507102", None),
    ("320505101202", "树山村", V, "320505101", None),
    ("320509104203", "众安桥村", V, "320509104", None),
    ("320582100205", "善港村", V, "320582100", None),
    ("320583102201", "祁浜村", V, "320583102", None),
    ("320583104204", "歇马桥村", V, "320583104", None),
    ("320585100202", "东林村", V, "320585100", None),
    # A second demonstration zone of the province, on the same deployment: its city and two of its districts.
    ("320200", "无锡市", C, "320000", None),
    ("320213", "梁溪区", CO, "320200", None),
    ("320211", "滨湖区", CO, "320200", None),
]

SOURCE_2023 = "苏州市统计局 2024-03-15 发布"
SOURCE_CENSUS = "第七次全国人口普查"

# (region code, year, resident persons, source)
POPULATION: list[tuple[str, int, int, str]] = [
    ("320000", 2023, 85_260_000, "江苏省统计局"),
    ("320500", 2023, 12_958_000, SOURCE_2023),
    ("320508", 2023, 926_100, SOURCE_2023),
    ("320506", 2023, 1_411_400, SOURCE_2023),
    ("320507", 2023, 907_300, SOURCE_2023),
    ("320505", 2023, 851_200, SOURCE_2023),
    ("320571", 2023, 1_169_900, SOURCE_2023),
    ("320509", 2023, 1_572_500, SOURCE_2023),
    ("320581", 2023, 1_682_900, SOURCE_2023),
    ("320582", 2023, 1_440_200, SOURCE_2023),
    ("320583", 2023, 2_148_500, SOURCE_2023),
    ("320585", 2023, 848_000, SOURCE_2023),
    ("320500", 2020, 12_748_262, SOURCE_CENSUS),
    ("320581", 2020, 1_677_700, SOURCE_CENSUS),
    ("320583", 2020, 2_092_000, SOURCE_CENSUS),
    ("320585", 2020, 828_600, SOURCE_CENSUS),
]

# Invented for the demonstration, no published figure: the townships and villages whose stations and centres the
# workforce demo staffs (their posts depend on the population served), and the current year's figures of 姑苏区 and
# 昆山市 carried forward from 2023 so the per-10,000 indicators of the year show a value.
SOURCE_DEMO = "演示数据（虚构，非统计数据）"
DEMO_POPULATION: list[tuple[str, int, int, str]] = [
    ("320508001", 2023, 65_000, SOURCE_DEMO),
    ("320583102", 2023, 36_000, SOURCE_DEMO),
    ("320508001002", 2023, 4_800, SOURCE_DEMO),
    ("320583102201", 2023, 2_100, SOURCE_DEMO),
]


def _demo_population() -> list[tuple[str, int, int, str]]:
    year = local_today().year
    carried = [
        (code, year, resident, "演示数据：沿用2023年常住人口")
        for code, recorded, resident, _source in POPULATION
        if recorded == 2023 and code in ("320508", "320583") and year > 2023
    ]
    return DEMO_POPULATION + carried


K = UnitKind
VT = VenueType
CITY_HALL = "苏州市姑苏区三香路998号"


def _unit(
    code: str,
    name: str,
    kind: str,
    region: str,
    *,
    parent: str | None = None,
    venue_type: str = "",
    short: str = "",
    lead: bool = False,
    member: bool = False,
    head: str = "",
    contact: str = "",
    phone: str = "",
    address: str = "",
) -> dict:
    return {
        "code": code,
        "name": name,
        "short_name": short,
        "kind": kind,
        "venue_type": venue_type,
        "is_lead": lead,
        "is_member": member,
        "region": region,
        "parent": parent,
        "leader_name": head,
        "contact_name": contact,
        "contact_phone": phone,
        "address": address,
    }


# Parents are listed before their children.
# fmt: off
UNITS: list[dict] = [
    # 领导小组办公室
    _unit("SZ-OFFICE", "苏州市国家公共文化服务体系示范区创建工作领导小组办公室", K.OFFICE, "320500",
          short="市示范区办", head="王晓梅", contact="顾佳", phone="0512-65223101",
          address="苏州市姑苏区人民路1398号 苏州市文化广电和旅游局内"),
    # 成员单位: 牵头部门与职能部门
    _unit("SZ-WGL", "苏州市文化广电和旅游局", K.DEPARTMENT, "320500", short="市文广旅局", lead=True,
          member=True, head="陆卫东", contact="黄丽", phone="0512-65223001",
          address="苏州市姑苏区人民路1398号"),
    _unit("SZ-XCB", "中共苏州市委宣传部", K.DEPARTMENT, "320500", short="市委宣传部", lead=True,
          member=True, head="蔡明远", contact="钱伟", phone="0512-68616021", address=CITY_HALL),
    _unit("SZ-CZJ", "苏州市财政局", K.DEPARTMENT, "320500", short="市财政局", member=True, head="唐国平",
          contact="张建国", phone="0512-68616531", address=CITY_HALL),
    _unit("SZ-FGW", "苏州市发展和改革委员会", K.DEPARTMENT, "320500", short="市发改委", member=True,
          head="程立新", contact="许志强", phone="0512-68616211", address=CITY_HALL),
    _unit("SZ-JYJ", "苏州市教育局", K.DEPARTMENT, "320500", short="市教育局", member=True, head="范德胜",
          contact="赵敏", phone="0512-65228761", address="苏州市姑苏区西北街3号"),
    _unit("SZ-RSJ", "苏州市人力资源和社会保障局", K.DEPARTMENT, "320500", short="市人社局", member=True,
          head="邵家林", contact="戴婷", phone="0512-68630321", address="苏州市姑苏区干将西路1368号"),
    _unit("SZ-ZJJ", "苏州市住房和城乡建设局", K.DEPARTMENT, "320500", short="市住建局", member=True,
          head="褚成刚", contact="孔祥宇", phone="0512-68616811", address=CITY_HALL),
    _unit("SZ-NYJ", "苏州市农业农村局", K.DEPARTMENT, "320500", short="市农业农村局", member=True,
          head="方志诚", contact="任秀兰", phone="0512-68616451", address=CITY_HALL),
    _unit("SZ-TYJ", "苏州市体育局", K.DEPARTMENT, "320500", short="市体育局", member=True, head="葛永康",
          contact="吕鹏", phone="0512-65223571", address="苏州市姑苏区体育场路2号"),
    _unit("SZ-ZGH", "苏州市总工会", K.DEPARTMENT, "320500", short="市总工会", member=True, head="姚凤英",
          contact="施磊", phone="0512-65110221", address="苏州市姑苏区三香路1200号"),
    _unit("SZ-TSW", "共青团苏州市委员会", K.DEPARTMENT, "320500", short="团市委", member=True,
          head="倪俊杰", contact="毛思雨", phone="0512-68616091", address=CITY_HALL),
    _unit("SZ-FL", "苏州市妇女联合会", K.DEPARTMENT, "320500", short="市妇联", member=True, head="汤丽君",
          contact="殷晓芸", phone="0512-68616101", address=CITY_HALL),
    _unit("SZ-WMB", "苏州市精神文明建设指导委员会办公室", K.DEPARTMENT, "320500", short="市文明办",
          member=True, head="严国强", contact="华静怡", phone="0512-68616031", address=CITY_HALL),
    # 区县(市)人民政府
    _unit("GS-GOV", "苏州市姑苏区人民政府", K.DISTRICT_GOVERNMENT, "320508", short="姑苏区政府",
          head="徐卫国", contact="彭燕", phone="0512-65251010", address="苏州市姑苏区十梓街338号"),
    _unit("WJ-GOV", "苏州市吴江区人民政府", K.DISTRICT_GOVERNMENT, "320509", short="吴江区政府",
          head="沈建新", contact="金晓东", phone="0512-63482010", address="苏州市吴江区中山南路1979号"),
    _unit("SIP-GOV", "苏州工业园区管理委员会", K.DISTRICT_GOVERNMENT, "320571", short="园区管委会",
          head="宋立明", contact="柏雪", phone="0512-66680010", address="苏州工业园区现代大道999号"),
    _unit("CS-GOV", "常熟市人民政府", K.DISTRICT_GOVERNMENT, "320581", short="常熟市政府", head="蒋志远",
          contact="曹慧", phone="0512-52862010", address="常熟市海虞北路2号"),
    _unit("KS-GOV", "昆山市人民政府", K.DISTRICT_GOVERNMENT, "320583", short="昆山市政府", head="顾振宇",
          contact="潘婷婷", phone="0512-57555010", address="昆山市前进西路1801号"),
    # 各区县(市)文化主管部门, under the lead department
    _unit("GS-WTL", "姑苏区文化体育和旅游局", K.CULTURE_BUREAU, "320508", parent="SZ-WGL",
          short="姑苏区文体旅局", head="马建平", contact="李文华", phone="0512-65251230",
          address="苏州市姑苏区十梓街338号"),
    _unit("WZ-WTL", "吴中区文化体育和旅游局", K.CULTURE_BUREAU, "320506", parent="SZ-WGL",
          short="吴中区文体旅局", head="周国良", contact="邹倩", phone="0512-65252360",
          address="苏州市吴中区东吴北路99号"),
    _unit("XC-WTL", "相城区文化体育和旅游局", K.CULTURE_BUREAU, "320507", parent="SZ-WGL",
          short="相城区文体旅局", head="陈立华", contact="喻红", phone="0512-65782230",
          address="苏州市相城区元和街道相城大道1号"),
    _unit("SND-WTL", "苏州高新区（虎丘区）文化体育和旅游局", K.CULTURE_BUREAU, "320505", parent="SZ-WGL",
          short="高新区文体旅局", head="柳志刚", contact="章佳", phone="0512-68751230",
          address="苏州高新区狮山路8号"),
    _unit("SIP-WTL", "苏州工业园区文化体育和旅游局", K.CULTURE_BUREAU, "320571", parent="SZ-WGL",
          short="园区文体旅局", head="鲍文杰", contact="费凡", phone="0512-66681230",
          address="苏州工业园区现代大道999号"),
    _unit("WJ-WTL", "吴江区文化体育和旅游局", K.CULTURE_BUREAU, "320509", parent="SZ-WGL",
          short="吴江区文体旅局", head="史国伟", contact="唐雯", phone="0512-63012230",
          address="苏州市吴江区松陵街道中山北路8号"),
    _unit("CS-WGL", "常熟市文化广电和旅游局", K.CULTURE_BUREAU, "320581", parent="SZ-WGL",
          short="常熟市文广旅局", head="俞建明", contact="邵佳琪", phone="0512-52772230",
          address="常熟市海虞北路2号"),
    _unit("ZJG-WGL", "张家港市文化广电和旅游局", K.CULTURE_BUREAU, "320582", parent="SZ-WGL",
          short="张家港市文广旅局", head="郁伟东", contact="季红梅", phone="0512-58682230",
          address="张家港市杨舍镇人民中路1号"),
    _unit("KS-WGL", "昆山市文化广电和旅游局", K.CULTURE_BUREAU, "320583", parent="SZ-WGL",
          short="昆山市文广旅局", head="朱永明", contact="吴昊", phone="0512-57552230",
          address="昆山市玉山镇前进西路1801号"),
    _unit("TC-WGL", "太仓市文化广电和旅游局", K.CULTURE_BUREAU, "320585", parent="SZ-WGL",
          short="太仓市文广旅局", head="浦建国", contact="陆燕", phone="0512-53512230",
          address="太仓市城厢镇县府街1号"),
    # 公共文化场馆: 市级
    _unit("SZ-LIB", "苏州图书馆", K.VENUE, "320500", parent="SZ-WGL", venue_type=VT.PUBLIC_LIBRARY,
          short="苏图", head="吴明远", contact="陈静", phone="0512-65229900",
          address="苏州市姑苏区人民路858号"),
    _unit("SZ-WHG", "苏州市文化馆", K.VENUE, "320500", parent="SZ-WGL", venue_type=VT.CULTURE_CENTRE,
          short="市文化馆", head="沈宏", contact="沈红", phone="0512-65211230",
          address="苏州市姑苏区人民路2075号"),
    _unit("SZ-MUSEUM", "苏州博物馆", K.VENUE, "320500", parent="SZ-WGL", venue_type=VT.MUSEUM, short="苏博",
          head="许卫东", contact="蒋文", phone="0512-67575666", address="苏州市姑苏区东北街204号"),
    _unit("SZ-ART", "苏州美术馆", K.VENUE, "320500", parent="SZ-WGL", venue_type=VT.ART_GALLERY,
          short="市美术馆", head="杭春晓", contact="宋雨桐", phone="0512-67217150",
          address="苏州市姑苏区人民路2075号"),
    # 公共文化场馆: 区县(市)级
    _unit("GS-WHG", "姑苏区文化馆", K.VENUE, "320508", parent="GS-WTL", venue_type=VT.CULTURE_CENTRE,
          head="邱晓峰", contact="何佳怡", phone="0512-65810230", address="苏州市姑苏区道前街170号"),
    _unit("WJ-LIB", "吴江区图书馆", K.VENUE, "320509", parent="WJ-WTL", venue_type=VT.PUBLIC_LIBRARY,
          head="钟海燕", contact="秦朗", phone="0512-63452230", address="苏州市吴江区松陵街道流虹路456号"),
    _unit("CS-LIB", "常熟图书馆", K.VENUE, "320581", parent="CS-WGL", venue_type=VT.PUBLIC_LIBRARY,
          head="龚丽萍", contact="陶明", phone="0512-52722230", address="常熟市虞山街道北门大街3号"),
    _unit("ZJG-WHG", "张家港市文化馆", K.VENUE, "320582", parent="ZJG-WGL", venue_type=VT.CULTURE_CENTRE,
          head="缪建华", contact="黄晓燕", phone="0512-58695230", address="张家港市杨舍镇暨阳中路199号"),
    _unit("KS-LIB", "昆山市图书馆", K.VENUE, "320583", parent="KS-WGL", venue_type=VT.PUBLIC_LIBRARY,
          head="王秋生", contact="孙悦", phone="0512-57310230", address="昆山市玉山镇前进中路306号"),
    _unit("SIP-LIB", "苏州工业园区独墅湖图书馆", K.VENUE, "320571", parent="SIP-WTL",
          venue_type=VT.PUBLIC_LIBRARY, short="独墅湖图书馆", head="谈立新", contact="罗婧",
          phone="0512-62990230", address="苏州工业园区若水路1号"),
    # 乡镇(街道)综合文化站
    _unit("GS-PJ-ZHAN", "平江街道综合文化站", K.VENUE, "320508001", parent="GS-WTL",
          venue_type=VT.TOWNSHIP_STATION, head="杨帆", contact="杨帆", phone="0512-67270230",
          address="苏州市姑苏区平江路大儒巷12号"),
    _unit("KS-ZZ-ZHAN", "周庄镇综合文化站", K.VENUE, "320583102", parent="KS-WGL",
          venue_type=VT.TOWNSHIP_STATION, head="朱建华", contact="朱建华", phone="0512-57211230",
          address="昆山市周庄镇全福路88号"),
    _unit("WJ-ZZ-ZHAN", "震泽镇综合文化站", K.VENUE, "320509104", parent="WJ-WTL",
          venue_type=VT.TOWNSHIP_STATION, head="徐建荣", contact="凌佳", phone="0512-63741230",
          address="苏州市吴江区震泽镇宝塔街1号"),
    _unit("WZ-MD-ZHAN", "木渎镇综合文化站", K.VENUE, "320506101", parent="WZ-WTL",
          venue_type=VT.TOWNSHIP_STATION, head="蔡雪芳", contact="江涛", phone="0512-66251230",
          address="苏州市吴中区木渎镇中山东路26号"),
    # 村(社区)文化活动室
    _unit("KS-QB-SHI", "祁浜村文化活动室", K.VENUE, "320583102201", parent="KS-ZZ-ZHAN",
          venue_type=VT.VILLAGE_ROOM, head="陈根林", contact="陈根林", phone="0512-57218120",
          address="昆山市周庄镇祁浜村村委会"),
    _unit("GS-DR-SHI", "大儒社区文化活动室", K.VENUE, "320508001002", parent="GS-PJ-ZHAN",
          venue_type=VT.VILLAGE_ROOM, head="周慧", contact="周慧", phone="0512-67531120",
          address="苏州市姑苏区大儒巷社区服务中心"),
    _unit("TC-DL-SHI", "东林村文化活动室", K.VENUE, "320585100202", parent="TC-WGL",
          venue_type=VT.VILLAGE_ROOM, head="苏建忠", contact="苏建忠", phone="0512-53651120",
          address="太仓市城厢镇东林村村委会"),
    # 行业组织、社会团体
    _unit("SZ-TSGXH", "苏州市图书馆学会", K.SOCIAL_ORGANIZATION, "320500", parent="SZ-WGL", head="吴明远",
          contact="卢晓雯", phone="0512-65229911", address="苏州市姑苏区人民路858号"),
    _unit("SZ-WHZYZ", "苏州市文化志愿者协会", K.SOCIAL_ORGANIZATION, "320500", parent="SZ-WGL",
          head="潘志强", contact="郑可欣", phone="0512-65211288", address="苏州市姑苏区人民路2075号"),
    # 新闻媒体
    _unit("SZ-RB", "苏州日报社", K.MEDIA, "320500", head="韦国华", contact="韩冰", phone="0512-65590230",
          address="苏州市姑苏区竹辉路118号"),
    _unit("SZ-GDZT", "苏州广播电视总台", K.MEDIA, "320500", head="戚振宇", contact="林晨",
          phone="0512-68250230", address="苏州市姑苏区竹辉路9号"),
    # 人大、政协
    _unit("SZ-RD-JKWW", "苏州市人大常委会教科文卫工委", K.NPC_CPPCC, "320500", short="市人大教科文卫工委",
          head="金宝华", contact="薛莉", phone="0512-68616601", address=CITY_HALL),
    _unit("SZ-ZX-WWX", "苏州市政协文化文史和学习委员会", K.NPC_CPPCC, "320500", short="市政协文史委",
          head="钱国栋", contact="冯雅", phone="0512-68616701", address=CITY_HALL),
    # 督查组
    _unit("SZ-DCZ", "苏州市示范区长效管理督查组", K.INSPECTION_TEAM, "320500", parent="SZ-OFFICE",
          short="市示范区长效管理督查组", head="高建新", contact="刘洋", phone="0512-65223121",
          address="苏州市姑苏区人民路1398号"),
    # 无锡市: the second zone's office, its lead department and a district bureau and library (invented contacts).
    _unit("WX-OFFICE", "无锡市国家公共文化服务体系示范区创建工作领导小组办公室", K.OFFICE, "320200",
          short="无锡市示范区办", head="钱立新", contact="许慧", phone="0510-81821001",
          address="无锡市梁溪区解放北路1228号"),
    _unit("WX-WGL", "无锡市文化广电和旅游局", K.DEPARTMENT, "320200", short="无锡市文广旅局", lead=True,
          member=True, head="孙伟明", contact="许慧", phone="0510-81821002", address="无锡市梁溪区解放北路1228号"),
    _unit("LX-WTL", "梁溪区文化体育和旅游局", K.CULTURE_BUREAU, "320213", parent="WX-WGL",
          short="梁溪区文体旅局", head="周建华", contact="顾琳", phone="0510-82711230",
          address="无锡市梁溪区人民西路88号"),
    _unit("WX-LIB", "无锡市图书馆", K.VENUE, "320200", parent="WX-WGL", venue_type=VT.PUBLIC_LIBRARY,
          short="锡图", head="沈立群", contact="华晓", phone="0510-81825230", address="无锡市梁溪区五爱路2号"),
]
# fmt: on

# Demo logins: (username, unit code, role, full name, position)
ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    ("office", "SZ-OFFICE", Role.OFFICE, "王晓梅", "办公室主任"),
    ("member", "SZ-CZJ", Role.MEMBER, "张建国", "科长"),
    ("district", "GS-WTL", Role.DISTRICT, "李文华", "副局长"),
    ("venue", "SZ-LIB", Role.VENUE, "陈静", "办公室主任"),
    ("inspector", "SZ-DCZ", Role.INSPECTOR, "刘洋", "督查专员"),
    ("leader", "SZ-OFFICE", Role.LEADER, "周振华", "领导小组副组长"),
    # Outsiders, so a demo (and a test) can show what another unit does not see.
    ("member2", "SZ-JYJ", Role.MEMBER, "赵敏", "科员"),
    ("venue2", "KS-LIB", Role.VENUE, "孙悦", "馆员"),
    ("district2", "KS-WGL", Role.DISTRICT, "吴昊", "科长"),
    # The office of the second zone (无锡市): its own settings, none of 苏州市's records.
    ("office2", "WX-OFFICE", Role.OFFICE, "钱立新", "办公室主任"),
]

# People without a login (contact persons), so the people lists of other units are not empty.
# (username, unit code, full name, position); the role is the unit kind's usual role.
CONTACTS: list[tuple[str, str, str, str]] = [
    ("guojia", "SZ-OFFICE", "顾佳", "综合科科员"),
    ("huangli", "SZ-WGL", "黄丽", "公共服务处处长"),
    ("luweidong", "SZ-WGL", "陆卫东", "局长"),
    ("qianwei", "SZ-XCB", "钱伟", "文艺处副处长"),
    ("xuzhiqiang", "SZ-FGW", "许志强", "社会处科长"),
    ("daiting", "SZ-RSJ", "戴婷", "专业技术人员管理处科员"),
    ("kongxiangyu", "SZ-ZJJ", "孔祥宇", "村镇建设处科员"),
    ("renxiulan", "SZ-NYJ", "任秀兰", "乡村建设处副处长"),
    ("lvpeng", "SZ-TYJ", "吕鹏", "群体处科员"),
    ("shilei", "SZ-ZGH", "施磊", "宣教部干事"),
    ("maosiyu", "SZ-TSW", "毛思雨", "志愿者工作部干事"),
    ("yinxiaoyun", "SZ-FL", "殷晓芸", "宣传部干事"),
    ("huajingyi", "SZ-WMB", "华静怡", "创建处科员"),
    ("pengyan", "GS-GOV", "彭燕", "办公室秘书"),
    ("panting", "KS-GOV", "潘婷婷", "办公室秘书"),
    ("jinxiaodong", "WJ-GOV", "金晓东", "办公室副主任"),
    ("caohui", "CS-GOV", "曹慧", "办公室秘书"),
    ("yuhong", "XC-WTL", "喻红", "公共服务科科长"),
    ("zouqian", "WZ-WTL", "邹倩", "公共服务科科长"),
    ("zhangjia", "SND-WTL", "章佳", "文化科科员"),
    ("feifan", "SIP-WTL", "费凡", "文化科科员"),
    ("tangwen", "WJ-WTL", "唐雯", "公共服务科科员"),
    ("shaojiaqi", "CS-WGL", "邵佳琪", "公共服务科科长"),
    ("jihongmei", "ZJG-WGL", "季红梅", "公共服务科科员"),
    ("luyan", "TC-WGL", "陆燕", "公共服务科科员"),
    ("shenhong", "SZ-WHG", "沈红", "群文部主任"),
    ("jiangwen", "SZ-MUSEUM", "蒋文", "社会教育部主任"),
    ("songyutong", "SZ-ART", "宋雨桐", "公共教育部馆员"),
    ("hejiayi", "GS-WHG", "何佳怡", "馆员"),
    ("taoming", "CS-LIB", "陶明", "读者服务部主任"),
    ("luojing", "SIP-LIB", "罗婧", "馆员"),
    ("qinlang", "WJ-LIB", "秦朗", "办公室主任"),
    ("jiangtao", "WZ-MD-ZHAN", "江涛", "副站长"),
    ("yangfan", "GS-PJ-ZHAN", "杨帆", "站长"),
    ("zhujianhua", "KS-ZZ-ZHAN", "朱建华", "站长"),
    ("chengenlin", "KS-QB-SHI", "陈根林", "文化管理员"),
    ("luxiaowen", "SZ-TSGXH", "卢晓雯", "秘书长"),
    ("zhenkexin", "SZ-WHZYZ", "郑可欣", "秘书长"),
    ("hanbing", "SZ-RB", "韩冰", "记者"),
    ("linchen", "SZ-GDZT", "林晨", "新闻中心编辑"),
    ("xueli", "SZ-RD-JKWW", "薛莉", "副主任"),
]
# Left without anyone, so the office workbench shows "units with no account": SIP-GOV, ZJG-WHG, WJ-ZZ-ZHAN,
# GS-DR-SHI, TC-DL-SHI, SZ-ZX-WWX.


def _ensure_admin() -> User:
    admin = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if admin is None:
        admin = User(username=DEMO_ADMIN_USERNAME)
    fields = {
        "full_name": "系统管理员",
        "email": demo_email("admin"),
        "is_superuser": True,
        "is_staff": True,
        "is_active": True,
    }
    if admin.pk is None:
        for name, value in fields.items():
            setattr(admin, name, value)
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        return admin
    sync_fields(admin, fields)
    _keep_password(admin, DEMO_PASSWORD)
    return admin


def _keep_password(user: User, password: str | None) -> None:
    """A contact keeps an unusable password; a demo login keeps whatever password it has."""
    if password is None:
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
    elif not user.has_usable_password():
        # A demo login gets the demo password once; a password someone changed since is left alone.
        user.set_password(password)
        user.save(update_fields=["password"])


def _load_regions(admin: User, stats: dict) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for order, (code, name, level, parent_code, area) in enumerate(REGIONS, start=1):
        parent = regions[parent_code] if parent_code else None
        values = {
            "name": name,
            "level": level,
            "area_km2": Decimal(area) if area else None,
            "sort_order": order * 10,
        }
        region = Region.objects.filter(code=code).first()
        if region is None:
            region = region_create(by=admin, parent=parent, code=code, **values)  # writes the "created" event
            stats["regions_created"] += 1
        else:
            sync_fields(region, values)
            old_parent_id = region.parent_id
            if old_parent_id != (parent.pk if parent else None):
                region.parent = parent
                region_update(region=region, by=admin, changes_comment="", old_parent_id=old_parent_id)
        regions[code] = region
    for code, year, resident, source in POPULATION + _demo_population():
        region = regions[code]
        record = PopulationRecord.objects.filter(region=region, year=year).first()
        if record is None or record.resident != resident or record.source != source:
            population_record(region=region, by=admin, year=year, resident=resident, source=source)
    return regions


def _load_units(admin: User, regions: dict[str, Region], stats: dict) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for order, spec in enumerate(UNITS, start=1):
        values = dict(spec)
        code = values.pop("code")
        values["region"] = regions[values["region"]]
        values["parent"] = units[values["parent"]] if values["parent"] else None
        values["sort_order"] = order * 10
        values["is_active"] = True
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = unit_create(by=admin, unit=Unit(code=code, **values))  # writes the "created" event
            stats["units_created"] += 1
        else:
            sync_fields(unit, values)
        units[code] = unit
    return units


def _ensure_person(
    admin: User,
    unit: Unit,
    *,
    username: str,
    full_name: str,
    role: str,
    title: str,
    password: str | None,
    stats: dict,
) -> User:
    fields = {"full_name": full_name, "email": demo_email(username), "is_active": True}
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **fields)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        stats["people_created"] += 1
    else:
        sync_fields(user, fields)
        _keep_password(user, password)
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = Membership.objects.create(user=user, unit=unit, role=role, title=title)
        record_event(
            unit, actor=admin, verb="member_added", comment=f"{full_name} · {membership.get_role_display()}"
        )
    else:
        sync_fields(membership, {"title": title, "is_active": True})
    return user


@register_demo("orgs", order=10)
def load(stdout) -> list[DemoAccount]:
    stats = {"regions_created": 0, "units_created": 0, "people_created": 0}
    admin = _ensure_admin()
    regions = _load_regions(admin, stats)
    units = _load_units(admin, regions, stats)
    accounts = [DemoAccount(_("Superuser"), admin.username, DEMO_PASSWORD, "/admin/")]
    for username, unit_code, role, full_name, title in ACCOUNTS:
        unit = units[unit_code]
        _ensure_person(
            admin,
            unit,
            username=username,
            full_name=full_name,
            role=role,
            title=title,
            password=DEMO_PASSWORD,
            stats=stats,
        )
        accounts.append(DemoAccount(str(Role(role).label), username, DEMO_PASSWORD, unit.name))
    for username, unit_code, full_name, title in CONTACTS:
        unit = units[unit_code]
        _ensure_person(
            admin,
            unit,
            username=username,
            full_name=full_name,
            role=DEFAULT_ROLE_FOR_KIND[unit.kind],
            title=title,
            password=None,
            stats=stats,
        )
    stdout.write(
        f"orgs: {len(regions)} regions ({stats['regions_created']} new), "
        f"{len(units)} units ({stats['units_created']} new), "
        f"{len(ACCOUNTS) + len(CONTACTS) + 1} people ({stats['people_created']} new)"
    )
    return accounts
