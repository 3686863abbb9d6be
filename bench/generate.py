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

    def rows():
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
            yield {
                "version": 1,
                "number": f"{prefix}{n:08d}",
                "category": category_draws[n],
                "channel": channel_draws[n],
                "occurred_at": reported - timedelta(minutes=5),
                "reported_at": reported,
                "arrived_at": arrived,
                "closed_at": arrived + timedelta(hours=1) if arrived else None,
                "summary": "基准警情",
                "status": "approved",
                "station_id": station_id,
                "community_id": community_id,
            }

    from cases.models import Incident

    # The VACUUM after the load: a table in use has its hint bits set and
    # statistics current; without it, whichever query reads the fresh rows
    # first pays for writing them.
    return _copy_model(Incident, rows(), lambda row: row)


# --- Cases and disputes, in proportion to the incidents ---------------------------------

OFFENSES = [
    ("theft", 30),
    ("telecom_fraud", 18),
    ("fraud", 8),
    ("burglary", 8),
    ("vehicle_theft", 7),
    ("pickpocketing", 5),
    ("snatching", 3),
    ("robbery", 2),
    ("injury", 5),
    ("assault", 4),
    ("damage", 4),
    ("drugs", 2),
    ("gambling", 2),
    ("other", 2),
]
DISPUTE_CATEGORIES = ["neighbours", "family", "property", "noise", "labour", "other"]


def _copy_model(model, rows, values) -> int:
    """COPY rows of `model`: `values(row)` gives the columns it sets; the others get their
    field default (or NULL, or "")."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.column] = f.get_default()
        elif f.null:
            defaults[f.column] = None
        else:
            defaults[f.column] = ""
    columns = [f.column for f in fields]
    count = 0
    connection.ensure_connection()
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            given = values(row)
            copy.write_row([given.get(c, defaults[c]) for c in columns])
            count += 1
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    return count


def _moments(rng, count, first_day, days):
    midnight = {}
    for _n in range(count):
        offset = rng.randrange(days)
        if offset not in midnight:
            local = datetime.combine(first_day + timedelta(days=offset), time.min, tzinfo=SHANGHAI)
            midnight[offset] = local.astimezone(UTC)
        yield midnight[offset] + timedelta(hours=rng.choice(range(8, 20)), minutes=rng.randrange(60))


def copy_cases(*, count, first_day, last_day, stations, seed, prefix) -> int:
    """COPY `count` cases (85 % criminal; about 60 % solved, a lognormal number of days later)."""
    from cases.models import Case

    rng = random.Random(seed)
    offenses, offense_weights = _weighted(OFFENSES)
    days = (last_day - first_day).days + 1
    now = datetime.now(UTC)

    def values(item):
        n, registered = item
        station_id, communities = rng.choice(stations)
        solved = None
        if rng.random() < 0.6:
            solved = registered + timedelta(days=rng.lognormvariate(2.5, 1.2))
            if solved > now:  # not solved yet (piling them all on today would make a day of 2,000 solves)
                solved = None
        return {
            "version": 1,
            "number": f"{prefix}{n:08d}",
            "kind": "criminal" if rng.random() < 0.85 else "administrative",
            "offense_type": rng.choices(offenses, offense_weights)[0],
            "title": "基准案件",
            "registered_at": registered,
            "status": "solved" if solved else "investigating",
            "solved_at": solved,
            "loss_amount": 0,
            "recovered_amount": 0,
            "station_id": station_id,
            "community_id": rng.choice(communities) if rng.random() > 0.05 else None,
        }

    return _copy_model(Case, enumerate(_moments(rng, count, first_day, days)), values)


def copy_disputes(*, count, first_day, last_day, stations, seed, prefix) -> int:
    """COPY `count` disputes (about 70 % resolved); agreements and follow-ups are not generated."""
    from mediation.models import Dispute

    rng = random.Random(seed)
    days = (last_day - first_day).days + 1

    def values(item):
        n, registered = item
        station_id, communities = rng.choice(stations)
        resolved = registered + timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.7 else None
        return {
            "version": 1,
            "number": f"{prefix}{n:08d}",
            "source": "walk_in",
            "category": rng.choice(DISPUTE_CATEGORIES),
            "risk": "yellow",
            "summary": "基准纠纷",
            "status": "resolved" if resolved else "in_mediation",
            "registered_at": registered,
            "resolved_at": resolved,
            "relapse_count": 0,
            "station_id": station_id,
            "community_id": rng.choice(communities),
        }

    return _copy_model(Dispute, enumerate(_moments(rng, count, first_day, days)), values)
