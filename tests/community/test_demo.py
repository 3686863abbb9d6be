"""The community part of the demo data is believable: no work done in the future (the API would refuse
it, and it inflated this week's presence) and no tag a resident's age contradicts."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.models import Activity, Hazard, Resident

pytestmark = pytest.mark.django_db


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def test_the_demo_has_no_future_work_and_no_tag_that_contradicts_age():
    call_command("seed_demo", verbosity=0)
    now, today = timezone.now(), timezone.localdate()
    assert Activity.objects.exists()
    assert not Activity.objects.filter(occurred_at__gt=now).exists()
    assert not Hazard.objects.filter(found_on__gt=today).exists()

    tagged = Resident.objects.filter(tags__isnull=False)
    assert tagged.exists()
    # Born after this day: younger than 60 / 16 / 18.
    under_60, under_16, under_18 = (_years_ago(today, n) for n in (60, 16, 18))
    assert not tagged.filter(tags__code="elderly_alone", birth_date__gt=under_60).exists()
    assert not tagged.filter(tags__code="left_behind_child", birth_date__lte=under_16).exists()
    for code in ("community_correction", "released_prisoner"):
        assert not tagged.filter(tags__code=code, birth_date__gt=under_18).exists()
