"""The office keeps the categories, the routing rules and the deadlines per kind."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from changxiao.feedback import services
from changxiao.feedback.models import Category, DeadlinePolicy, FeedbackItem, RoutingRule
from changxiao.feedback.tests.factories import FeedbackFactory


def test_office_configures_categories_rules_and_deadlines(world, login, monkeypatch):
    office = login(world.office)
    assert office.get(reverse("feedback:settings")).status_code == 200
    office.post(
        reverse("feedback:settings_save", args=["category"]),
        {"category-name": "无障碍", "category-sort_order": 1},
    )
    category = Category.objects.get(name="无障碍")
    office.post(
        reverse("feedback:settings_save", args=["rule"]),
        {"rule-category": category.pk, "rule-region": world.gusu.pk, "rule-unit": world.district_unit.pk},
    )
    assert RoutingRule.objects.get().unit == world.district_unit
    response = office.post(
        reverse("feedback:settings_save", args=["rule"]), {"rule-unit": world.district_unit.pk}, follow=True
    )
    assert "至少" in response.content.decode() or "需要" in response.content.decode()
    assert RoutingRule.objects.count() == 1
    office.post(
        reverse("feedback:settings_save", args=["complaint"]),
        {"complaint-acknowledge_workdays": 1, "complaint-answer_workdays": 5},
    )
    assert DeadlinePolicy.objects.get(kind="complaint").answer_workdays == 5
    response = office.post(
        reverse("feedback:settings_save", args=["complaint"]),
        {"complaint-acknowledge_workdays": 0, "complaint-answer_workdays": 5},
        follow=True,
    )
    assert DeadlinePolicy.objects.get(kind="complaint").acknowledge_workdays == 1
    monkeypatch.setattr("changxiao.feedback.services.local_today", lambda: date(2026, 11, 2))
    item = FeedbackFactory(
        kind="complaint", category=category, region=world.pingjiang, content="坡道太陡轮椅上不去"
    )
    assert (item.unit, item.answer_due) == (world.district_unit, date(2026, 11, 9))
    office.post(reverse("feedback:category_toggle", args=[category.pk]))
    public_form = login(world.venue).get(reverse("public:feedback_submit"), {"city": world.city.pk})
    assert 'name="category"' in public_form.content.decode() and "无障碍" not in public_form.content.decode()
    assert login(world.district).get(reverse("feedback:settings")).status_code == 403


# --- Settings belong to a jurisdiction -------------------------------------------------------------------------


@pytest.fixture
def two_cities(world):
    """苏州市 and 无锡市 each with a category, a rule and deadlines; a category shipped with the platform; a district
    of 无锡市 for its citizens."""
    from conftest import make_region, make_unit

    world.liangxi = make_region("320213", "梁溪区", "county", world.city2)
    world.liangxi_unit = make_unit("LX-WTL", "梁溪区文体旅局", "culture_bureau", world.liangxi)
    world.suzhou_category = Category.objects.create(owner=world.city, name="苏州类别")
    world.wuxi_category = Category.objects.create(owner=world.city2, name="无锡类别")
    world.shipped_category = Category.objects.create(owner=None, name="其他")
    world.suzhou_rule = RoutingRule.objects.create(
        owner=world.city, region=world.gusu, unit=world.district_unit
    )
    world.wuxi_rule = RoutingRule.objects.create(
        owner=world.city2, region=world.city2, unit=world.liangxi_unit
    )
    DeadlinePolicy.objects.create(
        owner=world.city, kind="complaint", acknowledge_workdays=1, answer_workdays=5
    )
    return world


def test_routing_uses_the_rules_of_the_items_jurisdiction_and_those_above(two_cities):
    w = two_cities
    shipped = w.shipped_category
    assert services.route(shipped, w.pingjiang, None) == w.district_unit
    assert services.route(shipped, w.kunshan, None) is None  # 苏州市's rule is for 姑苏区 only
    # An item of 无锡市 follows 无锡市's rules, never 苏州市's, whatever the category.
    assert services.route(shipped, w.liangxi, None) == w.liangxi_unit
    # A district office refines its city's rules: its own rule covers its items, the city's the rest.
    w.city_wide = RoutingRule.objects.create(owner=w.city, unit=w.member_unit, category=shipped)
    assert services.route(shipped, w.kunshan, None) == w.member_unit
    RoutingRule.objects.create(owner=w.gusu, category=shipped, unit=w.venue_unit)
    assert services.route(shipped, w.pingjiang, None) == w.venue_unit
    assert services.route(shipped, w.kunshan, None) == w.member_unit
    # The province's rules apply in every city that has none of its own.
    from conftest import make_unit

    province_unit = make_unit("JS-WHT", "江苏省文化和旅游厅", "department", w.province)
    RoutingRule.objects.create(owner=w.province, region=w.province, unit=province_unit)
    assert services.route(w.wuxi_category, w.liangxi, None) == w.liangxi_unit
    w.wuxi_rule.delete()
    assert services.route(w.wuxi_category, w.liangxi, None) == province_unit


def test_deadlines_follow_the_nearest_policy_up_the_tree(two_cities, monkeypatch):
    w = two_cities
    monkeypatch.setattr("changxiao.feedback.services.local_today", lambda: date(2026, 11, 2))  # a Monday

    def answer_due(region, category):
        item = FeedbackFactory(
            kind="complaint", category=category, region=region, content=f"{region.name}的场馆周末不开门"
        )
        return item.answer_due

    assert answer_due(w.kunshan, w.suzhou_category) == date(2026, 11, 9)  # 苏州市: 5 working days
    DeadlinePolicy.objects.create(owner=w.gusu, kind="complaint", acknowledge_workdays=1, answer_workdays=3)
    assert answer_due(w.pingjiang, w.suzhou_category) == date(2026, 11, 5)  # 姑苏区's own: 3
    assert answer_due(w.liangxi, w.wuxi_category) == date(2026, 11, 23)  # 无锡市 has none: the default 15


def test_an_item_takes_a_category_of_its_own_jurisdiction(two_cities, client):
    w = two_cities
    chooser = client.get(reverse("public:feedback_submit")).content.decode()
    assert w.city.name in chooser and w.city2.name in chooser and 'name="content"' not in chooser
    form = client.get(reverse("public:feedback_submit"), {"city": w.city2.pk}).content.decode()
    assert "无锡类别" in form and "其他" in form and "苏州类别" not in form
    assert w.liangxi.name in form and w.gusu.name not in form
    refused = client.post(
        reverse("public:feedback_submit"),
        {
            "kind": "demand",
            "category": w.suzhou_category.pk,
            "region": w.liangxi.pk,
            "content": "希望图书馆延长开放时间",
            "website": "",
        },
    )
    assert refused.status_code == 200 and not FeedbackItem.objects.exists()
    assert "不使用该类别" in refused.content.decode()
    api = client.post(
        "/api/v1/public/feedback",
        {
            "kind": "demand",
            "category_id": w.suzhou_category.pk,
            "region_id": w.liangxi.pk,
            "content": "希望延长开放",
        },
        content_type="application/json",
    )
    assert api.status_code == 422 and not FeedbackItem.objects.exists()
    accepted = client.post(
        reverse("public:feedback_submit") + f"?city={w.city2.pk}",
        {
            "kind": "demand",
            "category": w.wuxi_category.pk,
            "region": w.liangxi.pk,
            "content": "希望图书馆延长开放时间",
            "website": "",
            "city": w.city2.pk,
        },
    )
    item = FeedbackItem.objects.get()
    assert accepted.status_code == 302 and (item.category, item.unit) == (w.wuxi_category, w.liangxi_unit)


def test_each_office_keeps_its_own_settings_and_reads_the_shipped(two_cities, login):
    w = two_cities
    office2 = login(w.office2)
    page = office2.get(reverse("feedback:settings")).content.decode()
    assert "无锡类别" in page and "其他" in page and "平台内置" in page
    assert "苏州类别" not in page and w.district_unit.name not in page
    # The first city's settings, asked for by their numbers, are not there (404), and nothing changes.
    assert office2.post(reverse("feedback:category_toggle", args=[w.suzhou_category.pk])).status_code == 404
    assert office2.post(reverse("feedback:rule_delete", args=[w.suzhou_rule.pk])).status_code == 404
    assert office2.get(reverse("feedback:settings"), {"region": w.city.pk}).status_code == 404
    suzhou_deadlines = reverse("feedback:settings_save", args=["complaint"]) + f"?region={w.city.pk}"
    assert (
        office2.post(
            suzhou_deadlines, {"complaint-acknowledge_workdays": 9, "complaint-answer_workdays": 60}
        ).status_code
        == 404
    )
    assert Category.objects.get(pk=w.suzhou_category.pk).is_active
    assert RoutingRule.objects.filter(pk=w.suzhou_rule.pk).exists()
    assert DeadlinePolicy.objects.get(owner=w.city).answer_workdays == 5
    # A shipped category is read by every office and changed by none.
    assert office2.post(reverse("feedback:category_toggle", args=[w.shipped_category.pk])).status_code == 403
    assert (
        login(w.office).post(reverse("feedback:category_toggle", args=[w.shipped_category.pk])).status_code
        == 403
    )
    office2 = login(w.office2)
    # A rule naming the first city's places or units is refused on the form; one of its own is kept, on its timeline.
    response = office2.post(
        reverse("feedback:settings_save", args=["rule"]),
        {"rule-region": w.gusu.pk, "rule-unit": w.district_unit.pk},
    )
    assert response.status_code == 200 and RoutingRule.objects.filter(owner=w.city2).count() == 1
    office2.post(
        reverse("feedback:settings_save", args=["rule"]),
        {"rule-category": w.wuxi_category.pk, "rule-region": w.liangxi.pk, "rule-unit": w.liangxi_unit.pk},
    )
    assert RoutingRule.objects.filter(owner=w.city2, category=w.wuxi_category).exists()
    assert "梁溪区文体旅局" in office2.get(reverse("feedback:settings")).content.decode()
    from changxiao.core.models import TimelineEvent

    assert (
        TimelineEvent.objects.for_object(w.city2).filter(verb="routing_rule_added", actor=w.office2).exists()
    )


def test_the_service_refuses_another_offices_settings(two_cities):
    w = two_cities
    from changxiao.feedback import configuration

    with pytest.raises(PermissionDenied):
        configuration.routing_rule_delete(rule=w.suzhou_rule, by=w.office2)
    with pytest.raises(PermissionDenied):
        configuration.category_create(owner=w.city, by=w.office2, name="新类别")
    with pytest.raises(PermissionDenied):
        configuration.deadline_policy_save(
            owner=w.city, by=w.district, kind="demand", acknowledge_workdays=1, answer_workdays=2
        )
    with pytest.raises(ValidationError):  # a rule of 无锡市 routing to a unit of 苏州市
        configuration.routing_rule_create(owner=w.city2, by=w.office2, region=w.liangxi, unit=w.district_unit)
    with pytest.raises(ValidationError):  # a category name already offered there (the shipped one)
        configuration.category_create(owner=w.city2, by=w.office2, name="其他")
    with pytest.raises(ValidationError):
        configuration.deadline_policy_save(
            owner=w.city2, by=w.office2, kind="demand", acknowledge_workdays=5, answer_workdays=2
        )


def test_the_hotline_import_takes_places_and_categories_of_the_importing_city(two_cities, login):
    from changxiao.feedback.tests.test_hotline_import import upload

    w = two_cities
    row = ["WX-1", "2026-11-20", "投诉", "苏州类别", "姑苏区", "", "图书馆周末不开门", ""]
    page = upload(login(w.office2), [row]).content.decode()
    assert "没有这个名称的区县" in page and not FeedbackItem.objects.exists()
    page = upload(
        login(w.office2), [["WX-1", "2026-11-20", "投诉", "苏州类别", "梁溪区", "", "周末不开门", ""]]
    )
    assert "类别不存在" in page.content.decode() and not FeedbackItem.objects.exists()
    upload(login(w.office2), [["WX-1", "2026-11-20", "投诉", "无锡类别", "梁溪区", "", "周末不开门", ""]])
    assert FeedbackItem.objects.get().unit == w.liangxi_unit
