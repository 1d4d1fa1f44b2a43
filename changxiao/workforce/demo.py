"""Demonstration data of the workforce: the stations, village rooms and venues of 姑苏区 and 昆山市 staffed, the city's
certificate kinds and the requirement that a station or centre manager holds the grassroots culture manager's
certificate — with some gaps and some certificates expiring within 90 days. Written through the services; running it
twice changes nothing. The names and identity card numbers are invented (the numbers pass the GB 11643 check)."""

from datetime import date, timedelta

from changxiao.core.deadlines import local_today
from changxiao.core.demo import demo_actor, register_demo
from changxiao.core.personal_data import ID_CHECK, ID_WEIGHTS, lookup_digest
from changxiao.orgs.models import Region, Unit

from . import credit_code, services
from .choices import OrganizationField, OrganizationKind, PostKind, PostRole, StaffedFacility
from .models import (
    CertificateKind,
    CertificateRequirement,
    Post,
    Practitioner,
    SocialOrganization,
    StaffingStandard,
    TrainingSession,
)

MANAGER_CERTIFICATE = "基层文化管理员岗位培训合格证"
LIBRARIAN_CERTIFICATE = "图书资料专业技术资格证书"
INSTRUCTOR_CERTIFICATE = "群众文化专业技术资格证书"

# unit code, name, birth date, sequence, kind, role, certificate (kind, days to expiry; None: no certificate)
STAFF = [
    (
        "GS-PJ-ZHAN",
        "杨帆",
        "19850312",
        "101",
        PostKind.ESTABLISHED,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 800),
    ),
    ("GS-PJ-ZHAN", "顾佳琪", "19920708", "102", PostKind.PUBLIC_WELFARE, PostRole.ADMINISTRATOR, None),
    (
        "GS-PJ-ZHAN",
        "陆文斌",
        "19880121",
        "103",
        PostKind.PURCHASED,
        PostRole.INSTRUCTOR,
        (INSTRUCTOR_CERTIFICATE, 60),
    ),
    (
        "GS-DR-SHI",
        "周慧",
        "19790915",
        "104",
        PostKind.PUBLIC_WELFARE,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 25),
    ),
    (
        "GS-WHG",
        "邱晓峰",
        "19750402",
        "105",
        PostKind.ESTABLISHED,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 1200),
    ),
    (
        "GS-WHG",
        "何佳怡",
        "19900627",
        "106",
        PostKind.ESTABLISHED,
        PostRole.INSTRUCTOR,
        (INSTRUCTOR_CERTIFICATE, 1500),
    ),
    ("GS-WHG", "沈一鸣", "19960211", "107", PostKind.PART_TIME, PostRole.TECHNICIAN, None),
    ("KS-ZZ-ZHAN", "朱建华", "19800519", "201", PostKind.ESTABLISHED, PostRole.MANAGER, None),
    ("KS-ZZ-ZHAN", "张梦瑶", "19931103", "202", PostKind.PURCHASED, PostRole.ADMINISTRATOR, None),
    (
        "KS-QB-SHI",
        "陈根林",
        "19700830",
        "203",
        PostKind.PUBLIC_WELFARE,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 75),
    ),
    (
        "KS-LIB",
        "王秋生",
        "19721216",
        "204",
        PostKind.ESTABLISHED,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 1000),
    ),
    (
        "KS-LIB",
        "孙悦",
        "19940404",
        "205",
        PostKind.ESTABLISHED,
        PostRole.LIBRARIAN,
        (LIBRARIAN_CERTIFICATE, None),
    ),
    # The city library, where the demo's venue account works.
    (
        "SZ-LIB",
        "吴明远",
        "19700218",
        "301",
        PostKind.ESTABLISHED,
        PostRole.MANAGER,
        (MANAGER_CERTIFICATE, 400),
    ),
    (
        "SZ-LIB",
        "陈静",
        "19880522",
        "302",
        PostKind.ESTABLISHED,
        PostRole.LIBRARIAN,
        (LIBRARIAN_CERTIFICATE, None),
    ),
]
REGION_CODES = {"GS": "320508", "KS": "320583", "SZ": "320505"}


def demo_id_number(region_code: str, born: str, sequence: str) -> str:
    """A made-up identity card number that passes the GB 11643 check."""
    body = f"{region_code}{born}{sequence}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


@register_demo("workforce", order=400)
def load(stdout) -> None:
    admin = demo_actor()
    city = Region.objects.filter(code="320500").first()
    if city is None:
        return
    kinds = {}
    for name, issuer in (
        (MANAGER_CERTIFICATE, "苏州市文化广电和旅游局"),
        (LIBRARIAN_CERTIFICATE, "江苏省人力资源和社会保障厅"),
        (INSTRUCTOR_CERTIFICATE, "江苏省人力资源和社会保障厅"),
    ):
        kind = CertificateKind.objects.filter(owner=city, name=name).first()
        kinds[name] = kind or services.certificate_kind_create(owner=city, by=admin, name=name, issuer=issuer)
    if not CertificateRequirement.objects.filter(owner=city, role=PostRole.MANAGER).exists():
        services.requirement_create(
            owner=city,
            by=admin,
            role=PostRole.MANAGER,
            kind=kinds[MANAGER_CERTIFICATE],
            source="演示数据：示范区长效管理机制 三(四) 专业认证、持证上岗",
        )
    today = local_today()
    added = 0
    for code, name, born, sequence, kind, role, certificate in STAFF:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        id_number = demo_id_number(REGION_CODES[code[:2]], born, sequence)
        if Practitioner.objects.filter(id_number_digest=lookup_digest(id_number)).exists():
            continue
        post = services.practitioner_register(
            unit=unit,
            by=admin,
            name=name,
            id_number=id_number,
            phone=f"139{born[2:]}{sequence[-2:]}",
            kind=kind,
            role=role,
            start=date(today.year - 3, 3, 1),
        )
        added += 1
        if certificate is None:
            continue
        kind_name, days = certificate
        expires = today + timedelta(days=days) if days is not None else None
        issued = min(today - timedelta(days=30), (expires or today) - timedelta(days=1500))
        services.certificate_record(
            practitioner=post.practitioner,
            by=admin,
            kind=kinds[kind_name],
            issuer=kinds[kind_name].issuer,
            number=f"SZ{born[:4]}{sequence}",
            issued_on=max(issued, today - timedelta(days=3000)),
            expires_on=expires,
            level="初级" if role != PostRole.MANAGER else "",
        )
    sessions = _load_training(admin, today)
    _load_staffing_band(city, admin)
    organizations = _load_organizations(admin)
    stdout.write(
        f"workforce: {added} practitioners staffed, {sessions} training sessions, "
        f"{organizations} social organizations registered"
    )


# organizer, title, level, month, day, days, the units whose staff attended
TRAINING = [
    ("GS-WTL", "姑苏区基层文化管理员培训班", "county", 4, 8, 5, ("GS-PJ-ZHAN", "GS-DR-SHI")),
    ("GS-WTL", "姑苏区文化馆业务骨干培训", "county", 5, 12, 10, ("GS-WHG",)),
    ("KS-WGL", "昆山市乡镇文化站长轮训", "county", 3, 16, 3, ("KS-ZZ-ZHAN", "KS-QB-SHI")),
    ("KS-WGL", "昆山市公共图书馆业务培训", "city", 6, 2, 16, ("KS-LIB",)),
]


def _load_training(admin, today) -> int:
    """A year of training: some people meet the standard of their tier, some fall short."""
    added = 0
    for organizer_code, title, level, month, day, days, attending in TRAINING:
        organizer = Unit.objects.filter(code=organizer_code).first()
        if organizer is None or TrainingSession.objects.filter(title=title, start__year=today.year).exists():
            continue
        start = date(today.year, month, day)
        if start > today:  # loaded early in the year: last year's session
            start = start.replace(year=today.year - 1)
        session = services.session_create(
            organizer=organizer,
            by=admin,
            title=title,
            level=level,
            start=start,
            end=start + timedelta(days=days - 1),
            days=days,
        )
        people = [
            post.practitioner
            for post in Post.objects.held_on(today)
            .filter(unit__code__in=attending)
            .select_related("practitioner")
        ]
        if people:
            services.attendance_record(session=session, by=admin, practitioners=people)
        added += 1
    return added


LARGE_TOWNSHIP_FROM = 50_000


def _load_staffing_band(city, admin) -> None:
    """A band for large townships, so the demo shows posts sized to the population served (平江街道 reaches it and
    has a vacancy, 周庄镇 does not): a demonstration figure, marked unverified — no official threshold was read."""
    if StaffingStandard.objects.filter(owner=city, population_from=LARGE_TOWNSHIP_FROM).exists():
        return
    for population_from, posts in ((0, 1), (LARGE_TOWNSHIP_FROM, 2)):
        services.staffing_standard_set(
            owner=city,
            by=admin,
            facility=StaffedFacility.TOWNSHIP_STATION,
            post_kind=PostKind.ESTABLISHED,
            population_from=population_from,
            posts=posts,
            source="演示数据：常住人口5万以上的乡镇（街道）综合文化站配2名编制人员（示例，非官方标准）",
        )


def _code(body: str, *, passes: bool = True) -> str:
    """A made-up unified social credit code: the body's GB 32100-2015 check character, or (passes=False) another
    one, as early pilot codes were issued."""
    right = credit_code.check_character(body)
    return body + (right if passes else ("1" if right != "1" else "2"))


# region code, name, credit code, kind, field, contact, phone, services, registered on, individual members
ORGANIZATIONS = [
    (
        "320508",
        "苏州市姑苏区图书馆学会",
        _code("51320508MJ5820135"),
        OrganizationKind.SOCIAL_GROUP,
        OrganizationField.LIBRARIES,
        "沈丽娟",
        "0512-65223456",
        "阅读推广、基层图书室馆员培训、古籍保护讲座",
        date(2012, 5, 18),
        86,
    ),
    (
        "320508",
        "姑苏区评弹艺术传习中心",
        _code("52320508MJ5831240"),
        OrganizationKind.PRIVATE_NON_ENTERPRISE,
        OrganizationField.HERITAGE,
        "钱一鸣",
        "0512-67271880",
        "评弹书场公益演出、社区评弹兴趣班",
        date(2016, 9, 1),
        24,
    ),
    (
        "320583",
        "昆山市昆曲研习社",
        _code("51320583MJ5903416", passes=False),  # fails only its check character: confirmed as issued
        OrganizationKind.SOCIAL_GROUP,
        OrganizationField.ARTS,
        "顾小梅",
        "0512-57520316",
        "昆曲进校园、乡镇文化站昆曲曲会",
        date(2003, 11, 6),
        140,
    ),
    (
        "320583",
        "昆山市文化志愿者协会",
        _code("51320583MJ5917728"),
        OrganizationKind.SOCIAL_GROUP,
        OrganizationField.VOLUNTEERING,
        "陶建平",
        "0512-57331208",
        "文化站、村（社区）综合性文化服务中心的志愿服务招募与培训",
        date(2014, 3, 12),
        620,
    ),
]


def _load_organizations(admin) -> int:
    """A few industry organizations and social groups of 姑苏区 and 昆山市, one with a code that fails only its check
    character (registered once confirmed as issued)."""
    added = 0
    for region_code, name, code, kind, field, contact, phone, offers, registered_on, members in ORGANIZATIONS:
        region = Region.objects.filter(code=region_code).first()
        if region is None or SocialOrganization.objects.filter(credit_code=code).exists():
            continue
        services.organization_register(
            region=region,
            by=admin,
            name=name,
            credit_code=code,
            kind=kind,
            field=field,
            contact_name=contact,
            contact_phone=phone,
            services=offers,
            registered_on=registered_on,
            individual_members=members,
            confirmed=not credit_code.passes_check(code),
        )
        added += 1
    return added
