"""Bulletins: generated from the data for a period, edited, issued internally or publicly, exported to Word."""

import io
from datetime import date

import docx
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from changxiao.supervision import services
from changxiao.supervision.escalation import run_ladder
from changxiao.supervision.models import Bulletin
from changxiao.supervision.tests.factories import FindingFactory


@pytest.fixture
def overdue_finding(world, monkeypatch):
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: date(2026, 10, 9))
    finding = FindingFactory(
        by=world.inspector,
        inspection__title="十月常态督查",
        inspection__date=date(2026, 10, 9),
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
    office.post(reverse("supervision:bulletin_issue", args=[bulletin.pk]), {"confirmed": "1"})
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
    services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=True)
    assert client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).status_code == 404
    # Units see the issued internal bulletin; drafts only the office.
    assert login(world.venue).get(bulletin.get_absolute_url()).status_code == 200


def test_bad_periods_are_refused(world, login, overdue_finding):
    office = login(world.office)
    assert "结束早于开始" in generate(office, world, start="2026-10-31", end="2026-10-01").content.decode()
    # A period ending in the future is refused by the form's bounded date (the day it happened, not later).
    assert "在今天之后" in generate(office, world, end="2099-01-01").content.decode()
    assert not Bulletin.objects.exists()
    assert login(world.venue).get(reverse("supervision:bulletin_create")).status_code == 403


def test_the_public_site_is_rate_limited(db, client):
    cache.clear()
    url = reverse("public:public_bulletin_list")
    statuses = [client.get(url).status_code for _ in range(125)]
    assert statuses.count(200) == 120 and statuses[-1] == 429
    response = client.get(url)
    # The real wait, to the end of the window (core.ratelimit), in the header and on the page.
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60 and "请求过于频繁" in response.content.decode()
    assert f"{wait}秒" in response.content.decode() or f"{wait} 秒" in response.content.decode()
    cache.clear()


# --- Issuing is confirmed; an issued bulletin is published later, corrected or withdrawn, never lost ----------


def issue(client, bulletin, **extra):
    return client.post(reverse("supervision:bulletin_issue", args=[bulletin.pk]), extra, follow=True)


def test_issuing_shows_what_will_happen_and_waits_for_confirmation(world, login, overdue_finding):
    office = login(world.office)
    generate(office, world)
    bulletin = Bulletin.objects.get()
    page = issue(office, bulletin).content.decode()
    # Not issued yet: the page says who receives it, that it stays off the public site, and the units named.
    bulletin.refresh_from_db()
    assert bulletin.state == "draft"
    assert "姑苏区文化馆" in page and "不在公开网站" in page and 'name="confirmed" value="1"' in page
    assert not world.venue.notifications.filter(title__contains=bulletin.number).exists()
    # The service refuses an unconfirmed issue too, whoever calls it.
    with pytest.raises(ValidationError):
        services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=False)
    issue(office, bulletin, confirmed="1")
    bulletin.refresh_from_db()
    assert bulletin.state == "issued" and not bulletin.is_public
    assert world.venue.notifications.filter(title__contains=bulletin.number).exists()
    # Publicly: the confirmation page names the public address.
    services.bulletin_update(
        bulletin=Bulletin.objects.create(
            region=world.city,
            number="2026年第9期",
            title="另一期",
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
            body="正文",
        ),
        by=world.office,
        title="另一期",
        number="2026年第9期",
        body="正文",
        is_public=True,
    )
    other = Bulletin.objects.get(number="2026年第9期")
    page = issue(office, other).content.decode()
    assert f"/public/bulletins/{other.pk}/" in page


def test_an_internally_issued_bulletin_is_published_later(world, login, overdue_finding, client):
    office = login(world.office)
    generate(office, world)
    bulletin = Bulletin.objects.get()
    issue(office, bulletin, confirmed="1")
    public_url = reverse("public:public_bulletin_detail", args=[bulletin.pk])
    publish_url = reverse("supervision:bulletin_publish", args=[bulletin.pk])
    page = office.get(bulletin.get_absolute_url()).content.decode()
    assert publish_url in page
    # The publishing step shows the address and the units the public will read about, then waits.
    page = office.post(publish_url).content.decode()
    assert public_url in page and "姑苏区文化馆" in page
    bulletin.refresh_from_db()
    assert not bulletin.is_public
    office.post(publish_url, {"confirmed": "1"})
    bulletin.refresh_from_db()
    assert bulletin.is_public and bulletin.published_at and bulletin.published_by == world.office
    assert any(e.verb == "bulletin_published" for e in bulletin_timeline(bulletin))
    assert world.venue.notifications.filter(title__contains="公开").exists()
    client.logout()
    assert client.get(public_url).status_code == 200
    # Publishing twice is refused with a message, nothing changes.
    page = login(world.office).post(publish_url, {"confirmed": "1"}).content.decode()
    assert "已在公开网站" in page


def bulletin_timeline(bulletin):
    from changxiao.core.models import TimelineEvent

    return list(TimelineEvent.objects.for_object(bulletin).order_by("pk"))


def test_an_issued_bulletin_is_corrected_and_the_earlier_text_kept(world, login, overdue_finding, client):
    office = login(world.office)
    generate(office, world)
    bulletin = Bulletin.objects.get()
    services.bulletin_update(
        bulletin=bulletin,
        by=world.office,
        title="原标题",
        number="2026年第1期",
        body="原正文",
        is_public=True,
    )
    services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=True)
    url = reverse("supervision:bulletin_correct", args=[bulletin.pk])
    # Without a reason: refused, and what was typed comes back.
    response = office.post(url, {"number": "2026年第1期", "title": "原标题", "body": "更正后的正文"})
    page = response.content.decode()
    assert response.status_code == 200 and "更正后的正文" in page and "请填写理由" in page
    bulletin.refresh_from_db()
    assert bulletin.body == "原正文"
    office.post(
        url, {"number": "2026年第1期", "title": "原标题", "body": "更正后的正文", "reason": "第二段数字有误"}
    )
    bulletin.refresh_from_db()
    assert (bulletin.body, bulletin.version) == ("更正后的正文", 2)
    revision = bulletin.revisions.get()
    assert (revision.version, revision.body, revision.reason) == (1, "原正文", "第二段数字有误")
    assert any(
        e.verb == "bulletin_corrected" and "第二段数字有误" in e.comment for e in bulletin_timeline(bulletin)
    )
    page = office.get(bulletin.get_absolute_url()).content.decode()
    assert "原正文" in page and "第二段数字有误" in page
    # The public page reads the corrected text and says it was corrected.
    client.logout()
    page = client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).content.decode()
    assert "更正后的正文" in page and "原正文" not in page and "第二段数字有误" in page
    # A draft is edited, not corrected.
    draft = services.bulletin_generate(
        by=world.office, region=world.city, period_start=date(2026, 11, 1), period_end=date(2026, 11, 30)
    )
    with pytest.raises(ValidationError):
        services.bulletin_correct(
            bulletin=draft, by=world.office, number="x", title="x", body="x", reason="x"
        )


def test_a_public_bulletin_is_withdrawn_with_a_reason_and_stays_on_record(
    world, login, overdue_finding, client
):
    office = login(world.office)
    generate(office, world)
    bulletin = Bulletin.objects.get()
    services.bulletin_update(
        bulletin=bulletin, by=world.office, title="通报", number="2026年第1期", body="正文", is_public=True
    )
    services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=True)
    url = reverse("supervision:bulletin_withdraw", args=[bulletin.pk])
    assert "请填写理由" in office.post(url, {"reason": " "}).content.decode()
    office.post(url, {"reason": "含未经核实的内容"})
    bulletin.refresh_from_db()
    assert not bulletin.is_public and bulletin.state == "issued"
    assert (bulletin.withdrawn_by, bulletin.withdraw_reason) == (world.office, "含未经核实的内容")
    page = office.get(bulletin.get_absolute_url()).content.decode()
    assert "含未经核实的内容" in page and "正文" in page
    client.logout()
    listing = client.get(reverse("public:public_bulletin_list")).content.decode()
    assert "2026年第1期" not in listing
    response = client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk]))
    page = response.content.decode()
    # The address shared earlier says the bulletin was withdrawn, without its text or the internal reason.
    assert response.status_code == 410 and "已撤回" in page
    assert "正文" not in page and "含未经核实的内容" not in page
    # Published again later (after a correction, say): it is back.
    services.bulletin_publish(bulletin=bulletin, by=world.office, confirmed=True)
    assert client.get(reverse("public:public_bulletin_detail", args=[bulletin.pk])).status_code == 200


def test_only_the_office_publishes_corrects_or_withdraws(world, login, overdue_finding):
    generate(login(world.office), world)
    bulletin = Bulletin.objects.get()
    services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=True)
    # Units of the city read the issued bulletin; none of them is offered a step on it.
    for person in (world.venue, world.leader, world.outsider):
        client = login(person)
        page = client.get(bulletin.get_absolute_url()).content.decode()
        assert f"/supervision/bulletins/{bulletin.pk}/" not in page.split("</h1>", 1)[1].replace(
            f"/supervision/bulletins/{bulletin.pk}/bulletin.docx", ""
        ), person
        for name, data in (
            ("supervision:bulletin_publish", {"confirmed": "1"}),
            ("supervision:bulletin_correct", {"number": "1", "title": "t", "body": "b", "reason": "r"}),
            ("supervision:bulletin_withdraw", {"reason": "r"}),
        ):
            assert client.post(reverse(name, args=[bulletin.pk]), data).status_code == 403, (person, name)
    bulletin.refresh_from_db()
    assert not bulletin.is_public and bulletin.version == 1
