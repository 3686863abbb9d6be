from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentCategory(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    PUBLIC_ORDER = "public_order", _("Public order")
    DISPUTE = "dispute", _("Dispute")
    HELP = "help", _("Help request")
    TRAFFIC = "traffic", _("Traffic")
    HAZARD = "hazard", _("Fire / safety hazard")
    FRAUD = "fraud", _("Fraud")
    OTHER = "other", _("Other")


class IncidentChannel(models.TextChoices):
    DISPATCH_110 = "110", _("110 dispatch")
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    MAILBOX = "mailbox", _("Community mailbox")
    WECHAT = "wechat", _("WeChat group")
    PATROL = "patrol", _("Patrol discovery")
    REFERRAL = "referral", _("Referral")


class Disposition(models.TextChoices):
    ON_SITE = "on_site", _("Handled on site")
    HANDED_OVER = "handed_over", _("First response, then handed over")
    CASE = "case", _("Became a case")
    MEDIATION = "mediation", _("Sent to mediation")
    NO_ACTION = "no_action", _("No action")


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("Being handled")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class CaseKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal (刑事)")
    ADMINISTRATIVE = "administrative", _("Administrative (治安/行政)")


class OffenseType(models.TextChoices):
    THEFT = "theft", _("Theft")
    BURGLARY = "burglary", _("Burglary")
    PICKPOCKETING = "pickpocketing", _("Pickpocketing")
    VEHICLE_THEFT = "vehicle_theft", _("Vehicle theft")
    # Smashing a window included: the source report's own example of street crime.
    THEFT_FROM_VEHICLE = "theft_from_vehicle", _("Theft from vehicles")
    ROBBERY = "robbery", _("Robbery")
    SNATCHING = "snatching", _("Snatching")
    FRAUD = "fraud", _("Fraud")
    TELECOM_FRAUD = "telecom_fraud", _("Telecom and online fraud")
    ASSAULT = "assault", _("Assault")
    INTENTIONAL_INJURY = "injury", _("Intentional injury")
    DRUGS = "drugs", _("Drug offense")
    GAMBLING = "gambling", _("Gambling")
    PROPERTY_DAMAGE = "damage", _("Property damage")
    AFFRAY = "affray", _("Affray and provocation")
    OTHER = "other", _("Other")


# Street crime (街面犯罪): the offense types committed in public space that
# patrols and cameras can prevent; the `street_crime_cases` metric counts them.
STREET_CRIME_OFFENSES = frozenset(
    {
        OffenseType.ROBBERY,
        OffenseType.SNATCHING,
        OffenseType.PICKPOCKETING,
        OffenseType.VEHICLE_THEFT,
        OffenseType.THEFT_FROM_VEHICLE,
    }
)


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INVESTIGATING = "investigating", _("Investigating")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_CASE_STATUSES = (CaseStatus.REGISTERED, CaseStatus.INVESTIGATING, CaseStatus.SUSPENDED)

# The case state machine: from each status, where a case may go next.
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.REGISTERED: (CaseStatus.INVESTIGATING, CaseStatus.SOLVED, CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN),
    CaseStatus.INVESTIGATING: (CaseStatus.SOLVED, CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN),
    CaseStatus.SUSPENDED: (CaseStatus.INVESTIGATING, CaseStatus.SOLVED, CaseStatus.WITHDRAWN),
    CaseStatus.SOLVED: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (),
    CaseStatus.WITHDRAWN: (),
}


class PersonRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")


class PersonStatus(models.TextChoices):
    NONE = "none", _("Not applicable")
    AT_LARGE = "at_large", _("At large")
    SUMMONED = "summoned", _("Summoned")
    DETAINED = "detained", _("Detained")
    ARRESTED = "arrested", _("Arrested")
    BAILED = "bailed", _("On bail")
    RELEASED = "released", _("Released")


class TimelineKind(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")
    REGISTERED = "registered", _("Case registered")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    PERSON = "person", _("Person recorded")
    SERIES = "series", _("Linked into a series")
    CUSTODY = "custody", _("Case-processing center")
    NOTE = "note", _("Note")


class TimelineMessage(models.TextChoices):
    """Sentences the system writes on a timeline, stored as this key and their values
    (TimelineEvent.params) and worded in the reader's language when shown."""

    FIELDS_EDITED = "fields_edited", "%(fields)s"
    PERSON = "person", _("%(role)s %(name)s · %(status)s")
    PERSON_EDITED = "person_edited", _("%(role)s %(name)s · %(fields)s")
    PERSON_REMOVED = "person_removed", _("Removed: %(role)s %(name)s")
    ASSIGNED = "assigned", "%(names)s"
    ASSIGNED_DUE = "assigned_due", _("%(names)s · due %(date)s")
    CUSTODY_IN = "custody_in", _("In: %(name)s")
    CUSTODY_OUT = "custody_out", _("Out: %(name)s")
    CUSTODY_OUT_TO = "custody_out_to", _("Out: %(name)s → %(destination)s")


class CustodyKind(models.TextChoices):
    NONE = "none", _("No custody")
    WAITING_ROOM = "waiting", _("Waiting room")
    HOLDING_ROOM = "holding", _("Holding room (候问室)")
    DETENTION = "detention", _("Handed to detention center")
