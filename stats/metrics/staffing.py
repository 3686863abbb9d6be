"""Metrics of where the force is (派出所主防): the community squad's share of each station's police,
the front line's share of the sub-bureau's, and the awards that went to the stations. Read from the
assignments and awards themselves at the period's end (staffing.selectors.add_stats_counts), like
the anti-fraud app's coverage from the register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.metrics.base import PERCENT, Metric, RecordsLink


def _add_counts(user, scope, periods, unit_sums, total_sums) -> None:
    from staffing.selectors import add_stats_counts

    add_stats_counts(user, scope, periods, unit_sums, total_sums)


ASSIGNMENTS = RecordsLink(url_name="staffing:assignment-list", date_from=None, date_to=None, community_param=None)
AWARDS = RecordsLink(
    url_name="staffing:award-list", date_from="awarded_after", date_to="awarded_before", community_param=None
)

METRICS: list[Metric] = [
    Metric(
        key="community_squad_share",
        label=_("Community policing squad share"),
        definition=_(
            "Police (民警, not auxiliaries) posted in the community policing squad ÷ police posted at the "
            "stations, in per cent, on the period's last day (today for a period not ended), from the "
            "assignments (target for each station: at least 40%)."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="staffing:community_squad_police",
        denominator="staffing:station_police",
        snapshot=True,
        snapshot_counts=_add_counts,
        records=ASSIGNMENTS,
    ),
    Metric(
        key="front_line_share",
        label=_("Front-line share"),
        definition=_(
            "Police posted at the stations ÷ all police of the sub-bureau (the stations and the bureau's own "
            "offices), in per cent, on the period's last day, from the assignments (target: at least 60%). A "
            "station's own figure is 100%."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="staffing:station_police",
        denominator="staffing:all_police",
        snapshot=True,
        snapshot_counts=_add_counts,
        records=ASSIGNMENTS,
    ),
    Metric(
        key="awards_to_stations_share",
        label=_("Awards and promotions to stations"),
        definition=_(
            "Awards and promotions given in the period to people posted at the stations ÷ all given, in per cent "
            "(target: more than 70%)."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="staffing:awards_to_stations",
        denominator="staffing:awards",
        snapshot=True,
        snapshot_counts=_add_counts,
        records=AWARDS,
    ),
]
