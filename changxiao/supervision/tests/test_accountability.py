"""Accountability (问责): recorded by the office on findings, seen only by the office and the unit concerned."""

from datetime import timedelta

import pytest
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.supervision.models import Accountability
from changxiao.supervision.tests.factories import FindingFactory


@pytest.fixture
def finding(world):
    return FindingFactory(
        by=world.inspector,
        lead_unit=world.venue_unit,
        description="多次督办仍未整改",
        requirement="立即整改",
        severity="serious",
    )


def record(client, world, finding, **extra):
    data = {
        "region": world.city.pk,
        "unit": world.venue_unit.pk,
        "person_name": "赵某",
        "person_post": "副馆长",
        "ground": "poor_execution",
        "ground_detail": "督办后仍未落实整改",
        "findings": [finding.pk],
        "measure": "interview",
        "decided_by": "领导小组办公室",
        "decided_on": local_today().isoformat(),
    } | extra
    return client.post(reverse("supervision:accountability_create"), data, follow=True)


def test_office_records_and_only_office_and_unit_see_it(world, login, finding):
    office = login(world.office)
    form = office.get(reverse("supervision:accountability_create") + f"?finding={finding.pk}").context["form"]
    assert form.initial["unit"] == world.venue_unit.pk
    response = record(office, world, finding)
    item = Accountability.objects.get()
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert list(item.findings.all()) == [finding]
    assert world.venue.notifications.filter(title__contains="约谈").exists()
    assert login(world.venue).get(item.get_absolute_url()).status_code == 200
    for person in (world.district, world.leader, world.inspector, world.member, world.outsider):
        assert login(person).get(item.get_absolute_url()).status_code == 404, person
        assert not login(person).get(reverse("supervision:accountability_list")).context["page"].object_list


def test_bad_records_are_refused(world, login, finding):
    office = login(world.office)
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    # The form's bounded date refuses it (the service too: "cannot be in the future").
    assert "在今天之后" in record(office, world, finding, decided_on=tomorrow).content.decode()
    response = record(office, world, finding, unit=world.member_unit.pk)
    assert "不是针对" in response.content.decode()
    response = record(office, world, finding, ground="")
    assert "必填项" in response.content.decode()
    assert not Accountability.objects.exists()
    # Only the office records accountability.
    assert login(world.district).get(reverse("supervision:accountability_create")).status_code == 403
