"""The rules and averages kept as data, and what the figures are read through: metrics, the Excel export, the Word
section and the API."""

import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.core.metrics import get_metric
from changxiao.funding.choices import CheckState, Stage
from changxiao.funding.documents import funding_section
from changxiao.funding.models import RuleCheck
from changxiao.funding.services import average_enter, figures_enter, province_average, rule_create

from .factories import RecordFactory, RuleFactory, setup_city


def _rule(w, **change):
    values = {
        "owner": w.city,
        "by": w.office,
        "code": "r",
        "name": "规则",
        "kind": "growth",
        "comparator": "ge",
        "window": 1,
        "stage": "final",
        "source_title": "文件",
        "source_text": "原文",
    } | change
    return rule_create(**values)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "mechanism", "stage": "final"}, "stage"),
        ({"window": 0}, "window"),
        ({"window": 9}, "window"),
        ({"source_text": ""}, "source_text"),
        ({"comparator": "lt"}, "comparator"),
    ],
)
def test_a_rule_needs_sound_terms_and_its_source(world, change, field):
    with pytest.raises(ValidationError) as refused:
        _rule(world, **change)
    assert field in refused.value.message_dict


def test_a_district_cannot_keep_the_city_rules(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _rule(world, by=world.district)


@pytest.fixture
def figures(world):
    setup_city(world)
    RecordFactory(region=world.gusu, by=world.member, year=2023, culture_spending=Decimal("250000000"))
    RecordFactory(region=world.gusu, by=world.member, year=2024, culture_spending=Decimal("270000000"))
    return world


def test_a_rule_added_later_is_checked_at_once_and_the_stricter_wording_fails_equal_growth(figures):
    w = figures
    RecordFactory(
        region=w.gusu,
        by=w.member,
        year=2025,
        culture_spending=Decimal("270000000"),
        regular_revenue=Decimal("10000000000"),
    )  # 2025: both 0%
    stricter = _rule(w, code="civil", comparator="gt", window=2)
    check = RuleCheck.objects.get(rule=stricter, region=w.gusu, year=2025)
    assert check.state == CheckState.NOT_MET  # 2024 passes (+8% against 0%), 2025 does not (0% against 0%)
    assert [d["state"] for d in check.detail] == ["met", "not_met"]


def test_per_capita_against_an_entered_average_and_its_revision(figures):
    w = figures
    rule = _rule(w, code="pc", kind="per_capita", comparator="gt")
    # 270,000,000 / 900,000 = 300.00 yuan.
    assert RuleCheck.objects.get(rule=rule, region=w.gusu, year=2024).state == CheckState.UNKNOWN
    average_enter(province=w.province, by=w.office, year=2024, per_capita="280.00", source="江苏统计年鉴")
    assert RuleCheck.objects.get(rule=rule, region=w.gusu, year=2024).state == CheckState.MET
    with pytest.raises(ValidationError):
        average_enter(province=w.province, by=w.office, year=2024, per_capita="310.00", source="江苏统计年鉴")
    average_enter(
        province=w.province, by=w.office, year=2024, per_capita="310.00", source="江苏统计年鉴", reason="更正"
    )
    check = RuleCheck.objects.get(rule=rule, region=w.gusu, year=2024)
    assert check.state == CheckState.NOT_MET and "10.00" in str(check.detail)


def test_the_provincial_average_is_computed_when_every_city_is_held(figures):
    w = figures
    assert province_average(w.province, 2024) is None
    for city, culture, people in ((w.city, "1300000000", 1_300_000), (w.city2, "700000000", 700_000)):
        figures_enter(
            region=city,
            by=w.superuser,
            year=2024,
            stage=Stage.FINAL,
            regular_revenue=Decimal("9000000000"),
            general_expenditure=Decimal("9000000000"),
            culture_spending=Decimal(culture),
            population=people,
            population_source="统计公报",
            source_document="决算",
        )
    value, source = province_average(w.province, 2024)
    assert value == Decimal("1000.00") and "2" in source


def test_metrics_export_word_and_api_read_the_same_numbers(figures, client):
    w = figures
    RuleFactory(owner=w.city, by=w.office, code="seed-growth")  # 2024: +8% against 0%: met
    gusu = w.gusu
    assert get_metric("funding.rules_met_rate").value_for(gusu, 2024).value == Decimal("100.0")
    assert get_metric("funding.culture_per_capita").value_for(gusu, 2024).value == Decimal("300.00")
    assert get_metric("funding.growth_difference").value_for(gusu, 2024).value == Decimal("8.0")

    with __import__("django.utils.translation", fromlist=["override"]).override("zh-hans"):
        context = funding_section(gusu, 2024)
    assert context["culture_growth"] == "+8.0%" and context["per_capita"] == "300.00"
    client.force_login(w.office)
    response = client.get(reverse("funding:document", args=[gusu.pk]) + "?year=2024")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "姑苏区" in text and "+8.0%" in text

    api = client.get(f"/api/v1/funding/regions/{gusu.pk}/checks")
    assert api.status_code == 200
    items = api.json()["items"]
    assert any(
        item["year"] == 2024 and item["state"] == "met" and "+8.0%" in item["explanation"][0]
        for item in items
    )

    from changxiao.core.exports import get_export

    export = get_export("funding-table")
    rows = export.queryset(w.office, {"region": str(w.city.pk), "year": "2024"})
    assert [row.region.name for row in rows][:2] == ["苏州市", "姑苏区"]
    columns = export.columns_for(w.office, {"region": str(w.city.pk), "year": "2024"})
    gusu_row = rows[1]
    values = [column.value(gusu_row) for column in columns]
    assert Decimal("270000000.00") in values and any("+8.0%" in str(v) for v in values)
    assert openpyxl  # the workbook itself is written by core.exports (tested there)


def test_the_office_table_is_a_constant_number_of_queries(figures, client, django_assert_max_num_queries):
    from conftest import make_region

    w = figures
    RuleFactory(owner=w.city, by=w.office, code="seed-growth")
    client.force_login(w.office)
    url = reverse("funding:overview") + f"?region={w.city.pk}&year=2024"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(5):
        region = make_region(f"32059{index}", f"测试区{index}", "county", w.city)
        RecordFactory(region=region, by=w.member, year=2024)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "测试区4" in page.content.decode()
