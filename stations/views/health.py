from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from wuling.celery import app as celery_app
from wuling.replica import replica_health


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


@never_cache
def healthz(request):
    """Liveness for load balancers and compose: the database and the broker; with a read replica,
    whether it answers and where reading traffic goes. A replica that is down does not make the
    answer 503: the application reads from the primary meanwhile and serves as before."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "degraded", **{k: "ok" if v else "down" for k, v in checks.items()}}
    body.update(replica_health())
    return JsonResponse(body, status=200 if healthy else 503)
