"""The office is asked, on its workbench, to publish the results of a survey that ended with answers."""

import uuid
from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.surveys.models import Response
from conftest import make_survey_target


def _ended(world, *, days_ago: int = 3, answered: bool = True, title: str = "2026年上半年满意度测评"):
    today = local_today()
    target = make_survey_target(
        world.city,
        title=title,
        starts_on=today - timedelta(days=days_ago + 30),
        ends_on=today - timedelta(days=days_ago),
    )
    if answered:
        Response.objects.create(
            campaign=target.campaign,
            target=target,
            questionnaire=target.campaign.questionnaire,
            client_id=uuid.uuid4(),
            answers={"overall": 4},
            content_hash="0" * 64,
            region=world.gusu,
        )
    return target.campaign


def _titles(client) -> list[str]:
    return [todo.title for todo in client.get(reverse("cockpit:workbench")).context["todos"]]


def test_the_office_is_asked_to_publish_the_results_once_the_survey_ended(world, login):
    campaign = _ended(world)
    _ended(world, answered=False, title="无人作答的测评")  # nothing to publish
    _ended(world, days_ago=120, title="去年的测评")  # history
    client = login(world.office)
    asked = [title for title in _titles(client) if "请向社会公布结果" in title]
    assert asked == [f"测评已结束，请向社会公布结果：{campaign.title}"]

    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    asked = client.post(detail, {"action": "publish"})  # what it will do, first: ended, so no warning
    assert asked.status_code == 200 and "测评仍在进行" not in asked.content.decode()
    assert "发布的指数计入" in asked.content.decode()
    response = client.post(detail, {"action": "publish", "confirmed": "1"})
    assert response.status_code == 302
    assert not [title for title in _titles(client) if "请向社会公布结果" in title]


def test_only_who_manages_the_campaign_is_asked(world, login):
    _ended(world)
    # The district reads its share of the city's campaign but does not publish it; the leader publishes nothing.
    for person in (world.district, world.venue, world.leader, world.office2):
        assert not [title for title in _titles(login(person)) if "请向社会公布结果" in title], person
