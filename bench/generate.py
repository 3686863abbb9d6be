"""Realistic raw data for the benchmark, fast: COPY through psycopg 3 for the records, and
`INSERT … SELECT` on the server for what follows from them (history rows, mediation sessions,
agreements, follow-ups, corrections).

What makes it realistic (issue 11, "Realistic data"), so the rollup and the dashboards meet
the shapes they meet in a station:
- days weighted by season (summer busier, the Spring Festival fortnight quieter) and weekday
  (Friday and Saturday busier), hours by a station's day;
- each station its own mix of incident categories, channels and offences, and its own size;
- varied addresses, summaries, narratives and reporter names;
- every source table a metric reads: incidents, cases, disputes with their mediation sessions,
  agreements and follow-ups, the community work log (activities of community officers,
  auxiliaries and mediators), hazards, patrols, the resident register;
- a history row ("+") for every record, as django-simple-history writes them, and later
  versions ("~") for late solves, corrected incidents, rectified hazards, residents who
  installed the anti-fraud app: the incremental run reads these to find corrected days.

`Scale(incidents=N)` keeps every table in proportion to the incidents.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
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
# Month of the year (January first): a busier summer, a quieter winter.
SEASON = [0.85, 0.8, 0.95, 1.0, 1.05, 1.15, 1.25, 1.25, 1.1, 1.0, 0.95, 0.9]
# Monday first: Friday and Saturday busier, Sunday a little quieter.
WEEKDAY = [0.95, 0.95, 0.97, 1.0, 1.12, 1.15, 0.9]
OFFENSES = [
    ("theft", 30),
    ("telecom_fraud", 18),
    ("fraud", 8),
    ("burglary", 8),
    ("vehicle_theft", 5),
    ("theft_from_vehicle", 5),
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
DISPUTE_CATEGORIES = [
    ("neighbours", 25),
    ("noise", 15),
    ("parking", 12),
    ("family", 15),
    ("property", 10),
    ("labour", 8),
    ("consumer", 6),
    ("rental", 6),
    ("other", 3),
]
DISPUTE_SOURCES = [("incident", 40), ("walk_in", 25), ("visit", 15), ("wechat", 8), ("mailbox", 6), ("referral", 6)]
ACTIVITY_KINDS = [("visit", 45), ("inspection", 20), ("publicity", 10), ("legal", 8), ("help", 12), ("anti_fraud", 5)]
HAZARD_CATEGORIES = ["fire", "electrical", "security", "registration", "other"]

ROADS = [
    "人民路", "解放路", "建设路", "中山路", "朝阳路", "和平路", "新华路", "胜利路", "光明街", "东风路",
    "青年路", "文化路", "友谊路", "健康路", "学府路", "滨江路", "长江路", "黄河路", "花园街", "工农路",
    "武陵大道", "桃源路", "柳叶路", "白马湖路", "鼎城路", "洞庭大道", "紫菱路", "沅安路", "芙蓉路", "丹阳街",
]  # fmt: skip
PLACES = ["小区", "菜市场", "超市", "公交站", "停车场", "学校门口", "网吧", "KTV", "工地", "医院", "广场", "夜市"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强建华文斌海燕晓东春梅宇轩子涵浩然"
SUMMARIES = {
    "public_order": ["{place}有人打架", "{place}醉酒滋事", "{place}聚众喧哗", "报称{place}有可疑人员"],
    "dispute": ["邻里因{thing}发生纠纷", "家庭纠纷求助", "{place}买卖纠纷", "因{thing}发生口角"],
    "help": ["老人走失求助", "儿童走失", "钥匙锁在屋内求助", "{place}有人晕倒"],
    "traffic": ["{road}两车剐蹭", "{road}电动车与行人相撞", "{place}车辆堵塞通道"],
    "criminal": ["{place}电动车被盗", "{road}店铺被撬", "{place}手机被扒窃", "{road}车窗被砸车内财物被盗"],
    "fraud": ["冒充客服退款诈骗", "刷单返利诈骗", "冒充公检法诈骗", "网络交友投资诈骗"],
    "hazard": ["{place}电线私拉乱接", "{road}井盖缺失", "{place}消防通道堵塞"],
    "other": ["咨询户籍业务", "{place}噪音扰民", "求助开具证明"],
}
THINGS = ["停车", "噪音", "漏水", "装修", "宠物", "垃圾堆放", "借款", "房屋租赁"]


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


class Picker:
    """A weighted draw in one random call (random.choices re-adds the weights on every call)."""

    def __init__(self, values, weights):
        self.values = list(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


def _perturbed(pairs, rng, spread=0.45):
    """A station's own mix: each weight times a lognormal factor."""
    return [(value, weight * rng.lognormvariate(0, spread)) for value, weight in pairs]


@dataclass
class World:
    """The organisation the records belong to."""

    stations: list[tuple[int, list[int]]]  # (station id, its community ids)
    bureau_id: int | None = None
    # station id -> [(user id, community ids served)] of the community squad's police and auxiliaries
    officers: dict[int, list[tuple[int, list[int]]]] = field(default_factory=dict)
    mediators: dict[int, list[int]] = field(default_factory=dict)  # station id -> user ids
    teams: dict[int, int] = field(default_factory=dict)  # station id -> patrol team id


@dataclass(frozen=True)
class Scale:
    incidents: int

    def of(self, per_thousand_incidents: float) -> int:
        return max(1, round(self.incidents * per_thousand_incidents / 1000))


def organisation(*, stations: int = 14, communities_per_station: int = 6, prefix: str = "BN") -> World:
    """Stations of different sizes, their communities and populations, community officers
    (a police officer and an auxiliary per community, a mediator per station), a patrol team each."""
    from django.contrib.auth import get_user_model

    from community.models import PatrolTeam
    from stations.choices import StaffKind, Unit
    from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station

    User = get_user_model()
    city = City.objects.create(name="基准市局", code=f"{prefix}C")
    bureau = Bureau.objects.create(name="基准分局", code=f"{prefix}B", city=city)
    year = date.today().year
    rng = random.Random(7)
    world = World(stations=[], bureau_id=bureau.pk)
    joined = datetime(year - 3, 1, 5, 9, tzinfo=UTC)
    for s in range(stations):
        station = Station.objects.create(bureau=bureau, name=f"基准{s + 1}派出所", code=f"{prefix}{s + 1:02d}")
        communities = [
            Community.objects.create(station=station, name=f"基准{s + 1}-{c + 1}社区")
            for c in range(communities_per_station)
        ]
        CommunityPopulation.objects.bulk_create(
            CommunityPopulation(community=c, year=y, population=rng.randrange(4000, 16000))
            for c in communities
            for y in range(year - 3, year + 1)
        )
        world.stations.append((station.pk, [c.pk for c in communities]))
        officers = []
        for c, community in enumerate(communities):
            for kind in (StaffKind.POLICE, StaffKind.AUXILIARY):
                # Some officers joined during the two years: service is counted from the day they joined.
                late = rng.random() < 0.15
                user = User.objects.create(
                    username=f"{prefix.lower()}_{s}_{c}_{kind}",
                    date_joined=joined + timedelta(days=rng.randrange(200, 700)) if late else joined,
                )
                profile = StaffProfile.objects.create(user=user, station=station, unit=Unit.COMMUNITY_SQUAD, kind=kind)
                served = [community] + ([communities[(c + 1) % len(communities)]] if rng.random() < 0.2 else [])
                profile.communities.set(served)
                officers.append((user.pk, [x.pk for x in served]))
        world.officers[station.pk] = officers
        mediator = User.objects.create(username=f"{prefix.lower()}_{s}_mediator", date_joined=joined)
        StaffProfile.objects.create(user=mediator, station=station, unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.MEDIATOR)
        world.mediators[station.pk] = [mediator.pk]
        team = PatrolTeam.objects.create(station=station, name=f"基准{s + 1}巡逻队")
        world.teams[station.pk] = team.pk
    return world


# --- Days, moments, texts ---------------------------------------------------------------


def _spring_festival(year: int) -> date:
    """Near enough for a quieter fortnight (late January to mid-February)."""
    return {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6)}.get(
        year, date(year, 2, 1)
    )


def day_weights(first_day: date, last_day: date) -> list[float]:
    weights = []
    day = first_day
    while day <= last_day:
        w = SEASON[day.month - 1] * WEEKDAY[day.weekday()]
        if abs((day - _spring_festival(day.year)).days) <= 7:
            w *= 0.7
        weights.append(w)
        day += timedelta(days=1)
    return weights


class Clock:
    """Random moments on weighted days (Asia/Shanghai), as aware UTC datetimes."""

    def __init__(self, rng: random.Random, first_day: date, last_day: date):
        self.rng = rng
        self.first_day = first_day
        self.days = (last_day - first_day).days + 1
        self.weights = day_weights(first_day, last_day)
        self._midnight: dict[int, datetime] = {}

    def midnight(self, offset: int) -> datetime:
        if offset not in self._midnight:
            local = datetime.combine(self.first_day + timedelta(days=offset), time.min, tzinfo=SHANGHAI)
            self._midnight[offset] = local.astimezone(UTC)
        return self._midnight[offset]

    def offsets(self, count: int) -> list[int]:
        return self.rng.choices(range(self.days), self.weights, k=count)

    def moments(self, count: int, hours=HOURS) -> list[datetime]:
        hour_draws = self.rng.choices(range(24), hours, k=count)
        rng = self.rng
        return [
            self.midnight(offset) + timedelta(hours=hour, seconds=rng.randrange(3600))
            for offset, hour in zip(self.offsets(count), hour_draws, strict=True)
        ]


class Texts:
    """Varied texts, drawn from pools made once (a draw is then one random call, not ten)."""

    POOL = 4000

    def __init__(self, rng: random.Random):
        self.rng = rng
        r = rng
        self._names = [
            r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _n in range(r.choice((1, 2)))) for _i in range(self.POOL)
        ]
        self._addresses = [
            f"{r.choice(ROADS)}{r.randrange(1, 999)}号{r.randrange(1, 30)}栋{r.randrange(1, 6)}0{r.randrange(1, 9)}室"
            if r.random() < 0.6
            else f"{r.choice(ROADS)}{r.choice(PLACES)}"
            for _i in range(self.POOL * 5)
        ]
        self._summaries = {
            category: [
                r.choice(templates).format(place=r.choice(PLACES), road=r.choice(ROADS), thing=r.choice(THINGS))
                for _i in range(200)
            ]
            for category, templates in SUMMARIES.items()
        }
        self._phones = [f"1{r.choice('3578')}{r.randrange(10**9):09d}" for _i in range(self.POOL)]

    def name(self) -> str:
        return self._names[int(self.rng.random() * len(self._names))]

    def address(self) -> str:
        return self._addresses[int(self.rng.random() * len(self._addresses))]

    def summary(self, category: str) -> str:
        pool = self._summaries[category]
        return pool[int(self.rng.random() * len(pool))]

    def phone(self) -> str:
        return self._phones[int(self.rng.random() * len(self._phones))]


# --- COPY and history -------------------------------------------------------------------


def copy_model(model, rows) -> int:
    """COPY rows (dicts of column -> value) into `model`'s table; other columns get their field
    default (or NULL, or ""). No VACUUM here: `settle()` once after the whole load."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if f.has_default():
            value = f.get_default()
            defaults[f.column] = value.value if hasattr(value, "value") else value
            if f.get_internal_type() == "JSONField":
                import json

                defaults[f.column] = json.dumps(value)
        elif f.null:
            defaults[f.column] = None
        else:
            defaults[f.column] = ""
    columns = [f.column for f in fields]
    count = 0
    connection.ensure_connection()
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for given in rows:
            copy.write_row([given.get(c, defaults[c]) for c in columns])
            count += 1
    return count


def history_rows(model, *, date_sql: str, where: str = "TRUE", history_type: str = "+", overrides=None) -> int:
    """Historical rows of `model`'s records (those matching `where`), as simple-history writes
    them: the record's columns, dated `date_sql` (an SQL expression over the record `t`).
    `overrides`: {column: SQL expression} for a version that differs from the record now."""
    historical = model.history.model
    base = {f.column for f in model._meta.concrete_fields}
    columns = [f.column for f in historical._meta.concrete_fields if f.column in base]
    overrides = overrides or {}
    values = [overrides.get(c, f"t.{c}") for c in columns]
    if date_sql != "now()":  # history is never dated ahead of the moment it was written
        date_sql = f"LEAST({date_sql}, now() - interval '1 hour')"
    sql = (
        f"INSERT INTO {historical._meta.db_table} ({', '.join(columns)}, history_date, history_change_reason, "
        f"history_type, history_user_id) SELECT {', '.join(values)}, {date_sql}, NULL, '{history_type}', NULL "
        f"FROM {model._meta.db_table} t WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _sql(statement: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


# --- The records ------------------------------------------------------------------------


def generate(world: World, *, scale: Scale, first_day: date, last_day: date, seed: int, prefix: str) -> dict:
    """Every source table for [first_day, last_day]; returns {table: rows written}."""
    rng = random.Random(seed)
    _sql("SELECT setseed(%s)", [(seed % 1000) / 1000])
    written = {}
    written["incidents"] = _incidents(world, scale.incidents, first_day, last_day, rng, prefix)
    written["cases"] = _cases(world, scale.of(100), first_day, last_day, rng, prefix)
    written.update(_mediation(world, scale.of(50), first_day, last_day, rng, prefix))
    written["activities"] = _activities(world, scale.of(400), first_day, last_day, rng)
    written["hazards"] = _hazards(world, scale.of(20), first_day, last_day, rng)
    written["patrols"] = _patrols(world, scale.of(60), first_day, last_day, rng)
    written["residents"] = _residents(world, scale.of(60), first_day, last_day, rng, prefix)
    return written


def _station_draws(world: World, rng, count: int) -> list[int]:
    """Stations of different sizes: the busiest about three times the quietest."""
    weights = [1.0 + 0.15 * i for i in range(len(world.stations))]
    return rng.choices(range(len(world.stations)), weights, k=count)


def _incidents(world, count, first_day, last_day, rng, prefix) -> int:
    from cases.models import Incident

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    moments = clock.moments(count)
    stations = _station_draws(world, rng, count)
    mixes = [
        (
            Picker(*_weighted(_perturbed(CATEGORIES, rng))),
            Picker(*_weighted(_perturbed(CHANNELS, rng, 0.3))),
            Picker(communities, [rng.lognormvariate(0, 0.5) for _c in communities]),
        )
        for _s, communities in world.stations
    ]
    dispositions = ["on_site", "on_site", "on_site", "handed_over", "case", "mediation", "no_action"]

    def rows():
        for n in range(count):
            reported = moments[n]
            station_index = stations[n]
            station_id, _communities = world.stations[station_index]
            category_of, channel_of, community_of = mixes[station_index]
            category = category_of(rng)
            arrived = None
            if rng.random() < 0.88:
                # Most within minutes (1.3.5 快反), a long tail; a few recorded late or wrong.
                arrived = reported + timedelta(seconds=min(rng.lognormvariate(5.6, 0.8), 200000))
            community_id = community_of(rng) if rng.random() > 0.05 else None
            yield {
                "version": 1,
                "number": f"{prefix}{n:08d}",
                "category": category,
                "channel": channel_of(rng),
                "occurred_at": reported - timedelta(minutes=rng.randrange(1, 90)),
                "reported_at": reported,
                "arrived_at": arrived,
                "closed_at": arrived + timedelta(minutes=rng.randrange(20, 300)) if arrived else None,
                "address": texts.address(),
                "reporter_name": texts.name() if rng.random() < 0.8 else "",
                "reporter_phone": texts.phone() if rng.random() < 0.7 else "",
                "summary": texts.summary(category),
                "narrative": f"{texts.summary(category)}，民警到场处置。",
                "disposition": rng.choice(dispositions),
                "status": "approved",
                "submitted_at": reported + timedelta(hours=2),
                "reviewed_at": reported + timedelta(hours=6),
                "station_id": station_id,
                "community_id": community_id,
            }

    written = copy_model(Incident, rows())
    # The first version as reported; one in thirty corrected a few days later (category, arrival).
    corrected = "mod(t.id, 30) = 0"
    history_rows(
        Incident,
        date_sql="t.reported_at + interval '2 hours'",
        overrides={
            "category": f"CASE WHEN {corrected} THEN 'other' ELSE t.category END",
            "arrived_at": f"CASE WHEN {corrected} THEN NULL ELSE t.arrived_at END",
            "version": "1",
        },
    )
    history_rows(Incident, date_sql="t.reported_at + interval '3 days'", where=corrected, history_type="~")
    _sql(f"UPDATE {Incident._meta.db_table} SET version = 2 WHERE mod(id, 30) = 0")
    return written


def _cases(world, count, first_day, last_day, rng, prefix) -> int:
    from cases.models import Case

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    moments = clock.moments(count, hours=[1] * 8 + [4] * 12 + [2] * 4)
    stations = _station_draws(world, rng, count)
    mixes = [Picker(*_weighted(_perturbed(OFFENSES, rng, 0.5))) for _s in world.stations]
    now = datetime.now(UTC)

    def rows():
        for n in range(count):
            registered = moments[n]
            station_index = stations[n]
            station_id, communities = world.stations[station_index]
            offense_of = mixes[station_index]
            solved = None
            if rng.random() < 0.6:
                solved = registered + timedelta(days=rng.lognormvariate(2.5, 1.2))
                if solved > now:  # not solved yet
                    solved = None
            loss = rng.choice((0, 0, 200, 800, 3000, 12000))
            yield {
                "version": 2 if solved else 1,
                "number": f"{prefix}C{n:08d}",
                "kind": "criminal" if rng.random() < 0.85 else "administrative",
                "offense_type": offense_of(rng),
                "title": texts.summary("criminal"),
                "summary": texts.summary("criminal"),
                "address": texts.address(),
                "registered_at": registered,
                "status": "solved" if solved else "investigating",
                "solved_at": solved,
                "loss_amount": loss,
                "recovered_amount": loss // 4 if solved else 0,
                "station_id": station_id,
                "community_id": rng.choice(communities) if rng.random() > 0.05 else None,
            }

    written = copy_model(Case, rows())
    # Registered unsolved; solved later (a "~" version on the day solved).
    history_rows(
        Case,
        date_sql="t.registered_at",
        overrides={"solved_at": "NULL", "status": "'investigating'", "version": "1", "recovered_amount": "0"},
    )
    history_rows(Case, date_sql="t.solved_at", where="t.solved_at IS NOT NULL", history_type="~")
    return written


def _mediation(world, count, first_day, last_day, rng, prefix) -> dict:
    from mediation.models import Agreement, Dispute, FollowUp, MediationSession

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    moments = clock.moments(count, hours=[0] * 8 + [4] * 10 + [1] * 6)
    stations = _station_draws(world, rng, count)
    categories, category_weights = _weighted(DISPUTE_CATEGORIES)
    sources, source_weights = _weighted(DISPUTE_SOURCES)
    now = datetime.now(UTC)

    def rows():
        for n in range(count):
            registered = moments[n]
            station_id, communities = world.stations[stations[n]]
            category = rng.choices(categories, category_weights)[0]
            yield {
                "version": 1,
                "number": f"{prefix}D{n:08d}",
                "source": rng.choices(sources, source_weights)[0],
                "category": category,
                "risk": rng.choice(("yellow", "yellow", "yellow", "orange", "red")),
                "summary": texts.summary("dispute"),
                "description": f"{texts.name()}与{texts.name()}{texts.summary('dispute')}",
                "address": texts.address(),
                "status": "in_mediation",
                "registered_at": registered,
                "mediator_id": world.mediators[station_id][0],
                "station_id": station_id,
                "community_id": rng.choice(communities),
            }

    written = {"disputes": copy_model(Dispute, rows())}
    d, s, a, f = (m._meta.db_table for m in (Dispute, MediationSession, Agreement, FollowUp))
    # Four in five disputes mediated: one to three sessions, a few days apart; the last of a
    # dispute that settles ends in an agreement (about seven in ten), a few settled twice after a relapse.
    written["sessions"] = _sql(
        f"""
        INSERT INTO {s} (version, dispute_id, held_at, venue, location, other_mediators, bodies, attendees, notes,
                         outcome, recorded_by_id)
        SELECT 1, d.id, d.registered_at + (g.n * 3 + 1) * interval '1 day' + random() * interval '6 hours',
               'mediation_room', '调解室', '', '[]', '双方当事人', '调解记录',
               CASE WHEN g.n = g.total - 1 AND mod(d.id, 10) < 7 THEN 'agreement'
                    WHEN g.n = 0 AND g.total = 3 AND mod(d.id, 10) = 0 THEN 'agreement' ELSE 'adjourned' END,
               d.mediator_id
        FROM (SELECT id, registered_at, mediator_id, 1 + (mod(id, 3)) AS total FROM {d} WHERE mod(id, 5) <> 4) d
        CROSS JOIN LATERAL (SELECT generate_series(0, d.total - 1) AS n, d.total) g
        WHERE d.registered_at + (g.n * 3 + 1) * interval '1 day' < %(now)s
        """,
        {"now": now},
    )
    written["agreements"] = _sql(
        f"""
        INSERT INTO {a} (version, dispute_id, session_id, number, terms, signed_at, fulfilment, recorded_by_id)
        SELECT 1, x.dispute_id, x.id, '{prefix}A' || x.id, '双方自愿达成协议', x.held_at + interval '1 hour',
               'fulfilled', x.recorded_by_id
        FROM {s} x WHERE x.outcome = 'agreement'
        """
    )
    # Follow-ups a week and a month after each agreement: most done, some late, some still to do.
    written["follow_ups"] = _sql(
        f"""
        INSERT INTO {f} (version, dispute_id, agreement_id, due_date, status, done_at, done_by_id, result,
                         satisfaction, notes)
        SELECT 1, x.dispute_id, x.id, x.due, CASE WHEN x.done < %(now)s THEN 'done' ELSE 'scheduled' END,
               CASE WHEN x.done < %(now)s THEN x.done END, x.recorded_by_id,
               CASE WHEN mod(x.id, 20) = 0 THEN 'relapsed' ELSE 'stable' END, 'satisfied', ''
        FROM (
            SELECT a.id, a.dispute_id, a.recorded_by_id,
                   CAST((a.signed_at AT TIME ZONE 'Asia/Shanghai') AS DATE) + k.days AS due,
                   a.signed_at + (k.days + (random() * 6 - 4)) * interval '1 day' AS done
            FROM {a} a CROSS JOIN (VALUES (7), (30)) k(days)
        ) x
        """,
        {"now": now},
    )
    _sql(
        f"UPDATE {d} SET status = 'resolved', resolved_at = g.signed_at, version = 2 FROM "
        f"(SELECT dispute_id, MAX(signed_at) AS signed_at FROM {a} GROUP BY dispute_id) g WHERE g.dispute_id = {d}.id"
    )
    history_rows(Dispute, date_sql="t.registered_at", overrides={"status": "'registered'", "resolved_at": "NULL"})
    history_rows(Dispute, date_sql="t.resolved_at", where="t.resolved_at IS NOT NULL", history_type="~")
    history_rows(MediationSession, date_sql="t.held_at + interval '2 hours'")
    history_rows(Agreement, date_sql="t.signed_at")
    history_rows(FollowUp, date_sql="COALESCE(t.done_at, t.due_date - 7 + interval '9 hours')")
    return written


def _activities(world, count, first_day, last_day, rng) -> int:
    """The work log: community officers log most entries on working days; mediators a few."""
    from community.models import Activity

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    kinds, kind_weights = _weighted(ACTIVITY_KINDS)
    offsets = clock.offsets(count)
    hours = rng.choices(range(24), [0] * 7 + [3, 5, 6, 6, 3, 2, 5, 6, 6, 5, 3, 1, 1, 0, 0, 0, 0], k=count)
    stations = _station_draws(world, rng, count)
    first_local = datetime.combine(first_day, time.min, tzinfo=SHANGHAI)

    def rows():
        for n in range(count):
            station_id, communities = world.stations[stations[n]]
            if rng.random() < 0.06:
                officer, community = world.mediators[station_id][0], rng.choice(communities)
            else:
                officer, served = rng.choice(world.officers[station_id])
                community = rng.choice(served)
            offset = offsets[n]
            day = first_day + timedelta(days=offset)
            if day.weekday() >= 5 and rng.random() < 0.6:  # fewer on weekends
                offset = max(0, offset - (day.weekday() - 4))
            occurred = clock.midnight(offset) + timedelta(hours=hours[n], seconds=rng.randrange(3600))
            if occurred < first_local:
                occurred = first_local.astimezone(UTC)
            kind = rng.choices(kinds, kind_weights)[0]
            yield {
                "version": 1,
                "station_id": station_id,
                "community_id": community,
                "officer_id": officer,
                "kind": kind,
                "occurred_at": occurred,
                "summary": f"{texts.address()}{'走访' if kind == 'visit' else '工作记录'}",
                "people_reached": rng.randrange(10, 400) if kind == "publicity" else None,
                "help_outcome": rng.choice(("solved", "solved", "solved", "referred", "pending"))
                if kind == "help"
                else "",
                "installs": rng.randrange(1, 40) if kind == "anti_fraud" else None,
                "created_at": occurred + timedelta(minutes=rng.randrange(5, 600)),
            }

    written = copy_model(Activity, rows())
    history_rows(Activity, date_sql="t.created_at")
    return written


def _hazards(world, count, first_day, last_day, rng) -> int:
    from community.models import Hazard

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    today = date.today()
    stations = _station_draws(world, rng, count)
    offsets = clock.offsets(count)

    def rows():
        for n in range(count):
            station_id, _communities = world.stations[stations[n]]
            officer, served = rng.choice(world.officers[station_id])
            found = first_day + timedelta(days=offsets[n])
            rectified = found + timedelta(days=int(rng.lognormvariate(2, 0.8))) if rng.random() < 0.75 else None
            if rectified and rectified >= today:
                rectified = None
            yield {
                "version": 2 if rectified else 1,
                "station_id": station_id,
                "community_id": rng.choice(served),
                "officer_id": officer,
                "category": rng.choice(HAZARD_CATEGORIES),
                "description": texts.summary("hazard"),
                "found_on": found,
                "due_on": found + timedelta(days=30),
                "status": "rectified" if rectified else "found",
                "rectified_on": rectified,
            }

    written = copy_model(Hazard, rows())
    history_rows(
        Hazard,
        date_sql="t.found_on + interval '10 hours'",
        overrides={"rectified_on": "NULL", "status": "'found'", "version": "1"},
    )
    history_rows(
        Hazard, date_sql="t.rectified_on + interval '15 hours'", where="t.rectified_on IS NOT NULL", history_type="~"
    )
    return written


def _patrols(world, count, first_day, last_day, rng) -> int:
    from community.models import Patrol

    clock, texts = Clock(rng, first_day, last_day), Texts(rng)
    moments = clock.moments(count, hours=[2] * 6 + [1] * 12 + [3] * 6)
    stations = _station_draws(world, rng, count)

    def rows():
        for n in range(count):
            station_id, communities = world.stations[stations[n]]
            started = moments[n]
            yield {
                "version": 1,
                "station_id": station_id,
                "team_id": world.teams[station_id],
                "community_id": rng.choice(communities) if rng.random() < 0.7 else None,
                "started_at": started,
                "ended_at": started + timedelta(minutes=rng.randrange(60, 240)),
                "area": f"{rng.choice(ROADS)}沿线",
                "police_count": rng.randrange(1, 7),
                "volunteer_count": rng.randrange(0, 40),
                "findings": "未发现异常" if rng.random() < 0.9 else texts.summary("hazard"),
            }

    written = copy_model(Patrol, rows())
    history_rows(Patrol, date_sql="t.ended_at")
    return written


def _residents(world, count, first_day, last_day, rng, prefix) -> int:
    """The register: residents registered over the years; the anti-fraud app installed by some at
    registration and by more later (a "~" version on the day)."""
    from community.models import Resident

    texts = Texts(rng)
    span = (last_day - first_day).days + 1
    stations = _station_draws(world, rng, count)
    shares = {c: rng.uniform(0.3, 0.7) for _s, cs in world.stations for c in cs}

    def rows():
        for n in range(count):
            station_id, communities = world.stations[stations[n]]
            community = rng.choice(communities)
            birth = date(1940, 1, 1) + timedelta(days=rng.randrange(30000))
            yield {
                "version": 1,
                "station_id": station_id,
                "community_id": community,
                "name": texts.name(),
                "id_number": f"4307{birth:%Y%m%d}{n:06d}",
                "birth_date": birth,
                "sex": rng.choice("MF"),
                "phone": texts.phone(),
                "anti_fraud_app": rng.random() < shares[community],
                "notes": "",
            }

    written = copy_model(Resident, rows())
    # Registered on a day of the years; one in four of those with the app installed it later.
    registered = (
        f"(TIMESTAMPTZ '{first_day - timedelta(days=365)} 10:00+08' "
        f"+ mod(t.id * 7919, {span + 365}) * interval '1 day')"
    )
    history_rows(
        Resident,
        date_sql=registered,
        overrides={"anti_fraud_app": "CASE WHEN mod(t.id, 4) = 0 THEN FALSE ELSE t.anti_fraud_app END"},
    )
    history_rows(
        Resident,
        date_sql=f"{registered} + interval '120 days'",
        where="mod(t.id, 4) = 0 AND t.anti_fraud_app",
        history_type="~",
    )
    return written


def late_edits(*, day: date, window_start: date, seed: int, scale: Scale) -> dict:
    """A day's worth of late edits besides the day's new records, each with its "~" history row dated
    now: one incident in twenty of a day corrected (category, arrival time), most within the week
    before, some anywhere in the trailing window; as many late solves as a day's solves, of cases
    registered anywhere in the window. The incremental run finds their days in the history."""
    from cases.models import Case, Incident

    per_day = scale.incidents / 730
    incidents, solves = max(1, round(per_day * 0.05)), max(1, round(per_day / 10 * 0.6))
    start = datetime.combine(window_start, time.min, tzinfo=SHANGHAI)
    week = datetime.combine(day - timedelta(days=7), time.min, tzinfo=SHANGHAI)
    end = datetime.combine(day, time.min, tzinfo=SHANGHAI)
    solve_at = end + timedelta(hours=10)
    i, c = Incident._meta.db_table, Case._meta.db_table
    pick = f"SELECT id FROM {i} WHERE reported_at >= %s AND reported_at < %s ORDER BY md5(id::text || %s) LIMIT %s"
    recent = round(incidents * 0.7)
    picked_incidents = _ids(pick, [week, end, str(seed), recent]) + _ids(
        pick, [start, week, str(seed), incidents - recent]
    )
    picked_cases = _ids(
        f"SELECT id FROM {c} WHERE registered_at >= %s AND registered_at < %s AND solved_at IS NULL "
        f"AND kind = 'criminal' ORDER BY md5(id::text || %s) LIMIT %s",
        [start, end, str(seed), solves],
    )
    if picked_incidents:
        _sql(
            f"UPDATE {i} SET category = CASE WHEN category = 'other' THEN 'public_order' ELSE 'other' END, "
            f"arrived_at = reported_at + interval '4 minutes', version = version + 1 WHERE id = ANY(%s)",
            [picked_incidents],
        )
        history_rows(Incident, date_sql="now()", where=f"t.id IN ({_in(picked_incidents)})", history_type="~")
    if picked_cases:
        _sql(
            f"UPDATE {c} SET solved_at = %s, status = 'solved', version = version + 1 WHERE id = ANY(%s)",
            [solve_at.astimezone(UTC), picked_cases],
        )
        history_rows(Case, date_sql="now()", where=f"t.id IN ({_in(picked_cases)})", history_type="~")
    return {"incidents corrected": len(picked_incidents), "cases solved late": len(picked_cases)}


def _ids(sql, params) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _in(ids) -> str:
    return ", ".join(str(int(pk)) for pk in ids)


def settle(tables=None) -> None:
    """What autovacuum does a little after bulk writes: hint bits set, statistics current."""
    with connection.cursor() as cursor:
        if tables:
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("VACUUM (ANALYZE)")
