import logging
import uuid

from django import db
from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("wuling.errors")


# What a client asked for wrongly (a record not there or not theirs, a right they lack, a malformed
# request): Django answers 404/403/400 itself. Logged as such, without a traceback, so that the
# ERROR lines are the server's own faults and nobody is woken at night by a mistyped URL.
CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


# The database restarting or out of reach: not a bug to trace but a moment to wait, said in the
# client's language (JSON with a retry hint for the API, the styled page for a browser).
DATABASE_UNAVAILABLE = (db.OperationalError, db.InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": str(_("The database is not answering for a moment: try again shortly.")),
             "code": "database_unavailable"},
            status=503,
        )  # fmt: skip
    else:
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(render_to_string("503.html", {"path": request.path}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ErrorReferenceMiddleware:
    """Gives every unhandled server error a reference id, logged with the traceback and
    shown on the 500 page, so a user's report can be matched to the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.warning("Database unavailable, path %s: %s", request.path, exception)
            return database_unavailable(request)
        if isinstance(exception, CLIENT_ERRORS):
            level = logging.INFO if isinstance(exception, Http404) else logging.WARNING
            logger.log(level, "Client error %s, path %s", type(exception).__name__, request.path)
            return None
        reference = uuid.uuid4().hex[:12].upper()
        request.error_reference = reference
        logger.error("Unhandled error, reference %s, path %s", reference, request.path, exc_info=exception)
        return None


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose English with the switch.

    The browser's Accept-Language is ignored on purpose: intranet PCs often
    run English-language systems, and officers expect the Chinese interface.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
