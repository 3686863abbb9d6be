"""docker-compose.yml: workers scale (`--scale worker=N`), and the `replica` profile adds a streaming
replica that web and workers can read from. There is no Docker engine in CI: .ci/run validates the
file with `docker-compose config` (with and without the profile); this checks what that cannot."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_workers_have_no_fixed_name_or_port_and_each_container_is_a_node_of_its_own():
    worker = _compose()["services"]["worker"]
    assert "container_name" not in worker and "ports" not in worker and "hostname" not in worker
    assert "-n worker@%h" in worker["command"]
    # Its health check asks its own node (%h is the container's host name, $HOSTNAME in it).
    assert "--destination worker@$${HOSTNAME}" in worker["healthcheck"]["test"][1]  # $$: compose escape


def test_the_replica_profile_adds_a_standby_of_db_that_web_and_workers_can_be_pointed_at():
    services = _compose()["services"]
    replica = services["db-replica"]
    assert replica["profiles"] == ["replica"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    script = ROOT / "docker" / "replica-entrypoint.sh"
    assert any(volume.startswith("./docker/replica-entrypoint.sh:") for volume in replica["volumes"])
    assert "pg_basebackup" in script.read_text() and " -R " in script.read_text()
    assert any("allow-replication" in volume for volume in services["db"]["volumes"])
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_REPLICA_URL"] == "${DATABASE_REPLICA_URL:-}"
    assert "profiles" not in services["web"] and "profiles" not in services["worker"]
