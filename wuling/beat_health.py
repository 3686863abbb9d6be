"""Health check of Celery beat (docker-compose): is beat still writing its schedule file?

Beat has no worker to answer `celery inspect ping`. What it does do while it
works is write its schedule file: once at start, then at least every few
minutes (celery's PersistentScheduler syncs every 3 minutes, and beat wakes at
least every 5, beat_max_loop_interval). A file older than the limit means beat
has stopped ticking, hung on the broker or dead, even if its process is there.

    python -m wuling.beat_health SCHEDULE_FILE [MAX_AGE_SECONDS]

Exits 0 when the file is fresh, 1 with the reason otherwise. It does not load
Django: compose runs it every minute.
"""

import sys
import time
from pathlib import Path

DEFAULT_MAX_AGE = 10 * 60


def schedule_age(schedule: Path) -> float | None:
    """Seconds since beat last wrote the schedule; None when there is none.

    The schedule is a shelve, and the dbm flavour of the Python at hand picks
    its files: `NAME` alone, `NAME.db`, or `NAME.dat`/`.dir`/`.bak`.
    """
    files = [path for path in schedule.parent.glob(f"{schedule.name}*") if path.is_file()]
    if not files:
        return None
    return time.time() - max(path.stat().st_mtime for path in files)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schedule = Path(argv[0])
    max_age = float(argv[1]) if len(argv) == 2 else DEFAULT_MAX_AGE
    age = schedule_age(schedule)
    if age is None:
        print(f"beat unhealthy: no schedule file {schedule}*", file=sys.stderr)
        return 1
    if age > max_age:
        print(f"beat unhealthy: {schedule} last written {age:.0f} s ago (limit {max_age:.0f} s)", file=sys.stderr)
        return 1
    print(f"beat healthy: {schedule} written {age:.0f} s ago")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
