"""GeoJSON geometry without GIS libraries: checking what is imported, and the few sums the map needs.

Coordinates are [longitude, latitude] as GeoJSON (RFC 7946) orders them. Each refusal is a
ValidationError saying what is wrong and where ("feature 3: the polygon's ring 1 does not close").
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

AREA_TYPES = ("Polygon", "MultiPolygon")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_position(position, where: str) -> tuple[float, float]:
    if not isinstance(position, list | tuple) or len(position) < 2 or not all(_number(v) for v in position[:2]):
        raise ValidationError(_("%(where)s: a position is [longitude, latitude] in numbers.") % {"where": where})
    lon, lat = float(position[0]), float(position[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            _("%(where)s: [%(lon)s, %(lat)s] is not a longitude and latitude.")
            % {"where": where, "lon": lon, "lat": lat}
        )
    return lon, lat


def check_point(geometry, where: str = "") -> dict:
    """A GeoJSON Point, normalised to {"type": "Point", "coordinates": [lon, lat]}."""
    where = where or _("the point")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise ValidationError(_("%(where)s: a GeoJSON Point is expected.") % {"where": where})
    lon, lat = check_position(geometry.get("coordinates"), where)
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _check_ring(ring, where: str) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(_("%(where)s: a ring needs at least four positions.") % {"where": where})
    positions = [list(check_position(p, where)) for p in ring]
    if positions[0] != positions[-1]:
        raise ValidationError(
            _("%(where)s: the polygon does not close (its last position must repeat its first).") % {"where": where}
        )
    return positions


def check_area(geometry, where: str = "") -> dict:
    """A GeoJSON Polygon or MultiPolygon whose every ring closes."""
    where = where or _("the boundary")
    if not isinstance(geometry, dict) or geometry.get("type") not in AREA_TYPES:
        raise ValidationError(_("%(where)s: a GeoJSON Polygon or MultiPolygon is expected.") % {"where": where})
    coordinates = geometry.get("coordinates")
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(_("%(where)s: the geometry has no coordinates.") % {"where": where})
    checked = []
    for p_index, polygon in enumerate(polygons, start=1):
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("%(where)s: a polygon needs at least one ring.") % {"where": where})
        rings = []
        for r_index, ring in enumerate(polygon, start=1):
            label = _("%(where)s, polygon %(p)d, ring %(r)d") % {"where": where, "p": p_index, "r": r_index}
            rings.append(_check_ring(ring, label))
        checked.append(rings)
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": checked[0]}
    return {"type": "MultiPolygon", "coordinates": checked}


def parse_feature_collection(raw: bytes | str) -> list[dict]:
    """The features of a GeoJSON FeatureCollection (or a single Feature), each with a checked area."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("This file is not valid JSON, so not GeoJSON.")) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ValidationError(_('A GeoJSON FeatureCollection is expected ("type": "FeatureCollection").'))
    if not data["features"]:
        raise ValidationError(_("The file holds no features."))
    features = []
    for index, feature in enumerate(data["features"], start=1):
        where = _("feature %(n)d") % {"n": index}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ValidationError(_("%(where)s is not a GeoJSON Feature.") % {"where": where})
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise ValidationError(_("%(where)s: its properties are not an object.") % {"where": where})
        features.append({"properties": properties, "geometry": check_area(feature.get("geometry"), where)})
    return features


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _in_ring(lon: float, lat: float, ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether the point lies in the area (in an outer ring and in none of its holes)."""
    for polygon in polygons_of(geometry):
        if _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False


def bounds(geometries: Iterable[dict]) -> tuple[float, float, float, float] | None:
    xs, ys = [], []
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for lon, lat, *_rest in polygon[0]:
                xs.append(lon)
                ys.append(lat)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def centre(geometry: dict) -> tuple[float, float]:
    """The middle of the outer ring's bounding box: where a label or a generated point goes."""
    west, south, east, north = bounds([geometry])
    return (west + east) / 2, (south + north) / 2
