"""The linkage's pages through HTTP: the menu searched on a phone with a constant number of queries, an item showing
the village's demands and quota, the order's yellow and red answer deadline, the overview's coverage changing once a
village confirms a delivery, the public rating page (rate-limited), the API's public menu and scoped orders, the
Word section and the Excel export."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.feedback.tests.factories import FeedbackFactory, shipped_category
from changxiao.linkage import services, views
from changxiao.linkage.models import Offering, Order, ResidentRating
from changxiao.linkage.tests import factories as f
from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
from conftest import make_person, make_region, make_unit


def _village(world):
    village = make_region("320508001002", "大儒社区", RegionLevel.VILLAGE, world.pingjiang)
    unit = make_unit(
        "GS-DR-SHI", "大儒社区文化活动室", UnitKind.VENUE, village, venue_type=VenueType.VILLAGE_ROOM
    )
    person = make_person("village", unit, Role.VENUE, full_name="周慧")
    return village, unit, person


def test_the_menu_is_searched_and_filtered_with_a_constant_number_of_queries(
    world, client, django_assert_max_num_queries
):
    item = f.published_offering(world)
    for n in range(30):
        f.offering(world, the_menu=item.menu, title=f"书法讲座第{n}期")
    client.force_login(f.station_staff(world))
    url = item.menu.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url, {"q": "锡剧"})
    assert "锡剧《珍珠塔》" in response.content.decode() and "书法讲座" not in response.content.decode()
    with django_assert_max_num_queries(16):
        response = client.get(url, {"q": "书法", "kind": "performance"})
    assert "书法讲座第1期" in response.content.decode()  # an offering of the factory is a performance
    response = client.get(url, {"kind": "film"})
    assert "没有符合条件的项目" in response.content.decode()
    # 31 items: a page of 30 and a link to the next, which holds the last one (never counted).
    first = client.get(url).content.decode()
    assert "下一页" in first and first.count('class="card h-100"') == 30
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="card h-100"') == 1 and "上一页" in second and "下一页" not in second
    assert client.get(url, {"page": "x" * 30}).status_code == 200


def test_an_item_shows_the_villages_demands_and_its_quota(world, client):
    village, unit, person = _village(world)
    item = f.published_offering(world)
    FeedbackFactory(
        category=shipped_category("开放时间"), region=village, kind="demand", content="希望多送几场锡剧进社区"
    )
    client.force_login(person)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "希望多送几场锡剧进社区" in page
    assert "剩余6个名额" in page


def test_a_late_answer_turns_yellow_then_red_on_the_orders_pages(world, client):
    order = f.order(world)
    client.force_login(world.venue)
    Order.objects.filter(pk=order.pk).update(reply_due=local_today())
    page = client.get(reverse("linkage:orders") + "?side=provided").content.decode()
    assert "bi-hourglass-split" in page  # due soon: yellow
    Order.objects.filter(pk=order.pk).update(reply_due=local_today() - timedelta(days=1))
    page = client.get(reverse("linkage:orders") + "?side=provided").content.decode()
    assert "bi-exclamation-octagon" in page  # overdue: red
    client.force_login(world.office)
    assert order.code in client.get(reverse("linkage:orders") + "?side=all&late=1").content.decode()
    # The overview counts it by state and among the late answers; an answer not yet due is not late.
    f.order(world, f.offering(world, the_menu=order.offering.menu, title="书法讲座"))
    overview = client.get(reverse("linkage:overview"), {"region": world.city.pk, "year": order.year}).context
    assert (
        dict((value, n) for _label, n, value in overview["by_state"])["ordered"] == 2
        and overview["late"] == 1
    )


def test_coverage_changes_once_the_village_confirms(world, client):
    village, unit, person = _village(world)
    item = f.published_offering(world)
    client.force_login(world.office)
    overview = reverse("linkage:overview") + f"?region={world.gusu.pk}"
    assert ">0 / 1<" in client.get(overview).content.decode()
    for _ in range(2):
        order = services.order_place(
            offering=item, unit=unit, by=person, wished_date=f.wished_day(), audience_expected=60
        )
        services.order_accept(order=order, by=world.venue, scheduled_on=local_today())
        services.order_deliver(order=order, by=world.venue, delivered_on=local_today(), attendance=70)
        services.order_confirm(order=order, by=person, extent="full", rating=5)
    assert ">1 / 1<" in client.get(overview).content.decode()
    records = client.get(
        reverse("linkage:metric_records", args=["linkage.village_coverage"]) + f"?region={world.gusu.pk}"
    ).content.decode()
    assert "100.0%" in records


def test_the_public_rating_page_stores_a_rating_and_is_rate_limited(world, client):
    order = f.order(world)
    url = reverse("public:linkage_rate", args=[order.resident_token])
    assert "暂不能评价" in client.get(url).content.decode()
    services.order_accept(order=order, by=world.venue, scheduled_on=local_today())
    services.order_deliver(order=order, by=world.venue, delivered_on=local_today(), attendance=70)
    assert client.post(url, {"score": "9"}).status_code == 400
    assert client.post(url, {"score": "5", "comment": "<script>x</script>"}).status_code == 200
    for _ in range(5):
        client.post(url, {"score": "4"})
    assert ResidentRating.objects.filter(order=order).count() == 3  # three per device a minute
    assert client.post(url, {"score": "4"}).status_code == 429
    assert client.get(reverse("public:linkage_rate", args=["x" * 30])).status_code == 404


def test_the_api_reads_the_public_menu_and_scopes_orders(world, client):
    order = f.order(world)
    response = client.get(f"/api/v1/public/linkage/menus/{order.offering.menu_id}/items", {"q": "珍珠塔"})
    assert response.status_code == 200 and response.json()["items"][0]["places_left"] == 9
    client.force_login(world.venue)
    assert [o["code"] for o in client.get("/api/v1/linkage/orders").json()["items"]] == [order.code]
    client.force_login(world.outsider)
    assert client.get("/api/v1/linkage/orders").json()["items"] == []
    assert client.get(f"/api/v1/linkage/orders/{order.pk}").status_code == 404
    client.force_login(f.station_staff(world))
    response = client.post(
        "/api/v1/linkage/orders",
        {
            "offering_id": order.offering_id,
            "unit_id": world.station_unit.pk,
            "wished_date": f.wished_day().isoformat(),
            "audience_expected": 40,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Offering.objects.get(pk=order.offering_id).places_taken == 2


def test_the_word_section_and_the_excel_export(world, client):
    f.order(world)
    client.force_login(world.office)
    response = client.get(reverse("linkage:report") + f"?region={world.city.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    response = client.get(reverse("core:export_start", args=["linkage-orders"]) + "?side=all")
    assert response.status_code in (200, 302)


def test_items_never_ordered_are_listed_for_the_office(world, client):
    item = f.published_offering(world)
    f.offering(world, the_menu=item.menu, title="剪纸培训班")
    f.order(world, item)
    client.force_login(world.office)
    page = client.get(reverse("linkage:menu_counts", args=[item.menu_id])).content.decode()
    assert "1个项目从未被点单" in page and "剪纸培训班" in page


def test_past_a_county_the_overview_reads_by_township_and_drills_down_to_its_villages(
    world, client, monkeypatch
):
    """A city's 1,500 villages in one grid were unreadable and slow: past the cap the townships' table (villages
    reached of each) links to each township's overview, which draws its villages."""
    village, _unit, _person = _village(world)
    client.force_login(world.office)
    monkeypatch.setattr(views, "OVERVIEW_GRID_VILLAGES", 0)
    page = client.get(reverse("linkage:overview") + f"?region={world.gusu.pk}")
    text = page.content.decode()
    assert "coverage-cell" not in text and "在下表中选择乡镇（街道）" in text
    township = village.parent
    assert f'href="?region={township.pk}&amp;year={page.context["year"]}"' in text
    assert [(t.region, reached) for t, reached in page.context["townships"]] == [(township, 0)]
    monkeypatch.setattr(views, "OVERVIEW_GRID_VILLAGES", 300)
    text = client.get(reverse("linkage:overview") + f"?region={township.pk}").content.decode()
    assert "coverage-cell" in text and village.name in text


def test_the_orders_list_shows_the_newest_first_in_a_fixed_number_of_queries(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = f.published_offering(world)
    office = login(world.office)
    first = f.order(world, item)
    office.get(reverse("linkage:orders"))
    with CaptureQueriesContext(connection) as one:
        office.get(reverse("linkage:orders"))
    later = [
        f.order(world, f.offering(world, the_menu=item.menu, title=f"书法讲座第{n}期")) for n in range(3)
    ]
    with CaptureQueriesContext(connection) as four:
        page = office.get(reverse("linkage:orders")).context["page"]
    assert [o.code for o in page] == [o.code for o in reversed([first, *later])]
    assert page.paginator.count == 4 and page[0].offering.provider.name and len(four) == len(one)
    # Another city's office sees none of them.
    assert list(login(world.office2).get(reverse("linkage:orders")).context["page"]) == []
