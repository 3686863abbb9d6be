"""Demo anti-fraud warnings: two months of warnings at every station, most matched to a resident and
handled by the community's officer (most dissuaded, some too late, unreachable or already cheated),
a few overdue, and open ones for the demo community officer to handle today."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from antifraud.choices import WarningOutcome, WarningStatus
from antifraud.models import FraudWarning
from antifraud.services import community_officer

REASONS = [
    "疑似冒充公检法诈骗，正与可疑号码通话",
    "疑似刷单返利诈骗，已下载可疑APP",
    "疑似虚假投资理财，向可疑账户转账前",
    "疑似冒充客服退款诈骗",
    "疑似网络贷款诈骗，被要求缴纳保证金",
]


def seed(ctx) -> None:
    from community.models import Resident

    if not ctx.stations:
        ctx.say("antifraud: no stations, skipped")
        return
    if FraudWarning.objects.exists():
        ctx.say("antifraud: exists, skipped")
        return
    rng = ctx.rng
    now = timezone.now()
    demo_officer = get_user_model().objects.filter(username="community").first()
    demo_communities = (
        set(demo_officer.staff_profile.communities.values_list("pk", flat=True)) if demo_officer else set()
    )
    warnings = []
    serial = 0
    for station in ctx.stations:
        residents = list(Resident.objects.filter(station=station).select_related("community", "address")[:400])
        officers = {}
        for _n in range(rng.randint(12, 24)):
            serial += 1
            resident = rng.choice(residents) if residents and rng.random() < 0.85 else None
            received = now - timedelta(hours=rng.randint(3, 60 * 24))
            deadline = received + timedelta(hours=rng.choice([2, 4, 12, 24]))
            community = resident.community if resident else None
            if community is not None and community.pk not in officers:
                officers[community.pk] = community_officer(community)
            officer = officers.get(community.pk) if community else None
            if demo_officer and community is not None and community.pk in demo_communities:
                officer = demo_officer
            warning = FraudWarning(
                station=station, reference=f"YJ{received:%Y%m%d}-{serial:05d}",
                person_name=resident.name if resident else ctx.faker.name(),
                id_number=resident.id_number if resident else "",
                phone=resident.phone if resident and resident.phone else f"139{rng.randint(10000000, 99999999)}",
                reason=rng.choice(REASONS), warned_at=received - timedelta(minutes=rng.randint(2, 30)),
                received_at=received, deadline=deadline, community=community, resident=resident,
                address=resident.address if resident else None, officer=officer,
            )  # fmt: skip
            roll = rng.random()
            if deadline > now and roll < 0.6:
                pass  # still to handle
            elif roll < 0.08:
                pass  # overdue, not handled
            else:
                late = rng.random() < 0.15
                warning.status = WarningStatus.HANDLED
                warning.handled_at = min(
                    now, deadline + timedelta(hours=3) if late else received + (deadline - received) / 2
                )
                warning.handled_by = officer
                outcome = rng.choices(
                    [WarningOutcome.DISSUADED, WarningOutcome.TOO_LATE, WarningOutcome.UNREACHABLE,
                     WarningOutcome.ALREADY_CHEATED], weights=[78, 8, 8, 6],
                )[0]  # fmt: skip
                warning.outcome = outcome
                if outcome == WarningOutcome.ALREADY_CHEATED:
                    warning.cheated_after = True
                    warning.loss_amount = Decimal(rng.randint(2, 300) * 100)
                warning.outcome_note = "电话联系并上门劝阻" if outcome == WarningOutcome.DISSUADED else ""
            warnings.append(warning)
    # Open ones for the demo community officer, due within hours.
    if demo_officer and demo_communities:
        from community.models import Resident as R

        for resident in R.objects.filter(community_id__in=demo_communities).select_related("community", "address")[:3]:
            serial += 1
            warnings.append(
                FraudWarning(
                    station=resident.station,
                    reference=f"YJ{now:%Y%m%d}-{serial:05d}",
                    person_name=resident.name,
                    id_number=resident.id_number,
                    phone=resident.phone,
                    reason=REASONS[0],
                    warned_at=now - timedelta(minutes=20),
                    received_at=now - timedelta(minutes=15),
                    deadline=now + timedelta(hours=2),
                    community=resident.community,
                    resident=resident,
                    address=resident.address,
                    officer=demo_officer,
                )
            )
    FraudWarning.objects.bulk_create(warnings)
    ctx.say(f"antifraud: {len(warnings)} warnings")
