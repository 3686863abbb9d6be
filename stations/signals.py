"""Sign-in events go to the audit log. Connected in StationsConfig.ready()."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from stations.choices import AuditEventType, AuditOutcome
from stations.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(event_type=AuditEventType.LOGIN_SUCCESS, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        event_type=AuditEventType.LOGIN_FAILURE,
        outcome=AuditOutcome.FAILURE,
        username=str(credentials.get("username", ""))[:150],
        request=request,
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event_type=AuditEventType.LOGOUT, user=user, request=request)


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        event_type=AuditEventType.LOCKOUT,
        outcome=AuditOutcome.DENIED,
        username=str(username or "")[:150],
        request=request,
    )
