"""The community app's writes — its public surface: pages, the API, the importer and the tasks call
`from community import services; services.thing_create(...)` and never a sub-module.

Why one surface rather than importing sub-modules: callers (views, serializers, importer, demo, tests)
cut across the sub-domains, and the service names already say which one they belong to; the split into
registers / worklog / patrols / imports (with _common, the shared save and validation) only keeps each
module short enough to read.

One signature shape (README, "How a write flows"): `thing_create(*, by, station, **fields)`,
`thing_update(*, thing, by, expected_version, **fields)`, actions `thing_verb(*, thing, by, ...)`.
`fields` are model field names with cleaned values; each service names the ones it accepts
(`ADDRESS_FIELDS`...) and refuses others with a field error. Every write runs in one transaction and
raises ValidationError naming the field for bad input, model constraints included (full_clean).
"""

from community.services.imports import (  # noqa: F401
    import_job_create,
    imports_requeue_waiting,
)
from community.services.patrols import (  # noqa: F401
    PATROL_FIELDS,
    PATROL_TEAM_FIELDS,
    POLICE_POST_FIELDS,
    TEAM_MEMBER_FIELDS,
    patrol_create,
    patrol_team_create,
    patrol_team_update,
    patrol_update,
    police_post_create,
    police_post_update,
    team_member_add,
    team_member_leave,
)
from community.services.registers import (  # noqa: F401
    ADDRESS_FIELDS,
    HOUSEHOLD_FIELDS,
    PLACE_FIELDS,
    RESIDENT_FIELDS,
    address_create,
    address_get_or_create,
    address_update,
    household_create,
    household_update,
    place_create,
    place_update,
    resident_create,
    resident_reveal,
    resident_update,
    resolve_identity,
)
from community.services.worklog import (  # noqa: F401
    ACTIVITY_FIELDS,
    HAZARD_FIELDS,
    KIND_REQUIREMENTS,
    activity_create,
    activity_update,
    hazard_create,
    hazard_rectify,
    hazard_update,
    hazards_mark_overdue,
)
