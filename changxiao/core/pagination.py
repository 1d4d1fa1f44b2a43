"""Paging over more rows than are worth counting."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property


class NewestPaginator(Paginator):
    """Pages over the first `cap` rows of an ordered query (newest first, as lists of answers are read).

    Counting every match among hundreds of thousands of rows costs a large part of each page view; counting up to
    the cap stops there (COUNT over a LIMIT). `more` tells the page that further rows match, to be found by
    narrowing the query (a filter, a search) or in an export.
    """

    def __init__(self, object_list, per_page: int, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _matched(self) -> int:
        # Which rows are counted does not matter, only whether more than `cap` match: unordered, the database stops
        # at the cap in whatever order it reads (sorting a city's 77,000 feedback items first cost 220 ms at scale 1).
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._matched, self.cap)

    @property
    def more(self) -> bool:
        return self._matched > self.cap


class KeysFirstPaginator(Paginator):
    """Pages over wide rows (encrypted personal data) by their keys first: a page's keys are read in the list's order
    (from an index that holds the order and the key, not from the rows), then only that page's rows, by key, from
    `rows_of` (the model's rows with what the page shows beside them: select_related). Ordering a city's 35,000
    volunteers of 200,000 read every wide row; by keys, 185 → 57 ms at issue 26's scale 1.

    The count comes with the page's keys (COUNT(*) OVER (): the matches are all read for the order anyway), so the
    list's condition — a scope's UNION of keys — is evaluated once, not once more to count (a city's volunteers at
    scale 1: 64 + 36 → 70 ms). Only a page past the end, or an empty list, is counted apart."""

    # A page number past this is not read (its offset would not fit the database's integer): it is past the end.
    LAST_READ = 10**9

    def __init__(self, object_list, per_page: int, *, rows_of):
        self.matches = object_list.values("pk")
        keyed = object_list.annotate(matched=Window(Count("pk"))).values_list("pk", "matched")
        super().__init__(keyed, per_page)
        self.rows_of = rows_of
        self._read: dict[int, list[tuple[int, int]]] = {}

    def _keys_of(self, number: int) -> list[tuple[int, int]]:
        """The page's (key, count of all matches) pairs, read once."""
        if number not in self._read:
            bottom = (number - 1) * self.per_page
            self._read[number] = list(self.object_list[bottom : bottom + self.per_page])
        return self._read[number]

    @cached_property
    def count(self) -> int:
        return self.matches.count()

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 0  # Paginator.validate_number says what is wrong with it
        if 1 <= wanted <= self.LAST_READ and (pairs := self._keys_of(wanted)):
            self.__dict__["count"] = pairs[0][1]
        return super().page(number)

    def get_page(self, number):
        """As Paginator.get_page (the first page for a number that is none, the last for one out of range), reading
        the page before counting."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def _get_page(self, keys, number, paginator):
        keys = [key for key, _matched in self._keys_of(number)]
        rows = self.rows_of.in_bulk(keys)
        return super()._get_page([rows[key] for key in keys if key in rows], number, paginator)
