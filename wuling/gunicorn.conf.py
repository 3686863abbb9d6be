"""gunicorn settings for production (`gunicorn -c wuling/gunicorn.conf.py wuling.wsgi:application`).

The access log writes the path without its query string (`%(U)s`) and no referrer: searches by ID
number or phone put them in query strings, and no identifier may reach a log line (kit/logs.py).
"""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
