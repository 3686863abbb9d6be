import random
from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

from stations.demo import DemoContext
from stations.models import Station

# Each app's demo module, in dependency order; each has `seed(context)`.
SEEDERS = [
    "stations.demo",
    "community.demo",
    "cases.demo",
    "mediation.demo",
    "places.demo",
    "staffing.demo",
    "equipment.demo",
    "antifraud.demo",
    "control.demo",
    "stats.demo",
]


class Command(BaseCommand):
    help = "Build the demo sub-bureau (武陵分局). Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any station exists.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")

    def handle(self, *args, if_empty=False, seed=2026, **options):
        if if_empty and Station.objects.exists():
            self.stdout.write("Database already has data; demo data not loaded.")
            return
        Faker.seed(seed)
        ctx = DemoContext(rng=random.Random(seed), faker=Faker("zh_CN"))
        for module_name in SEEDERS:
            if find_spec(module_name) is None:  # an app without demo data yet
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.seed(ctx)
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with the demo logins in README.md."))
