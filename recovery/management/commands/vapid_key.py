from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand

from recovery.reminders import push


class Command(BaseCommand):
    help = (
        "Makes a new VAPID key pair for reminders as notifications: set VAPID_PRIVATE_KEY "
        "to the line it prints (README). A new key stops every browser's subscription."
    )

    def handle(self, *args, **options):
        key = ec.generate_private_key(ec.SECP256R1())
        raw = key.private_numbers().private_value.to_bytes(32, "big")
        self.stdout.write(f"VAPID_PRIVATE_KEY={push.b64url(raw)}")
