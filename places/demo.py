"""A synthetic geography for the demo: every station a block of the district, every community a
quadrilateral of its station's block, every standard address a point inside its community, every police
post on the map; incidents, disputes and hazards linked to standard addresses of their community.

Generated from the data (whatever stations and communities exist, including ones added later), the
same each run (seeded by the station's code), and only where something is missing: a second run adds
nothing. No real map data: the blocks sit around a plausible centre and mean nothing on the ground.
Part of `manage.py seed_demo` (after every other app's demo, before the statistics).
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import transaction

from places.models import CommunityArea
from stations.models import Community, Station

CENTRE = (111.69, 29.04)  # roughly 常德市武陵区: only so that the numbers look like longitudes and latitudes
BLOCK_W, BLOCK_H = 0.045, 0.034  # a station's block, in degrees
COLUMNS = 5


def station_block(index: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the index-th station's block: a grid of COLUMNS columns, row by row."""
    col, row = index % COLUMNS, index // COLUMNS
    west = CENTRE[0] + (col - COLUMNS / 2) * BLOCK_W
    north = CENTRE[1] + 0.06 - row * BLOCK_H
    return west, north - BLOCK_H, west + BLOCK_W, north


def _bands(n: int) -> list[int]:
    rows = 1 if n <= 2 else 2 if n <= 6 else 3
    base, extra = divmod(n, rows)
    return [base + (1 if i < extra else 0) for i in range(rows)]


def split_block(block, n: int, rng: random.Random) -> list[list[tuple[float, float]]]:
    """n convex quadrilaterals tiling the block exactly (shared edges), each as 4 corners (SW, SE, NE, NW)."""
    west, south, east, north = block
    width, height = east - west, north - south
    bands = _bands(n)
    # Band boundaries: lines from the west edge to the east edge, slanted a little.
    levels = [(south, south)]
    for k in range(1, len(bands)):
        y = south + height * k / len(bands)
        levels.append(
            (y + rng.uniform(-0.12, 0.12) * height / len(bands), y + rng.uniform(-0.12, 0.12) * height / len(bands))
        )
    levels.append((north, north))

    def y_on(level, x):
        left, right = level
        return left + (right - left) * (x - west) / width

    quads = []
    for k, count in enumerate(bands):
        lower, upper = levels[k], levels[k + 1]
        bottoms = (
            [west]
            + [west + width * j / count + rng.uniform(-0.1, 0.1) * width / count for j in range(1, count)]
            + [east]
        )
        tops = (
            [west]
            + [west + width * j / count + rng.uniform(-0.1, 0.1) * width / count for j in range(1, count)]
            + [east]
        )
        for j in range(count):
            sw = (bottoms[j], y_on(lower, bottoms[j]))
            se = (bottoms[j + 1], y_on(lower, bottoms[j + 1]))
            ne = (tops[j + 1], y_on(upper, tops[j + 1]))
            nw = (tops[j], y_on(upper, tops[j]))
            quads.append([sw, se, ne, nw])
    return quads


def polygon(quad) -> dict:
    ring = [[round(x, 6), round(y, 6)] for x, y in quad]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def point_in(quad, rng: random.Random) -> dict:
    """A point well inside the quadrilateral (bilinear between its corners)."""
    u, v = rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85)
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = quad
    x = (1 - u) * (1 - v) * x1 + u * (1 - v) * x2 + u * v * x3 + (1 - u) * v * x4
    y = (1 - u) * (1 - v) * y1 + u * (1 - v) * y2 + u * v * y3 + (1 - u) * v * y4
    return {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]}


def seed(ctx) -> None:
    with transaction.atomic():
        quads = _boundaries(ctx)
        pinned = _points(quads)
        linked = _link_records()
    ctx.say(f"places: {len(quads)} community boundaries, {pinned} addresses and posts placed, {linked} records linked")


def _boundaries(ctx) -> dict[int, list]:
    """Every community's quadrilateral (computed for all, stored where missing)."""
    quads: dict[int, list] = {}
    have = set(CommunityArea.objects.values_list("community_id", flat=True))
    new = []
    communities = defaultdict(list)
    for community in Community.objects.order_by("pk"):
        communities[community.station_id].append(community)
    for index, station in enumerate(Station.objects.order_by("pk")):
        members = communities.get(station.pk, [])
        if not members:
            continue
        rng = random.Random(f"wuling-map-{station.code}")
        for community, quad in zip(members, split_block(station_block(index), len(members), rng), strict=True):
            quads[community.pk] = quad
            if community.pk not in have:
                new.append(CommunityArea(community=community, boundary=polygon(quad), source="demo"))
    CommunityArea.objects.bulk_create(new)
    return quads


def _points(quads) -> int:
    from community.models import Address, PolicePost

    changed = 0
    addresses = list(Address.objects.filter(point__isnull=True, community_id__in=quads).order_by("pk"))
    for address in addresses:
        address.point = point_in(quads[address.community_id], random.Random(f"address-{address.pk}"))
    Address.objects.bulk_update(addresses, ["point"], batch_size=1000)
    changed += len(addresses)
    posts = list(PolicePost.objects.filter(latitude__isnull=True, community_id__in=quads).order_by("pk"))
    for post in posts:
        lon, lat = point_in(quads[post.community_id], random.Random(f"post-{post.pk}"))["coordinates"]
        post.longitude, post.latitude = round(lon, 6), round(lat, 6)
    PolicePost.objects.bulk_update(posts, ["longitude", "latitude"], batch_size=1000)
    return changed + len(posts)


def _link_records() -> int:
    """Incidents, disputes and hazards of a community without a standard address get one of its addresses:
    the same typed text always the same address, so repeat calls stay repeat calls."""
    from cases.models import Incident
    from community.models import Address, Hazard
    from mediation.models import Dispute

    register = defaultdict(list)
    for address in Address.objects.order_by("pk"):
        register[address.community_id].append(address)
    linked = 0
    for model, fields in ((Incident, ["standard_address", "address"]), (Dispute, ["standard_address", "address"])):
        rows = list(model.objects.filter(standard_address__isnull=True, community__isnull=False).order_by("pk"))
        texts = defaultdict(dict)
        for row in rows:
            choices = register.get(row.community_id)
            if not choices:
                continue
            seen = texts[row.community_id]
            text = row.address or f"#{row.pk}"
            if text not in seen:
                seen[text] = choices[len(seen) % len(choices)]
            row.standard_address = seen[text]
            row.address = seen[text].full_text
        rows = [r for r in rows if r.standard_address_id]
        model.objects.bulk_update(rows, fields, batch_size=1000)
        linked += len(rows)
    hazards = list(Hazard.objects.filter(standard_address__isnull=True).select_related("place").order_by("pk"))
    for hazard in hazards:
        choices = register.get(hazard.community_id) or [None]
        hazard.standard_address_id = (hazard.place.address_id if hazard.place_id else None) or getattr(
            choices[hazard.pk % len(choices)], "pk", None
        )
    hazards = [h for h in hazards if h.standard_address_id]
    Hazard.objects.bulk_update(hazards, ["standard_address"], batch_size=1000)
    return linked + len(hazards)
