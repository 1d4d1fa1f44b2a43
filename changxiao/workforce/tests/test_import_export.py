"""Excel import of staff (all rows or none, errors row by row) and the Excel export of a roster or a jurisdiction
(personal data masked)."""

import io

import openpyxl
from django.urls import reverse

from changxiao.core.exports import get_export
from changxiao.workforce.models import Post, Practitioner

from .factories import PostFactory, id_number

HEADERS = ["单位", "姓名", "身份证号", "电话", "岗位性质", "岗位", "到岗日期"]


def upload(client, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "从业人员.xlsx"
    return client.post(reverse("core:import_upload", args=["workforce-staff"]), {"file": buffer}, follow=True)


def test_a_district_imports_its_stations_staff(world, client):
    client.force_login(world.district)
    assert client.get(reverse("core:import_template", args=["workforce-staff"])).status_code == 200
    rows = [
        ["平江街道综合文化站", "赵敏", "11010519491231002X", "13912345678", "编制", "站长", "2026-01-05"],
        ["GS-WHG", "钱多多", id_number(), "", "公益性岗位", "文化管理员", "2026/1/5"],
    ]
    page = upload(client, rows).content.decode()
    assert "导入完成" in page
    assert sorted(Post.objects.values_list("unit__code", "role", "kind")) == [
        ("GS-PJ-ZHAN", "manager", "established"),
        ("GS-WHG", "administrator", "public_welfare"),
    ]
    assert "赵敏" not in str(list(Practitioner.objects.values_list("name_encrypted", flat=True)))


def test_bad_rows_are_listed_and_nothing_is_imported(world, client):
    PostFactory(unit=world.outsider_unit, by=world.office, id_number="11010519491231002X")
    client.force_login(world.district)
    twice = id_number()
    rows = [
        [
            "平江街道综合文化站",
            "甲",
            "110105194912310021",
            "",
            "编制",
            "站长",
            "2026-01-05",
        ],  # check character
        [
            "昆山市图书馆",
            "乙",
            id_number(),
            "",
            "编制",
            "站长",
            "2026-01-05",
        ],  # not a unit the district keeps
        ["平江街道综合文化站", "丙", twice, "", "编制", "站长", "2026-01-05"],
        ["平江街道综合文化站", "丁", twice, "", "编制", "站长", "2026-01-05"],  # the same number twice
        ["GS-WHG", "赵敏", "11010519491231002X", "", "编制", "站长", "2026-01-05"],  # in post in 昆山市
        ["GS-WHG", "戊", id_number(), "", "合同工", "站长", "2026-01-05"],  # no such kind of post
    ]
    page = upload(client, rows).content.decode()
    assert "校验码与前17位不符" in page
    assert "没有您管理名册的这一单位" in page
    assert "在文件中出现两次" in page
    assert "已在昆山市图书馆任职" in page
    assert "合同工" in page
    assert Post.objects.count() == 1 and Practitioner.objects.count() == 1


def test_the_leader_may_not_import(world, client):
    client.force_login(world.leader)
    assert (
        upload(
            client, [["平江街道综合文化站", "甲", id_number(), "", "编制", "站长", "2026-01-05"]]
        ).status_code
        == 403
    )
    assert not Post.objects.exists()


def test_the_export_lists_the_roster_masked_and_only_what_the_person_sees(world):
    PostFactory(unit=world.venue_unit, by=world.office, name="赵敏", id_number="11010519491231002X")
    PostFactory(unit=world.outsider_unit, by=world.office)
    export = get_export("workforce-staff")
    venue_rows = list(export.queryset(world.venue, {}))
    assert [p.unit for p in venue_rows] == [world.venue_unit]
    assert [c.value(venue_rows[0]) for c in export.columns][2:4] == ["赵*", "110***********002X"]
    assert len(list(export.queryset(world.office, {"region": str(world.gusu.pk)}))) == 1
    assert len(list(export.queryset(world.office, {}))) == 2
    assert not list(export.queryset(world.office2, {}))
