"""Office screens of the organization mechanism, through HTTP."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from changxiao.orgs.models import Membership, PopulationRecord, Region, Unit, User


def test_office_creates_a_township_with_path_and_timeline(world, login):
    client = login(world.office)
    response = client.post(
        reverse("orgs:region_create"),
        {
            "parent": world.kunshan.pk,
            "code": "320583102",
            "name": "周庄镇",
            "level": "township",
            "sort_order": 0,
        },
    )
    region = Region.objects.get(code="320583102")
    assert response.status_code == 302 and response.url == region.get_absolute_url()
    assert region.path == f"{world.kunshan.path}{region.pk}/"
    assert TimelineEvent.objects.for_object(region).get().verb == "created"


@pytest.mark.parametrize(
    "data,field",
    [
        ({"code": "12AB", "name": "x", "level": "township"}, "code"),
        ({"code": "320583103", "name": "x", "level": "city"}, "level"),
        ({"code": "320508", "name": "重复", "level": "township"}, "code"),
    ],
)
def test_bad_region_input_is_refused_and_changes_nothing(world, login, data, field):
    client = login(world.office)
    before = Region.objects.count()
    response = client.post(
        reverse("orgs:region_create"), {"parent": world.kunshan.pk, "sort_order": 0, **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Region.objects.count() == before


def test_district_cannot_create_outside_its_district(world, login):
    client = login(world.district)
    response = client.post(
        reverse("orgs:region_create"),
        {
            "parent": world.kunshan.pk,
            "code": "320583102",
            "name": "周庄镇",
            "level": "township",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Region.objects.filter(code="320583102").exists()


def test_moving_a_region_moves_its_subtree(world, login):
    client = login(world.office)
    village = Region.objects.create(
        code="320508001001", name="某社区", level="village", parent=world.pingjiang
    )
    village.path = village.compute_path()
    village.save()
    client.post(
        reverse("orgs:region_edit", args=[world.pingjiang.pk]),
        {
            "parent": world.kunshan.pk,
            "code": "320508001",
            "name": "平江街道",
            "level": "township",
            "sort_order": 0,
        },
    )
    world.pingjiang.refresh_from_db()
    village.refresh_from_db()
    assert world.pingjiang.path.startswith(world.kunshan.path)
    assert village.path.startswith(world.pingjiang.path)
    assert Region.objects.subtree(world.kunshan).filter(pk=village.pk).exists()


def test_district_edits_its_district_without_moving_it(world, login):
    client = login(world.district)
    response = client.get(reverse("orgs:region_edit", args=[world.gusu.pk]))
    assert response.context["form"].fields["parent"].disabled
    response = client.post(
        reverse("orgs:region_edit", args=[world.gusu.pk]),
        {
            "parent": world.kunshan.pk,
            "code": "320508",
            "name": "姑苏区",
            "level": "county",
            "area_km2": "83",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    world.gusu.refresh_from_db()
    assert world.gusu.parent == world.city and str(world.gusu.area_km2) == "83.00"


def test_population_is_recorded_per_year_and_updated(world, login):
    client = login(world.office)
    url = reverse("orgs:population_save", args=[world.gusu.pk])
    client.post(url, {"year": 2023, "resident": 926100, "source": "统计局"})
    response = client.post(
        url, {"year": 2023, "resident": 926200, "source": "统计局（修订）"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="population"' in response.content.decode()
    assert PopulationRecord.objects.get(region=world.gusu, year=2023).resident == 926200
    assert world.gusu.population(2023) == 926200
    comments = list(TimelineEvent.objects.for_object(world.gusu).values_list("comment", flat=True))
    assert "2023: 926,100 → 926,200" in comments


def test_bad_population_is_refused(world, login):
    client = login(world.office)
    response = client.post(
        reverse("orgs:population_save", args=[world.gusu.pk]),
        {"year": 1800, "resident": -5},
        HTTP_HX_REQUEST="true",
    )
    form = response.context["population_form"]
    assert {"year", "resident"} <= set(form.errors)
    assert not PopulationRecord.objects.exists()


def test_office_creates_and_edits_a_unit(world, login):
    client = login(world.office)
    response = client.post(
        reverse("orgs:unit_create"),
        {
            "code": "KS-ZZ-ZHAN",
            "name": "周庄镇综合文化站",
            "kind": "venue",
            "venue_type": "township_station",
            "region": world.kunshan.pk,
            "sort_order": 0,
        },
    )
    unit = Unit.objects.get(code="KS-ZZ-ZHAN")
    assert response.url == unit.get_absolute_url()
    client.post(
        reverse("orgs:unit_edit", args=[unit.pk]),
        {
            "code": "KS-ZZ-ZHAN",
            "name": "周庄镇综合文化站",
            "kind": "venue",
            "venue_type": "township_station",
            "region": world.kunshan.pk,
            "sort_order": 0,
            "contact_phone": "0512-57211111",
        },
    )
    unit.refresh_from_db()
    assert unit.contact_phone == "0512-57211111"
    events = TimelineEvent.objects.for_object(unit)
    assert [e.verb for e in events] == ["updated", "created"]
    assert "0512-57211111" in events[0].comment


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"kind": "venue", "venue_type": ""}, "venue_type"),
        ({"kind": "department", "venue_type": "museum"}, "venue_type"),
        ({"kind": "media", "is_lead": "on"}, "is_lead"),
        ({"kind": "department", "code": "has space"}, "code"),
        ({"kind": "department", "code": "SZ-OFFICE"}, "code"),
    ],
)
def test_bad_unit_input_is_refused(world, login, extra, field):
    client = login(world.office)
    before = Unit.objects.count()
    data = {"code": "NEW-1", "name": "新单位", "region": world.city.pk, "sort_order": 0, **extra}
    response = client.post(reverse("orgs:unit_create"), data)
    assert field in response.context["form"].errors
    assert Unit.objects.count() == before


def test_district_cannot_place_a_unit_outside_its_district(world, login):
    client = login(world.district)
    response = client.post(
        reverse("orgs:unit_create"),
        {"code": "KS-X", "name": "x", "kind": "media", "region": world.kunshan.pk, "sort_order": 0},
    )
    assert "region" in response.context["form"].errors


def test_deactivate_and_reactivate_a_unit(world, login):
    client = login(world.office)
    url = reverse("orgs:unit_set_active", args=[world.venue_unit.pk])
    client.post(url, {"active": "0"})
    world.venue_unit.refresh_from_db()
    assert not world.venue_unit.is_active
    client.post(url, {"active": "1"})
    world.venue_unit.refresh_from_db()
    assert world.venue_unit.is_active
    verbs = list(TimelineEvent.objects.for_object(world.venue_unit).values_list("verb", flat=True))
    assert verbs == ["reactivated", "deactivated"]


def test_people_of_a_deactivated_unit_lose_their_scope(world, login):
    world.venue_unit.is_active = False
    world.venue_unit.save()
    client = login(world.venue)
    assert client.get(reverse("orgs:unit_detail", args=[world.venue_unit.pk])).status_code == 404


def test_add_a_person_with_the_password_policy(world, login):
    client = login(world.district)
    url = reverse("orgs:person_add", args=[world.venue_unit.pk])
    weak = client.post(
        url, {"username": "newbie", "full_name": "新人", "role": "venue", "password": "12345678"}
    )
    assert "password" in weak.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()
    taken = client.post(
        url, {"username": "venue", "full_name": "x", "role": "venue", "password": "Good#Pass2026"}
    )
    assert "username" in taken.context["form"].errors
    response = client.post(
        url,
        {
            "username": "newbie",
            "full_name": "新人",
            "role": "venue",
            "title": "馆员",
            "password": "Good#Pass2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.check_password("Good#Pass2026")
    assert Membership.objects.get(user=user).unit == world.venue_unit


def test_change_and_remove_a_role(world, login):
    client = login(world.office)
    membership = Membership.objects.get(user=world.venue)
    client.post(
        reverse("orgs:membership_edit", args=[membership.pk]), {"role": "inspector", "title": "兼职督查员"}
    )
    membership.refresh_from_db()
    assert membership.role == "inspector"
    changed = TimelineEvent.objects.for_object(world.venue_unit).get(verb="member_changed")
    assert changed.comment == "陈静: 场馆人员 → 督查/观察员"  # the role before, not the one just set
    assert world.venue.notifications.get().title == "您在姑苏区文化馆的角色已变更为：督查/观察员"
    client.post(reverse("orgs:membership_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active


def test_one_cannot_remove_ones_own_role(world, login):
    client = login(world.office)
    membership = Membership.objects.get(user=world.office)
    client.post(reverse("orgs:membership_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active


def test_lists_show_only_what_the_persona_sees(world, login):
    client = login(world.district)
    names = {u.name for u in client.get(reverse("orgs:unit_list")).context["page"]}
    assert names == {"姑苏区文体旅局", "姑苏区文化馆", "平江街道综合文化站"}
    client = login(world.venue)
    names = {u.name for u in client.get(reverse("orgs:unit_list")).context["page"]}
    assert names == {"姑苏区文化馆"}
    regions = {r.name for r in client.get(reverse("orgs:region_list")).context["page"]}
    assert regions == {"姑苏区", "平江街道"}


def test_bad_filter_values_give_an_empty_list_not_an_error(world, login):
    client = login(world.office)
    response = client.get(reverse("orgs:unit_list"), {"kind": "nonsense", "region": "abc"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 0


@pytest.mark.parametrize("url_name", ["orgs:unit_list", "orgs:region_list", "orgs:people_list"])
def test_list_pages_use_a_constant_number_of_queries(world, login, django_assert_max_num_queries, url_name):
    client = login(world.office)
    for i in range(30):
        unit = Unit.objects.create(code=f"BULK-{i}", name=f"单位{i}", kind="media", region=world.city)
        User.objects.create_user(f"bulk{i}", password="x").memberships.create(unit=unit, role="member")
    client.get(reverse(url_name))  # warm caches (content types, session)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_roster_is_a_word_document_of_the_visible_units(world, login):
    import io

    from docx import Document

    client = login(world.district)
    response = client.get(reverse("orgs:roster_docx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "姑苏区文化馆" in cells and "昆山市图书馆" not in cells


def test_a_long_roster_is_built_in_the_background_with_the_list_filter(
    world, login, settings, django_capture_on_commit_callbacks
):
    import io

    from docx import Document

    from changxiao.core.models import ExportJob

    settings.DOCUMENT_INLINE_MAX_ROWS = 1
    client = login(world.office)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(reverse("orgs:roster_docx") + "?kind=venue")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:export_job", args=[job.pk])
    assert (job.kind, job.state, job.owner, job.params) == (
        "word",
        "pending",
        world.office,
        {"kind": ["venue"]},
    )
    callbacks[0]()  # the request committed: the task runs (TASK_BACKEND immediate)
    job.refresh_from_db()
    assert job.state == "done", job.error
    download = client.get(reverse("core:export_download", args=[job.pk]))
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"姑苏区文化馆", "昆山市图书馆"} <= cells and "市财政局" not in cells  # the venues only
    # Another person cannot download it; a short list is still built in the request.
    assert login(world.district).get(reverse("core:export_download", args=[job.pk])).status_code == 404
    settings.DOCUMENT_INLINE_MAX_ROWS = 200
    short = login(world.office).get(reverse("orgs:roster_docx") + "?kind=venue")
    assert short["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert ExportJob.objects.count() == 1


def test_unit_detail_shows_timeline_and_people(world, login):
    client = login(world.office)
    response = client.get(reverse("orgs:unit_detail", args=[world.venue_unit.pk]))
    body = response.content.decode()
    assert "陈静" in body and 'id="timeline-heading"' in body


def test_office_edits_an_account_and_resets_its_password(world, login):
    client = login(world.office)
    url = reverse("orgs:person_edit", args=[world.venue.pk])
    data = {"full_name": "陈静", "email": "chenjing@example.org", "phone": "13912345678", "is_active": "on"}
    weak = client.post(url, {**data, "new_password": "123"})
    assert "new_password" in weak.context["form"].errors
    world.venue.refresh_from_db()
    assert world.venue.email == ""
    response = client.post(url, {**data, "new_password": "New#Password2026"})
    assert response.status_code == 302
    world.venue.refresh_from_db()
    assert world.venue.email == "chenjing@example.org" and world.venue.check_password("New#Password2026")
    verbs = set(TimelineEvent.objects.for_object(world.venue_unit).values_list("verb", flat=True))
    assert {"person_updated", "password_reset"} <= verbs
    comments = " ".join(TimelineEvent.objects.for_object(world.venue_unit).values_list("comment", flat=True))
    assert "New#Password2026" not in comments


def test_disabled_account_cannot_sign_in_and_stays_listed(world, login, client):
    login(world.office).post(
        reverse("orgs:person_edit", args=[world.venue.pk]), {"full_name": "陈静", "email": "", "phone": ""}
    )
    world.venue.refresh_from_db()
    assert not world.venue.is_active
    names = {m.user.username for m in client.get(reverse("orgs:people_list")).context["page"]}
    assert "venue" in names
    client.logout()
    from conftest import PASSWORD

    client.post(reverse("login"), {"username": "venue", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_an_account_with_a_role_outside_the_district_is_not_the_districts_to_change(world, login):
    Membership.objects.create(user=world.venue, unit=world.member_unit, role="member")
    client = login(world.district)
    assert client.get(reverse("orgs:person_edit", args=[world.venue.pk])).status_code == 403
    assert login(world.office).get(reverse("orgs:person_edit", args=[world.venue.pk])).status_code == 200


def test_one_cannot_disable_ones_own_account(world, login):
    client = login(world.office)
    response = client.post(
        reverse("orgs:person_edit", args=[world.office.pk]), {"full_name": "王晓梅", "email": "", "phone": ""}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    world.office.refresh_from_db()
    assert world.office.is_active


def test_an_existing_account_gets_a_further_role(world, login):
    client = login(world.district)
    url = reverse("orgs:person_add", args=[world.station_unit.pk])
    data = {
        "mode": "existing",
        "existing-username": "VENUE",
        "existing-role": "venue",
        "existing-title": "兼管",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(world.venue.memberships.values_list("unit__code", flat=True)) == {"GS-WHG", "GS-PJ-ZHAN"}
    assert world.venue.notifications.count() == 1
    again = client.post(url, data)
    assert "role" in again.context["existing_form"].errors


def test_an_account_outside_the_jurisdiction_is_not_found(world, login):
    client = login(world.district)
    url = reverse("orgs:person_add", args=[world.station_unit.pk])
    for username in ["outsider", "nobody"]:
        response = client.post(
            url, {"mode": "existing", "existing-username": username, "existing-role": "venue"}
        )
        errors = response.context["existing_form"].errors["username"]
        assert errors == ["您的辖区内没有此登录名的账号。"]
    assert not Membership.objects.filter(unit=world.station_unit).exists()


def test_only_the_office_of_the_jurisdiction_gives_the_office_role(world, login):
    """The office role takes the leading-group office's decisions (the city's questionnaires, the national
    working-day calendar, assessment rounds): a district coordinator, who does not hold it, cannot hand it out —
    not to a new account, an existing one or by changing a role — and is not offered it."""
    from changxiao.orgs.services import membership_update, person_add

    district = login(world.district)
    url = reverse("orgs:person_add", args=[world.venue_unit.pk])
    assert "office" not in dict(district.get(url).context["form"].fields["role"].choices)
    new = {"username": "boss", "full_name": "新主任", "role": "office", "password": "Good#Pass2026"}
    refused = district.post(url, {"mode": "new", **new})
    assert refused.status_code == 200 and "role" in refused.context["form"].errors
    assert not User.objects.filter(username="boss").exists()
    existing = {"mode": "existing", "existing-username": "venue", "existing-role": "office"}
    refused = district.post(url, existing)
    assert "role" in refused.context["existing_form"].errors
    membership = Membership.objects.get(user=world.venue)
    edit = reverse("orgs:membership_edit", args=[membership.pk])
    assert "office" not in dict(district.get(edit).context["form"].fields["role"].choices)
    refused = district.post(edit, {"role": "office", "title": ""})
    assert refused.status_code == 200 and "role" in refused.context["form"].errors
    offices = Membership.objects.filter(role="office", unit__region__path__startswith=world.city.path)
    assert set(offices.values_list("user__username", flat=True)) == {"office"}
    # The service refuses it too, whatever calls it.
    with pytest.raises(PermissionDenied):
        person_add(
            unit=world.venue_unit,
            by=world.district,
            password="Good#Pass2026",
            **{k: v for k, v in new.items() if k != "password"},
        )
    with pytest.raises(PermissionDenied):
        membership_update(membership=membership, by=world.district, role="office", title="")
    # The district still gives the roles it holds itself, and the city office gives the office role.
    assert district.post(edit, {"role": "district", "title": "副局长"}).status_code == 302
    office = login(world.office)
    assert office.post(url, {"mode": "new", **new}).status_code == 302
    assert Membership.objects.get(user__username="boss").role == "office"
