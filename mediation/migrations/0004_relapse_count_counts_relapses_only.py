"""`reopen_count` counted every reopening but was shown as 反弹次数 (times relapsed): it becomes
`relapse_count`, recounted from the relapses on each dispute's timeline, so a reopening by hand is
no longer counted as a relapse."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def recount(apps, schema_editor):
    Dispute = apps.get_model("mediation", "Dispute")
    DisputeEvent = apps.get_model("mediation", "DisputeEvent")
    relapses = (
        DisputeEvent.objects.filter(dispute=OuterRef("pk"), action="relapsed")
        .order_by()
        .values("dispute")
        .annotate(n=Count("id"))
        .values("n")
    )
    Dispute.objects.update(relapse_count=Coalesce(Subquery(relapses), 0))


class Migration(migrations.Migration):
    dependencies = [("mediation", "0003_index_signed_and_done")]

    operations = [
        migrations.RenameField("dispute", "reopen_count", "relapse_count"),
        migrations.RenameField("historicaldispute", "reopen_count", "relapse_count"),
        migrations.AlterField(
            model_name="dispute",
            name="relapse_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="times relapsed"),
        ),
        migrations.AlterField(
            model_name="historicaldispute",
            name="relapse_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="times relapsed"),
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
