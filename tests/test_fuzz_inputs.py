"""Hostile input on filters, the API and the login form: never a server error, never a change."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from changxiao.orgs.models import Region, Unit

text = st.text(max_size=80)
PARAMS = st.dictionaries(
    st.sampled_from(
        ["q", "kind", "venue_type", "region", "status", "level", "within", "page", "role", "unit"]
    ),
    text,
    max_size=5,
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("url_name", ["orgs:unit_list", "orgs:region_list", "orgs:people_list"])
@FUZZ
@given(params=PARAMS)
def test_list_filters_never_fail(world, client, url_name, params):
    client.force_login(world.district)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["kind", "venue_type", "region_id", "active", "q", "limit", "offset"]),
        text,
        max_size=4,
    )
)
def test_api_filters_answer_200_or_422(world, client, params):
    client.force_login(world.office)
    response = client.get("/api/v1/units", params)
    assert response.status_code in {200, 422}


@FUZZ
@given(username=text, password=text)
def test_login_form_never_fails(world, client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["code", "name", "kind", "venue_type", "region", "parent", "contact_phone", "is_lead"]
        ),
        text,
        max_size=8,
    )
)
def test_unit_form_refuses_garbage_without_creating_anything(world, client, data):
    client.force_login(world.office)
    before = (Unit.objects.count(), Region.objects.count())
    response = client.post(reverse("orgs:unit_create"), data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert (Unit.objects.count(), Region.objects.count()) == before


@pytest.mark.parametrize("username", ["\x00", "office\x00", "a" * 5000, "'; DROP TABLE orgs_user; --"])
def test_login_with_hostile_usernames(world, client, username):
    response = client.post(reverse("login"), {"username": username, "password": "x\x00"})
    assert response.status_code in {200, 429}


@pytest.mark.parametrize("value", ["\x00", "x\x00y"])
def test_nul_characters_in_filters_and_forms(world, client, value):
    client.force_login(world.office)
    assert client.get(reverse("orgs:unit_list"), {"q": value}).status_code == 200
    assert client.get("/api/v1/units", {"q": value}).status_code in {200, 422}
    response = client.post(
        reverse("orgs:unit_create"), {"code": "X1", "name": value, "kind": "media", "region": world.city.pk}
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
