"""The reference list of resident tags (重点人员标签) every station uses."""

from django.db import migrations

TAGS = [
    ("elderly_alone", "独居老人", 10),
    ("left_behind_child", "留守儿童", 20),
    ("rental_tenant", "出租屋租户", 30),
    ("needs_attention", "重点关注人员", 40),
    ("disabled", "残疾人", 50),
    ("mental_health", "严重精神障碍患者", 60),
    ("community_correction", "社区矫正人员", 70),
    ("released_prisoner", "刑满释放人员", 80),
    ("drug_user", "吸毒人员", 90),
    ("fraud_risk", "易受骗人群", 100),
    ("volunteer", "平安志愿者", 110),
]


def add_tags(apps, schema_editor):
    ResidentTag = apps.get_model("community", "ResidentTag")
    for code, name, order in TAGS:
        ResidentTag.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("community", "0002_registers_work_log_patrols_posts_imports")]

    operations = [migrations.RunPython(add_tags, migrations.RunPython.noop)]
