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
