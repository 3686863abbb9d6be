"""Fast raw data for the benchmark: COPY through psycopg 3, no ORM, no history rows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

SHANGHAI = ZoneInfo("Asia/Shanghai")

CATEGORIES = [
    ("public_order", 30),
    ("dispute", 18),
    ("help", 16),
    ("traffic", 12),
    ("criminal", 9),
    ("fraud", 8),
    ("hazard", 4),
    ("other", 3),
]
CHANNELS = [("110", 55), ("phone", 15), ("walk_in", 12), ("wechat", 7), ("patrol", 5), ("mailbox", 3), ("referral", 3)]
# Hours of the day weighted like a station's calls: quiet at night, busy in the evening.
HOURS = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 8, 8, 7, 5, 3, 2]

COLUMNS = (
    "version, number, category, subtype, channel, occurred_at, reported_at, arrived_at, closed_at, address, "
    "reporter_name, reporter_phone, summary, narrative, disposition, status, station_id, community_id"
)


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


def copy_incidents(
    *,
    count: int,
    first_day: date,
    last_day: date,
    stations: list[tuple[int, list[int]]],
    seed: int,
    prefix: str,
) -> int:
    """COPY `count` incidents reported between first_day and last_day (Asia/Shanghai) into cases_incident."""
    rng = random.Random(seed)
    categories, category_weights = _weighted(CATEGORIES)
    channels, channel_weights = _weighted(CHANNELS)
    station_weights = [1.0 + 0.15 * i for i in range(len(stations))]
    days = (last_day - first_day).days + 1
    hour_choices = list(range(24))
    category_draws = rng.choices(categories, category_weights, k=count)
    channel_draws = rng.choices(channels, channel_weights, k=count)
    station_draws = rng.choices(range(len(stations)), station_weights, k=count)
    hour_draws = rng.choices(hour_choices, HOURS, k=count)
    midnight = {}
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f"COPY cases_incident ({COLUMNS}) FROM STDIN") as copy:
        for n in range(count):
            offset = rng.randrange(days)
            if offset not in midnight:
                local = datetime.combine(first_day + timedelta(days=offset), time.min, tzinfo=SHANGHAI)
                midnight[offset] = local.astimezone(UTC)
            reported = midnight[offset] + timedelta(
                hours=hour_draws[n], minutes=rng.randrange(60), seconds=rng.randrange(60)
            )
            arrived = None
            if rng.random() < 0.85:
                arrived = reported + timedelta(minutes=min(rng.lognormvariate(2.6, 0.6), 2000))
            station_id, communities = stations[station_draws[n]]
            community_id = rng.choice(communities) if rng.random() > 0.05 else None
            copy.write_row(
                (
                    1,
                    f"{prefix}{n:08d}",
                    category_draws[n],
                    "",
                    channel_draws[n],
                    reported - timedelta(minutes=5),
                    reported,
                    arrived,
                    arrived + timedelta(hours=1) if arrived else None,
                    "",
                    "",
                    "",
                    "基准警情",
                    "",
                    "",
                    "approved",
                    station_id,
                    community_id,
                )
            )
    with connection.cursor() as cursor:
        # A table in use has its hint bits set and statistics current; without
        # this, whichever query reads the fresh rows first pays for writing them.
        cursor.execute("VACUUM (ANALYZE) cases_incident")
    return count
