"""Sign-in events go to the audit log; sign-out and credential changes end API tokens.
Connected in StationsConfig.ready()."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from stations.choices import AuditEventType, AuditOutcome
from stations.services import audit_record, revoke_api_tokens


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
        revoke_api_tokens(user=user, reason="sign-out", request=request)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="revoke_tokens_on_credentials_change")
def _credentials_changed(sender, instance, raw=False, **kwargs):
    """A new password or a deactivated account ends every API token, wherever it was changed
    (the admin, a management command, a future self-service page): the one place that sees all."""
    if raw or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        revoke_api_tokens(user=instance, reason="password change")
    elif before["is_active"] and not instance.is_active:
        revoke_api_tokens(user=instance, reason="deactivation")


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        event_type=AuditEventType.LOCKOUT,
        outcome=AuditOutcome.DENIED,
        username=str(username or "")[:150],
        request=request,
    )
