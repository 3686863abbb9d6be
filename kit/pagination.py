"""Pages of every list, page and API: counted and paged up to a bound.

At a million incidents an exact count read every matching row (a category filter, 631 ms) and a
deep page read and dropped every row before it (page 20,000: 2.1 s). Nobody reads page 20,000 of
a list: they narrow it. So a list counts at most `MAX_PAGED_ROWS` + 1 rows (`SELECT COUNT(*)
FROM (… LIMIT 10001)`), shows "10,000+" when there are more, and pages through the first
`MAX_PAGED_ROWS` only; a page past them is refused with a message that says why and what to do
(HTML: the last page within the bound and that message; API: 404 with it).
"""

from __future__ import annotations

import math

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

MAX_PAGED_ROWS = 10_000
# Rows on one HTML page at most, whatever `?per_page=` asks.
MAX_PER_PAGE = 100


def past_bound_message(max_rows: int = MAX_PAGED_ROWS) -> str:
    return _(
        "Only the first %(rows)s records of a list are paged: narrow the filters, or sort the other "
        "way, to reach the others."
    ) % {"rows": f"{max_rows:,}"}


def _queryset_of(object_list) -> QuerySet | None:
    """The queryset behind a list: itself, or django-tables2's rows (BoundRows → TableData → queryset)."""
    for candidate in (object_list, getattr(object_list, "data", None)):
        if isinstance(candidate, QuerySet):
            return candidate
        inner = getattr(candidate, "data", None)
        if isinstance(inner, QuerySet):
            return inner
    return None


class BoundedPaginator(Paginator):
    max_rows = MAX_PAGED_ROWS

    @cached_property
    def count(self) -> int:
        """The number of rows, or `max_rows + 1` when there are more than `max_rows`."""
        queryset = _queryset_of(self.object_list)
        if queryset is None:
            return min(super().count, self.max_rows + 1)
        return queryset.order_by()[: self.max_rows + 1].count()

    @property
    def is_bounded(self) -> bool:
        """More rows than are paged: the count shown is a lower bound."""
        return self.count > self.max_rows

    @property
    def shown_count(self) -> int:
        return min(self.count, self.max_rows)

    @cached_property
    def num_pages(self) -> int:
        if not self.is_bounded:
            return super().num_pages
        return math.ceil(self.max_rows / self.per_page)

    def page(self, number):
        """As Paginator.page, but the query asks for a whole page (LIMIT per_page) even when fewer rows
        are left: trimmed to LIMIT 1 for a search with one match, PostgreSQL walked the whole
        reported_at index looking for it (28 s at a million incidents) instead of the search index."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if self.orphans and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.is_bounded:
                raise EmptyPage(past_bound_message(self.max_rows)) from None
            raise


class TablePaginator(BoundedPaginator):
    """The HTML lists' paginator (django-tables2): bounded, and at most MAX_PER_PAGE rows a page."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(int(per_page), MAX_PER_PAGE), *args, **kwargs)
