from datetime import date

from django.core.management.base import BaseCommand, CommandError

from stats.rollup import run_rollup


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Fill the statistics rollup by hand, as the periodic job does: new days, corrected days, "
        "or (--since/--until) any range for backfill; --rebuild refills everything from the first record."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_date, help="First day to refill (YYYY-MM-DD).")
        parser.add_argument("--until", type=_date, help="Last day to refill (default: today).")
        parser.add_argument("--rebuild", action="store_true", help="Refill every day from the first record on.")
        parser.add_argument("--full-window", action="store_true", help="Refill the whole trailing window.")
        parser.add_argument("--station", type=int, action="append", help="Only this station id (repeatable).")

    def handle(self, *args, since=None, until=None, rebuild=False, full_window=False, station=None, **options):
        if since and until and since > until:
            raise CommandError("--since is after --until.")
        verbosity = options["verbosity"]

        def progress(metric, start, end):
            if verbosity > 1:
                self.stdout.write(f"  {metric.key}: {start} – {end}")

        report = run_rollup(
            station_ids=station, since=since, until=until, rebuild=rebuild, full_window=full_window, on_chunk=progress
        )
        for key, ranges in report.refilled.items():
            self.stdout.write(f"{key}: {report.days(key)} days refilled in {len(ranges)} range(s)")
        for key, busy in report.skipped_busy.items():
            self.stdout.write(self.style.WARNING(f"{key}: stations {busy} busy with another run, skipped"))
