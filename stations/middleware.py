import logging
import uuid

logger = logging.getLogger("wuling.errors")


class ErrorReferenceMiddleware:
    """Gives every unhandled error a reference id, logged with the traceback and
    shown on the 500 page, so a user's report can be matched to the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reference = uuid.uuid4().hex[:12].upper()
        request.error_reference = reference
        logger.error("Unhandled error, reference %s, path %s", reference, request.path, exc_info=exception)
        return None
