"""The API: per-unit tokens issued by the office, the same scoping as the web UI."""

import re

from django.urls import reverse

from changxiao.orgs.models import ApiToken


def issue(client, world, unit):
    client.force_login(world.office)
    response = client.post(reverse("orgs:token_list"), {"unit": unit.pk, "name": "数据中台"})
    return response.context["new_key"]


def test_token_sees_what_its_unit_sees(world, client):
    key = issue(client, world, world.venue_unit)
    client.logout()
    headers = {"Authorization": f"Bearer {key}"}
    units = client.get("/api/v1/units", headers=headers).json()
    assert [u["name"] for u in units["items"]] == ["姑苏区文化馆"]
    assert client.get(f"/api/v1/units/{world.outsider_unit.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/units/{world.venue_unit.pk}", headers=headers).json()["code"] == "GS-WHG"
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["memberships"][0]["role"] == "venue"
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert ApiToken.objects.get().key_hash != key  # only the hash is stored


def test_revoked_or_wrong_token_is_refused(world, client):
    key = issue(client, world, world.venue_unit)
    token = ApiToken.objects.get()
    client.post(reverse("orgs:token_revoke", args=[token.pk]))
    client.logout()
    assert client.get("/api/v1/units", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert client.get("/api/v1/units", headers={"Authorization": "Bearer cx_wrong"}).status_code == 401
    assert client.get("/api/v1/units").status_code == 401


def test_service_account_cannot_sign_in_to_the_web(world, client):
    issue(client, world, world.venue_unit)
    token = ApiToken.objects.get()
    client.logout()
    response = client.post(reverse("login"), {"username": token.account.username, "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_only_the_office_issues_tokens(world, client):
    client.force_login(world.district)
    assert (
        client.post(reverse("orgs:token_list"), {"unit": world.venue_unit.pk, "name": "x"}).status_code == 403
    )
    assert not ApiToken.objects.exists()


def test_api_filters_and_pagination(world, client):
    client.force_login(world.office)
    data = client.get("/api/v1/units", {"kind": "venue"}).json()
    assert data["count"] == 3
    data = client.get("/api/v1/regions", {"q": "3205"}).json()
    assert {r["code"] for r in data["items"]} >= {"320500", "320508"}
    assert client.get("/api/v1/units", {"active": "maybe"}).status_code == 422


def test_openapi_docs_are_served_without_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    # Every script and stylesheet from this server (a bare "cdn" could be part of the page's random CSRF token).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', body)
    assert addresses and all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Changxiao API"
