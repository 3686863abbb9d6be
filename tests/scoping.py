"""The registry behind the generic scoping test (tests/test_scoping.py).

Every station-owned model that has a page or an endpoint registers a maker:
a function that creates one record owned by the given station. The generic
test walks every API route and every HTML URL with a `pk` and fails for any
model without a maker, so a new endpoint cannot escape the test.

    @register_record_maker(Incident, search=lambda i: i.number)
    def _incident(station):
        return IncidentFactory(station=station)
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordMaker:
    make: Callable
    search: Callable | None


RECORD_MAKERS: dict[type, RecordMaker] = {}


def register_record_maker(model, *, search=None):
    def decorator(make):
        RECORD_MAKERS[model] = RecordMaker(make=make, search=search)
        return make

    return decorator
