from django.core.management.base import BaseCommand

from recovery.reminders import schedule


class Command(BaseCommand):
    help = (
        "Queues the check-in reminders that are due (run every few minutes: README). "
        "Running it twice queues nothing twice."
    )

    def handle(self, *args, **options):
        queued = schedule.dispatch()
        if options["verbosity"] > 1 or queued:
            self.stdout.write(f"Queued {queued} reminder{'s' if queued != 1 else ''}.")
