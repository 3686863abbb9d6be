"""The incident list's search box at a million incidents: a trigram index per search field
(kit/search.py). PostgreSQL only; nothing on SQLite."""

from django.db import migrations

from kit.search import trigram_search_indexes


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("cases", "0012_incident_standard_address"),
    ]

    operations = trigram_search_indexes("cases_incident", ("number", "summary", "address", "reporter_name"))
