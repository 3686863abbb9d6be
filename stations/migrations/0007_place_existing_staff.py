from django.db import migrations


def place_existing(apps, schema_editor):
    """Bureaus made before the city level belong to one city bureau; the people who sat at "no
    station" (the bureau's) now sit at their bureau, or at the city when there is none."""
    City = apps.get_model("stations", "City")
    Bureau = apps.get_model("stations", "Bureau")
    StaffProfile = apps.get_model("stations", "StaffProfile")
    bureaus = list(Bureau.objects.order_by("pk"))
    unplaced = StaffProfile.objects.filter(station__isnull=True, bureau__isnull=True, city__isnull=True)
    if not bureaus and not unplaced.exists():
        return
    city, _created = City.objects.get_or_create(code="CD", defaults={"name": "常德市公安局"})
    Bureau.objects.filter(city__isnull=True).update(city=city)
    if len(bureaus) == 1:
        unplaced.update(bureau=bureaus[0])
    else:
        unplaced.update(city=city)


class Migration(migrations.Migration):
    dependencies = [("stations", "0006_city_level")]

    operations = [
        migrations.RunPython(place_existing, migrations.RunPython.noop),
    ]
