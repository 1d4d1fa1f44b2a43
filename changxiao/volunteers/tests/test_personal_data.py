"""A volunteer's personal data in full (PIPL): masked by default; shown in full, with a reason, to the managers of a
unit organizing the volunteer only; every view logged (PersonalDataView) and on the volunteer's timeline; a reader and
another unit refused, nothing logged."""

import pytest
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from changxiao.volunteers.models import PersonalDataView

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def volunteer(world):
    return VolunteerFactory(
        region=world.gusu, unit=world.venue_unit, by=world.venue, name="李小文", id_number=ID_NUMBER
    )


def test_the_organizing_unit_shows_it_in_full_with_a_reason_and_the_view_is_logged(world, login, volunteer):
    venue = login(world.venue)
    page = venue.get(volunteer.get_absolute_url()).content.decode()
    assert ID_NUMBER not in page and "李小文" not in page and volunteer.id_number_masked in page
    url = reverse("volunteers:volunteer_personal_data", args=[volunteer.pk])

    refused = venue.post(url, {"reason": ""})
    assert refused.status_code == 400 and ID_NUMBER not in refused.content.decode()
    assert not PersonalDataView.objects.exists()
    too_long = venue.post(url, {"reason": "查" * 10_000})
    assert too_long.status_code == 400 and ID_NUMBER not in too_long.content.decode()
    assert not PersonalDataView.objects.exists()

    shown = venue.post(url, {"reason": "核对意外伤害保险的投保信息"})
    assert shown.status_code == 200 and "no-store" in shown.get("Cache-Control", "")
    assert ID_NUMBER in shown.content.decode() and "李小文" in shown.content.decode()
    view = PersonalDataView.objects.get()
    assert (view.volunteer, view.viewer, view.reason) == (
        volunteer,
        world.venue,
        "核对意外伤害保险的投保信息",
    )
    assert TimelineEvent.objects.filter(verb="volunteers.personal_data_viewed", actor=world.venue).exists()
    page = venue.get(volunteer.get_absolute_url()).content.decode()
    assert "查看了完整个人信息" in page and "核对意外伤害保险的投保信息" in page and ID_NUMBER not in page


def test_a_reader_and_another_unit_are_refused_and_nothing_is_logged(world, login, volunteer):
    url = reverse("volunteers:volunteer_personal_data", args=[volunteer.pk])
    leader = login(world.leader)
    assert url not in leader.get(volunteer.get_absolute_url()).content.decode()  # no form offered to a reader
    assert leader.post(url, {"reason": "想看看"}).status_code == 403
    assert login(world.outsider).post(url, {"reason": "想看看"}).status_code == 404
    assert login(world.member).post(url, {"reason": "想看看"}).status_code == 404
    assert not PersonalDataView.objects.exists()
    assert not TimelineEvent.objects.filter(verb="volunteers.personal_data_viewed").exists()
