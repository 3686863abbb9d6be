"""Indexes for the lists' search box on PostgreSQL.

The search box (`kit.filters.ScopedFilterSet.filter_search`) matches each word anywhere in the
search fields with `icontains`, which Django writes on PostgreSQL as
`UPPER("col"::text) LIKE UPPER('%word%')`. A B-tree cannot serve a leading wildcard, so at a
million incidents every search read the whole table (3.95 s). A pg_trgm GIN index over
`UPPER(col)`, the very expression of the query, serves it: the planner ORs the columns' indexes
(BitmapOr) and ANDs the words (BitmapAnd). A word needs three characters (Chinese ones count) to
have a trigram; a shorter one falls back to reading the rows in the list's order.

`trigram_search_indexes()` gives the migration operations; on SQLite (the demo and the default
tests) they do nothing. The indexes are built CONCURRENTLY, so a migration on a live database
blocks no writes: the migration that uses them must say `atomic = False`.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def trigram_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_search_indexes(table: str, columns: tuple[str, ...]) -> list:
    """Migration operations: pg_trgm, then one GIN index on UPPER(column) per column (PostgreSQL only)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{trigram_index_name(table, column)}" '
                f'ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{trigram_index_name(table, column)}"')

    return [TrigramExtension(), migrations.RunPython(forwards, backwards, elidable=False)]
