"""Every write of the mediation app, one function per write (README: "How a write flows").

registered → in mediation → resolved / not resolved / referred → closed;
a relapse at a follow-up visit (or a manual reopen) takes it back to in mediation.

This module is the app's documented public surface: views, the API, tasks and tests call
`services.dispute_close(...)` and need not know where a function lives. The functions are
written in sub-modules, one per sub-domain, so that each reads on its own:

- `common`: the dispute's state-change plumbing (events, version bump, status rule, reminders
  of a dispute, the red alert, numbers) shared by the others;
- `disputes`: registering, editing, parties, referral, not resolved, close, reopen;
- `sessions`: mediation sessions and the agreements signed at them;
- `follow_ups`: follow-up visits (回访) and relapses;
- `reminders`: the daily reminder pass.

Only the names below are public; anything else (helpers with a leading underscore, `common`)
is imported from its sub-module by the code of this package alone.
"""

from mediation.services.common import (
    DISPUTE_NUMBER_KIND,
    next_dispute_number,
    no_session_reminder_key,
    red_dispute_reminder_key,
)
from mediation.services.disputes import (
    DISPUTE_EDIT_FIELDS,
    DISPUTE_FIELDS,
    PARTY_FIELDS,
    dispute_close,
    dispute_mark_not_resolved,
    dispute_refer,
    dispute_register,
    dispute_reopen,
    dispute_update,
    party_add,
)
from mediation.services.follow_ups import (
    FOLLOW_UP_FIELDS,
    follow_up_record,
    follow_up_schedule,
    follow_up_update,
)
from mediation.services.reminders import (
    remind_dispute_without_session,
    remind_follow_up,
    reminders_create,
    reminders_sweep,
)
from mediation.services.sessions import (
    AGREEMENT_EDIT_FIELDS,
    AGREEMENT_FIELDS,
    SESSION_FIELDS,
    agreement_record,
    agreement_update,
    next_agreement_number,
    session_record,
    session_update,
)

__all__ = [
    "AGREEMENT_EDIT_FIELDS",
    "AGREEMENT_FIELDS",
    "DISPUTE_EDIT_FIELDS",
    "DISPUTE_FIELDS",
    "DISPUTE_NUMBER_KIND",
    "FOLLOW_UP_FIELDS",
    "PARTY_FIELDS",
    "SESSION_FIELDS",
    "agreement_record",
    "agreement_update",
    "dispute_close",
    "dispute_mark_not_resolved",
    "dispute_refer",
    "dispute_register",
    "dispute_reopen",
    "dispute_update",
    "follow_up_record",
    "follow_up_schedule",
    "follow_up_update",
    "next_agreement_number",
    "next_dispute_number",
    "no_session_reminder_key",
    "party_add",
    "red_dispute_reminder_key",
    "remind_dispute_without_session",
    "remind_follow_up",
    "reminders_create",
    "reminders_sweep",
    "session_record",
    "session_update",
]
