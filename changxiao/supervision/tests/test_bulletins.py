"""Bulletins: generated from the data for a period, edited, issued internally or publicly, exported to Word."""

import io
from datetime import date

import docx
import pytest
from django.core.cache import cache
from django.urls import reverse

from changxiao.supervision import services
from changxiao.supervision.escalation import run_ladder
from changxiao.supervision.models import Bulletin


@pytest.fixture
def overdue_finding(world, monkeypatch):
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: date(2026, 10, 9))
    inspection = services.inspection_create(
        by=world.inspector, region=world.city, kind="routine", title="十月常态督查", date=date(2026, 10, 9)
    )
    finding = services.finding_add(
        inspection=inspection,
        by=world.inspector,
        description="阅览室<script>alert(1)</script>空调损坏",
        lead_unit=world.venue_unit,
        requirement="修复空调",
        severity="major",
        due_date=date(2026, 10, 16),
    )
    run_ladder(date(2026, 10, 26))  # 6 working days overdue: red notice and bulletin
    monkeypatch.undo()
    return finding


def generate(client, world, start="2026-10-01", end="2026-10-31"):
    return client.post(
        reverse("supervision:bulletin_create"),
        {"region": world.city.pk, "period_start": start, "period_end": end},
        follow=True,
    )


def test_generate_edit_issue_publicly_and_read_back(world, login, overdue_finding, client):
    office = login(world.office)
    generate(office, world)
    bulletin = Bulletin.objects.get()
    assert list(bulletin.findings.all()) == [overdue_finding]
    row = bulletin.figures[0]
    assert (row["unit"], row["found"], row["overdue"], row["escalated"]) == ("姑苏区文化馆", 1, 1, 1)
    assert "姑苏区文化馆" in bulletin.body and "2026年" in bulletin.number
    office.post(
        bulletin.get_absolute_url(),
        {
            "number": "2026年第1期",
            "title": "关于十月督查整改情况的通报",
            "body": bulletin.body + "\n特此通报。",
            "is_public": "on",
        },
    )
    office.post(reverse("supervision:bulletin_issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.state == "issued" and bulletin.body.endswith("特此通报。")
    assert world.venue.notifications.filter(title__contains="2026年第1期").exists()
    # An issued bulletin no longer changes.
    office.post(bulletin.get_absolute_url(), {"number": "x", "title": "改", "body": "改"})
    bulletin.refresh_from_db()
    assert bulletin.title == "关于十月督查整改情况的通报"
    # Word.
    document = docx.Document(
        io.BytesIO(office.get(reverse("supervision:bulletin_docx", args=[bulletin.pk])).content)
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于十月督查整改情况的通报" in text and "特此通报。" in text
    assert document.tables[0].rows[1].cells[0].text == "姑苏区文化馆"
    # The public site lists it, escaped, without signing in.
    client.logout()
    listing = client.get(reverse("public:public_bulletin_list"))
    assert listing.status_code == 200 and "关于十月督查整改情况的通报" in listing.content.decode()
    page = client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_drafts_and_internal_bulletins_stay_off_the_public_site(world, login, overdue_finding, client):
    generate(login(world.office), world)
    bulletin = Bulletin.objects.get()
    client.logout()
    assert client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).status_code == 404
    services.bulletin_issue(bulletin=bulletin, by=world.office)
    assert client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).status_code == 404
    # Units see the issued internal bulletin; drafts only the office.
    assert login(world.venue).get(bulletin.get_absolute_url()).status_code == 200


def test_bad_periods_are_refused(world, login, overdue_finding):
    office = login(world.office)
    assert "结束早于开始" in generate(office, world, start="2026-10-31", end="2026-10-01").content.decode()
    assert "已经结束" in generate(office, world, end="2099-01-01").content.decode()
    assert not Bulletin.objects.exists()
    assert login(world.venue).get(reverse("supervision:bulletin_create")).status_code == 403


def test_the_public_site_is_rate_limited(db, client):
    cache.clear()
    url = reverse("public:public_bulletin_list")
    statuses = [client.get(url).status_code for _ in range(125)]
    assert statuses.count(200) == 120 and statuses[-1] == 429
    response = client.get(url)
    assert response["Retry-After"] == "60" and "请求过于频繁" in response.content.decode()
    cache.clear()
