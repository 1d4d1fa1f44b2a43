"""The migration giving indicator sets their jurisdiction, on data stored before it: the shipped versions stay
shipped; an office's later version goes to its city (the only one, or the one whose rounds use it); the assignments
are printed and nothing is lost."""

from datetime import date

import pytest

from changxiao.core.tests.migrations import latest_schema_after, migrate_to  # noqa: F401 (a fixture)

BEFORE = [("assessment", "0005_values_by_meaning")]
AFTER = [("assessment", "0007_indicator_set_unique_per_owner")]
pytestmark = pytest.mark.usefixtures("latest_schema_after")


def _regions(apps, *codes):
    Region = apps.get_model("orgs", "Region")
    province = Region.objects.create(code="320000", name="江苏省", level="province")
    province.path = f"/{province.pk}/"
    province.save()
    cities = []
    for code, name in codes:
        city = Region.objects.create(code=code, name=name, level="city", parent=province)
        city.path = f"{province.path}{city.pk}/"
        city.save()
        cities.append(city)
    return cities


def _set(apps, code, version):
    IndicatorSet = apps.get_model("assessment", "IndicatorSet")
    return IndicatorSet.objects.create(code=code, version=version, name=f"{code} v{version}", source="")


@pytest.mark.django_db(transaction=True)
def test_with_one_city_its_office_versions_become_its_own(capsys):
    old = migrate_to(BEFORE)
    (city,) = _regions(old, ("320500", "苏州市"))
    shipped = [_set(old, "long-term-management", 1), _set(old, "long-term-management", 2)]
    eastern = _set(old, "eastern-creation-standard", 1)
    copy = _set(old, "long-term-management", 3)

    migrate_to(AFTER)
    from changxiao.assessment.models import IndicatorSet

    assert [IndicatorSet.objects.get(pk=s.pk).owner_id for s in [*shipped, eastern]] == [None, None, None]
    assert IndicatorSet.objects.get(pk=copy.pk).owner_id == city.pk
    printed = capsys.readouterr().out
    assert "long-term-management v3 kept by 苏州市" in printed
    assert "eastern-creation-standard v1 stays shipped" in printed
    assert IndicatorSet.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_with_several_cities_a_version_goes_to_the_city_whose_rounds_use_it(capsys):
    old = migrate_to(BEFORE)
    suzhou, wuxi = _regions(old, ("320500", "苏州市"), ("320200", "无锡市"))
    _set(old, "long-term-management", 2)
    used = _set(old, "long-term-management", 3)
    unused = _set(old, "suzhou-2027", 1)
    Round = old.get_model("assessment", "AssessmentRound")
    Round.objects.create(
        title="2026年度考核",
        year=2026,
        region=suzhou,
        indicator_set=used,
        phase="draft",
        self_report_due=date(2027, 1, 15),
        review_due=date(2027, 1, 31),
        final_due=date(2027, 2, 28),
    )

    migrate_to(AFTER)
    from changxiao.assessment.models import IndicatorSet

    assert IndicatorSet.objects.get(pk=used.pk).owner_id == suzhou.pk
    # No round tells whose it is: it stays shared, read-only for both cities and reported.
    assert IndicatorSet.objects.get(pk=unused.pk).owner_id is None
    assert "suzhou-2027 v1 stays shared" in capsys.readouterr().out
    assert wuxi.pk not in set(IndicatorSet.objects.values_list("owner_id", flat=True))
