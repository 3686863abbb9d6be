"""`make test` runs the suite on pytest-xdist workers: they share nothing, and CI's rule on skips still holds."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run by a pytest of its own, on two workers, each running every test (--dist each).
PROBE = """
import json, os
from pathlib import Path

import pytest
from django.conf import settings


def test_where_this_worker_keeps_its_state(django_db_modify_db_settings):
    worker = os.environ["PYTEST_XDIST_WORKER"]
    (Path(os.environ["PROBE_OUT"]) / worker).write_text(json.dumps({
        "var_dir": str(settings.VAR_DIR),
        "database": settings.DATABASES["default"]["TEST"]["NAME"],
        "queue": settings.CELERY_TASK_DEFAULT_QUEUE,
        "cache_prefix": settings.CACHES["default"]["KEY_PREFIX"],
    }))


def test_a_service_that_is_not_there():
    pytest.skip("no such service here")
"""


def run_probe(tmp_path, **env):
    (tmp_path / "test_probe.py").write_text(PROBE)
    out = tmp_path / "out"
    out.mkdir()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WULING_TEST_", "CI"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         "-p", "tests.fixtures.ci", "-p", "no:cacheprovider", "-n", "2", "--dist", "each", "-q",
         str(tmp_path / "test_probe.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**inherited, "PYTHONPATH": str(ROOT), "WULING_VAR_DIR": str(tmp_path / "var"),
             "PROBE_OUT": str(out), **env},
    )  # fmt: skip
    seen = {path.name: json.loads(path.read_text()) for path in out.iterdir()}
    return result, seen


def test_xdist_workers_share_no_folder_database_queue_or_cache_and_ci_still_fails_on_a_skip(tmp_path):
    result, seen = run_probe(tmp_path, CI="true")

    assert sorted(seen) == ["gw0", "gw1"], result.stdout + result.stderr
    for worker, state in seen.items():
        assert state["var_dir"] == str(tmp_path / "var" / worker)
        assert state["database"].endswith(f"_{worker}")
        assert worker in state["queue"] and worker in state["cache_prefix"]
    for key in ("var_dir", "database", "queue", "cache_prefix"):
        assert seen["gw0"][key] != seen["gw1"][key]

    assert result.returncode == 1, result.stdout + result.stderr
    assert "CI forbids skipped tests; 2 skipped" in result.stdout
