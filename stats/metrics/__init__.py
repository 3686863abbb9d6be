"""The one registry of metrics: key, label, definition, SQL, and the records behind a figure.

A *stored* metric has `sql`: a function of the database dialect and a
subgroup expression returning one `SELECT … GROUP BY` over the raw table
that yields (station_id, community_id, day, subgroup, value). The rollup
(stats/rollup.py) wraps it in `INSERT INTO stats_statrow … SELECT`, once
per entry of `dimensions` (subgroup "" is the total; "category:fraud" a
part). Every stored value is additive, so months are sums of days, and a
median is read from a histogram (subgroup = the bucket).

*Derived* metrics (rates, per 10,000 residents, medians) are computed from
stored ones in `stats/derive.py`, in one place. A metric whose records do
not exist yet carries `unavailable_reason`; adding it later is filling in
its `sql` (and `source`) here and nothing else.

The package, by sub-domain:
- `base`: `Metric`, `Source`, `RecordsLink`, and `grouped_sql`, the usual SQL;
- `cases`: incidents and criminal cases (counts, clearance, the two medians);
- `mediation`: disputes, agreements, follow-ups;
- `community`: the work log, hazards, patrols, officers' days in the community;
- `control`: the control centre's assessment of each station (orders signed and done on time, the burden);
- `registry`: `REGISTRY` in display order, `METRICS` by key, `stored_metrics()`.
Import from `stats.metrics`, not from the modules.
"""

from stats.metrics.base import Metric, RecordsLink, Source, grouped_sql
from stats.metrics.registry import METRICS, REGISTRY, stored_metrics

__all__ = ["METRICS", "REGISTRY", "Metric", "RecordsLink", "Source", "grouped_sql", "stored_metrics"]
