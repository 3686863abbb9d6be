"""A real worker process answers on each broker the application supports."""

import os
import subprocess
import sys

import pytest
from celery import Celery
from django.conf import settings

from tests.fixtures.worker import ROOT

pytestmark = [pytest.mark.worker]


def filesystem_broker(var_dir):
    broker_dir, results_dir = var_dir / "celery" / "broker", var_dir / "celery" / "results"
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(broker_dir),
            "data_folder_out": str(broker_dir),
            "control_folder": str(var_dir / "celery" / "control"),
            "store_processed": False,
        },
        "result_backend": f"file://{results_dir}",
    }


BROKERS = ["filesystem", "redis"] if settings.REDIS_URL else ["filesystem"]


@pytest.mark.parametrize("broker", BROKERS)
def test_worker_answers_the_health_task(broker, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "tests.settings", "WULING_VAR_DIR": str(tmp_path)}
    if broker == "redis":
        env["REDIS_URL"] = settings.REDIS_URL
        config = {"broker_url": env["REDIS_URL"], "result_backend": env["REDIS_URL"]}
    else:
        config = filesystem_broker(tmp_path)
    for folder in ("celery/broker", "celery/results", "celery/control"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)

    sender = Celery("probe")
    # The worker loads tests.settings, whose queue is per xdist worker.
    config["task_default_queue"] = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    sender.conf.update(config, task_serializer="json", accept_content=["json"], result_serializer="json")
    log = (tmp_path / "worker.log").open("w")
    before = set(ROOT.iterdir())
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wuling", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        result = sender.send_task("stations.tasks.ping")
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert "stations.tasks.ping" in (tmp_path / "worker.log").read_text()
    # kombu's filesystem transport once made its "control" folder here (an app of that name lives here
    # now): the worker leaves the working directory as it found it.
    # (var/ is the application's own, made by tests running beside this one.)
    appeared = set(ROOT.iterdir()) - before - {ROOT / ".pytest_cache", ROOT / "var"}
    assert not appeared, f"the broker wrote into the working directory: {appeared}"


@pytest.mark.django_db(transaction=True)
def test_worker_fixture_runs_tasks_on_the_configured_broker(celery_worker):
    from stations.tasks import ping

    assert ping.delay().get(timeout=30) == "pong"
    expected = "redis" if settings.REDIS_URL else "filesystem"
    assert settings.CELERY_BROKER_URL.startswith(expected)


def test_beat_schedule_lives_in_settings():
    from wuling.celery import app

    assert app.conf.beat_schedule["worker-heartbeat"]["task"] == "stations.tasks.heartbeat"
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
