"""Excel import of regions and units, through HTTP as the office of 苏州市 and as a member unit.

江苏省 (province) → 苏州市 (city, the office's jurisdiction) → 昆山市 (county)
                  → 无锡市 (city, outside the office's jurisdiction)
"""

import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from changxiao.core.imports import XLSX, get_import, header_label
from changxiao.core.models import TimelineEvent
from changxiao.core.tests.import_helpers import error_table as all_errors
from changxiao.orgs import services
from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
from changxiao.orgs.models import Membership, PopulationRecord, Region, Unit, User

pytestmark = pytest.mark.django_db

# The Chinese headers people write by hand; the template's own (translated) headers are tested too.
REGION_HEADERS = [
    "区划代码*",
    "名称*",
    "层级*",
    "上级区划代码",
    "常住人口年份",
    "常住人口（人）",
    "面积（平方公里）",
]
UNIT_HEADERS = [
    "单位编码*",
    "单位名称*",
    "简称",
    "单位类别*",
    "场馆类型",
    "所属区划代码*",
    "上级单位编码",
    "是否牵头部门",
    "是否领导小组成员单位",
    "负责人",
    "联系人",
    "联系电话",
    "地址",
]


@pytest.fixture
def org():
    w = SimpleNamespace()
    w.admin = User.objects.create_superuser("import-admin", "admin@example.org", "x")

    def region(code, name, level, parent):
        return services.region_create(by=w.admin, parent=parent, code=code, name=name, level=level)

    w.province = region("320000", "江苏省", RegionLevel.PROVINCE, None)
    w.city = region("320500", "苏州市", RegionLevel.CITY, w.province)
    w.kunshan = region("320583", "昆山市", RegionLevel.COUNTY, w.city)
    w.wuxi = region("320200", "无锡市", RegionLevel.CITY, w.province)
    w.office_unit = Unit.objects.create(
        code="SZ-OFFICE", name="苏州市领导小组办公室", kind=UnitKind.OFFICE, region=w.city
    )
    w.member_unit = Unit.objects.create(
        code="SZ-CZJ", name="市财政局", kind=UnitKind.DEPARTMENT, region=w.city, is_member=True
    )
    w.wuxi_library = Unit.objects.create(
        code="WX-LIB",
        name="无锡市图书馆",
        kind=UnitKind.VENUE,
        venue_type=VenueType.PUBLIC_LIBRARY,
        region=w.wuxi,
    )
    w.office = User.objects.create_user("import-office", password="x", full_name="王晓梅")
    Membership.objects.create(user=w.office, unit=w.office_unit, role=Role.OFFICE)
    w.member = User.objects.create_user("import-member", password="x", full_name="张建国")
    Membership.objects.create(user=w.member, unit=w.member_unit, role=Role.MEMBER)
    return w


@pytest.fixture
def office_client(client, org):
    client.force_login(org.office)
    return client


def workbook_file(rows, name="import.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX)


def upload(client, name, rows):
    file = rows if isinstance(rows, SimpleUploadedFile) else workbook_file(rows)
    return client.post(reverse("core:import_upload", args=[name]), {"file": file}, follow=True)


def header(name: str, key: str) -> str:
    """A column's header as the error table shows it to a Chinese-speaking user."""
    with translation.override("zh-hans"):
        return str(get_import(name).column(key).header)


def error_table(response) -> list[tuple[str, str, str]]:
    return [row[:3] for row in all_errors(response) if row]


def errors_at(response) -> set[tuple[str, str]]:
    return {(row, column) for row, column, _value in error_table(response)}


# --- Access -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["orgs-regions", "orgs-units"])
def test_member_unit_gets_403_and_nothing_is_imported(client, org, name):
    client.force_login(org.member)
    assert client.get(reverse("core:import_upload", args=[name])).status_code == 403
    assert client.get(reverse("core:import_template", args=[name])).status_code == 403
    rows = [REGION_HEADERS, ["320508", "姑苏区", "区", "320500"]]
    response = client.post(reverse("core:import_upload", args=[name]), {"file": workbook_file(rows)})
    assert response.status_code == 403
    assert not Region.objects.filter(code="320508").exists()


@pytest.mark.parametrize("name", ["orgs-regions", "orgs-units"])
def test_office_sees_the_page_and_the_template(office_client, name):
    page = office_client.get(reverse("core:import_upload", args=[name]))
    assert page.status_code == 200
    response = office_client.get(reverse("core:import_template", args=[name]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("zh-hans"):
        expected = [header_label(c) for c in get_import(name).columns]
    assert [c.value for c in workbook.worksheets[0][1]] == expected
    assert len(workbook.worksheets) >= 2
    assert workbook.worksheets[0].data_validations.dataValidation  # drop-downs for the fixed choices


# --- Regions ----------------------------------------------------------------------------------------------


def test_regions_import_creates_the_tree_parents_first(office_client, org):
    before = Region.objects.count()
    rows = [
        REGION_HEADERS,
        ["320508001001", "平江路社区", "社区", "320508001", None, None, None],  # its parent comes later
        ["320508", "姑苏区", "县（市、区）", "320500", 2024, 926100, 83.4],
        ["320508001", "平江街道", "乡镇（街道）", "320508", None, None, None],
        [None, None, None, None, None, None, None],
        ["320571", "苏州工业园区", "功能区", 320500, "2023", "1,150,000", None],
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == []
    assert response.redirect_chain[-1][1] == 302
    assert Region.objects.count() == before + 4

    gusu = Region.objects.get(code="320508")
    street = Region.objects.get(code="320508001")
    community = Region.objects.get(code="320508001001")
    zone = Region.objects.get(code="320571")
    assert (gusu.level, street.level, community.level, zone.level) == (
        RegionLevel.COUNTY,
        RegionLevel.TOWNSHIP,
        RegionLevel.VILLAGE,
        RegionLevel.ZONE,
    )
    assert gusu.path == f"{org.city.path}{gusu.pk}/"
    assert street.path == f"{gusu.path}{street.pk}/"
    assert community.path == f"{street.path}{community.pk}/"
    assert zone.parent == org.city
    assert str(gusu.area_km2) == "83.40"
    assert gusu.population(2024) == 926100
    assert zone.population(2023) == 1150000
    verbs = set(TimelineEvent.objects.for_object(gusu).values_list("verb", "actor__username"))
    assert verbs == {("created", "import-office"), ("population_recorded", "import-office")}


def test_regions_template_headers_import_back(office_client, org):
    template = office_client.get(reverse("core:import_template", args=["orgs-regions"])).content
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)
    sheet.append(["320509", "吴中区", str(RegionLevel.COUNTY.label), "320500", None, None, None])
    output = io.BytesIO()
    workbook.save(output)
    response = upload(office_client, "orgs-regions", SimpleUploadedFile("filled.xlsx", output.getvalue()))
    assert error_table(response) == []
    assert Region.objects.get(code="320509").parent == org.city


def test_regions_update_an_existing_code(office_client, org):
    rows = [REGION_HEADERS, ["320583", "昆山市（县级市）", "县级市", "320500", 2024, 2100000, 931]]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == []
    org.kunshan.refresh_from_db()
    assert org.kunshan.name == "昆山市（县级市）"
    assert str(org.kunshan.area_km2) == "931.00"
    assert org.kunshan.path == f"{org.city.path}{org.kunshan.pk}/"
    assert PopulationRecord.objects.get(region=org.kunshan, year=2024).resident == 2100000
    updated = TimelineEvent.objects.for_object(org.kunshan).filter(verb="updated")
    assert updated.count() == 1 and "昆山市（县级市）" in updated.get().comment

    # The same file again changes nothing and writes no new events.
    events = TimelineEvent.objects.count()
    assert error_table(upload(office_client, "orgs-regions", rows)) == []
    assert TimelineEvent.objects.count() == events


def test_regions_wrong_columns(office_client, org):
    before = Region.objects.count()
    rows = [
        ["区划代码", "名称", "上级区划代码", "常住人口年份", "常住人口（人）", "面积（平方公里）", "备注"],
        ["320508", "姑苏区", "320500", None, None, None, "x"],
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == [("1", "备注", "备注"), ("1", header("orgs-regions", "level"), "—")]
    assert Region.objects.count() == before


def test_regions_bad_code_is_reported_on_its_row(office_client, org):
    before = Region.objects.count()
    rows = [
        REGION_HEADERS,
        ["320508", "姑苏区", "区", "320500"],
        ["32050A", "吴中区", "区", "320500"],
        ["320507", "相城区", "区", "3205"],
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == [
        ("3", header("orgs-regions", "code"), "32050A"),
        ("4", header("orgs-regions", "parent_code"), "3205"),
    ]
    assert Region.objects.count() == before


def test_regions_duplicate_codes_in_the_file(office_client, org):
    before = Region.objects.count()
    rows = [
        REGION_HEADERS,
        ["320508", "姑苏区", "区", "320500"],
        ["320509", "吴中区", "区", "320500"],
        ["320508", "姑苏区（重复）", "区", "320500"],
    ]
    response = upload(office_client, "orgs-regions", rows)
    code = header("orgs-regions", "code")
    assert errors_at(response) == {("2", code), ("4", code)}
    assert Region.objects.count() == before


def test_regions_parent_that_does_not_exist(office_client, org):
    before = Region.objects.count()
    rows = [REGION_HEADERS, ["320508", "姑苏区", "区", "320500"], ["320599001", "某街道", "街道", "320599"]]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == [("3", header("orgs-regions", "parent_code"), "320599")]
    assert Region.objects.count() == before


def test_regions_level_not_allowed_under_parent_even_in_the_last_row(office_client, org):
    before, events = Region.objects.count(), TimelineEvent.objects.count()
    rows = [
        REGION_HEADERS,
        ["320508", "姑苏区", "区", "320500", 2024, 926100, None],
        ["320508001", "平江街道", "街道", "320508"],
        ["320571", "苏州工业园区", "功能区", "320500"],
        ["320500999", "某村", "村", "320500"],  # a village cannot sit directly under a city
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == [("5", header("orgs-regions", "level"), "村")]
    assert Region.objects.count() == before
    assert TimelineEvent.objects.count() == events
    assert not PopulationRecord.objects.exists()


def test_regions_unknown_level_and_incomplete_population(office_client, org):
    rows = [
        REGION_HEADERS,
        ["320508", "姑苏区", "大区", "320500"],
        ["320509", "吴中区", "county", "320500", 2024, None, None],
        ["320507", "相城区", "区", "320500", None, "abc", None],
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert errors_at(response) == {
        ("2", header("orgs-regions", "level")),
        ("3", header("orgs-regions", "resident")),
        ("4", header("orgs-regions", "resident")),
    }
    assert not Region.objects.filter(code__in=["320507", "320508", "320509"]).exists()


def test_regions_outside_the_jurisdiction_are_refused(office_client, org):
    before = Region.objects.count()
    rows = [
        REGION_HEADERS,
        ["320200", "无锡市（改）", "市", "320000"],  # exists, outside the office's jurisdiction
        ["320205", "锡山区", "区", "320200"],  # new, under a region the office does not manage
        ["320600", "南通市", "市", "320000"],  # new, under the province: outside too
    ]
    response = upload(office_client, "orgs-regions", rows)
    assert errors_at(response) == {
        ("2", header("orgs-regions", "code")),
        ("3", header("orgs-regions", "parent_code")),
        ("4", header("orgs-regions", "parent_code")),
    }
    org.wuxi.refresh_from_db()
    assert org.wuxi.name == "无锡市"
    assert Region.objects.count() == before


def test_regions_parent_of_existing_region_cannot_change_and_loops_are_caught(office_client, org):
    rows = [
        REGION_HEADERS,
        ["320583", "昆山市", "县", "320571"],
        ["320571", "园区", "功能区", "320500"],
        ["320581001", "甲街道", "街道", "320581002"],
        ["320581002", "乙街道", "街道", "320581001"],
    ]
    response = upload(office_client, "orgs-regions", rows)
    parent = header("orgs-regions", "parent_code")
    assert {("2", parent), ("4", parent), ("5", parent)} <= errors_at(response)
    assert not Region.objects.filter(code="320571").exists()


def test_regions_not_an_xlsx_file(office_client, org):
    before = Region.objects.count()
    file = SimpleUploadedFile(
        "regions.xls", b"\xd0\xcf\x11\xe0 old excel", content_type="application/vnd.ms-excel"
    )
    response = upload(office_client, "orgs-regions", file)
    assert error_table(response) == [("—", "—", "regions.xls")]
    assert Region.objects.count() == before


# --- Units ------------------------------------------------------------------------------------------------


def unit_row(code, name, kind, region, **extra):
    values = {"short": None, "venue": None, "parent": None, "lead": None, "member": None, "phone": None}
    values.update(extra)
    return [
        code,
        name,
        values["short"],
        kind,
        values["venue"],
        region,
        values["parent"],
        values["lead"],
        values["member"],
        "李明",
        "王芳",
        values["phone"],
        "地址",
    ]


def test_units_import_creates_units_supervisors_first(office_client, org):
    before = Unit.objects.count()
    rows = [
        UNIT_HEADERS,
        unit_row("KS-WHG", "昆山市文化馆", "场馆", "320583", venue="文化馆", parent="KS-WTL", member="否"),
        unit_row("KS-WTL", "昆山市文体广电和旅游局", "文体旅局", "320583", member="是"),
        unit_row(
            "SZ-WHJ", "苏州市文化广电和旅游局", "成员部门", "320500", lead="是", member="是", phone="0512-1"
        ),
        unit_row("KS-LIB", "昆山市图书馆", "venue", 320583, venue="public_library", parent="KS-WTL"),
    ]
    response = upload(office_client, "orgs-units", rows)
    assert error_table(response) == []
    assert Unit.objects.count() == before + 4
    venue = Unit.objects.get(code="KS-WHG")
    bureau = Unit.objects.get(code="KS-WTL")
    department = Unit.objects.get(code="SZ-WHJ")
    assert (venue.kind, venue.venue_type, venue.parent, venue.region) == (
        UnitKind.VENUE,
        VenueType.CULTURE_CENTRE,
        bureau,
        org.kunshan,
    )
    assert bureau.kind == UnitKind.CULTURE_BUREAU and bureau.is_member and not bureau.is_lead
    assert department.is_lead and department.is_member and department.contact_phone == "0512-1"
    assert Unit.objects.get(code="KS-LIB").venue_type == VenueType.PUBLIC_LIBRARY
    assert TimelineEvent.objects.for_object(venue).filter(verb="created", actor=org.office).exists()


def test_units_venue_without_venue_type(office_client, org):
    before = Unit.objects.count()
    rows = [
        UNIT_HEADERS,
        unit_row("KS-WTL", "昆山市文体广电和旅游局", "文体旅局", "320583"),
        unit_row("KS-WHG", "昆山市文化馆", "场馆", "320583"),
        unit_row("SZ-JYJ", "市教育局", "成员部门", "320500", venue="文化馆"),
    ]
    response = upload(office_client, "orgs-units", rows)
    venue_type = header("orgs-units", "venue_type")
    assert errors_at(response) == {("3", venue_type), ("4", venue_type)}
    assert Unit.objects.count() == before


def test_units_bad_references_and_flags(office_client, org):
    before = Unit.objects.count()
    rows = [
        UNIT_HEADERS,
        unit_row("KS-A", "甲", "场馆", "320599", venue="博物馆"),  # region does not exist
        unit_row("WX-B", "乙", "场馆", "320200", venue="博物馆"),  # region outside the jurisdiction
        unit_row("KS-C", "丙", "场馆", "320583", venue="博物馆", parent="KS-NONE"),  # unknown parent
        unit_row("KS-D", "丁", "场馆", "320583", venue="博物馆", parent="WX-LIB"),  # parent outside
        unit_row("KS-E", "戊", "场馆", "320583", venue="博物馆", lead="是"),  # only departments lead
        unit_row("KS-F", "己", "部门", "320583", lead="也许"),  # not a yes/no
        unit_row("bad code!", "庚", "部门", "320583"),
    ]
    response = upload(office_client, "orgs-units", rows)
    h = lambda key: header("orgs-units", key)  # noqa: E731
    assert errors_at(response) == {
        ("2", h("region_code")),
        ("3", h("region_code")),
        ("4", h("parent_code")),
        ("5", h("parent_code")),
        ("6", h("is_lead")),
        ("7", h("is_lead")),
        ("8", h("code")),
    }
    assert Unit.objects.count() == before


def test_units_duplicates_and_loops(office_client, org):
    rows = [
        UNIT_HEADERS,
        unit_row("KS-A", "甲", "社会组织", "320583", parent="KS-B"),
        unit_row("KS-B", "乙", "社会组织", "320583", parent="KS-A"),
        unit_row("KS-C", "丙", "社会组织", "320583"),
        unit_row("KS-C", "丙二", "社会组织", "320583"),
    ]
    response = upload(office_client, "orgs-units", rows)
    assert errors_at(response) == {
        ("2", header("orgs-units", "parent_code")),
        ("3", header("orgs-units", "parent_code")),
        ("4", header("orgs-units", "code")),
        ("5", header("orgs-units", "code")),
    }
    assert not Unit.objects.filter(code__startswith="KS-").exists()


def test_units_update_an_existing_code(office_client, org):
    rows = [
        UNIT_HEADERS,
        unit_row("SZ-CZJ", "市财政局", "成员部门", "320500", lead="是", member="是", phone="0512-68000000"),
    ]
    response = upload(office_client, "orgs-units", rows)
    assert error_table(response) == []
    org.member_unit.refresh_from_db()
    assert org.member_unit.is_lead and org.member_unit.contact_phone == "0512-68000000"
    event = TimelineEvent.objects.for_object(org.member_unit).get(verb="updated")
    assert "0512-68000000" in event.comment and event.actor == org.office


def test_units_existing_code_outside_the_jurisdiction_is_refused(office_client, org):
    rows = [
        UNIT_HEADERS,
        unit_row("KS-NEW", "新单位", "社会组织", "320583"),
        unit_row("WX-LIB", "无锡市图书馆（改）", "场馆", "320583", venue="公共图书馆"),
    ]
    response = upload(office_client, "orgs-units", rows)
    assert error_table(response) == [("3", header("orgs-units", "code"), "WX-LIB")]
    org.wuxi_library.refresh_from_db()
    assert org.wuxi_library.name == "无锡市图书馆"
    assert not Unit.objects.filter(code="KS-NEW").exists()


def test_regions_own_city_can_be_updated_under_its_unmanaged_parent(office_client, org):
    rows = [REGION_HEADERS, ["320500", "苏州市", "市", "320000", 2024, 12900000, None]]
    response = upload(office_client, "orgs-regions", rows)
    assert error_table(response) == []
    assert org.city.population(2024) == 12900000


def test_regions_level_change_must_keep_children_allowed(office_client, org):
    rows = [REGION_HEADERS, ["320500", "苏州市", "县", "320000"]]
    response = upload(office_client, "orgs-regions", rows)
    assert errors_at(response) == {("2", header("orgs-regions", "level"))}
    assert len(error_table(response)) == 2  # not allowed under the province, and 昆山市 cannot sit under it
    org.city.refresh_from_db()
    assert org.city.level == RegionLevel.CITY
