"""Factories of the mediation app, and its record makers for the generic scoping test."""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.choices import Disposition, IncidentCategory, IncidentChannel
from cases.models import Incident
from mediation import services
from mediation.choices import DisputeCategory, DisputeSource, RiskGrade, SessionOutcome
from mediation.models import Agreement, Dispute, FollowUp, MediationSession
from tests.factories import CommunityFactory, StationFactory
from tests.scoping import register_record_maker


class IncidentFactory(factory.django.DjangoModelFactory):
    """A minimal incident (the cases app owns the full one)."""

    class Meta:
        model = Incident

    station = factory.SubFactory(StationFactory)
    number = factory.Sequence(lambda n: f"JQ-T-{n:06d}")
    category = IncidentCategory.DISPUTE
    channel = IncidentChannel.DISPATCH_110
    summary = "邻里因漏水发生争吵"
    address = "武陵区朝阳路12号3栋"
    reporter_name = "王桂兰"
    reporter_phone = "13800001111"
    disposition = Disposition.MEDIATION


def make_dispute(station, *, by=None, risk=RiskGrade.YELLOW, registered_at=None, mediator=None, **kwargs):
    """A registered dispute (through the service) with an applicant and a respondent."""
    community = kwargs.pop("community", None) or CommunityFactory(station=station)
    return services.dispute_register(
        station=station,
        by=by,
        source=kwargs.pop("source", DisputeSource.WALK_IN),
        category=kwargs.pop("category", DisputeCategory.NOISE),
        risk=risk,
        summary=kwargs.pop("summary", "楼上装修噪音扰民"),
        community=community,
        mediator=mediator,
        registered_at=registered_at,
        parties=kwargs.pop(
            "parties", [{"name": "王桂兰", "phone": "13800001111"}, {"name": "李建国", "side": "respondent"}]
        ),
        **kwargs,
    )


def make_session(dispute, *, by=None, outcome=SessionOutcome.AGREEMENT, held_at=None, mediators=None):
    """A session held (by default) an hour ago, or at the dispute's registration if that was later."""
    return services.session_record(
        dispute=dispute,
        by=by,
        held_at=held_at or max(timezone.now() - timedelta(hours=1), dispute.registered_at),
        venue="mediation_room",
        outcome=outcome,
        mediators=mediators or [],
        other_mediators="" if mediators else "社区调解员张梅",
        bodies=["community_committee"],
        attendees="双方当事人",
        notes="双方同意协商",
    )


def make_agreement(dispute, *, by=None, follow_up_days=None, signed_at=None):
    session = make_session(dispute, by=by, held_at=signed_at)
    return services.agreement_record(
        session=session,
        by=by,
        terms="一、李建国于三日内修复漏水。\n二、双方不再追究。",
        signed_at=signed_at or timezone.now() - timedelta(minutes=30),
        follow_up_days=follow_up_days,
    )


@register_record_maker(Dispute, search=lambda dispute: dispute.number)
def _dispute_record(station):
    return make_dispute(station, summary="独有纠纷")


@register_record_maker(MediationSession, search=lambda session: session.dispute.number)
def _session_record(station):
    return make_session(make_dispute(station))


@register_record_maker(Agreement, search=lambda agreement: agreement.number)
def _agreement_record(station):
    return make_agreement(make_dispute(station))


@register_record_maker(FollowUp, search=lambda follow_up: follow_up.dispute.number)
def _follow_up_record(station):
    return make_agreement(make_dispute(station)).follow_ups.first()
