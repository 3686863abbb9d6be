"""Demo data of the mediation app: two years of disputes for every station.

Sessions, agreements, follow-up visits (some relapses, some overdue), referrals;
and a dispute for every demo incident sent to mediation, matching it. Part of
`manage.py seed_demo`; a second run adds nothing. Everything is bulk-created.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.choices import Disposition
from cases.models import Incident
from community.models import Resident
from mediation.choices import (
    DisputeAction,
    DisputeCategory,
    DisputeSource,
    DisputeStatus,
    FollowUpResult,
    FollowUpStatus,
    Fulfilment,
    MediatingBody,
    PartySide,
    ReferralTarget,
    RiskGrade,
    Satisfaction,
    SessionOutcome,
    Venue,
)
from mediation.models import Agreement, Dispute, DisputeEvent, FollowUp, MediationSession, Party
from mediation.services import DISPUTE_NUMBER_KIND
from stations.choices import StaffKind, Unit
from stations.models import NumberCounter, StaffProfile
from stations.numbering import format_number

DAYS = 730
FOLLOW_UP_DAYS = (7, 30)

SUMMARIES = {
    DisputeCategory.NEIGHBOURS: [
        "楼上漏水殃及楼下",
        "邻里因公共过道堆物争吵",
        "相邻宅基地滴水纠纷",
        "邻居饲养宠物扰民",
    ],
    DisputeCategory.NOISE: ["楼上装修噪音扰民", "广场舞音响声音过大", "夜间门店音乐扰民"],
    DisputeCategory.PARKING: ["车位被长期占用", "小区门口停车堵路引发争执", "电动车充电占道"],
    DisputeCategory.FAMILY: ["夫妻感情不和引发争吵", "赡养老人费用分担纠纷", "兄弟分家析产矛盾"],
    DisputeCategory.PROPERTY: ["宅基地界址纠纷", "承包地边界争议", "房屋买卖过户纠纷"],
    DisputeCategory.LABOUR: ["工地拖欠农民工工资", "餐馆辞退员工未结工资", "装修工人工钱纠纷"],
    DisputeCategory.CONSUMER: ["网购商品退货纠纷", "理发店预付卡退费纠纷", "装修质量赔偿纠纷"],
    DisputeCategory.RENTAL: ["房东拒退押金", "租客拖欠房租", "合租水电费分摊纠纷"],
    DisputeCategory.OTHER: ["交通剐蹭赔偿纠纷", "宠物咬伤赔偿纠纷", "借款归还纠纷"],
}
TERMS = [
    "一、{b}于{d}日内向{a}支付赔偿款{m}元；\n二、双方今后互谅互让，不再因此事发生争执；\n三、本协议履行完毕后，双方就此事再无其他纠纷。",
    "一、{b}于{d}日内自行修复受损设施并承担费用；\n二、{a}给予必要配合；\n三、双方不得再以任何形式滋扰对方。",
    "一、{b}向{a}赔礼道歉；\n二、{b}承诺每日22时至次日7时不再产生噪音；\n三、社区居委会负责监督履行。",
]
KEYWORDS = [
    ("噪", DisputeCategory.NOISE),
    ("车", DisputeCategory.PARKING),
    ("工资", DisputeCategory.LABOUR),
    ("欠薪", DisputeCategory.LABOUR),
    ("租", DisputeCategory.RENTAL),
    ("婚", DisputeCategory.FAMILY),
    ("家", DisputeCategory.FAMILY),
    ("邻", DisputeCategory.NEIGHBOURS),
    ("漏水", DisputeCategory.NEIGHBOURS),
    ("地", DisputeCategory.PROPERTY),
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Builder:
    """Collects the rows of many disputes, then writes them in a few bulk inserts."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.now = timezone.now()
        self.today = ctx.today
        self.disputes, self.parties, self.events = [], [], []
        self.sessions, self.session_mediators, self.agreements, self.follow_ups = [], [], [], []
        self.serials: dict[tuple[int, int], int] = {}

    def at(self, day_offset: float, base: datetime) -> datetime:
        return min(base + timedelta(days=day_offset, hours=self.rng.randint(0, 6)), self.now)

    def number(self, station, registered_at) -> str:
        """Numbered as services.next_dispute_number does; save() stores the counters."""
        year = timezone.localdate(registered_at).year
        key = (station.pk, year)
        if key not in self.serials:
            counter = NumberCounter.objects.filter(station=station, kind=DISPUTE_NUMBER_KIND, year=year).first()
            self.serials[key] = counter.last if counter else 0
        self.serials[key] += 1
        return format_number(station_code=station.code, kind=DISPUTE_NUMBER_KIND, year=year, sequence=self.serials[key])

    def dispute(self, *, station, community, staff, residents, registered_at, incident=None, **fields):
        rng, faker = self.rng, self.ctx.faker
        category = fields.pop("category", None) or _weighted(
            rng,
            [
                (DisputeCategory.NEIGHBOURS, 24),
                (DisputeCategory.NOISE, 12),
                (DisputeCategory.PARKING, 10),
                (DisputeCategory.FAMILY, 14),
                (DisputeCategory.PROPERTY, 8),
                (DisputeCategory.LABOUR, 10),
                (DisputeCategory.CONSUMER, 6),
                (DisputeCategory.RENTAL, 8),
                (DisputeCategory.OTHER, 8),
            ],
        )
        risk = _weighted(rng, [(RiskGrade.YELLOW, 70), (RiskGrade.ORANGE, 22), (RiskGrade.RED, 8)])
        source = DisputeSource.INCIDENT if incident else _weighted(
            rng,
            [
                (DisputeSource.WALK_IN, 30),
                (DisputeSource.VISIT, 20),
                (DisputeSource.WECHAT, 15),
                (DisputeSource.MAILBOX, 10),
                (DisputeSource.REFERRAL, 10),
                (DisputeSource.INCIDENT, 15),
            ],
        )  # fmt: skip
        mediator = rng.choice(staff)
        dispute = Dispute(
            station=station,
            number=self.number(station, registered_at),
            community=community,
            incident=incident,
            source=source,
            category=category,
            risk=risk,
            summary=fields.pop("summary", None) or rng.choice(SUMMARIES[category]),
            address=fields.pop("address", None) or f"{community.name}{faker.street_name()}{rng.randint(1, 80)}号",
            mediator=mediator,
            registered_at=registered_at,
            registered_by=mediator,
            status=DisputeStatus.REGISTERED,
        )
        self.disputes.append(dispute)
        first_party = len(self.parties)
        applicant = fields.pop("applicant", None)
        resident = rng.choice(residents) if residents and rng.random() < 0.4 else None
        if applicant is None:
            applicant = (resident.name, resident.phone) if resident else (faker.name(), faker.phone_number())
        self.parties.append(
            Party(
                dispute=dispute,
                side=PartySide.APPLICANT,
                name=applicant[0][:50],
                phone=(applicant[1] or "")[:20],
                resident=resident if resident and resident.name == applicant[0] else None,
                id_number=resident.id_number if resident and resident.name == applicant[0] else "",
            )
        )
        for _n in range(1 if rng.random() < 0.85 else 2):
            self.parties.append(
                Party(dispute=dispute, side=PartySide.RESPONDENT, name=faker.name(), phone=faker.phone_number())
            )
        self.event(dispute, DisputeAction.REGISTERED, "", DisputeStatus.REGISTERED, registered_at, mediator)
        self.lifecycle(dispute, staff, [p.name for p in self.parties[first_party:]])
        return dispute

    def event(self, dispute, action, before, after, at, by, note=""):
        self.events.append(
            DisputeEvent(dispute=dispute, action=action, from_status=before, to_status=after, at=at, by=by, note=note)
        )

    def session(self, dispute, held_at, outcome, staff):
        rng = self.rng
        session = MediationSession(
            dispute=dispute,
            held_at=held_at,
            venue=_weighted(rng, [(Venue.MEDIATION_ROOM, 55), (Venue.ON_SITE, 30), (Venue.PHONE, 15)]),
            bodies=rng.sample(MediatingBody.values, rng.randint(0, 3)),
            attendees="双方当事人" + ("及家属" if rng.random() < 0.3 else ""),
            notes=rng.choice(["听取双方陈述，释法明理。", "现场查看后组织双方协商。", "双方情绪激动，约定择日再调。"]),
            outcome=outcome,
            recorded_by=dispute.mediator,
        )
        self.sessions.append(session)
        for user in {dispute.mediator, rng.choice(staff)}:
            self.session_mediators.append(MediationSession.mediators.through(mediationsession=session, user=user))
        if dispute.status == DisputeStatus.REGISTERED:
            dispute.status = DisputeStatus.IN_MEDIATION
        return session

    def agreement(self, dispute, session, serial, party_names):
        rng = self.rng
        agreement = Agreement(
            dispute=dispute,
            session=session,
            number=f"{dispute.number}-XY{serial}",
            terms=rng.choice(TERMS).format(
                a=party_names[0], b=party_names[-1], d=rng.choice([3, 7, 15]), m=rng.choice([300, 800, 1500, 5000])
            ),
            signed_at=session.held_at,
            fulfilment=Fulfilment.PENDING,
            recorded_by=dispute.mediator,
        )
        self.agreements.append(agreement)
        dispute.status = DisputeStatus.RESOLVED
        dispute.resolved_at = session.held_at
        return agreement

    def visits(self, dispute, agreement, allow_relapse=True) -> bool:
        """Follow-ups after an agreement; returns True when the dispute relapsed."""
        rng = self.rng
        signed = timezone.localdate(agreement.signed_at)
        relapsed = False
        for days in FOLLOW_UP_DAYS:
            due = signed + timedelta(days=days)
            follow_up = FollowUp(dispute=dispute, agreement=agreement, due_date=due)
            self.follow_ups.append(follow_up)
            if relapsed:
                follow_up.status = FollowUpStatus.CANCELLED
            elif due <= self.today and rng.random() > 0.04:  # a few stay overdue
                done_day = min(due + timedelta(days=rng.choice([0, 0, 0, 1, 2, 5])), self.today)
                follow_up.status = FollowUpStatus.DONE
                follow_up.done_at = min(
                    timezone.make_aware(datetime.combine(done_day, time(rng.randint(9, 17), rng.randint(0, 59)))),
                    self.now,
                )
                follow_up.done_by = dispute.mediator
                if allow_relapse and days == FOLLOW_UP_DAYS[0] and rng.random() < 0.07:
                    follow_up.result = FollowUpResult.RELAPSED
                    follow_up.satisfaction = Satisfaction.DISSATISFIED
                    follow_up.notes = "双方再次发生争执，矛盾反弹。"
                    relapsed = True
                    before = dispute.status
                    dispute.status = DisputeStatus.IN_MEDIATION
                    dispute.resolved_at = None
                    dispute.relapse_count += 1
                    self.event(
                        dispute, DisputeAction.RELAPSED, before, dispute.status, follow_up.done_at, dispute.mediator,
                        follow_up.notes,
                    )  # fmt: skip
                else:
                    follow_up.result = FollowUpResult.STABLE
                    follow_up.satisfaction = _weighted(
                        rng,
                        [(Satisfaction.SATISFIED, 75), (Satisfaction.BASICALLY, 20), (Satisfaction.DISSATISFIED, 5)],
                    )
                    agreement.fulfilment = Fulfilment.FULFILLED if rng.random() < 0.9 else Fulfilment.PARTIAL
        return relapsed

    def lifecycle(self, dispute, staff, parties):
        rng = self.rng
        age = (self.now - dispute.registered_at).days
        if age < 2 and rng.random() < 0.6:
            return  # just registered, no session yet
        first = self.at(rng.choice([0, 0, 1, 1, 2, 3]), dispute.registered_at)
        roll = rng.random()
        if roll < 0.10:  # referred straight away
            self.refer(dispute, first)
            return
        if rng.random() < 0.3:
            self.session(dispute, first, SessionOutcome.ADJOURNED, staff)
            first = self.at(rng.randint(2, 6), first)
        if roll < 0.24 or first >= self.now - timedelta(hours=1):  # failed, then not resolved (sometimes referred)
            self.session(dispute, first, SessionOutcome.NONE, staff)
            if age > 10:
                self.status(dispute, DisputeAction.NOT_RESOLVED, self.at(1, first), "双方分歧较大，调解不成。")
                if rng.random() < 0.5:
                    self.refer(dispute, self.at(2, first))
            return
        if roll < 0.30 and age < 60:  # still being mediated
            self.session(dispute, first, SessionOutcome.ADJOURNED, staff)
            return
        session = self.session(dispute, first, SessionOutcome.AGREEMENT, staff)
        agreement = self.agreement(dispute, session, 1, parties)
        if self.visits(dispute, agreement):
            second = self.at(rng.randint(2, 10), agreement.signed_at + timedelta(days=FOLLOW_UP_DAYS[0]))
            if second >= self.now - timedelta(days=1):
                return  # relapsed recently: back in mediation now
            session = self.session(dispute, second, SessionOutcome.AGREEMENT, staff)
            agreement = self.agreement(dispute, session, 2, parties)
            self.visits(dispute, agreement, allow_relapse=False)
        visits = self.follow_ups[-len(FOLLOW_UP_DAYS) :]  # the latest agreement's
        scheduled = [f for f in visits if f.status == FollowUpStatus.SCHEDULED]
        if not scheduled and rng.random() < 0.9:
            last = max(f.done_at for f in visits if f.done_at)
            dispute.closed_at = min(last + timedelta(days=rng.randint(0, 3)), self.now)
            self.status(dispute, DisputeAction.CLOSED, dispute.closed_at)

    def status(self, dispute, action, at, note=""):
        before = dispute.status
        dispute.status = {
            DisputeAction.NOT_RESOLVED: DisputeStatus.NOT_RESOLVED,
            DisputeAction.REFERRED: DisputeStatus.REFERRED,
            DisputeAction.CLOSED: DisputeStatus.CLOSED,
        }[action]
        self.event(dispute, action, before, dispute.status, at, dispute.mediator, note)

    def refer(self, dispute, at):
        dispute.referred_to = _weighted(
            self.rng,
            [
                (ReferralTarget.JOINT, 40),
                (ReferralTarget.COURT, 25),
                (ReferralTarget.LABOUR_ARBITRATION, 20),
                (ReferralTarget.DEPARTMENT, 15),
            ],
        )
        dispute.referred_at = at
        dispute.referral_note = "移交相关部门依法处理"
        self.status(dispute, DisputeAction.REFERRED, at)
        if (self.now - at).days > 20 and self.rng.random() < 0.7:
            dispute.closed_at = self.at(self.rng.randint(5, 20), at)
            self.status(dispute, DisputeAction.CLOSED, dispute.closed_at)

    def save(self) -> None:
        Dispute.objects.bulk_create(self.disputes, batch_size=500)
        for (station_id, year), last in self.serials.items():
            NumberCounter.objects.update_or_create(
                station_id=station_id, kind=DISPUTE_NUMBER_KIND, year=year, defaults={"last": last}
            )
        Party.objects.bulk_create(self.parties, batch_size=500)
        DisputeEvent.objects.bulk_create(self.events, batch_size=500)
        MediationSession.objects.bulk_create(self.sessions, batch_size=500)
        MediationSession.mediators.through.objects.bulk_create(
            self.session_mediators, batch_size=500, ignore_conflicts=True
        )
        Agreement.objects.bulk_create(self.agreements, batch_size=500)
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=500)


def _station_people(stations):
    people: dict[int, list] = {station.pk: [] for station in stations}
    profiles = StaffProfile.objects.filter(station__in=stations).select_related("user")
    for profile in profiles:
        if profile.kind == StaffKind.MEDIATOR or profile.unit == Unit.COMMUNITY_SQUAD:
            people[profile.station_id].append(profile.user)
    return people


def _residents(stations):
    residents: dict[int, list] = {station.pk: [] for station in stations}
    for resident in Resident.objects.filter(station__in=stations).only(
        "name", "id_number", "phone", "community", "station"
    )[:5000]:
        residents[resident.station_id].append(resident)
    return residents


def _category_of(summary: str) -> str:
    return next((category for word, category in KEYWORDS if word in summary), DisputeCategory.OTHER)


def seed(ctx) -> None:
    stations = list(ctx.stations)
    if not stations:
        ctx.say("mediation: no stations, skipped")
        return
    people = _station_people(stations)
    residents = _residents(stations)
    builder = Builder(ctx)

    if Dispute.objects.filter(incident__isnull=True).exists():
        ctx.say("mediation: disputes exist, skipped")
    else:
        for station in stations:
            communities = list(station.communities.all())
            staff = people[station.pk]
            if not communities or not staff:
                continue
            starts = sorted(
                builder.now - timedelta(days=ctx.rng.uniform(0, DAYS)) for _n in range(ctx.rng.randint(70, 110))
            )
            for registered_at in starts:
                builder.dispute(
                    station=station,
                    community=ctx.rng.choice(communities),
                    staff=staff,
                    residents=residents[station.pk],
                    registered_at=registered_at,
                )

    # Every demo incident sent to mediation gets its dispute (once).
    incidents = (
        Incident.objects.filter(disposition=Disposition.MEDIATION, disputes__isnull=True, station__in=stations)
        .select_related("station", "community", "reporter_resident")
        .order_by("reported_at")
    )
    matched = 0
    for incident in incidents:
        staff = people.get(incident.station_id)
        community = incident.community or next(iter(incident.station.communities.all()), None)
        if not staff or community is None:
            continue
        reporter = incident.reporter_resident
        builder.dispute(
            station=incident.station,
            community=community,
            staff=staff,
            residents=[],
            registered_at=min(incident.reported_at + timedelta(hours=ctx.rng.randint(1, 20)), builder.now),
            incident=incident,
            category=_category_of(incident.summary),
            summary=incident.summary[:200],
            address=incident.address,
            applicant=(
                incident.reporter_name or (reporter.name if reporter else ctx.faker.name()),
                incident.reporter_phone or (reporter.phone if reporter else ""),
            ),
        )
        matched += 1
    builder.save()
    # The queues as they would be this morning: red alerts, and the daily job's reminders.
    from mediation import services
    from mediation.services.common import raise_red_alert

    for dispute in Dispute.objects.filter(
        risk=RiskGrade.RED, status__in=[DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION]
    ):
        raise_red_alert(dispute)
    services.reminders_create(today=ctx.today)
    ctx.say(
        f"mediation: {len(builder.disputes)} disputes ({matched} from incidents), {len(builder.sessions)} sessions, "
        f"{len(builder.agreements)} agreements, {len(builder.follow_ups)} follow-up visits"
    )
