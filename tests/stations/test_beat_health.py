"""docker-compose's health check of beat: healthy while beat writes its schedule, not once it stops."""

import os
import re
import subprocess
import sys
import time

from tests.fixtures.worker import ROOT


def beat_health(schedule, max_age=600):
    return subprocess.run(
        [sys.executable, "-m", "wuling.beat_health", str(schedule), str(max_age)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_running_beat_is_healthy_and_a_stale_schedule_is_not(tmp_path):
    schedule = tmp_path / "celerybeat-schedule"
    assert beat_health(schedule).returncode == 1, "no schedule yet: beat has not started"

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "WULING_VAR_DIR": str(tmp_path)}
    log = (tmp_path / "beat.log").open("w")
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wuling", "beat", "--loglevel=INFO", f"--schedule={schedule}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("celerybeat-schedule*")):
            assert beat.poll() is None, (tmp_path / "beat.log").read_text()
            assert time.monotonic() < deadline, "beat wrote no schedule within 60 s"
            time.sleep(0.2)
        healthy = beat_health(schedule)
        assert healthy.returncode == 0, healthy.stderr
    finally:
        beat.terminate()
        beat.wait(timeout=30)

    eleven_minutes_ago = time.time() - 11 * 60
    for path in tmp_path.glob("celerybeat-schedule*"):
        os.utime(path, (eleven_minutes_ago, eleven_minutes_ago))
    stale = beat_health(schedule)
    assert stale.returncode == 1
    assert re.search(r"last written 66\d s ago \(limit 600 s\)", stale.stderr), stale.stderr
