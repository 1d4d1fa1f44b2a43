"""The feedback API: public submission and tracking (no sign-in, rate-limited); staff list and reply."""

import pytest
from django.core.cache import cache

from changxiao.feedback.models import Category, FeedbackItem, RoutingRule


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category(world):
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.venue_unit)
    return Category.objects.create(name="开放时间")


def payload(world, category, **extra):
    return {
        "kind": "demand",
        "category_id": category.pk,
        "region_id": world.gusu.pk,
        "content": "希望图书馆晚上开到九点",
        "phone": "13912345678",
    } | extra


def test_submit_and_track_without_signing_in(world, client, category):
    response = client.post(
        "/api/v1/public/feedback", payload(world, category), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    again = client.post("/api/v1/public/feedback", payload(world, category), content_type="application/json")
    assert again.status_code == 200 and again.json()["code"] == code  # a retry is stored once
    tracked = client.get(f"/api/v1/public/feedback/{code}").json()
    assert tracked["state"] == "assigned" and tracked["content"] == "希望图书馆晚上开到九点"
    assert "13912345678" not in str(tracked) and "phone" not in tracked
    assert client.get("/api/v1/public/feedback/NOPE").status_code == 404
    assert FeedbackItem.objects.get().source == "api"


@pytest.mark.parametrize(
    "extra",
    [{"phone": "123"}, {"content": "短"}, {"kind": "spam"}, {"category_id": 999999}, {"region_id": "x"}],
)
def test_bad_submissions_get_422(world, client, category, extra):
    response = client.post(
        "/api/v1/public/feedback", payload(world, category, **extra), content_type="application/json"
    )
    assert response.status_code == 422
    assert not FeedbackItem.objects.exists()


def test_public_submission_counts_accepted_messages_and_says_the_wait(world, client, category, monkeypatch):
    from changxiao.core import ratelimit
    from changxiao.feedback.views import FEEDBACK_LIMITS

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_035.0)  # 15 seconds into a minute
    for _ in range(30):  # refused (an unknown category): not counted
        refused = client.post(
            "/api/v1/public/feedback",
            {**payload(world, category), "category_id": 999_999},
            content_type="application/json",
        )
        assert refused.status_code == 422
    for i in range(FEEDBACK_LIMITS.per_address):
        accepted = client.post(
            "/api/v1/public/feedback",
            payload(world, category, content=f"建议{i}：增加周末活动"),
            content_type="application/json",
        )
        assert accepted.status_code == 201
    response = client.post(
        "/api/v1/public/feedback",
        payload(world, category, content="再一条建议的内容"),
        content_type="application/json",
    )
    assert response.status_code == 429 and response["Retry-After"] == "45"
    assert response.json()["retry_after"] == 45 and "45" in response.json()["detail"]
    assert FeedbackItem.objects.count() == FEEDBACK_LIMITS.per_address


def test_staff_list_and_reply(world, client, category):
    client.post("/api/v1/public/feedback", payload(world, category), content_type="application/json")
    item = FeedbackItem.objects.get()
    client.force_login(world.venue)
    data = client.get("/api/v1/feedback").json()
    assert [i["code"] for i in data["items"]] == [item.code] and data["items"][0][
        "phone_masked"
    ] == "139****5678"
    response = client.post(
        f"/api/v1/feedback/{item.pk}/replies", {"text": "已延长至晚九点"}, content_type="application/json"
    )
    assert response.status_code == 201
    item.refresh_from_db()
    assert item.state == "answered"
    client.force_login(world.outsider)
    assert client.get("/api/v1/feedback").json()["count"] == 0
    assert (
        client.post(
            f"/api/v1/feedback/{item.pk}/replies", {"text": "x"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_reading_too_fast_is_told_the_real_wait(world, client, category, monkeypatch):
    from changxiao.core import ratelimit

    created = client.post(
        "/api/v1/public/feedback", payload(world, category), content_type="application/json"
    )
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_032.0)  # 12 seconds into a minute
    monkeypatch.setattr(ratelimit, "hit", lambda *args, **kwargs: False)
    response = client.get(f"/api/v1/public/feedback/{created.json()['code']}")
    assert response.status_code == 429 and response["Retry-After"] == "48"
    assert response.json()["retry_after"] == 48 and "48" in response.json()["detail"]
