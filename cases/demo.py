"""Demo data: two years of incidents and cases at every station.

Plausible rather than random: summer peaks and a Spring Festival dip,
evenings busier than mornings, categories and channels in realistic shares,
each station with its own volume, response speed and clearance rate, some
cases solved within hours, some in weeks, some never, and a few series.
Bulk inserts keep it to seconds; a second run adds nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cases.choices import (
    CaseKind,
    CaseStatus,
    CustodyKind,
    Disposition,
    IncidentCategory,
    IncidentChannel,
    IncidentStatus,
    OffenseType,
    PersonRole,
    PersonStatus,
    TimelineKind,
)
from cases.models import Case, CasePerson, CaseSeries, CustodyRecord, Incident, TimelineEvent
from cases.services import CASE_NUMBER, INCIDENT_NUMBER
from stations.choices import Unit
from stations.models import NumberCounter, StaffProfile
from stations.numbering import format_number

CATEGORY_WEIGHTS = {
    IncidentCategory.DISPUTE: 26,
    IncidentCategory.HELP: 20,
    IncidentCategory.PUBLIC_ORDER: 14,
    IncidentCategory.CRIMINAL: 12,
    IncidentCategory.TRAFFIC: 10,
    IncidentCategory.FRAUD: 8,
    IncidentCategory.HAZARD: 5,
    IncidentCategory.OTHER: 5,
}
CHANNEL_WEIGHTS = {
    IncidentChannel.DISPATCH_110: 58,
    IncidentChannel.PHONE: 10,
    IncidentChannel.WALK_IN: 11,
    IncidentChannel.PATROL: 8,
    IncidentChannel.MAILBOX: 4,
    IncidentChannel.WECHAT: 6,
    IncidentChannel.REFERRAL: 3,
}
SUMMARIES = {
    IncidentCategory.DISPUTE: [
        "邻里噪音纠纷",
        "楼道堆物引发争执",
        "停车位纠纷",
        "家庭矛盾求助",
        "租房押金纠纷",
        "装修漏水纠纷",
    ],
    IncidentCategory.HELP: ["老人走失求助", "钥匙反锁求助", "醉酒人员倒地", "儿童走失", "证件遗失求助"],
    IncidentCategory.PUBLIC_ORDER: ["酒后滋事", "聚众赌博举报", "打架斗殴", "深夜喧哗扰民"],
    IncidentCategory.CRIMINAL: ["电动车被盗", "入室盗窃", "手机被扒窃", "商铺被撬", "车内财物被盗", "飞车抢夺"],
    IncidentCategory.TRAFFIC: ["车辆剐蹭纠纷", "占道停车堵塞", "非机动车事故"],
    IncidentCategory.FRAUD: ["冒充客服退款诈骗", "刷单返利诈骗", "冒充公检法诈骗", "网络贷款诈骗", "投资理财诈骗"],
    IncidentCategory.HAZARD: ["电动车楼道充电隐患", "燃气泄漏报警", "消防通道堵塞"],
    IncidentCategory.OTHER: ["可疑人员徘徊", "噪声设备扰民", "动物伤人"],
}
OFFENSES = {
    "电动车被盗": OffenseType.VEHICLE_THEFT,
    "入室盗窃": OffenseType.BURGLARY,
    "手机被扒窃": OffenseType.PICKPOCKETING,
    "商铺被撬": OffenseType.BURGLARY,
    "车内财物被盗": OffenseType.THEFT,
    "飞车抢夺": OffenseType.SNATCHING,
    "打架斗殴": OffenseType.AFFRAY,
    "聚众赌博举报": OffenseType.GAMBLING,
    "酒后滋事": OffenseType.AFFRAY,
}
ROADS = ["朝阳路", "建设路", "人民路", "武陵大道", "洞庭大道", "桃花源路", "紫菱路", "柳叶大道", "沅安路", "丹阳街"]
BATCH = 2000
HANDLING = {True: "现场调解处置", False: "依法处置"}


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _seasonal(day) -> float:
    doy = day.timetuple().tm_yday
    factor = 1 + 0.22 * math.sin(2 * math.pi * (doy - 110) / 365)  # peak in July
    if day.month == 2 and day.day <= 15:
        factor *= 0.75  # Spring Festival: people travel home
    if day.weekday() >= 5:
        factor *= 1.1
    return factor


def _poisson(rng, lam: float) -> int:
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def _hour(rng) -> int:
    # Evenings are busiest, small hours quietest.
    return rng.choices(range(24), weights=[2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 9, 8, 6, 4])[0]


def seed(ctx) -> None:
    if Incident.objects.exists():
        ctx.say("cases: exist, skipped")
        return
    rng = ctx.rng
    # A pool of names: calling Faker ten thousand times costs seconds.
    names = [ctx.faker.name() for _ in range(400)]
    tz = timezone.get_current_timezone()
    now = timezone.now()
    start = ctx.today - timedelta(days=730)
    profiles = list(StaffProfile.objects.filter(station__in=ctx.stations).select_related("user"))
    staff = defaultdict(lambda: defaultdict(list))
    for profile in profiles:
        staff[profile.station_id][profile.unit].append(profile.user)
    demo_users = {p.user.username: p.user for p in profiles}

    incidents: list[Incident] = []
    for index, station in enumerate(ctx.stations):
        communities = list(station.communities.all())
        responders = staff[station.pk][Unit.COMMAND_ROOM] + staff[station.pk][Unit.COMMUNITY_SQUAD]
        per_day = rng.uniform(0.5, 1.3)  # station volume: roughly 180–480 incidents a year
        response_minutes = rng.uniform(6, 18)
        addresses = {
            c.pk: [f"{c.name}{rng.choice(ROADS)}{rng.randint(1, 200)}号" for _ in range(rng.randint(15, 40))]
            for c in communities
        }
        category_weights = dict(CATEGORY_WEIGHTS)
        category_weights[IncidentCategory.FRAUD] *= rng.uniform(0.6, 1.8)
        category_weights[IncidentCategory.CRIMINAL] *= rng.uniform(0.7, 1.5)
        station_incidents = []
        day = start
        while day <= ctx.today:
            for _n in range(_poisson(rng, per_day * _seasonal(day) * (1 + 0.04 * (day.year - start.year)))):
                reported = datetime.combine(day, time(_hour(rng), rng.randint(0, 59)), tzinfo=tz)
                if reported > now:
                    continue
                category = _weighted(rng, category_weights)
                channel = _weighted(rng, CHANNEL_WEIGHTS)
                community = rng.choice(communities) if communities and rng.random() < 0.93 else None
                address = (
                    rng.choice(addresses[community.pk]) if community else f"{rng.choice(ROADS)}{rng.randint(1, 99)}号"
                )
                occurred = reported - timedelta(minutes=int(rng.expovariate(1 / 25)))
                arrived = reported + timedelta(minutes=max(2, int(rng.gauss(response_minutes, response_minutes / 3))))
                if channel in (IncidentChannel.MAILBOX, IncidentChannel.WECHAT) and rng.random() < 0.6:
                    arrived = None
                closed = (arrived or reported) + timedelta(minutes=rng.randint(20, 240))
                summary = rng.choice(SUMMARIES[category])
                if category in (IncidentCategory.CRIMINAL, IncidentCategory.FRAUD):
                    disposition = Disposition.CASE if rng.random() < 0.7 else Disposition.HANDED_OVER
                elif category == IncidentCategory.PUBLIC_ORDER:
                    disposition = Disposition.CASE if rng.random() < 0.25 else Disposition.ON_SITE
                elif category == IncidentCategory.DISPUTE:
                    disposition = Disposition.MEDIATION if rng.random() < 0.35 else Disposition.ON_SITE
                else:
                    disposition = Disposition.ON_SITE if rng.random() < 0.85 else Disposition.NO_ACTION
                age = now - reported
                status = IncidentStatus.APPROVED
                if age < timedelta(days=3):
                    status = rng.choice([IncidentStatus.DRAFT, IncidentStatus.SUBMITTED, IncidentStatus.APPROVED])
                officer = rng.choice(responders) if responders else None
                station_incidents.append(
                    Incident(
                        station=station,
                        community=community,
                        category=category,
                        channel=channel,
                        occurred_at=occurred,
                        reported_at=reported,
                        arrived_at=arrived,
                        closed_at=closed if closed < now and status != IncidentStatus.DRAFT else None,
                        address=address,
                        reporter_name=rng.choice(names) if channel != IncidentChannel.PATROL else "",
                        reporter_phone=f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}",
                        summary=summary,
                        narrative=f"{summary}，民警到场后{HANDLING[disposition == Disposition.ON_SITE]}。",
                        responding_officer=officer,
                        created_by=officer,
                        disposition=disposition if status != IncidentStatus.DRAFT or rng.random() < 0.5 else "",
                        status=status,
                        submitted_at=closed if status != IncidentStatus.DRAFT and closed < now else None,
                        reviewed_at=closed + timedelta(hours=6) if status == IncidentStatus.APPROVED else None,
                    )
                )
            day += timedelta(days=1)
        station_incidents.sort(key=lambda i: i.reported_at)
        _number(station, station_incidents, INCIDENT_NUMBER, lambda i: i.reported_at)
        if index == 0:
            _queue_for_demo_logins(station_incidents, demo_users, now)
        incidents.extend(station_incidents)
    Incident.objects.bulk_create(incidents, batch_size=BATCH)
    incidents = list(Incident.objects.filter(disposition=Disposition.CASE).order_by("reported_at"))
    cases, people, events = _cases(ctx, incidents, staff, demo_users, now, names)
    ctx.say(f"cases: {Incident.objects.count()} incidents, {cases} cases, {people} people, {events} timeline events")


def _number(station, records, kind, when):
    by_year = defaultdict(int)
    for record in records:
        year = timezone.localtime(when(record)).year
        by_year[year] += 1
        record.number = format_number(station_code=station.code, kind=kind, year=year, sequence=by_year[year])
    NumberCounter.objects.bulk_create(
        NumberCounter(station=station, kind=kind, year=year, last=last) for year, last in by_year.items()
    )


def _queue_for_demo_logins(recent, demo_users, now):
    """The demo officer has reports returned and waiting; the supervisor has some to review."""
    officer = demo_users.get("officer")
    if officer is None:
        return
    latest = [i for i in recent if now - i.reported_at < timedelta(days=10)][-8:]
    for n, incident in enumerate(latest):
        incident.responding_officer = incident.created_by = officer
        if n < 2:
            incident.status, incident.review_note = IncidentStatus.RETURNED, "请补充到场时间和处置经过"
            incident.reviewed_at = now - timedelta(hours=3)
        elif n < 5:
            incident.status, incident.submitted_at = IncidentStatus.SUBMITTED, now - timedelta(hours=n)
            incident.disposition = incident.disposition or Disposition.ON_SITE
        else:
            incident.status = IncidentStatus.DRAFT


def _cases(ctx, incidents, staff, demo_users, now, names):
    rng = ctx.rng
    by_station = defaultdict(list)
    for incident in incidents:
        by_station[incident.station_id].append(incident)
    all_cases, links, officer_links, people, events = [], [], [], [], []
    for station in ctx.stations:
        squad = staff[station.pk][Unit.CASE_SQUAD] or [None]
        clearance = rng.uniform(0.35, 0.7)  # station differences in clearance
        station_cases = []
        for incident in by_station[station.pk]:
            registered = incident.reported_at + timedelta(hours=rng.randint(1, 72))
            if registered > now:
                registered = now - timedelta(minutes=5)
            if incident.category == IncidentCategory.FRAUD:
                kind, offense = CaseKind.CRIMINAL, rng.choice([OffenseType.TELECOM_FRAUD, OffenseType.FRAUD])
            elif incident.category == IncidentCategory.PUBLIC_ORDER:
                kind, offense = CaseKind.ADMINISTRATIVE, OFFENSES.get(incident.summary, OffenseType.AFFRAY)
            else:
                kind, offense = CaseKind.CRIMINAL, OFFENSES.get(incident.summary, OffenseType.THEFT)
            loss = Decimal(0)
            if offense in (OffenseType.TELECOM_FRAUD, OffenseType.FRAUD):
                loss = Decimal(rng.choice([800, 2000, 5000, 12000, 30000, 86000]))
            elif offense not in (OffenseType.AFFRAY, OffenseType.GAMBLING):
                loss = Decimal(rng.choice([300, 1200, 2600, 4500, 9000]))
            status, solved_at, closed_at = CaseStatus.INVESTIGATING, None, None
            roll = rng.random()
            if roll < clearance * (0.6 if kind == CaseKind.CRIMINAL and loss > 10000 else 1):
                speed = rng.random()
                if speed < 0.3:
                    delay = timedelta(hours=rng.uniform(1, 24))
                elif speed < 0.75:
                    delay = timedelta(days=rng.uniform(1, 30))
                else:
                    delay = timedelta(days=rng.uniform(30, 240))
                if registered + delay < now:
                    status, solved_at = CaseStatus.SOLVED, registered + delay
                    if now - solved_at > timedelta(days=45):
                        status, closed_at = CaseStatus.CLOSED, solved_at + timedelta(days=rng.randint(10, 40))
            elif roll > 0.985:
                status, closed_at = CaseStatus.WITHDRAWN, registered + timedelta(days=rng.randint(3, 30))
            elif now - registered > timedelta(days=75):
                status = CaseStatus.SUSPENDED  # unsolved after months: leads ran dry
            lead = rng.choice(squad)
            recovered = (loss * Decimal(rng.choice([0, 0.2, 0.5, 1]))).quantize(Decimal("0.01")) if solved_at else 0
            case = Case(
                station=station,
                kind=kind,
                offense_type=offense,
                title=f"{incident.address}{incident.summary}",
                summary=incident.narrative,
                community_id=incident.community_id,
                address=incident.address,
                registered_at=registered,
                status=status,
                status_reason="线索中断，暂无进展" if status == CaseStatus.SUSPENDED else "",
                solved_at=solved_at,
                closed_at=closed_at if closed_at is None or closed_at < now else None,
                due_date=(timezone.localtime(registered) + timedelta(days=60)).date()
                if status == CaseStatus.INVESTIGATING
                else None,
                lead_officer=lead,
                loss_amount=loss,
                recovered_amount=recovered,
                created_by=lead,
            )
            station_cases.append((case, incident, lead))
        station_cases.sort(key=lambda t: t[0].registered_at)
        _number(station, [c for c, _i, _l in station_cases], CASE_NUMBER, lambda c: c.registered_at)
        all_cases.extend(station_cases)
    Case.objects.bulk_create([c for c, _i, _l in all_cases], batch_size=BATCH)
    caseofficer = demo_users.get("caseofficer")
    for case, incident, lead in all_cases:
        links.append(Case.incidents.through(case_id=case.pk, incident_id=incident.pk))
        if lead is not None:
            officer_links.append(Case.officers.through(case_id=case.pk, user_id=lead.pk))
        events.append(_ev(case, lead, case.registered_at, TimelineKind.REGISTERED, "", CaseStatus.REGISTERED))
        events.append(
            _ev(
                case,
                lead,
                case.registered_at + timedelta(hours=2),
                TimelineKind.STATUS,
                CaseStatus.REGISTERED,
                CaseStatus.INVESTIGATING,
            )
        )
        if case.solved_at:
            events.append(
                _ev(case, lead, case.solved_at, TimelineKind.STATUS, CaseStatus.INVESTIGATING, CaseStatus.SOLVED)
            )
            people.append(
                CasePerson(
                    case=case,
                    role=PersonRole.SUSPECT,
                    name=rng.choice(names),
                    status=rng.choice([PersonStatus.ARRESTED, PersonStatus.DETAINED, PersonStatus.BAILED]),
                    added_at=case.solved_at,
                )
            )
        if case.closed_at and case.status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            events.append(
                _ev(
                    case,
                    lead,
                    case.closed_at,
                    TimelineKind.STATUS,
                    CaseStatus.SOLVED if case.solved_at else CaseStatus.INVESTIGATING,
                    case.status,
                )
            )
        if case.loss_amount:
            people.append(
                CasePerson(
                    case=case,
                    role=PersonRole.VICTIM,
                    name=incident.reporter_name or rng.choice(names),
                    added_at=case.registered_at,
                )
            )
    # The demo case officer works a handful of open cases, some close to their due date.
    if caseofficer is not None:
        mine = [
            c for c, _i, _l in all_cases if c.station_id == ctx.stations[0].pk and c.status == CaseStatus.INVESTIGATING
        ][-6:]
        for n, case in enumerate(mine):
            case.due_date = ctx.today + timedelta(days=(-1, 2, 5, 12, 20, 40)[n % 6])
            case.lead_officer = caseofficer
            officer_links.append(Case.officers.through(case_id=case.pk, user_id=caseofficer.pk))
        Case.objects.bulk_update(mine, ["due_date", "lead_officer"])
    Case.incidents.through.objects.bulk_create(links, batch_size=BATCH)
    Case.officers.through.objects.bulk_create(officer_links, batch_size=BATCH, ignore_conflicts=True)
    CasePerson.objects.bulk_create(people, batch_size=BATCH)
    events.extend(_custody(ctx, people, now))
    TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
    _series(ctx, all_cases)
    return len(all_cases), len(people), len(events)


# Where a suspect goes from the case-processing center, by the status the case gives them.
ESCORTS = {
    (CaseKind.CRIMINAL, PersonStatus.ARRESTED): (CustodyKind.DETENTION, "市看守所"),
    (CaseKind.CRIMINAL, PersonStatus.DETAINED): (CustodyKind.DETENTION, "市看守所"),
    (CaseKind.ADMINISTRATIVE, PersonStatus.ARRESTED): (CustodyKind.DETENTION, "市拘留所"),
    (CaseKind.ADMINISTRATIVE, PersonStatus.DETAINED): (CustodyKind.DETENTION, "市拘留所"),
}


def _custody(ctx, people, now) -> list[TimelineEvent]:
    """Case-processing center records (执法办案管理中心) for the suspects brought in: in a few hours
    before the case was solved, photographed and fingerprinted, out within the 24 hours the law
    allows for questioning, to the detention center or home on bail; a recent one may still be inside."""
    rng = ctx.rng
    records, events = [], []
    for person in people:
        if person.role != PersonRole.SUSPECT:
            continue
        case = person.case
        time_in = max(case.solved_at - timedelta(hours=rng.uniform(1, 6)), case.registered_at)
        time_out = time_in + timedelta(hours=rng.uniform(2, 20))
        custody, destination = ESCORTS.get((case.kind, person.status), (CustodyKind.HOLDING_ROOM, ""))
        if time_out > now:
            time_out, custody, destination = None, CustodyKind.HOLDING_ROOM, ""
        criminal = case.kind == CaseKind.CRIMINAL
        kept = rng.random() < 0.7
        record = CustodyRecord(
            station_id=case.station_id,
            case=case,
            person=person,
            person_name=person.name,
            time_in=time_in,
            time_out=time_out,
            photo_taken=True,
            fingerprints_taken=True,
            dna_taken=criminal and rng.random() < 0.8,
            belongings_kept=kept,
            belongings_notes=rng.choice(["手机一部", "手机、钥匙", "钱包、手机", "电动车钥匙"]) if kept else "",
            custody=custody,
            escort_destination=destination,
            notes="取保候审，已通知家属" if person.status == PersonStatus.BAILED and time_out else "",
            recorded_by=case.lead_officer,
        )
        records.append(record)
        events.append(_custody_event(case, time_in, f"入区：{person.name}"))
        if time_out is not None:
            text = f"离区：{person.name}" + (f" → {destination}" if destination else "")
            events.append(_custody_event(case, time_out, text))
    CustodyRecord.objects.bulk_create(records, batch_size=BATCH)
    return events


def _custody_event(case, at, text):
    return TimelineEvent(
        station_id=case.station_id, case=case, by=case.lead_officer, at=at, kind=TimelineKind.CUSTODY, text=text
    )


def _ev(case, by, at, kind, from_status, to_status):
    return TimelineEvent(
        station_id=case.station_id, case=case, by=by, at=at, kind=kind, from_status=from_status, to_status=to_status
    )


def _series(ctx, all_cases):
    """A few series (串并案): burglaries and vehicle thefts of one station within weeks of each other."""
    rng = ctx.rng
    for station in rng.sample(ctx.stations, min(5, len(ctx.stations))):
        candidates = [
            c
            for c, _i, _l in all_cases
            if c.station_id == station.pk and c.offense_type in (OffenseType.BURGLARY, OffenseType.VEHICLE_THEFT)
        ]
        if len(candidates) < 4:
            continue
        start = rng.randrange(0, len(candidates) - 3)
        members = candidates[start : start + rng.randint(3, 4)]
        series = CaseSeries.objects.create(
            station=station, name=f"{members[0].get_offense_type_display()}系列案 {members[0].number}"
        )
        Case.objects.filter(pk__in=[c.pk for c in members]).update(series=series)
        TimelineEvent.objects.bulk_create(
            _ev(c, c.lead_officer, c.registered_at + timedelta(days=3), TimelineKind.SERIES, "", "") for c in members
        )
