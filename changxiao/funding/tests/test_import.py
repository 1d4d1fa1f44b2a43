"""Excel import of fiscal figures: all rows or none, errors row by row, both names of class 207 accepted, a
revision needing its reason; the rules checked as on the page."""

import io

import openpyxl
from django.urls import reverse

from changxiao.funding.choices import CheckState
from changxiao.funding.models import FiscalRecord, RuleCheck

from .factories import RuleFactory, setup_city

HEADERS = [
    "地区",
    "年份",
    "预算或决算",
    "经常性收入",
    "一般公共预算支出",
    "文化旅游体育与传媒支出",
    "科目名称",
    "长效机制经费",
    "常住人口",
    "人口数据来源",
    "依据文件",
    "修订原因",
]


def upload(client, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "财政数据.xlsx"
    return client.post(reverse("core:import_upload", args=["funding-figures"]), {"file": buffer}, follow=True)


GOOD = [
    [
        "姑苏区",
        2023,
        "决算",
        "1000000000",
        "1200000000",
        "100000000",
        "文化体育与传媒支出",
        "",
        900000,
        "统计公报",
        "2023年决算",
        "",
    ],
    [
        "320508",
        2024,
        "决算",
        "1074000000",
        "1200000000",
        "106100000",
        "七、文化旅游体育与传媒支出",
        "",
        900000,
        "统计公报",
        "2024年决算",
        "",
    ],
]


def test_the_finance_bureau_imports_two_years_and_the_rule_is_checked(world, client):
    setup_city(world)
    rule = RuleFactory(owner=world.city, by=world.office, code="seed-growth")
    client.force_login(world.member)
    assert client.get(reverse("core:import_template", args=["funding-figures"])).status_code == 200
    page = upload(client, GOOD).content.decode()
    assert "导入完成" in page
    assert sorted(FiscalRecord.objects.values_list("year", "culture_item_name")) == [
        (2023, "文化体育与传媒支出"),
        (2024, "文化旅游体育与传媒支出"),
    ]
    assert RuleCheck.objects.get(rule=rule, year=2024).state == CheckState.NOT_MET


def test_bad_rows_are_reported_and_nothing_is_imported(world, client):
    setup_city(world)
    client.force_login(world.member)
    upload(client, GOOD[:1])
    rows = [
        [
            "姑苏区",
            2023,
            "决算",
            "1000000000",
            "1200000000",
            "100000000",
            "",
            "",
            900000,
            "统计公报",
            "2023年决算",
            "",
        ],
        ["姑苏区", 2024, "决算", "-5", "1200000000", "100000000", "", "", "", "", "2024年决算", ""],
        ["姑苏区", 2022, "决算", "1000000000", "1200000000", "1.005", "", "", "", "", "2022年决算", ""],
        ["无锡市", 2024, "决算", "1", "1", "1", "", "", "", "", "决算", ""],
    ]
    page = upload(client, rows).content.decode()
    assert "修订须说明原因" in page  # 2023 stands already
    assert "负数" in page and "两位小数" in page and "没有此名称且由您录入数据的地区" in page
    assert FiscalRecord.objects.count() == 1


def test_the_district_cannot_import(world, client):
    setup_city(world)
    client.force_login(world.district)
    assert client.get(reverse("core:import_upload", args=["funding-figures"])).status_code == 403
