"""The migration giving the feedback settings their jurisdiction, on data stored before it: each routing rule goes to
the city of what it names, a category to the city whose items use it (or stays offered everywhere), each deadline
policy to every city (copied, so no deadline changes); every assignment is printed and nothing is lost."""

from datetime import date

import pytest

from changxiao.core.tests.migrations import latest_schema_after, migrate_to  # noqa: F401 (a fixture)

BEFORE = [("feedback", "0005_supervision_outcomes")]
AFTER = [("feedback", "0007_settings_owner_required")]
pytestmark = [pytest.mark.usefixtures("latest_schema_after"), pytest.mark.slow]


def _region(Region, code, name, level, parent=None):
    region = Region.objects.create(code=code, name=name, level=level, parent=parent)
    region.path = f"{parent.path if parent else '/'}{region.pk}/"
    region.save()
    return region


@pytest.mark.django_db(transaction=True)
def test_rules_categories_and_deadlines_get_their_city(capsys):
    old = migrate_to(BEFORE)
    Region = old.get_model("orgs", "Region")
    Unit = old.get_model("orgs", "Unit")
    Category = old.get_model("feedback", "Category")
    RoutingRule = old.get_model("feedback", "RoutingRule")
    DeadlinePolicy = old.get_model("feedback", "DeadlinePolicy")
    FeedbackItem = old.get_model("feedback", "FeedbackItem")
    province = _region(Region, "320000", "江苏省", "province")
    suzhou = _region(Region, "320500", "苏州市", "city", province)
    gusu = _region(Region, "320508", "姑苏区", "county", suzhou)
    wuxi = _region(Region, "320200", "无锡市", "city", province)
    liangxi = _region(Region, "320213", "梁溪区", "county", wuxi)
    bureau = Unit.objects.create(code="GS-WTL", name="姑苏区文体旅局", kind="culture_bureau", region=gusu)
    library = Unit.objects.create(code="WX-LIB", name="无锡市图书馆", kind="venue", region=wuxi)
    provincial = Unit.objects.create(
        code="JS-WHT", name="江苏省文化和旅游厅", kind="department", region=province
    )
    by_region = RoutingRule.objects.create(region=gusu, unit=bureau)
    by_venue = RoutingRule.objects.create(venue=library, unit=library)
    by_unit = RoutingRule.objects.create(category=None, unit=provincial)
    hours = Category.objects.create(name="开放时间")
    both = Category.objects.create(name="活动内容")
    unused = Category.objects.create(name="无障碍")
    common = {"kind": "complaint", "acknowledge_due": date(2026, 3, 3), "answer_due": date(2026, 3, 20)}
    for number, (category, region) in enumerate([(hours, gusu), (both, gusu), (both, liangxi)]):
        FeedbackItem.objects.create(
            code=f"FK{number}",
            category=category,
            region=region,
            content="内容",
            content_hash=str(number),
            **common,
        )
    DeadlinePolicy.objects.create(kind="complaint", acknowledge_workdays=1, answer_workdays=5)

    migrate_to(AFTER)
    from changxiao.feedback.models import Category, DeadlinePolicy, FeedbackItem, RoutingRule

    rules = dict(RoutingRule.objects.values_list("pk", "owner_id"))
    assert rules == {by_region.pk: suzhou.pk, by_venue.pk: wuxi.pk, by_unit.pk: province.pk}
    categories = dict(Category.objects.values_list("pk", "owner_id"))
    assert categories == {hours.pk: suzhou.pk, both.pk: None, unused.pk: None}
    policies = {(p.owner_id, p.kind): p.answer_workdays for p in DeadlinePolicy.objects.all()}
    assert policies == {(suzhou.pk, "complaint"): 5, (wuxi.pk, "complaint"): 5}
    assert FeedbackItem.objects.count() == 3
    printed = capsys.readouterr().out
    assert "routing rule" in printed and "kept by 无锡市" in printed
    assert "“活动内容” stays offered everywhere" in printed
    assert "deadline policy “complaint” copied for" in printed


@pytest.mark.django_db(transaction=True)
def test_with_one_city_every_setting_is_its_own(capsys):
    old = migrate_to(BEFORE)
    Region = old.get_model("orgs", "Region")
    Unit = old.get_model("orgs", "Unit")
    Category = old.get_model("feedback", "Category")
    RoutingRule = old.get_model("feedback", "RoutingRule")
    DeadlinePolicy = old.get_model("feedback", "DeadlinePolicy")
    province = _region(Region, "320000", "江苏省", "province")
    suzhou = _region(Region, "320500", "苏州市", "city", province)
    office = Unit.objects.create(code="SZ-OFFICE", name="办公室", kind="office", region=suzhou)
    rule = RoutingRule.objects.create(unit=office)
    category = Category.objects.create(name="无障碍")
    policy = DeadlinePolicy.objects.create(kind="demand", acknowledge_workdays=2, answer_workdays=10)

    migrate_to(AFTER)
    from changxiao.feedback.models import Category, DeadlinePolicy, RoutingRule

    assert RoutingRule.objects.get(pk=rule.pk).owner_id == suzhou.pk
    assert Category.objects.get(pk=category.pk).owner_id == suzhou.pk
    assert DeadlinePolicy.objects.get().pk == policy.pk and DeadlinePolicy.objects.get().owner_id == suzhou.pk
