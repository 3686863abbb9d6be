from wuling import checks  # noqa: F401 - registers the start-up checks
from wuling.celery import app as celery_app

__all__ = ["celery_app"]
