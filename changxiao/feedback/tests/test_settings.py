"""The office keeps the categories, the routing rules and the deadlines per kind."""

from datetime import date

from django.urls import reverse

from changxiao.feedback import services
from changxiao.feedback.models import Category, DeadlinePolicy, RoutingRule


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
    item, _created = services.feedback_submit(
        kind="complaint", category=category, region=world.pingjiang, content="坡道太陡轮椅上不去"
    )
    assert (item.unit, item.answer_due) == (world.district_unit, date(2026, 11, 9))
    office.post(reverse("feedback:category_toggle", args=[category.pk]))
    assert "无障碍" not in login(world.venue).get(reverse("public:feedback_submit")).content.decode()
    assert login(world.district).get(reverse("feedback:settings")).status_code == 403
