"""The indicator sets shipped as data files: every one loads, cites its thresholds, and reads its metrics through the
registry only; the pages show them with unverified thresholds marked."""

import tomllib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.assessment.indicator_data import check, load, load_shipped, shipped_files
from changxiao.assessment.models import Indicator, IndicatorSet
from changxiao.assessment.scoring import result, score
from changxiao.core import metrics as metrics_registry
from changxiao.core.metrics import Metric, MetricValue, get_metric, register_metric


def test_every_shipped_file_is_valid_and_cites_its_thresholds():
    assert len(shipped_files()) >= 2
    for path in shipped_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert check(data, path.name) == []
        assert all(item["citation"].strip() for item in data["indicators"])


def test_sets_load_once_per_version(db):
    loaded = load_shipped()
    assert all(created for _set, created in loaded)
    again = load_shipped()
    assert not any(created for _set, created in again)
    long_term = IndicatorSet.objects.get(code="long-term-management")
    assert long_term.max_points == Decimal(100)
    assert long_term.indicators.filter(veto=True).count() == 1
    eastern = IndicatorSet.objects.get(code="eastern-creation-standard")
    assert not eastern.indicators.filter(verified=True).exists()


def test_a_file_with_problems_loads_nothing(db, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'code = "x"\nversion = 1\nname = "x"\nsource = "x"\n[[categories]]\ncode = "1"\nname = "c"\n'
        '[[indicators]]\ncategory = "2"\ncode = "1.1"\nname = "i"\ndata_type = "number"\ncomparator = "gte"\n'
        'scoring = "meets"\nmax_points = 5\nsource = "metric"\nmetric = "nobody.publishes_this"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as error:
        load(bad)
    text = " ".join(error.value.messages)
    assert "unknown category" in text and "not published" in text and "citation" in text
    assert not IndicatorSet.objects.exists()


def test_metric_indicators_score_from_the_registry_without_knowing_the_apps(db, world):
    load_shipped()
    for indicator in Indicator.objects.exclude(metric_code=""):
        value = get_metric(indicator.metric_code).value_for(world.gusu, 2026)
        assert isinstance(value, MetricValue)
        outcome = score(indicator.rule, value.value)
        assert Decimal(0) <= outcome.points <= indicator.max_points
    # A metric published by any app (here registered by the test) is usable without a change in assessment.
    metric = Metric(
        code="test.volunteers_per_10k",
        name="志愿者",
        unit_of_measure="人",
        description="",
        compute=lambda subject, year, user=None: MetricValue(Decimal(12)),
    )
    register_metric(metric)
    try:
        data = {
            "code": "t",
            "version": 1,
            "name": "t",
            "source": "t",
            "categories": [{"code": "1", "name": "c"}],
            "indicators": [
                {
                    "category": "1",
                    "code": "1.1",
                    "name": "i",
                    "data_type": "number",
                    "comparator": "gte",
                    "scoring": "meets",
                    "max_points": 5,
                    "source": "metric",
                    "metric": "test.volunteers_per_10k",
                    "citation": "test",
                    "pass": 10,
                }
            ],
        }
        assert check(data, "t") == []
    finally:
        metrics_registry._METRICS.pop(metric.code)


def test_a_veto_failure_fails_the_long_term_set(db):
    load_shipped()
    indicators = IndicatorSet.objects.get(code="long-term-management").indicators.all()
    scores = [score(i.rule, Decimal(100) if i.data_type != "boolean" else True) for i in indicators]
    assert result("甲区", scores).grade in {"excellent", "good", "pass"}
    veto = next(i for i in indicators if i.veto)
    vetoed = [score(i.rule, False) if i.pk == veto.pk else s for i, s in zip(indicators, scores, strict=True)]
    assert result("甲区", vetoed).grade == "fail"


def test_pages_show_the_sets_with_unverified_thresholds_marked(db, world, login):
    load_shipped()
    client = login(world.venue)
    assert "示范区长效管理年度考核指标" in client.get(reverse("assessment:set_list")).content.decode()
    eastern = IndicatorSet.objects.get(code="eastern-creation-standard")
    page = client.get(eastern.get_absolute_url()).content.decode()
    assert "阈值尚未与官方文本核对" in page and "公共图书馆人均占有藏书" in page
    # The data files' internal markers are not shown: readers get the document and what an unchecked threshold means.
    long_term = IndicatorSet.objects.get(code="long-term-management")
    page += client.get(long_term.get_absolute_url()).content.decode()
    for marker in ("种子文件", "平台建议值", "standards.md", "[R]", "[S]", "待核实"):
        assert marker not in page, marker
    assert "《苏州市国家公共文化服务体系示范区长效管理机制》三（一）" in page
    assert "计数（整数）" in page  # what 5.1's value is: a count of activities


def test_the_office_edits_a_new_version_never_one_in_use(db, world, login):
    from changxiao.assessment.tests.factories import RoundFactory

    original = RoundFactory(by=world.office, units=[world.district_unit]).indicator_set
    office = login(world.office)
    locked = original.indicators.get(code="5.1")
    response = office.get(reverse("assessment:indicator_edit", args=[locked.pk]), follow=True)
    assert "新版本" in response.content.decode()
    office.post(reverse("assessment:set_new_version", args=[original.pk]))
    copy = IndicatorSet.objects.get(code="long-term-management", version=original.version + 1)
    assert copy.indicators.count() == original.indicators.count() and copy.max_points == original.max_points
    indicator = copy.indicators.get(code="5.1")
    data = {
        "name": indicator.name,
        "unit_of_measure": "场",
        "data_type": "count",
        "comparator": "gte",
        "pass_level": "15",
        "excellent_level": "30",
        "scoring": "tiers",
        "tiers": "[[8, 3], [15, 6], [30, 10]]",
        "max_points": "10",
        "guidance": "",
        "citation": "2027年度考核方案",
        "verified": "on",
    }
    office.post(reverse("assessment:indicator_edit", args=[indicator.pk]), data)
    indicator.refresh_from_db()
    assert (indicator.pass_level, indicator.verified) == (Decimal("15.000"), True)
    bad = office.post(
        reverse("assessment:indicator_edit", args=[indicator.pk]), {**data, "citation": "", "tiers": "[1, 2]"}
    )
    assert bad.status_code == 200
    # Thresholds obey what the indicator measures: a count's threshold is whole, a tier within the maximum points.
    for wrong in (
        {"pass_level": "15.5"},
        {"pass_level": "1e20"},
        {"tiers": "[[8, 3], [15, 60]]"},
        {"data_type": "percent", "excellent_level": "130"},
        {"max_points": "99999"},
    ):
        response = office.post(reverse("assessment:indicator_edit", args=[indicator.pk]), {**data, **wrong})
        assert response.status_code == 200 and response.context["form"].errors, wrong
    indicator.refresh_from_db()
    assert indicator.citation == "2027年度考核方案"
    assert original.indicators.get(code="5.1").pass_level == Decimal("12.000")
    assert (
        login(world.district).post(reverse("assessment:set_new_version", args=[original.pk])).status_code
        == 403
    )
