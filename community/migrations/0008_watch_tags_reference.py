"""Watch tags: 重点关注人员, 社区矫正人员, 刑满释放人员 raise queue items when the resident reappears."""

from django.db import migrations

WATCHED = ("needs_attention", "community_correction", "released_prisoner")


def mark(apps, schema_editor):
    ResidentTag = apps.get_model("community", "ResidentTag")
    ResidentTag.objects.filter(code__in=WATCHED).update(watched=True)


def unmark(apps, schema_editor):
    apps.get_model("community", "ResidentTag").objects.update(watched=False)


class Migration(migrations.Migration):
    dependencies = [("community", "0007_address_point_hazard_address_watch_tags")]

    operations = [migrations.RunPython(mark, unmark)]
