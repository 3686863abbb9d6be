"""What the map, the histories and the duplicate list read. Each function runs a fixed number of queries
whatever the data size (one per layer or per kind of record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from places import geometry
from places.models import CommunityArea
from stations.models import Community, Station

#: Point layers: key -> (label, the permission that lets a user see it).
LAYERS = {
    "incidents": ("Incidents", "cases.view_incident"),
    "repeat_calls": ("Repeat-call addresses", "cases.view_incident"),
    "disputes": ("Disputes by risk", "mediation.view_dispute"),
    "hazards": ("Open hazards", "community.view_hazard"),
    "posts": ("Police rooms and kiosks", "community.view_policepost"),
    "patrols": ("Patrol areas", "community.view_patrolteam"),
}
MAX_POINTS = 5000


def layer_labels() -> dict[str, str]:
    labels = {
        "incidents": _("Incidents"),
        "repeat_calls": _("Repeat-call addresses"),
        "disputes": _("Disputes by risk"),
        "hazards": _("Open hazards"),
        "posts": _("Police rooms and kiosks"),
        "patrols": _("Patrol areas"),
    }
    return {key: labels[key] for key in LAYERS}


def layers_for(user) -> list[str]:
    return [key for key, (_label, perm) in LAYERS.items() if user.has_perm(perm)]


def _url(name: str, **params) -> str:
    base = reverse(name)
    return f"{base}?{urlencode(params)}" if params else base


def _stations(user, station_id: int | None):
    stations = Station.objects.visible_to(user)
    return stations.filter(pk=station_id) if station_id is not None else stations


# --- Communities ---------------------------------------------------------------------------------


def community_features(user, *, station_id: int | None = None, values: dict[int, float | None] | None = None) -> dict:
    """The communities `user` sees (of one station, if given) with a boundary, as a FeatureCollection;
    each feature's `value` is the choropleth's figure for it when `values` are given. One query."""
    areas = (
        CommunityArea.objects.visible_to(user)
        .filter(community__station__in=_stations(user, station_id))
        .select_related("community__station")
        .order_by("community__station__code", "community__name")
    )
    features = []
    for area in areas:
        community = area.community
        properties = {
            "key": f"c{community.pk}",
            "id": community.pk,
            "name": community.name,
            "station_id": community.station_id,
            "station": community.station.name,
            "url": _url("cases:incident-list", community=community.pk),
            "records": {
                "incidents": _url("cases:incident-list", community=community.pk),
                "disputes": _url("mediation:dispute-list", community=community.pk),
                "hazards": _url("community:hazard-list", community=community.pk),
                "residents": _url("community:resident-list", community=community.pk),
            },
        }
        if values is not None:
            properties["value"] = values.get(community.pk)
        features.append({"type": "Feature", "id": community.pk, "properties": properties, "geometry": area.boundary})
    return {"type": "FeatureCollection", "crs_name": settings.WULING["MAP_CRS"], "features": features}


@dataclass
class Choropleth:
    metric: object
    period: object
    unit: str  # "community" (a station's map) or "station" (the bureau's: each community has its station's)
    values: dict[int, float | None]  # community id -> value


def choropleth(*, user, metric, period, station_id: int | None = None) -> Choropleth:
    """A dashboard metric for the period per community: read from the rollups by the dashboards' own
    function (stats.selectors.dashboard). A station's map colours each community by its own figure; a
    bureau's (or the city's) map with no station chosen colours each community by its station's figure,
    as the bureau dashboard compares stations (one dashboard per sub-bureau seen)."""
    from stats.selectors import BUREAU, STATION, dashboard
    from stats.selectors import resolve_scope as stats_scope

    if station_id is not None or not _sees_many(user):
        board = dashboard(user=user, scope=stats_scope(user, STATION, station_id), period=period, metrics=[metric])
        values = {unit.id: unit.figures[metric.key].value for unit in board.units if unit.id is not None}
        return Choropleth(metric, board.period, "community", values)
    from stations.models import Bureau

    by_station: dict[int, float | None] = {}
    shown = None
    for bureau in Bureau.objects.visible_to(user).order_by("code"):
        board = dashboard(user=user, scope=stats_scope(user, BUREAU, None, bureau.pk), period=period, metrics=[metric])
        shown = board.period
        by_station.update({unit.id: unit.figures[metric.key].value for unit in board.units})
    communities = Community.objects.visible_to(user).values_list("pk", "station_id")
    return Choropleth(metric, shown or period, "station", {pk: by_station.get(station) for pk, station in communities})


def _sees_many(user) -> bool:
    from stations.scoping import is_bureau_level

    return is_bureau_level(user)


# --- Point layers --------------------------------------------------------------------------------


def _point(geojson_point, latitude=None, longitude=None):
    if geojson_point and isinstance(geojson_point, dict) and geojson_point.get("type") == "Point":
        return geojson_point
    if latitude is not None and longitude is not None:
        return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}
    return None


def _feature(pk, point, **properties) -> dict:
    return {"type": "Feature", "id": pk, "geometry": point, "properties": properties}


def _collection(layer: str, features: list[dict], **extra) -> dict:
    truncated = len(features) > MAX_POINTS
    return {
        "type": "FeatureCollection",
        "layer": layer,
        "crs_name": settings.WULING["MAP_CRS"],
        "truncated": truncated,
        **extra,
        "features": features[:MAX_POINTS],
    }


def incident_layer(user, *, station_id=None, days: int, category: str = "", now: datetime | None = None) -> dict:
    """Incidents reported in the last `days` days (of one category), at their standard address's point
    (or their own coordinates). Incidents with no place on the map are counted in `unplaced`."""
    from cases.choices import IncidentCategory
    from cases.models import Incident

    since = (now or timezone.now()) - timedelta(days=days)
    rows = Incident.objects.visible_to(user).filter(station__in=_stations(user, station_id), reported_at__gte=since)
    if category:
        rows = rows.filter(category=category)
    labels = dict(IncidentCategory.choices)
    features, unplaced = [], 0
    for row in rows.values_list(
        "pk", "number", "category", "summary", "reported_at", "standard_address__point", "latitude", "longitude"
    ).order_by("-reported_at")[: MAX_POINTS + 1]:
        pk, number, cat, summary, reported_at, point, lat, lon = row
        point = _point(point, lat, lon)
        if point is None:
            unplaced += 1
            continue
        features.append(
            _feature(
                pk,
                point,
                kind="incident",
                category=cat,
                category_label=str(labels.get(cat, cat)),
                title=f"{number} {summary}",
                at=timezone.localtime(reported_at).isoformat(),
                url=reverse("cases:incident-detail", kwargs={"pk": pk}),
            )
        )
    return _collection("incidents", features, days=days, category=category, unplaced=unplaced)


def repeat_call_layer(user, *, station_id=None, days: int | None = None, now: datetime | None = None) -> dict:
    """Standard addresses with at least the repeat-call threshold of incidents in the window, counted by
    address (not by typed text)."""
    from cases.models import Incident

    days = days or settings.WULING["REPEAT_CALL_WINDOW_DAYS"]
    threshold = settings.WULING["REPEAT_CALL_THRESHOLD"]
    since = (now or timezone.now()) - timedelta(days=days)
    rows = (
        Incident.objects.visible_to(user)
        .filter(station__in=_stations(user, station_id), reported_at__gte=since, standard_address__isnull=False)
        .values("standard_address", "standard_address__point")
        .annotate(calls=Count("pk"))
        .filter(calls__gte=threshold)
        .order_by("-calls", "standard_address")
    )
    from community.models import Address

    found = list(rows[: MAX_POINTS + 1])
    texts = {a.pk: a.full_text for a in Address.objects.filter(pk__in=[r["standard_address"] for r in found])}
    features = []
    for row in found:
        point = _point(row["standard_address__point"])
        if point is None:
            continue
        pk = row["standard_address"]
        features.append(
            _feature(
                pk,
                point,
                kind="repeat_calls",
                calls=row["calls"],
                title=f"{texts.get(pk, '')} · {row['calls']}",
                url=reverse("places:address-history", kwargs={"pk": pk}),
            )
        )
    return _collection("repeat_calls", features, days=days, threshold=threshold)


def dispute_layer(user, *, station_id=None) -> dict:
    """Open disputes (registered or in mediation) at their standard address, coloured by risk."""
    from mediation.choices import DisputeStatus
    from mediation.models import Dispute

    rows = Dispute.objects.visible_to(user).filter(
        station__in=_stations(user, station_id),
        status__in=(DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION),
        standard_address__point__isnull=False,
    )
    labels = {"red": _("Red"), "orange": _("Orange"), "yellow": _("Yellow")}
    features = [
        _feature(
            pk,
            _point(point),
            kind="dispute",
            risk=risk,
            risk_label=str(labels.get(risk, risk)),
            turned_criminal=turned is not None,
            title=f"{number} {summary}",
            url=reverse("mediation:dispute-detail", kwargs={"pk": pk}),
        )
        for pk, number, summary, risk, point, turned in rows.values_list(
            "pk", "number", "summary", "risk", "standard_address__point", "turned_criminal_at"
        ).order_by("pk")[: MAX_POINTS + 1]
        if _point(point) is not None
    ]
    return _collection("disputes", features)


def hazard_layer(user, *, station_id=None) -> dict:
    """Hazards not yet rectified, at their standard address or their place's address."""
    from community.choices import HazardStatus
    from community.models import Hazard

    rows = (
        Hazard.objects.visible_to(user)
        .filter(station__in=_stations(user, station_id))
        .exclude(status=HazardStatus.RECTIFIED)
        .values_list("pk", "description", "status", "due_on", "standard_address__point", "place__address__point")
        .order_by("due_on", "pk")
    )
    labels = dict(HazardStatus.choices)
    features = []
    for pk, description, status, due_on, point, place_point in rows[: MAX_POINTS + 1]:
        point = _point(point) or _point(place_point)
        if point is None:
            continue
        features.append(
            _feature(
                pk,
                point,
                kind="hazard",
                status=status,
                status_label=str(labels.get(status, status)),
                due_on=due_on.isoformat() if due_on else None,
                title=description,
                url=reverse("community:hazard-detail", kwargs={"pk": pk}),
            )
        )
    return _collection("hazards", features)


def post_layer(user, *, station_id=None) -> dict:
    """Police rooms and kiosks at their coordinates."""
    from community.choices import PostKind
    from community.models import PolicePost

    labels = dict(PostKind.choices)
    rows = (
        PolicePost.objects.visible_to(user)
        .filter(station__in=_stations(user, station_id), latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "name", "kind", "latitude", "longitude", "opening_hours")
        .order_by("pk")
    )
    features = [
        _feature(
            pk,
            _point(None, lat, lon),
            kind="post",
            post_kind=kind,
            post_kind_label=str(labels.get(kind, kind)),
            title=name,
            hours=hours,
            url=reverse("community:policepost-detail", kwargs={"pk": pk}),
        )
        for pk, name, kind, lat, lon, hours in rows[: MAX_POINTS + 1]
    ]
    return _collection("posts", features)


def patrol_layer(user, *, station_id=None) -> dict:
    """Each patrol team's area: the boundaries of the communities it patrols, as one MultiPolygon."""
    from community.models import PatrolTeam

    teams = (
        PatrolTeam.objects.visible_to(user)
        .filter(station__in=_stations(user, station_id))
        .prefetch_related("communities__area")
        .order_by("name")
    )
    features = []
    for team in teams:
        polygons, names = [], []
        for community in team.communities.all():
            area = getattr(community, "area", None)
            if area is None:
                continue
            polygons.extend(geometry.polygons_of(area.boundary))
            names.append(community.name)
        if not polygons:
            continue
        features.append(
            _feature(
                team.pk,
                {"type": "MultiPolygon", "coordinates": polygons},
                kind="patrol",
                title=team.name,
                communities=names,
                url=reverse("community:patrolteam-detail", kwargs={"pk": team.pk}),
            )
        )
    return _collection("patrols", features)


def layer(user, key: str, *, station_id=None, days: int | None = None, category: str = "") -> dict:
    days = days or settings.WULING["MAP_INCIDENT_DAYS"]
    if key == "incidents":
        return incident_layer(user, station_id=station_id, days=days, category=category)
    if key == "repeat_calls":
        return repeat_call_layer(user, station_id=station_id)
    if key == "disputes":
        return dispute_layer(user, station_id=station_id)
    if key == "hazards":
        return hazard_layer(user, station_id=station_id)
    if key == "posts":
        return post_layer(user, station_id=station_id)
    return patrol_layer(user, station_id=station_id)


# --- Histories ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    kind_label: str
    title: str
    url: str
    detail: str = ""

    def __post_init__(self):
        if not isinstance(self.at, datetime):  # a day (a hazard found on): its start, local time
            object.__setattr__(self, "at", timezone.make_aware(datetime.combine(self.at, datetime.min.time())))

    def as_dict(self) -> dict:
        return {
            "at": timezone.localtime(self.at).isoformat(),
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title,
            "url": self.url,
            "detail": self.detail,
        }


HISTORY_LIMIT = 200  # per kind of record: a timeline, not an export


def _sort(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.at, reverse=True)


def resident_history(user, resident) -> list[Entry]:
    """Every incident the resident reported, every case and dispute they are in, the visits to them and
    the merges into their record, newest first. Names only: no ID number or phone."""
    from cases.models import CasePerson, Incident
    from community.models import Activity
    from mediation.models import Party

    entries: list[Entry] = []
    if user.has_perm("cases.view_incident"):
        for incident in (
            Incident.objects.visible_to(user)
            .filter(reporter_resident=resident)
            .order_by("-reported_at")[:HISTORY_LIMIT]
        ):
            entries.append(
                Entry(
                    incident.reported_at,
                    "incident",
                    _("Incident reported"),
                    f"{incident.number} {incident.summary}",
                    incident.get_absolute_url(),
                    incident.get_status_display(),
                )
            )
    if user.has_perm("cases.view_case"):
        for person in (
            CasePerson.objects.visible_to(user)
            .filter(resident=resident)
            .select_related("case")
            .order_by("-case__registered_at")[:HISTORY_LIMIT]
        ):
            case = person.case
            entries.append(
                Entry(
                    case.registered_at,
                    "case",
                    _("Case"),
                    f"{case.number} {case.title}",
                    case.get_absolute_url(),
                    f"{person.get_role_display()} · {case.get_status_display()}",
                )
            )
    if user.has_perm("mediation.view_dispute"):
        for party in (
            Party.objects.visible_to(user)
            .filter(resident=resident)
            .select_related("dispute")
            .order_by("-dispute__registered_at")[:HISTORY_LIMIT]
        ):
            dispute = party.dispute
            entries.append(
                Entry(
                    dispute.registered_at,
                    "dispute",
                    _("Dispute"),
                    f"{dispute.number} {dispute.summary}",
                    dispute.get_absolute_url(),
                    f"{party.get_side_display()} · {dispute.get_status_display()}",
                )
            )
    if user.has_perm("community.view_activity"):
        visits = Activity.objects.visible_to(user).filter(
            Q(resident=resident) | Q(household__isnull=False, household_id=resident.household_id)
        )
        for activity in visits.order_by("-occurred_at")[:HISTORY_LIMIT]:
            entries.append(
                Entry(
                    activity.occurred_at,
                    "visit",
                    activity.get_kind_display(),
                    activity.summary,
                    activity.get_absolute_url(),
                )
            )
    for merge in resident.merges.all().order_by("-at")[:HISTORY_LIMIT]:
        entries.append(
            Entry(
                merge.at,
                "merge",
                _("Duplicate merged"),
                merge.merged_name,
                resident.get_absolute_url(),
                merge.merged_id_number_masked,
            )
        )
    return _sort(entries)


def address_history(user, address) -> list[Entry]:
    """Everything at a standard address: households and residents, places, incidents, the cases
    registered from them, disputes, hazards and visits, newest first."""
    from cases.models import Case, Incident
    from community.models import Activity, Hazard, Household, Place, Resident
    from mediation.models import Dispute

    entries: list[Entry] = []
    registers = (
        ("community.view_household", Household, Q(address=address), "household", _("Household")),
        ("community.view_resident", Resident, Q(address=address), "resident", _("Resident")),
        ("community.view_place", Place, Q(address=address), "place", _("Place")),
    )
    for perm, model, where, kind, label in registers:
        if not user.has_perm(perm):
            continue
        records = list(model.objects.visible_to(user).filter(where).order_by("pk")[:HISTORY_LIMIT])
        first_seen = _first_seen(model, [r.pk for r in records])
        for record in records:
            if kind == "resident":
                title, url, detail = record.name, reverse("places:resident-history", kwargs={"pk": record.pk}), ""
            elif kind == "household":
                title = str(record.head_name or record.number or record.pk)
                url, detail = record.get_absolute_url(), record.get_kind_display()
            else:
                title, url, detail = record.name, record.get_absolute_url(), record.get_kind_display()
            entries.append(Entry(first_seen.get(record.pk) or timezone.now(), kind, label, title, url, detail))
    incidents = Incident.objects.visible_to(user).filter(standard_address=address)
    if user.has_perm("cases.view_incident"):
        for incident in incidents.order_by("-reported_at")[:HISTORY_LIMIT]:
            entries.append(
                Entry(
                    incident.reported_at,
                    "incident",
                    _("Incident"),
                    f"{incident.number} {incident.summary}",
                    incident.get_absolute_url(),
                    incident.get_category_display(),
                )
            )
    if user.has_perm("cases.view_case"):
        for case in (
            Case.objects.visible_to(user)
            .filter(incidents__in=incidents)
            .distinct()
            .order_by("-registered_at")[:HISTORY_LIMIT]
        ):
            entries.append(
                Entry(
                    case.registered_at,
                    "case",
                    _("Case"),
                    f"{case.number} {case.title}",
                    case.get_absolute_url(),
                    case.get_status_display(),
                )
            )
    if user.has_perm("mediation.view_dispute"):
        for dispute in (
            Dispute.objects.visible_to(user).filter(standard_address=address).order_by("-registered_at")[:HISTORY_LIMIT]
        ):
            entries.append(
                Entry(
                    dispute.registered_at,
                    "dispute",
                    _("Dispute"),
                    f"{dispute.number} {dispute.summary}",
                    dispute.get_absolute_url(),
                    dispute.get_risk_display(),
                )
            )
    if user.has_perm("community.view_hazard"):
        hazards = Hazard.objects.visible_to(user).filter(Q(standard_address=address) | Q(place__address=address))
        for hazard in hazards.order_by("-found_on")[:HISTORY_LIMIT]:
            entries.append(
                Entry(
                    hazard.found_on,
                    "hazard",
                    _("Hazard"),
                    hazard.description,
                    hazard.get_absolute_url(),
                    hazard.get_status_display(),
                )
            )
    if user.has_perm("community.view_activity"):
        visits = Activity.objects.visible_to(user).filter(Q(household__address=address) | Q(place__address=address))
        for activity in visits.order_by("-occurred_at")[:HISTORY_LIMIT]:
            entries.append(
                Entry(
                    activity.occurred_at,
                    "visit",
                    activity.get_kind_display(),
                    activity.summary,
                    activity.get_absolute_url(),
                )
            )
    return _sort(entries)


def _first_seen(model, pks: list[int]) -> dict[int, datetime]:
    """When each register record was first written (its first history row): one query."""
    from django.db.models import Min

    if not pks:
        return {}
    rows = model.history.model.objects.filter(id__in=pks).values("id").annotate(first=Min("history_date"))
    return {row["id"]: row["first"] for row in rows.order_by()}


# --- Possible duplicates -------------------------------------------------------------------------


def possible_duplicates(user) -> list[list]:
    """Groups of residents of one station that look like one person: the same name and birth date, or the
    same name and phone. Two queries."""
    from community.models import Resident

    visible = Resident.objects.visible_to(user)
    by_birth = (
        visible.filter(birth_date__isnull=False)
        .values("station_id", "name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    by_phone = visible.exclude(phone="").values("station_id", "name", "phone").annotate(n=Count("pk")).filter(n__gt=1)
    match = Q(pk__in=[])
    for row in by_birth[:200]:
        match |= Q(station_id=row["station_id"], name=row["name"], birth_date=row["birth_date"])
    for row in by_phone[:200]:
        match |= Q(station_id=row["station_id"], name=row["name"], phone=row["phone"])
    groups: dict[tuple, list] = {}
    for resident in visible.filter(match).select_related("community").order_by("station_id", "name", "pk"):
        groups.setdefault((resident.station_id, resident.name), []).append(resident)
    return [members for members in groups.values() if len(members) > 1]
