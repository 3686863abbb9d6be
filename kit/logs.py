"""Log lines that carry no personal data.

An officer searching by ID number or phone puts it in the query string (`?q=430702…`); a request
log line would then keep it for as long as logs are kept. Every handler of the project drops query
strings from what it writes (the path stays, to see what was asked for), and gunicorn's access log
is configured the same way (wuling/gunicorn.conf.py).
"""

import logging
import re

# A "?" that starts a query string inside a URL or request line, up to the next space or quote.
_QUERY = re.compile(r"(?<=[^\s?])\?[^\s\"']*")


def without_query_strings(text: str) -> str:
    return _QUERY.sub("?…", text)


class DropQueryStrings(logging.Filter):
    """Rewrites each record's message with its query strings cut (the record is kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = without_query_strings(message), ()
        return True
