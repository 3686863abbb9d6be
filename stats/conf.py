"""The statistics settings (settings.WULING, from the environment), with their defaults."""

from django.conf import settings

DEFAULTS = {
    # Days before today recomputed: corrected days on every run, all of them nightly.
    "STATS_TRAILING_DAYS": 90,
    # How often beat runs the rollup.
    "STATS_ROLLUP_MINUTES": 15,
    # Longest period a dashboard, the API or an export may ask for.
    "STATS_MAX_RANGE_DAYS": 3 * 366,
    # A claim on a station's fill state lapses after this long unless its run renews it (stats.lease):
    # a killed worker's stations are taken over within two minutes.
    "STATS_CLAIM_SECONDS": 2 * 60,
    # Longest a dashboard's figures stay cached (stats.cache); each rollup run invalidates them anyway.
    "STATS_CACHE_SECONDS": 15 * 60,
}


def stats_setting(name: str):
    return getattr(settings, "WULING", {}).get(name, DEFAULTS[name])
