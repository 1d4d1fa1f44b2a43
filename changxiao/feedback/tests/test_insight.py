"""Demand insight: counts by kind, category, district and month; hot topics from jieba; Excel export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from changxiao.feedback.insight import hot_topics
from changxiao.feedback.models import Category
from changxiao.feedback.tests.factories import FeedbackFactory


@pytest.fixture
def items(world):
    hours = Category.objects.create(name="开放时间")
    events = Category.objects.create(name="活动内容")
    texts = [
        (hours, world.gusu, "希望图书馆周一开放"),
        (hours, world.pingjiang, "图书馆周一闭馆很不方便"),
        (hours, world.kunshan, "昆山图书馆周一能不能开放"),
        (events, world.kunshan, "希望多办戏曲演出活动"),
    ]
    made = [FeedbackFactory(category=c, region=r, content=t, phone="13812345678") for c, r, t in texts]
    made[3].kind = "complaint"
    made[3].submitted_at = made[3].submitted_at.replace(month=3, day=2)
    made[3].save(update_fields=["kind", "submitted_at"])
    return made


def test_hot_topics_count_items_mentioning_each_word():
    topics = dict(hot_topics(["希望图书馆周一开放", "图书馆周一闭馆很不方便", "戏曲演出太少"]))
    assert topics["图书馆"] == 2 and topics["周一"] == 2


def test_insight_page_and_export(world, login, items):
    office = login(world.office)
    response = office.get(reverse("feedback:insight"))
    assert response.context["total"] == 4
    assert dict(response.context["by_category"]) == {"开放时间": 3, "活动内容": 1}
    assert dict(response.context["by_district"]) == {"姑苏区": 2, "昆山市": 2}
    assert response.context["by_kind"] == [("需求", 3), ("投诉", 1)]
    months = dict(response.context["by_month"])
    assert months["3月"] == 1 and sum(months.values()) == 4
    assert "图书馆" in dict(response.context["topics"])
    response = office.get(reverse("feedback:insight"), {"region": world.gusu.pk})
    assert response.context["total"] == 2
    export = office.get(reverse("core:export_start", args=["feedback-items"]) + f"?region={world.kunshan.pk}")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 3 and rows[1][5] == "138****5678"
    assert "13812345678" not in str(rows)
    # A unit sees the figures of its own items only.
    assert login(world.outsider).get(reverse("feedback:insight")).context["total"] == 0


def test_hot_topics_leave_out_stopwords():
    contents = [
        "图书馆周末不能借书，不能办卡",
        "文化馆不能预约，希望改进",
        "为什么博物馆不能停车",
        "孩子不能进阅览室，什么时候可以",
        "老人不会用手机预约，能否现场报名",
    ]
    topics = dict(hot_topics(contents))
    assert topics["预约"] == 2
    assert not {"不能", "不会", "为什么", "什么", "可以", "能否", "希望"} & set(topics)


def test_hot_topics_are_kept_until_an_item_arrives(world, login, items, monkeypatch):
    from django.core.cache import cache

    from changxiao.feedback import insight

    cache.clear()  # topics kept by an earlier test of the same items
    calls = []
    real = insight.hot_topics
    monkeypatch.setattr(insight, "hot_topics", lambda contents: calls.append(len(contents)) or real(contents))
    office = login(world.office)
    url = reverse("feedback:insight") + "?year=" + str(items[0].submitted_at.year)
    first = office.get(url).context["topics"]
    assert office.get(url).context["topics"] == first
    assert len(calls) == 1  # the second opening read the kept topics
    FeedbackFactory(category=items[0].category, region=world.gusu, content="戏曲演出希望周末多一些")
    after = dict(office.get(url).context["topics"])
    assert len(calls) == 2 and after["戏曲"] == 2
    # Another person's share is its own: the district's items are not the office's.
    login(world.district).get(url)
    assert len(calls) == 3


def test_insight_in_a_fixed_number_of_queries(world, login, items, django_assert_max_num_queries):
    office = login(world.office)
    url = reverse("feedback:insight")
    office.get(url)
    for i in range(30):
        FeedbackFactory(category=items[0].category, region=world.kunshan, content=f"希望多办展览{i}")
    with django_assert_max_num_queries(16):  # counted by kind, category, month and region: not one an item
        assert office.get(url).context["total"] == 34


def test_insight_of_a_region_outside_the_persons_answers_404(world, login, items):
    assert login(world.office).get(reverse("feedback:insight"), {"region": world.city2.pk}).status_code == 404
    district = login(world.district)
    assert district.get(reverse("feedback:insight"), {"region": world.kunshan.pk}).status_code == 404
    assert district.get(reverse("feedback:insight"), {"region": world.gusu.pk}).context["total"] == 2
