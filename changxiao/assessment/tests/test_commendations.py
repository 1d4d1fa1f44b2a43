"""Commendations: a call for nominations, nominations with material, review, decision, the published honour list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.assessment import commendations
from changxiao.assessment.models import HonourList, Nomination
from changxiao.core.models import Attachment


@pytest.fixture
def honours(world):
    return commendations.honour_list_create(
        by=world.office,
        region=world.city,
        year=2026,
        title="2026年度示范区长效管理先进集体和个人",
        nominations_due=date.today() + timedelta(days=30),
    )


def test_nominate_review_decide_and_publish(world, login, client, honours):
    district = login(world.district)
    district.post(
        honours.get_absolute_url(),
        {
            "action": "nominate",
            "n-unit": world.district_unit.pk,
            "n-kind": "practice",
            "n-nominee": "“文化惠民云超市”点单服务",
            "n-achievements": "群众线上点单、线下配送，全年配送演出260场。",
            "n-material": [SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
    )
    nomination = Nomination.objects.get()
    assert Attachment.objects.for_object(nomination).count() == 1
    office = login(world.office)
    # Publishing is a consequential step: its check says what is undecided and forbids it.
    response = office.post(honours.get_absolute_url(), {"action": "publish", "confirmed": "1"})
    assert response.status_code == 200 and "还有1项未决定" in response.content.decode()
    office.post(
        honours.get_absolute_url(), {"action": "judge", "nomination": nomination.pk, "outcome": "recommended"}
    )
    office.post(
        honours.get_absolute_url(), {"action": "judge", "nomination": nomination.pk, "outcome": "awarded"}
    )
    check = office.post(honours.get_absolute_url(), {"action": "publish"})
    assert check.status_code == 200 and "推荐截止日期" in check.content.decode()  # still open: acknowledged
    honours.refresh_from_db()
    assert honours.published_at is None
    office.post(honours.get_absolute_url(), {"action": "publish", "confirmed": "1"})
    honours.refresh_from_db()
    assert honours.published_at is not None
    # The log shows the steps in words, never the stored codes.
    page = office.get(honours.get_absolute_url()).content.decode()
    assert "已报送 → 初审推荐" in page and "初审推荐 → 予以表彰" in page
    assert "submitted →" not in page and "→ recommended" not in page
    client.logout()
    page = client.get(reverse("public:honours", args=[honours.pk])).content.decode()
    assert "文化惠民云超市" in page


def test_refusals(world, login, honours):
    with pytest.raises(ValidationError):
        commendations.nomination_submit(
            honour_list=honours,
            by=world.district,
            unit=world.district_unit,
            kind="team",
            nominee="某队",
            achievements="太短",
        )
    nomination = commendations.nomination_submit(
        honour_list=honours,
        by=world.district,
        unit=world.district_unit,
        kind="team",
        nominee="志愿服务队",
        achievements="全年开展志愿服务120次",
    )
    with pytest.raises(ValidationError, match="理由"):
        commendations.nomination_decide(nomination=nomination, by=world.office, outcome="not_recommended")
    with pytest.raises(ValidationError):
        commendations.nomination_decide(
            nomination=nomination, by=world.office, outcome="awarded"
        )  # not yet recommended
    # Every unit of the city sees the call, but only the office sees others' nominations.
    page = login(world.outsider).get(honours.get_absolute_url())
    assert page.status_code == 200 and "志愿服务队" not in page.content.decode()
    HonourList.objects.filter(pk=honours.pk).update(nominations_due=date.today() - timedelta(days=1))
    honours.refresh_from_db()
    with pytest.raises(ValidationError, match="截止"):
        commendations.nomination_submit(
            honour_list=honours,
            by=world.district,
            unit=world.district_unit,
            kind="team",
            nominee="又一队",
            achievements="全年开展志愿服务120次",
        )
