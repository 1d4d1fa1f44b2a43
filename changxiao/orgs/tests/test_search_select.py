"""The searchable choice of units and jurisdictions (core.widgets.SearchSelect) and its search (orgs:choices)."""

from django.urls import reverse

from changxiao.orgs.choices import UnitKind
from changxiao.orgs.forms import ApiTokenForm
from conftest import make_unit


def _search(client, kind: str, text: str) -> str:
    response = client.get(reverse("orgs:choices", args=[kind]), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_search_returns_matches_by_name_or_code(world, login):
    client = login(world.office)
    assert f'value="{world.venue_unit.pk}"' in _search(client, "units", "文化馆")
    assert f'value="{world.member_unit.pk}"' in _search(client, "units", "SZ-CZJ")
    assert f'value="{world.gusu.pk}"' in _search(client, "regions", "姑苏")
    assert '<option value="">' in _search(client, "units", "")  # nothing asked: only the hint


def test_search_refuses_another_citys_units_and_regions(world, login):
    client = login(world.office2)
    assert f'value="{world.office_unit.pk}"' not in _search(client, "units", "领导小组办公室")
    assert f'value="{world.office2_unit.pk}"' in _search(client, "units", "领导小组办公室")
    assert f'value="{world.gusu.pk}"' not in _search(client, "regions", "姑苏")
    assert client.get(reverse("orgs:choices", args=["people"]), {"q": "a"}).status_code == 404


def test_search_returns_at_most_twenty(world, login):
    for number in range(22):
        make_unit(f"SZ-T{number:02}", f"测试站{number}", UnitKind.VENUE, world.gusu)
    assert _search(login(world.office), "units", "测试站").count("<option") == 1 + 20


def test_the_form_still_refuses_a_unit_outside_its_choices(world):
    form = ApiTokenForm({"unit": world.office2_unit.pk, "name": "接口"}, user=world.office)
    assert not form.is_valid()
    assert "unit" in form.errors
    assert ApiTokenForm({"unit": world.office_unit.pk, "name": "接口"}, user=world.office).is_valid()


def test_the_page_draws_only_the_chosen_unit(world, login):
    """A filter of the people page: its HTML does not grow with the city's units, the chosen one is kept."""
    client = login(world.office)
    url = reverse("orgs:people_list")
    before = client.get(url, {"unit": world.venue_unit.pk}).content.decode()
    for number in range(8):
        make_unit(f"SZ-T{number:02}", f"测试站{number}", UnitKind.VENUE, world.gusu)
    after = client.get(url, {"unit": world.venue_unit.pk}).content.decode()
    assert len(after) == len(before)
    assert f'<option value="{world.venue_unit.pk}" selected>' in after
    assert "测试站" not in after


def test_an_apps_own_scope_is_searched_where_its_form_offers_more(world, login):
    """An inspector names any unit of the regions they see on a finding (supervision's inspectable-units)."""
    client = login(world.inspector)
    assert f'value="{world.venue_unit.pk}"' in _search(client, "inspectable-units", "文化馆")
    assert f'value="{world.office2_unit.pk}"' not in _search(client, "inspectable-units", "领导小组办公室")
    # A handling venue may suggest any active unit for a transfer, as the form has always offered.
    venue = login(world.venue)
    assert f'value="{world.member_unit.pk}"' in _search(venue, "active-units", "市财政局")


def test_hostile_search_text_finds_nothing_it_should_not_and_never_fails(world, login):
    client = login(world.office)
    assert 'value="' not in _search(client, "units", "%").replace(
        'value=""', ""
    )  # a wildcard is only a character
    assert _search(client, "units", "文" * 10_000)  # cut to 60 characters, answered
    assert _search(client, "regions", "<script>alert(1)</script>").count("<script>") == 0
    outsider = login(world.outsider)  # signed in, no role: sees no unit
    assert f'value="{world.venue_unit.pk}"' not in _search(outsider, "units", "文化馆")


def test_a_search_answers_a_fragment_without_the_menu_or_the_inbox_count(world, login):
    """The matches are asked at each keystroke: the page layout's menu checks and unread count are not computed for
    them (core.context_processors computes them when a layout asks), while a page still shows both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from changxiao.core.models import Notification

    client = login(world.office)
    Notification.objects.create(recipient=world.office, title="待办", url="/")
    client.get(reverse("orgs:choices", args=["units"]), {"q": "文化馆"})  # the session and scope read once
    with CaptureQueriesContext(connection) as search:
        _search(client, "units", "文化馆")
    assert not [q for q in search.captured_queries if Notification._meta.db_table in q["sql"]]
    page = client.get(reverse("orgs:unit_list")).content.decode()
    assert "bi-bell" in page and 'rounded-pill bg-danger">1</span>' in page
