"""`manage.py load_demo`: the organization demo data of 苏州市, loaded idempotently."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory

from changxiao.core.context_processors import DEMO_CACHE_KEY
from changxiao.core.demo import DEMO_PASSWORD, registered_loaders
from changxiao.core.models import SiteFlag, TimelineEvent
from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
from changxiao.orgs.models import Membership, PopulationRecord, Region, Unit, User

DIVISIONS_2023 = {
    "320508": ("姑苏区", 926_100),
    "320506": ("吴中区", 1_411_400),
    "320507": ("相城区", 907_300),
    "320505": ("苏州高新区（虎丘区）", 851_200),
    "320571": ("苏州工业园区", 1_169_900),
    "320509": ("吴江区", 1_572_500),
    "320581": ("常熟市", 1_682_900),
    "320582": ("张家港市", 1_440_200),
    "320583": ("昆山市", 2_148_500),
    "320585": ("太仓市", 848_000),
}

DEMO_LOGINS = {
    "office": ("SZ-OFFICE", Role.OFFICE),
    "member": ("SZ-CZJ", Role.MEMBER),
    "district": ("GS-WTL", Role.DISTRICT),
    "venue": ("SZ-LIB", Role.VENUE),
    "inspector": ("SZ-DCZ", Role.INSPECTOR),
    "leader": ("SZ-OFFICE", Role.LEADER),
    "member2": ("SZ-JYJ", Role.MEMBER),
    "venue2": ("KS-LIB", Role.VENUE),
    "district2": ("KS-WGL", Role.DISTRICT),
    "office2": ("WX-OFFICE", Role.OFFICE),
}


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "population": PopulationRecord.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "timeline": TimelineEvent.objects.count(),
        "flags": SiteFlag.objects.count(),
    }


@pytest.fixture
def loaded(demo_output) -> str:
    return demo_output


def test_running_again_puts_changed_records_back_and_changes_nothing_else(loaded):
    Unit.objects.filter(code="SZ-LIB").update(name="改名", venue_type=VenueType.MUSEUM)
    office = User.objects.get(username="office")
    office.set_password("Something#Else1")
    office.save()
    before = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    cache.set(DEMO_CACHE_KEY, False)  # a stale "no demo data" cached by a page
    assert load_demo("--quiet") == ""
    assert cache.get(DEMO_CACHE_KEY) is None
    library = Unit.objects.get(code="SZ-LIB")
    assert (library.name, library.venue_type) == ("苏州图书馆", VenueType.PUBLIC_LIBRARY)
    # Nothing is added (no record, no timeline event), no password is set again, and a demo password someone
    # changed is left alone.
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert User.objects.get(username="office").check_password("Something#Else1")


def check_the_ten_county_level_divisions_with_2023_population():
    city = Region.objects.get(code="320500")
    assert (city.name, city.level, city.parent.code) == ("苏州市", RegionLevel.CITY, "320000")
    divisions = Region.objects.filter(parent=city)
    assert {r.code: r.name for r in divisions} == {code: name for code, (name, _) in DIVISIONS_2023.items()}
    for code, (_, population) in DIVISIONS_2023.items():
        assert Region.objects.get(code=code).population(2023) == population
    assert Region.objects.get(code="320571").level == RegionLevel.ZONE
    assert divisions.filter(level=RegionLevel.COUNTY).count() == 9
    # The divisions add up to the city total, as in the statistics release.
    assert sum(p for _, p in DIVISIONS_2023.values()) == city.population(2023) == 12_958_000
    assert city.population(2020) == 12_748_262
    assert Region.objects.get(code="320000").population(2023) == 85_260_000


def check_region_tree_is_consistent():
    for region in Region.objects.select_related("parent"):
        assert region.path == region.compute_path()
        assert len(region.code) in (6, 9, 12)
        if region.parent:
            prefix = region.parent.code if len(region.code) > 6 else region.parent.code[:2]
            assert region.code.startswith(prefix)
            assert region.parent.allows_child_level(region.level)
    assert Region.objects.filter(level=RegionLevel.TOWNSHIP).count() >= 20
    village = Region.objects.get(code="320583102201")
    assert (village.name, village.parent.name) == ("祁浜村", "周庄镇")


def check_units_cover_every_kind_and_venue_type():
    units = Unit.objects.all()
    assert units.count() >= 30
    assert {u.kind for u in units} == set(UnitKind.values)
    assert {u.venue_type for u in units.filter(kind=UnitKind.VENUE)} == set(VenueType.values)
    assert not units.filter(kind=UnitKind.VENUE, venue_type="").exists()
    assert not units.exclude(kind=UnitKind.VENUE).exclude(venue_type="").exists()
    assert set(units.filter(is_lead=True).values_list("code", flat=True)) == {"SZ-WGL", "SZ-XCB", "WX-WGL"}
    assert units.filter(is_member=True, is_lead=False).count() >= 10
    for unit in units:
        area_code = (
            "0510-" if unit.region.path.startswith(Region.objects.get(code="320200").path) else "0512-"
        )
        assert unit.contact_phone.startswith(area_code) and unit.leader_name and unit.address
    bureau = Unit.objects.get(code="KS-WGL")
    assert (bureau.kind, bureau.parent.code, bureau.region.code) == (
        UnitKind.CULTURE_BUREAU,
        "SZ-WGL",
        "320583",
    )
    station = Unit.objects.get(code="KS-ZZ-ZHAN")
    assert station.region.name == "周庄镇"


def check_created_objects_have_a_history():
    unit = Unit.objects.get(code="SZ-OFFICE")
    events = TimelineEvent.objects.for_object(unit)
    assert events.filter(verb="created", actor__username="admin").count() == 1
    region = Region.objects.get(code="320508")
    assert TimelineEvent.objects.for_object(region).filter(verb="created").count() == 1


def check_each_demo_login_authenticates():
    request = RequestFactory().post("/accounts/login/")
    for username, (unit_code, role) in DEMO_LOGINS.items():
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.full_name and user.email == f"{username}@demo.changxiao.local"
        assert Membership.objects.filter(user=user, unit__code=unit_code, role=role, is_active=True).exists()
    admin = authenticate(request, username="admin", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser and admin.is_staff


def check_contact_people_cannot_sign_in_and_some_units_have_nobody():
    contacts = User.objects.exclude(username__in=[*DEMO_LOGINS, "admin"])
    assert contacts.count() >= 10
    assert not any(user.has_usable_password() for user in contacts)
    empty = Unit.objects.exclude(memberships__isnull=False)
    assert 3 <= empty.count() <= 10


def check_the_site_is_flagged_and_the_logins_printed(output: str):
    assert SiteFlag.objects.filter(name=SiteFlag.DEMO_DATA).exists()
    assert "orgs" in [loader.name for loader in registered_loaders()]
    for username in [*DEMO_LOGINS, "admin"]:
        assert username in output
    assert DEMO_PASSWORD in output
    assert "苏州市国家公共文化服务体系示范区创建工作领导小组办公室" in output


def test_the_ribbon_shows_on_the_public_site_only_with_demo_data(db, client):
    ribbon = "demo-ribbon"
    assert ribbon not in client.get("/public/").content.decode()
    SiteFlag.objects.create(name=SiteFlag.DEMO_DATA)
    cache.delete(DEMO_CACHE_KEY)
    assert ribbon in client.get("/public/").content.decode()


def test_demo_data_content(loaded):
    """The read-only checks share one load: loading the demo data is the slow part (a quiet load, and one that
    clears a stale cached flag, are checked in test_a_changed_record_is_put_back)."""
    check_the_site_is_flagged_and_the_logins_printed(loaded)
    check_the_ten_county_level_divisions_with_2023_population()
    check_region_tree_is_consistent()
    check_units_cover_every_kind_and_venue_type()
    check_created_objects_have_a_history()
    check_each_demo_login_authenticates()
    check_contact_people_cannot_sign_in_and_some_units_have_nobody()
    check_the_second_zone_sees_only_its_own()


def check_the_second_zone_sees_only_its_own():
    """无锡市, a second zone of the province on the same deployment: its office sees its own units, none of 苏州市's."""
    office2 = User.objects.get(username="office2")
    wuxi = Region.objects.get(code="320200")
    assert (wuxi.level, wuxi.parent.code) == (RegionLevel.CITY, "320000")
    seen = Unit.objects.visible_to(office2)
    assert set(seen.values_list("code", flat=True)) == {"WX-OFFICE", "WX-WGL", "LX-WTL", "WX-LIB"}
    assert not Region.objects.visible_to(office2).filter(code="320500").exists()
