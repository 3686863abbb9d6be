import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stations.models import Community


class CommunityTable(tables.Table):
    name = tables.Column(linkify=True)
    station = tables.Column(verbose_name=_("station"))
    population = tables.Column(verbose_name=_("population (latest year)"), orderable=False, empty_values=())

    class Meta:
        model = Community
        fields = ["name", "station", "kind", "population"]

    def render_population(self, record):
        populations = list(record.populations.all())  # prefetched, newest first
        return f"{populations[0].population:,} ({populations[0].year})" if populations else "—"
