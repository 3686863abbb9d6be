"""Every write of the cases app, one module per sub-domain:

- `numbers`: record numbers drawn from a locked counter;
- `incidents`: logging, editing and the review of incidents (警情);
- `cases`: registration (立案), particulars, states, assignment, series (串并案);
- `people`: suspects, victims and witnesses in a case;
- `custody`: case-processing center (执法办案管理中心) records.

This module is the app's public surface for writes: callers write `from cases import services` and
`services.case_register(...)`, whichever sub-module holds it. One import path for every caller (views,
API, demo data, mediation's numbering, tests) means moving a function between sub-modules never
touches them; the names below are the whole surface, so anything not listed is private to its module.

Each service takes keyword-only arguments, runs in one transaction, raises ValidationError naming the
field for bad input and writes a timeline event for every step a person would want to see later.
"""

from cases.services.cases import (
    CASE_FIELDS,
    REGISTER_FIELDS,
    allowed_transitions,
    case_assign,
    case_link_series,
    case_register,
    case_transition,
    case_update,
    cases_of_incidents,
)
from cases.services.custody import CUSTODY_FIELDS, custody_record_create, custody_record_update
from cases.services.incidents import (
    INCIDENT_FIELDS,
    incident_approve,
    incident_create,
    incident_errors,
    incident_is_own_report,
    incident_return,
    incident_submit,
    incident_update,
    incident_warnings,
)
from cases.services.numbers import CASE_NUMBER, INCIDENT_NUMBER
from cases.services.people import (
    PERSON_FIELDS,
    case_person_add,
    case_person_remove,
    case_person_set_status,
    case_person_update,
)

__all__ = [
    "CASE_FIELDS",
    "CASE_NUMBER",
    "CUSTODY_FIELDS",
    "INCIDENT_FIELDS",
    "INCIDENT_NUMBER",
    "PERSON_FIELDS",
    "REGISTER_FIELDS",
    "allowed_transitions",
    "case_assign",
    "case_link_series",
    "case_person_add",
    "case_person_remove",
    "case_person_set_status",
    "case_person_update",
    "case_register",
    "case_transition",
    "case_update",
    "cases_of_incidents",
    "custody_record_create",
    "custody_record_update",
    "incident_approve",
    "incident_create",
    "incident_errors",
    "incident_is_own_report",
    "incident_return",
    "incident_submit",
    "incident_update",
    "incident_warnings",
]
