"""The targets API: the caller's tasks, and progress reports submitted by a system of the lead unit."""

import pytest

from changxiao.targets.models import ProgressReport
from changxiao.targets.tests.factories import TaskFactory


@pytest.fixture
def task(world):
    return TaskFactory(
        by=world.office,
        number="2.3",
        title="开展免费开放自查",
        lead_unit=world.venue_unit,
        cooperating_units=[world.station_unit],
    )


def test_tasks_are_listed_and_read_within_scope(world, client, task):
    client.force_login(world.venue)
    data = client.get("/api/v1/tasks").json()
    assert [t["title"] for t in data["items"]] == ["开展免费开放自查"]
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert (
        detail["cooperating_unit_ids"] == [world.station_unit.pk]
        and detail["lead_unit_name"] == "姑苏区文化馆"
    )
    client.force_login(world.outsider)
    assert client.get("/api/v1/tasks").json()["count"] == 0
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 404
    assert client.get("/api/v1/tasks", {"status": "bogus"}).status_code == 422


def test_the_lead_unit_submits_a_report(world, client, task):
    client.force_login(world.venue)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/reports",
        {"period": "2026-Q3", "percent": 60, "narrative": "完成一半场馆自查"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["state"] == "submitted"
    again = client.post(
        f"/api/v1/tasks/{task.pk}/reports",
        {"period": "2026-Q3", "percent": 70, "narrative": "x"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert ProgressReport.objects.get().percent == 60


@pytest.mark.parametrize(
    "payload",
    [
        {"period": "2026-Q3", "percent": 101, "narrative": "x"},
        {"period": "2026-Q3", "percent": -1, "narrative": "x"},
        {"period": "2026-Q3", "percent": 50, "narrative": ""},
        {"period": "1999-Q1", "percent": 50, "narrative": "x"},
        {"period": "2026-Q3", "percent": "half", "narrative": "x"},
    ],
)
def test_bad_reports_are_refused(world, client, task, payload):
    client.force_login(world.venue)
    response = client.post(f"/api/v1/tasks/{task.pk}/reports", payload, content_type="application/json")
    assert response.status_code == 422
    assert not ProgressReport.objects.exists()


def test_others_cannot_report(world, client, task):
    for persona, status in (("district", 403), ("office", 403), ("outsider", 404), ("member", 404)):
        client.force_login(getattr(world, persona))
        response = client.post(
            f"/api/v1/tasks/{task.pk}/reports",
            {"period": "2026-Q3", "percent": 50, "narrative": "x"},
            content_type="application/json",
        )
        assert response.status_code == status, persona
    assert not ProgressReport.objects.exists()
