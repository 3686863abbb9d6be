"""Writes of the places app: boundaries imported, address points set, residents merged, and the checks
that run when an incident or a case person is saved (watch tags, disputes turning criminal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kit.personal import mask_id_number, parse_id_number
from kit.versioning import save_versioned
from places import geometry
from places.models import CommunityArea, ResidentMerge
from stations.choices import ReminderKind
from stations.models import Community, StaffProfile
from stations.services import reminder_upsert

# --- Boundaries -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What a boundary import did: the communities matched (created or replaced) and what was not."""

    matched: list[tuple[Community, str]] = field(default_factory=list)  # (community, "created"/"replaced")
    unmatched: list[str] = field(default_factory=list)  # the features' names that match no community
    ambiguous: list[str] = field(default_factory=list)  # names two visible communities share
    without_boundary: list[Community] = field(default_factory=list)


def _feature_label(properties: dict, index: int) -> str:
    for key in ("name", "community", "名称", "社区"):
        if properties.get(key):
            return str(properties[key])[:100]
    return _("feature %(n)d") % {"n": index}


def boundaries_import(*, by, raw: bytes | str, source: str = "") -> ImportReport:
    """Import community boundaries from a GeoJSON FeatureCollection: each feature names its community by
    `community_id` (ours), or by `name` (and `station`, the station's name or code, where two stations
    have communities of one name). Only communities `by` may see are matched. Invalid GeoJSON or a polygon
    that does not close refuses the whole file; nothing is half-saved."""
    features = geometry.parse_feature_collection(raw)
    communities = list(Community.objects.visible_to(by).select_related("station"))
    by_id = {c.pk: c for c in communities}
    by_name: dict[str, list[Community]] = {}
    for community in communities:
        by_name.setdefault(community.name, []).append(community)
    report = ImportReport()
    chosen: dict[int, dict] = {}
    for index, feature in enumerate(features, start=1):
        properties = feature["properties"]
        label = _feature_label(properties, index)
        community = None
        raw_id = properties.get("community_id")
        if isinstance(raw_id, int | str) and str(raw_id).isdigit():
            community = by_id.get(int(raw_id))
        if community is None:
            candidates = by_name.get(str(properties.get("name", "")).strip(), [])
            station = str(properties.get("station", "")).strip()
            if station:
                candidates = [c for c in candidates if station in (c.station.name, c.station.code)]
            if len(candidates) > 1:
                report.ambiguous.append(label)
                continue
            community = candidates[0] if candidates else None
        if community is None:
            report.unmatched.append(label)
            continue
        chosen[community.pk] = feature["geometry"]
    with transaction.atomic():
        existing = {a.community_id: a for a in CommunityArea.objects.filter(community_id__in=chosen)}
        for community_id, area_geometry in chosen.items():
            area = existing.get(community_id) or CommunityArea(community_id=community_id)
            state = "replaced" if area.pk else "created"
            area.boundary = area_geometry
            area.source = (source or "")[:200]
            area.updated_at = timezone.now()
            area._history_user = by
            area.save()
            report.matched.append((by_id[community_id], state))
    have = set(CommunityArea.objects.filter(community__in=communities).values_list("community_id", flat=True))
    report.without_boundary = [c for c in communities if c.pk not in have]
    report.matched.sort(key=lambda item: (item[0].station.code, item[0].name))
    return report


def address_set_point(*, address, by, expected_version: int, point: dict) -> list[str]:
    """Put a standard address on the map (a pin dropped there). Returns warnings: a point outside its
    community's boundary is saved, with a warning to check it."""
    checked = geometry.check_point(point, _("the pin"))
    warnings = []
    area = CommunityArea.objects.filter(community_id=address.community_id).first()
    lon, lat = checked["coordinates"]
    if area is not None and not geometry.contains(area.boundary, lon, lat):
        warnings.append(
            _("The pin lies outside %(community)s's boundary: check that it is the right place.")
            % {"community": address.community}
        )
    with transaction.atomic():
        address.point = checked
        address._history_user = by
        save_versioned(address, expected_version=expected_version)
    return warnings


# --- Residents: merging duplicates --------------------------------------------------------------


def numbers_conflict(first: str, second: str) -> bool:
    """Two ID numbers that cannot be one person's: they say different birth dates or sexes. (One mistyped
    digit of the sequence, the usual duplicate, says the same birth date and sex.)"""
    try:
        a, b = parse_id_number(first), parse_id_number(second)
    except ValidationError:
        return False  # a number that does not even parse is the mistyped one
    return a.birth_date != b.birth_date or a.sex != b.sex


def _resident_links(resident_model):
    """Every relation pointing at a resident, found from the models (so a link added later moves too)."""
    for relation in resident_model._meta.related_objects:
        if relation.hidden and not relation.many_to_many:
            continue
        yield relation


def resident_merge(*, kept, merged, by) -> ResidentMerge:
    """Merge the duplicate `merged` into `kept`: every incident, case role, dispute party, visit, merge
    record and tag that pointed at it points at `kept`; blanks of `kept` are filled from it; it is then
    deleted (its history says by whom). Refused for one record with itself, residents of different
    stations, and ID numbers that cannot be one person's."""
    from community.models import Resident

    if kept.pk == merged.pk:
        raise ValidationError({"merged": _("A resident cannot be merged with itself.")})
    if kept.station_id != merged.station_id:
        raise ValidationError({"merged": _("These residents belong to different stations: they cannot be merged.")})
    if numbers_conflict(kept.id_number, merged.id_number):
        raise ValidationError(
            {"merged": _("The two ID numbers give different birth dates or sexes: they are not one person.")}
        )
    moved: dict[str, int] = {}
    with transaction.atomic():
        kept = Resident.objects.select_for_update().get(pk=kept.pk)
        merged = Resident.objects.select_for_update().get(pk=merged.pk)
        for relation in _resident_links(Resident):
            label = relation.related_model._meta.label
            if relation.many_to_many:
                through = relation.through
                source = relation.field.m2m_reverse_field_name()
                taken = set(
                    through.objects.filter(**{source: kept}).values_list(relation.field.m2m_field_name(), flat=True)
                )
                rows = through.objects.filter(**{source: merged})
                moved[label] = rows.count()
                rows.exclude(**{f"{relation.field.m2m_field_name()}__in": taken}).update(**{source: kept})
                rows.delete()
                continue
            name = relation.field.name
            moved[label] = relation.related_model._base_manager.filter(**{name: merged}).update(**{name: kept})
        tags = set(merged.tags.all()) - set(kept.tags.all())
        if tags:
            kept.tags.add(*tags)
        moved["community.ResidentTag"] = len(tags)
        for name in ("phone", "address", "household", "birth_date", "sex"):
            if not getattr(kept, name) and getattr(merged, name):
                setattr(kept, name, getattr(merged, name))
        if merged.notes and merged.notes not in kept.notes:
            kept.notes = "\n".join(filter(None, [kept.notes, merged.notes]))
        kept.anti_fraud_app = kept.anti_fraud_app or merged.anti_fraud_app
        kept.version += 1
        kept._history_user = by
        kept.save()
        record = ResidentMerge.objects.create(
            station_id=kept.station_id,
            kept=kept,
            merged_id=merged.pk,
            merged_name=merged.name,
            merged_id_number_masked=mask_id_number(merged.id_number),
            moved={k: v for k, v in moved.items() if v},
            by=by if getattr(by, "pk", None) else None,
        )
        merged._history_user = by
        merged.delete()
    return record


# --- Watch tags ---------------------------------------------------------------------------------


def _watch_tags(resident) -> list[str]:
    return [tag.name for tag in resident.tags.all() if tag.watched]


def _community_officers(resident):
    if resident.community_id is None:
        return []
    profiles = StaffProfile.objects.filter(
        station_id=resident.station_id, communities=resident.community_id, user__is_active=True
    ).select_related("user")
    return [p.user for p in profiles]


def _tell_watchers(*, resident, key: str, title: str, url: str) -> None:
    """One queue item for each community officer of the resident's community, one for the supervisors."""
    today = timezone.localdate()
    reminder_upsert(
        key=f"{key}:supervisors",
        station_id=resident.station_id,
        kind=ReminderKind.OTHER,
        title=title,
        url=url,
        due_date=today,
        priority=5,
    )
    for officer in _community_officers(resident):
        reminder_upsert(
            key=f"{key}:officer:{officer.pk}",
            station_id=resident.station_id,
            kind=ReminderKind.OTHER,
            title=title,
            url=url,
            assignee=officer,
            due_date=today,
            priority=5,
        )


def watch_check_incident(incident) -> None:
    """A watched resident reported (appears in) a new incident."""
    resident = incident.reporter_resident
    if resident is None:
        return
    tags = _watch_tags(resident)
    if not tags:
        return
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language
        title = _("%(tags)s %(name)s appears in incident %(number)s") % {
            "tags": "、".join(tags),
            "name": resident.name,
            "number": incident.number,
        }
    _tell_watchers(
        resident=resident,
        key=f"places:watch:incident:{incident.pk}:{resident.pk}",
        title=title,
        url=incident.get_absolute_url(),
    )


def watch_check_case_person(person) -> None:
    """A watched resident was recorded in a case (as suspect, victim or witness)."""
    resident = person.resident
    if resident is None:
        return
    tags = _watch_tags(resident)
    if not tags:
        return
    case = person.case
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(tags)s %(name)s appears in case %(number)s") % {
            "tags": "、".join(tags),
            "name": resident.name,
            "number": case.number,
        }
    _tell_watchers(
        resident=resident, key=f"places:watch:case:{case.pk}:{resident.pk}", title=title, url=case.get_absolute_url()
    )


# --- 民转刑: a dispute turning criminal -------------------------------------------------------------


def is_violent(incident) -> bool:
    """An incident of fighting or injury: a keyword of the setting in its sub-type or summary."""
    text = f"{incident.subtype} {incident.summary}"
    return any(word in text for word in settings.WULING["TURNED_CRIMINAL_KEYWORDS"])


def disputes_behind(incident):
    """The station's disputes of the window (settings: TURNED_CRIMINAL_WINDOW_DAYS) before the incident
    whose address is the incident's, or one of whose parties is the incident's reporter, not yet turned."""
    from mediation.models import Dispute

    since = incident.reported_at - timedelta(days=settings.WULING["TURNED_CRIMINAL_WINDOW_DAYS"])
    match = Q(pk__in=[])
    if incident.standard_address_id is not None:
        match |= Q(standard_address_id=incident.standard_address_id)
    if incident.reporter_resident_id is not None:
        match |= Q(parties__resident_id=incident.reporter_resident_id)
    return (
        Dispute.objects.filter(station_id=incident.station_id, turned_criminal_at__isnull=True)
        .filter(registered_at__gte=since, registered_at__lte=incident.reported_at)
        .filter(match)
        .distinct()
    )


def turned_criminal_check(incident, *, by=None) -> list:
    """Turn red, at once, every dispute this incident of fighting or injury came back from; the supervisors
    are told. Returns the disputes turned."""
    from mediation.choices import RiskGrade
    from mediation.models import Dispute

    if not is_violent(incident):
        return []
    turned = []
    for pk in list(disputes_behind(incident).values_list("pk", flat=True)):
        dispute = Dispute.objects.select_for_update().get(pk=pk)
        if dispute.turned_criminal_at is not None:
            continue
        dispute.risk = RiskGrade.RED
        dispute.turned_criminal_at = timezone.now()
        dispute.turned_criminal_incident = incident
        dispute.version += 1
        dispute._history_user = by
        dispute.save(update_fields=["risk", "turned_criminal_at", "turned_criminal_incident", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Dispute turning criminal (民转刑): %(dispute)s came back in incident %(number)s") % {
                "dispute": dispute,
                "number": incident.number,
            }
        reminder_upsert(
            key=f"places:turned-criminal:{dispute.pk}",
            station_id=dispute.station_id,
            kind=ReminderKind.DISPUTE_ESCALATION,
            title=title,
            url=dispute.get_absolute_url(),
            due_date=timezone.localdate(),
            priority=0,
        )
        turned.append(dispute)
    return turned
