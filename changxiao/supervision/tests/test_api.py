"""The supervision API: findings visible to the caller; a unit's system submits the rectification with evidence."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from changxiao.orgs.services import api_token_issue
from changxiao.supervision.models import Rectification
from changxiao.supervision.tests.factories import FindingFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def finding(world):
    return FindingFactory(by=world.inspector, lead_unit=world.venue_unit)


def bearer(world, unit):
    _token, raw = api_token_issue(unit=unit, by=world.office, name="业务系统")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_findings_are_listed_and_read_within_scope(world, client, finding):
    headers = bearer(world, world.venue_unit)
    data = client.get("/api/v1/findings", **headers).json()
    assert [f["description"] for f in data["items"]] == ["开放时间未公示"]
    detail = client.get(f"/api/v1/findings/{finding.pk}", **headers).json()
    assert detail["lead_unit_name"] == "姑苏区文化馆" and detail["rectifications"] == []
    other = bearer(world, world.outsider_unit)
    assert client.get("/api/v1/findings", **other).json()["count"] == 0
    assert client.get(f"/api/v1/findings/{finding.pk}", **other).status_code == 404
    assert client.get("/api/v1/findings", {"state": "bogus"}, **headers).status_code == 422


def test_the_unit_submits_a_rectification_with_evidence(world, client, finding):
    headers = bearer(world, world.venue_unit)
    response = client.post(
        f"/api/v1/findings/{finding.pk}/rectifications",
        {"measures": "已在入口公示开放时间", "evidence": [SimpleUploadedFile("公示.pdf", PDF)]},
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"] == ["公示.pdf"]
    finding.refresh_from_db()
    assert finding.state == "submitted"
    detail = client.get(f"/api/v1/findings/{finding.pk}", **headers).json()
    assert detail["rectifications"][0]["measures"] == "已在入口公示开放时间"


@pytest.mark.parametrize(
    "data, status",
    [
        ({"measures": "已整改"}, 422),  # no evidence
        ({"measures": "已整改", "evidence": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")]}, 422),
        ({"measures": "", "evidence": [SimpleUploadedFile("a.pdf", PDF)]}, 422),
    ],
)
def test_bad_rectifications_are_refused(world, client, finding, data, status):
    response = client.post(
        f"/api/v1/findings/{finding.pk}/rectifications", data, **bearer(world, world.venue_unit)
    )
    assert response.status_code == status
    assert not Rectification.objects.exists()


def test_other_units_cannot_submit(world, client, finding):
    data = {"measures": "越权", "evidence": [SimpleUploadedFile("a.pdf", PDF)]}
    response = client.post(
        f"/api/v1/findings/{finding.pk}/rectifications", data, **bearer(world, world.member_unit)
    )
    assert response.status_code == 404
    # The district bureau sees the finding (its jurisdiction) but is not the responsible unit.
    response = client.post(
        f"/api/v1/findings/{finding.pk}/rectifications", data, **bearer(world, world.district_unit)
    )
    assert response.status_code == 403
    assert not Rectification.objects.exists()
