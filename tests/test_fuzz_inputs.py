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


FEEDBACK_FIELDS = ["kind", "category", "region", "venue", "content", "name", "phone", "website"]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(FEEDBACK_FIELDS), text, max_size=8))
def test_public_feedback_form_never_fails(world, client, data):
    """The public form: anything typed gets a page back (the form with messages, or the receipt) — never a 500."""
    from django.core.cache import cache

    from changxiao.feedback.models import Category, FeedbackItem

    cache.clear()  # the per-client rate limit would otherwise answer 429 after ten examples
    Category.objects.get_or_create(name="其他")
    before = FeedbackItem.objects.count()
    response = client.post(reverse("public:feedback_submit"), data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert FeedbackItem.objects.count() == before


@FUZZ
@given(code=st.text(max_size=30), rating=text)
def test_public_tracking_and_rating_never_fail(world, client, code, rating):
    from django.core.cache import cache

    cache.clear()
    response = client.get("/public/feedback/" + "".join(c for c in code if c.isalnum()) + "/")
    assert response.status_code in {200, 404}
    response = client.post(reverse("public:feedback_lookup"), {"code": code})
    assert response.status_code in {200, 302, 405}


@FUZZ
@given(
    payload=st.dictionaries(
        st.sampled_from(["kind", "category_id", "region_id", "venue_id", "content", "phone"]),
        text | st.integers(),
        max_size=6,
    )
)
def test_public_feedback_api_answers_201_or_422(world, client, payload):
    from django.core.cache import cache

    cache.clear()
    response = client.post("/api/v1/public/feedback", payload, content_type="application/json")
    # A body holding a NUL character is refused whole, as unparseable (core.api_types.NulRefusingParser).
    refused_whole = response.status_code == 400 and any("\x00" in str(value) for value in payload.values())
    assert response.status_code in {200, 201, 422} or refused_whole


def test_nul_characters_are_refused_not_crashed(world, client):
    from changxiao.feedback.models import Category, FeedbackItem

    category = Category.objects.create(name="其他")
    payload = {
        "kind": "demand",
        "category_id": category.pk,
        "region_id": world.gusu.pk,
        "content": "含有\x00的内容很长",
    }
    # Refused as a whole before any schema reads it (core.api_types.NulRefusingParser): "Cannot parse request body".
    assert client.post("/api/v1/public/feedback", payload, content_type="application/json").status_code == 400
    assert client.get("/api/v1/public/feedback/AB%00CD").status_code == 404
    assert client.get("/public/feedback/AB%00CD/").status_code == 404
    assert not FeedbackItem.objects.exists()
