"""Assertions shared by the suite."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(request, grow) -> int:
    """Run `request()`, then `grow()` the data, then `request()` again: the
    number of queries must not change. Returns that number.

    Start with at least one row: an empty list legitimately skips the
    queries that fetch rows and their relations."""
    request()  # warm caches (content types, permissions) that are not per-row
    before, _sql = count_queries(request)
    grow()
    after, sql = count_queries(request)
    assert before == after, f"queries grew with the data: {before} -> {after}\n" + "\n".join(sql)
    return after


def body(response) -> bytes:
    """A response's bytes, whether it streamed (CSV exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content
