"""The workbench gathers to-dos from every registered provider, red first."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.notifications import notify
from changxiao.core.workbench import _PROVIDERS, Todo, register_provider, todos_for


def test_office_sees_the_organization_to_dos(world, login):
    response = login(world.office).get(reverse("cockpit:workbench"))
    titles = [t.title for t in response.context["todos"]]
    # The test jurisdiction records no population and has units without accounts.
    assert any("常住人口" in t for t in titles)
    assert any("尚无账号" in t for t in titles)
    # Counted, with the first of them by the units' order as the example (市教育局 and 平江街道's station have none).
    accounts = [t for t in response.context["todos"] if "尚无账号" in t.title]
    assert [(t.count, "平江街道综合文化站" in t.detail) for t in accounts] == [(2, True)]


def test_a_venue_sees_only_its_own_to_dos(world, login):
    notify([world.venue], title="请更新开放时间")
    response = login(world.venue).get(reverse("cockpit:workbench"))
    titles = [t.title for t in response.context["todos"]]
    assert titles == ["1条未读消息"]
    assert "常住人口" not in response.content.decode()


def test_to_dos_are_sorted_red_then_yellow_then_green(world, monkeypatch):
    today = local_today()

    def provider(user):
        yield Todo(title="green", url="/", source="test", due=today + timedelta(days=30))
        yield Todo(title="red", url="/", source="test", due=today - timedelta(days=3))
        yield Todo(title="grey", url="/", source="test")
        yield Todo(title="yellow", url="/", source="test", due=today)

    monkeypatch.setattr("changxiao.core.workbench._PROVIDERS", [])
    register_provider(provider)
    register_provider(provider)  # registering twice adds it once
    assert [t.title for t in todos_for(world.venue)] == ["red", "yellow", "green", "grey"]
    assert [t.colour for t in todos_for(world.venue)] == ["red", "yellow", "green", "grey"]
    assert _PROVIDERS  # the real registry is restored by monkeypatch


def test_workbench_page_shows_counts_by_colour(world, login):
    response = login(world.office).get(reverse("cockpit:workbench"))
    assert set(response.context["counts"]) == {"red", "yellow", "green", "grey"}
    assert "我的工作台" in response.content.decode()
