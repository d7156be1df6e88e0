import datetime
import time

from django.core.management.base import BaseCommand

from recovery import demo


class Command(BaseCommand):
    help = (
        "Replaces all demo data with realistic, reproducible patients, and the demo account "
        f"'{demo.DEMO_USERNAME}' (password '{demo.DEMO_PASSWORD}')."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=20, help="demo patients besides 'demo'")
        parser.add_argument("--days", type=int, default=120, help="days of history each")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")

    def handle(self, *args, patients, days, seed, **options):
        if patients < 0 or not 1 <= days <= 5 * 366:
            self.stderr.write("Give --patients 0 or more and --days between 1 and 1830.")
            return
        started = time.monotonic()
        result = demo.seed(
            patients, days, seed=seed, today=datetime.date.today(), progress=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['patients']} patients, {result['rows']:,} rows in "
                f"{time.monotonic() - started:.1f} s. Courses: {result['courses']}. "
                f"Sign in as {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD}."
            )
        )
