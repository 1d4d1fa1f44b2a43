"""A citizen's path through the pages (the browser test walks it on a phone) and the refusals a person meets."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from changxiao.citizens import auth
from changxiao.volunteers import services
from changxiao.volunteers.models import Certificate, HourRecord, Signup, Volunteer

from .factories import ActivityFactory, TeamFactory, VolunteerFactory, citizen, id_number

pytestmark = pytest.mark.django_db
ADULT_ID = "11010519491231002X"


def _sign_in(client, who):
    session = client.session
    session[auth.SESSION_KEY] = who.pk
    session[auth.SIGNED_IN_AT_KEY] = int(__import__("time").time())
    session.save()


@pytest.fixture
def team(world):
    return TeamFactory(unit=world.venue_unit, by=world.venue)


def test_a_citizen_registers_signs_up_checks_in_and_out_and_gets_a_verified_certificate(world, client, team):
    act = ActivityFactory(team=team, by=world.venue)
    person = citizen("13812345678")
    # Not signed in: the volunteer's pages send to the sign-in and back.
    page = client.get(reverse("public:volunteers_me"))
    assert page.status_code == 302 and page["Location"].startswith("/public/sign-in/?next=")
    _sign_in(client, person)
    form = {
        "name": "李小文",
        "id_number": ADULT_ID,
        "phone": "13812345678",
        "region": world.gusu.pk,
        "skills": "讲解",
        "availability": "周末",
        "public_hours": "on",
    }
    refused = client.post(reverse("public:volunteers_register"), form)
    assert (
        refused.status_code == 400 and "同意" in refused.content.decode() and not Volunteer.objects.exists()
    )
    assert "李小文" in refused.content.decode()  # what was typed comes back
    assert client.post(reverse("public:volunteers_register"), {**form, "consent": "on"}).status_code == 302
    volunteer = Volunteer.objects.get()
    assert (
        volunteer.citizen == person and volunteer.number != ADULT_ID and ADULT_ID[-4:] not in volunteer.number
    )
    assert volunteer.name_masked == "李*文" and "李小文" not in volunteer.name_encrypted
    client.post(reverse("public:volunteers_signup", args=[act.pk]))
    signup = Signup.objects.get()
    assert signup.state == "confirmed"
    client.post(reverse("public:volunteers_acknowledge", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.acknowledged_at is not None
    # The activity's QR code, as the organizer's page shows it.
    client.force_login(world.venue)
    staff_page = client.get(reverse("volunteers:activity", args=[act.pk])).content.decode()
    check_url = re.search(r'href="(http://testserver/public/volunteers/check/[^"]+)"', staff_page).group(1)
    client.logout()
    _sign_in(client, person)
    check_path = check_url.replace("http://testserver", "")
    # Tomorrow's activity: check-in is not open yet, nothing stored.
    response = client.post(check_path)
    assert response.status_code == 400 and "签到于" in response.content.decode()
    assert not HourRecord.objects.exists()
    # At the activity: in, then out (the services take the moment; the page calls them at now).
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at - timedelta(minutes=5))
    services.checkout(activity=act, volunteer=volunteer, at=act.starts_at + timedelta(hours=2, minutes=30))
    page = client.get(check_path).content.decode()
    assert "已签退" in page and "2.5" in page
    me = client.get(reverse("public:volunteers_me")).content.decode()
    assert "2.5" in me and volunteer.number in me
    client.post(
        reverse("public:volunteers_certificate_request"), {"unit": world.venue_unit.pk, "purpose": "升学"}
    )
    certificate = Certificate.objects.get()
    assert certificate.state == "requested"
    # The unit issues it after the confirmation page.
    client.force_login(world.venue)
    issue = {"responsible_person": "王馆长", "handler": "陈静"}
    confirm = client.post(reverse("volunteers:certificate_issue", args=[certificate.pk]), issue)
    assert confirm.status_code == 200 and "confirmed" in confirm.content.decode()
    certificate.refresh_from_db()
    assert certificate.state == "requested"
    client.post(reverse("volunteers:certificate_issue", args=[certificate.pk]), {**issue, "confirmed": "1"})
    certificate.refresh_from_db()
    assert certificate.state == "issued" and certificate.minutes == 150
    document = client.get(reverse("volunteers:certificate_docx", args=[certificate.pk]))
    assert document.status_code == 200 and document["Content-Type"].startswith("application/vnd.openxml")
    client.logout()
    # Anyone: genuine, with the hours (consented) and not the name (not consented).
    verify = client.get(reverse("public:volunteers_verify", args=[certificate.number]))
    text = verify.content.decode()
    assert verify.status_code == 200 and "真实有效" in text and "2.5" in text and "李*文" not in text
    assert ADULT_ID[-4:] not in text
    forged = client.get(reverse("public:volunteers_verify", args=["ZM2026-AAAAAAAAAA"]))
    assert forged.status_code == 404 and "查无" in forged.content.decode()
    # The volunteer downloads it too.
    _sign_in(client, person)
    own = client.get(reverse("public:volunteers_certificate_docx", args=[certificate.pk]))
    assert own.status_code == 200


def test_a_minor_without_a_guardians_consent_is_refused(world):
    born_2012 = id_number(born="20120305")
    with pytest.raises(Exception, match="监护人|guardian"):
        VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue, id_number=born_2012)
    assert not Volunteer.objects.exists()
    minor = VolunteerFactory(
        region=world.gusu,
        unit=world.venue_unit,
        by=world.venue,
        id_number=born_2012,
        guardian_name="王大明",
        guardian_phone="13900001111",
        guardian_consent=True,
    )
    assert minor.guardian_consent_at is not None and minor.guardian_name_masked == "王*明"


def test_a_risky_activity_opens_only_with_an_insurance_policy(world, team, client):
    act = ActivityFactory(team=team, by=world.venue, risky=True, open=False)
    client.force_login(world.venue)
    refused = client.post(reverse("volunteers:activity_open", args=[act.pk]), {"confirmed": "1"})
    assert refused.status_code == 400 and "保险" in refused.content.decode()
    act.refresh_from_db()
    assert act.state == "draft"
    client.post(reverse("volunteers:activity_insurance", args=[act.pk]), {"policy": "人保财险 P-2026-001"})
    client.post(reverse("volunteers:activity_open", args=[act.pk]), {"confirmed": "1"})
    act.refresh_from_db()
    assert act.state == "open"


def test_the_waiting_list_moves_up_when_a_place_is_freed(world, team):
    act = ActivityFactory(team=team, by=world.venue, capacity=1)
    first = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    second = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    taken = services.signup_create(activity=act, volunteer=first)
    waiting = services.signup_create(activity=act, volunteer=second)
    assert (taken.state, waiting.state) == ("confirmed", "waitlisted")
    services.signup_cancel(signup=taken, volunteer=first)
    waiting.refresh_from_db()
    assert waiting.state == "confirmed"


def test_each_unit_sees_only_its_volunteers(world, team, client):
    volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    client.force_login(world.outsider)
    assert volunteer.number not in client.get(reverse("volunteers:volunteers")).content.decode()
    assert client.get(reverse("volunteers:volunteer", args=[volunteer.pk])).status_code == 404
    client.force_login(world.venue)
    page = client.get(reverse("volunteers:volunteers")).content.decode()
    assert volunteer.number in page and "张*愿" in page and "张志愿" not in page


def test_a_unit_sees_whom_it_registered_its_members_and_its_activities_volunteers_once_each(
    world, team, client
):
    """Volunteer.visible_to is one list of keys (registered by, member of, signed up with — read as a union)."""
    own = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    member, signed_up, both, stranger = (
        VolunteerFactory(region=world.kunshan, unit=world.outsider_unit, by=world.outsider) for _ in range(4)
    )
    services.member_add(team=team, by=world.venue, volunteer_number=member.number)
    act = ActivityFactory(team=team, by=world.venue)
    services.signup_create(activity=act, volunteer=signed_up)
    services.member_add(team=team, by=world.venue, volunteer_number=both.number)
    services.signup_create(activity=act, volunteer=both)
    seen = list(Volunteer.objects.visible_to(world.venue).values_list("pk", flat=True))
    assert sorted(seen) == sorted([own.pk, member.pk, signed_up.pk, both.pk])
    client.force_login(world.venue)
    page = client.get(reverse("volunteers:volunteers")).content.decode()
    assert all(v.number in page for v in (own, member, signed_up, both)) and stranger.number not in page
    assert Volunteer.objects.visible_to(world.outsider).count() == 4


def test_list_pages_take_the_same_queries_for_more_rows(world, team, client):
    client.force_login(world.office)
    urls = [
        reverse("volunteers:overview"),
        reverse("volunteers:volunteers"),
        reverse("volunteers:certificates"),
        reverse("public:volunteers_home"),
    ]

    def grow(n):
        for _ in range(n):
            volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
            act = ActivityFactory(team=team, by=world.venue)
            services.signup_create(activity=act, volunteer=volunteer)
            services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
            services.checkout(activity=act, volunteer=volunteer, at=act.ends_at)
            services.certificate_request(volunteer=volunteer, unit=world.venue_unit)

    grow(1)
    for url in urls:
        client.get(url)
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        few[url] = len(captured.captured_queries)
    grow(5)
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured.captured_queries) == few[url], url


def test_a_unit_recognizes_a_volunteer_who_served_there(world, team, client):
    from datetime import date

    from changxiao.volunteers.models import Recognition

    volunteer = VolunteerFactory(region=world.gusu, unit=world.venue_unit, by=world.venue)
    client.force_login(world.venue)
    url = reverse("volunteers:recognition_add", args=[volunteer.pk])
    body = {
        "unit": world.venue_unit.pk,
        "title": "优秀文化志愿者",
        "granted_on": "2026-01-05",
        "reason": "服务满一年",
    }
    refused = client.post(url, body)
    assert refused.status_code == 400 and "服务过的志愿者" in refused.content.decode()
    act = ActivityFactory(team=team, by=world.venue)
    services.signup_create(activity=act, volunteer=volunteer)
    services.checkin(activity=act, volunteer=volunteer, at=act.starts_at)
    assert client.post(url, body).status_code == 302
    assert Recognition.objects.get().granted_on == date(2026, 1, 5)
    assert (
        "优秀文化志愿者" in client.get(reverse("volunteers:volunteer", args=[volunteer.pk])).content.decode()
    )


def test_the_units_kept_are_searched_and_a_venue_finds_its_own_already_chosen(world, client):
    """The registration form offers the units kept through a search (a city office keeps 1,700): only the chosen one
    is drawn; a venue, keeping just its own, finds it chosen; the office chooses."""

    def unit_choice(page: str) -> str:
        return page[page.index('<select name="unit"') :].split("</select>")[0]

    client.force_login(world.venue)
    page = client.get(reverse("volunteers:volunteers")).content.decode()
    assert f'<option value="{world.venue_unit.pk}" selected>' in unit_choice(page)
    assert "volunteers-units-kept" in page  # the search of the units kept
    client.force_login(world.office)
    page = client.get(reverse("volunteers:volunteers")).content.decode()
    assert "<option" in unit_choice(page) and "姑苏区文化馆" not in unit_choice(page)
    found = client.get(
        reverse("orgs:choices", args=["volunteers-units-kept"]), {"q": "文化馆"}
    ).content.decode()
    assert "姑苏区文化馆" in found
    client.force_login(world.leader)  # keeps nothing: no form, and the search finds nothing
    found = client.get(
        reverse("orgs:choices", args=["volunteers-units-kept"]), {"q": "文化馆"}
    ).content.decode()
    assert "姑苏区文化馆" not in found


def test_the_public_registration_offers_each_district_with_its_townships(world, client):
    """A province lists some 1,456 districts and townships, whose names repeat from district to district: each district
    is a group of the list — the district itself and its townships — named with its city where there are several."""
    from changxiao.orgs.choices import RegionLevel
    from conftest import make_region

    binhu = make_region("320211", "滨湖区", RegionLevel.COUNTY, world.city2)
    town = make_region("320211001", "河埒街道", RegionLevel.TOWNSHIP, binhu)
    village = make_region("320211001001", "河埒社区", RegionLevel.VILLAGE, town)
    _sign_in(client, citizen("13812345678"))
    page = client.get(reverse("public:volunteers_register"))
    groups = [
        (name, [label for _key, label in choices])
        for name, choices in page.context["form"].fields["region"].choices
        if isinstance(choices, list)
    ]
    assert groups == [  # in the regions' order (their codes here)
        ("无锡市 滨湖区", ["滨湖区（全域）", "河埒街道"]),
        ("苏州市 姑苏区", ["姑苏区（全域）", "平江街道"]),
        ("苏州市 昆山市", ["昆山市（全域）"]),
    ]
    html = page.content.decode()
    assert (
        '<optgroup label="无锡市 滨湖区">' in html and f'<option value="{town.pk}">河埒街道</option>' in html
    )
    # A township is what is stored; a village, not offered, is refused and nothing is stored.
    form = {"name": "李小文", "id_number": ADULT_ID, "phone": "13812345678", "consent": "on"}
    for hostile in (village.pk, "1e20", "9" * 20, "-1", "x" * 10_000):
        refused = client.post(reverse("public:volunteers_register"), {**form, "region": hostile})
        assert refused.status_code == 400 and not Volunteer.objects.exists()
        assert "李小文" in refused.content.decode() and refused.context["form"].errors["region"]
    assert client.post(reverse("public:volunteers_register"), {**form, "region": town.pk}).status_code == 302
    assert Volunteer.objects.get().region == town
