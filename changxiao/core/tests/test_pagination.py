from django.db import connection
from django.test.utils import CaptureQueriesContext

from changxiao.core.models import Notification
from changxiao.core.pagination import NewestPaginator


def _notes(world, n: int):
    Notification.objects.bulk_create(Notification(recipient=world.office, title=f"n{i}") for i in range(n))
    return Notification.objects.filter(recipient=world.office).order_by("-pk")


def test_the_count_stops_at_the_cap_and_says_more_rows_match(world):
    rows = _notes(world, 25)
    paginator = NewestPaginator(rows, 10, cap=20)
    with CaptureQueriesContext(connection) as counted:
        assert (paginator.count, paginator.more, paginator.num_pages) == (20, True, 2)
    # the database counts 21 rows at most
    assert len(counted) == 1 and "LIMIT 21" in counted[0]["sql"].upper()
    assert [n.title for n in paginator.page(2)] == [f"n{i}" for i in range(14, 4, -1)]


def test_below_the_cap_the_count_is_exact(world):
    rows = _notes(world, 7)
    for cap in (7, 50):
        paginator = NewestPaginator(rows, 10, cap=cap)
        assert (paginator.count, paginator.more) == (7, False)
    empty = NewestPaginator(rows.none(), 10, cap=5)
    assert (empty.count, empty.more, empty.get_page("3").number) == (0, False, 1)


def test_keys_first_pages_read_the_keys_in_order_with_the_count_then_the_page_rows_with_their_relations(
    world,
):
    from changxiao.core.pagination import KeysFirstPaginator

    rows = _notes(world, 25)
    paginator = KeysFirstPaginator(rows, 10, rows_of=Notification.objects.select_related("recipient"))
    with CaptureQueriesContext(connection) as read:
        page = paginator.page(2)
        titles = [n.title for n in page]
        names = {n.recipient.username for n in page}
        assert paginator.count == 25 and paginator.num_pages == 3
    assert titles == [f"n{i}" for i in range(14, 4, -1)] and names == {"office"}
    # the page's keys with the count of all (no wide column), then its ten rows with their recipient: nothing per row
    assert len(read) == 2
    assert (
        '"title"' not in read[0]["sql"]
        and "OVER" in read[0]["sql"].upper()
        and "JOIN" in read[1]["sql"].upper()
    )


def test_keys_first_counts_apart_only_past_the_end_or_when_nothing_matches(world):
    from changxiao.core.pagination import KeysFirstPaginator

    rows = _notes(world, 25)
    # As Django's get_page: the last page for a number out of range, the first for one that is no number. A page
    # past the end is read (no rows), then counted; a number no page could have is not read.
    expected = {
        "9": (3, 4),
        "99999999999999999999": (3, 3),
        "0": (3, 3),
        "-1": (3, 3),
        "abc": (1, 2),
        "1e20": (1, 2),
    }
    for number, (shown, queries) in expected.items():
        paginator = KeysFirstPaginator(rows, 10, rows_of=Notification.objects)
        with CaptureQueriesContext(connection) as read:
            page = paginator.get_page(number)
            titles = [n.title for n in page]
        assert (page.number, paginator.count, len(read)) == (shown, 25, queries)
        assert titles == (
            ["n4", "n3", "n2", "n1", "n0"] if shown == 3 else [f"n{i}" for i in range(24, 14, -1)]
        )
    nothing = KeysFirstPaginator(rows.filter(title="none"), 10, rows_of=Notification.objects)
    assert (nothing.get_page("1").number, nothing.count, list(nothing.get_page("1"))) == (1, 0, [])
