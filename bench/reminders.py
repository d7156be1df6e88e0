"""How many reminders one worker sends per minute, by email and by Web Push, against a
local SMTP sink and a local push service, side by side with the worker's own floor.

For each database, a fresh one is filled with N patients whose reminder is due now, then
`manage.py send_reminders` queues them (timed) and one `manage.py db_worker --batch`
sends them (timed), as in production (DEBUG off, an SMTP server, VAPID signing and
RFC 8291 encryption for every message). The floor is the same worker running N tasks
that do nothing, and starting up with nothing to do. Every message is counted at the
sink; a sample of the pushed ones is decrypted with the subscription's keys.
Results: bench/REMINDERS.md.

Usage: .venv/bin/python bench/reminders.py [--databases sqlite,postgres] [--reminders 1000]
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))
from bench.run import fresh_database, production_env  # noqa: E402
from tests.push_service import Browser, PushService  # noqa: E402

VAPID_KEY = "mjeZlLsI2I9X-qD-JvRYnvLtC3DeubMuwdIUD4x2t74"  # for this benchmark only


class SmtpSink:
    """Accepts every message over SMTP on 127.0.0.1 and counts it."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.count += 1
                return "250 OK"

        with socket.socket() as probe:  # a free port: the controller cannot take port 0
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def manage(env, *args):
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.monotonic() - started


def worker(env):
    return manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")


def prepare(env, what, count, subscription=None):
    """Fills the database in a fresh process (what: "email", "push" or "nothing")."""
    argument = json.dumps(subscription or {})
    manage(
        env,
        "shell",
        "-c",
        f"from bench.reminders import fill; fill({what!r}, {count}, {argument!r})",
    )


def fill(what, count, subscription):
    """Runs inside `manage.py shell`: N patients due now, or N no-op tasks queued."""
    subscription = json.loads(subscription)
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.tasks import nothing
    from recovery.models import Profile, PushSubscription, Reminder

    if what == "nothing":
        for _ in range(count):
            nothing.enqueue()
        return
    User = get_user_model()
    prefix = f"{what}-{time.time_ns()}"
    users = User.objects.bulk_create(
        User(username=f"{prefix}-{n}", email=f"{prefix}-{n}@example.com") for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=user, timezone="Europe/Berlin") for user in users)
    due = timezone.now() - datetime.timedelta(minutes=1)
    Reminder.objects.bulk_create(
        Reminder(
            user=user, enabled=True, next_due=due, by_email=what == "email", by_push=what == "push"
        )
        for user in users
    )
    if what == "push":
        PushSubscription.objects.bulk_create(
            PushSubscription(
                user=user,
                endpoint=subscription["endpoint"] + str(user.pk),
                p256dh=subscription["keys"]["p256dh"],
                auth=subscription["keys"]["auth"],
                device="Benchmark",
            )
            for user in users
        )


def run_database(kind, count, workdir, sink, service, browser):
    env = {
        **production_env(fresh_database(kind, workdir)),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "VAPID_PRIVATE_KEY": VAPID_KEY,
        "PUSH_SERVICES": service.url(""),
    }
    manage(env, "migrate", "-v0")
    rows = [{"case": "worker start-up, nothing queued", "seconds": worker(env), "messages": 0}]
    prepare(env, "nothing", count)
    rows.append(
        {"case": "no-op tasks (the queue's floor)", "seconds": worker(env), "messages": count}
    )
    for channel, counter in (
        ("email", lambda: sink.count),
        ("push", lambda: len(service.received)),
    ):
        before = counter()
        prepare(env, channel, count, browser.subscription(service.url("/push/")))
        queued = manage(env, "send_reminders")
        rows.append(
            {"case": f"queue due {channel} reminders", "seconds": queued, "messages": count}
        )
        seconds = worker(env)
        rows.append(
            {"case": f"send by {channel}", "seconds": seconds, "messages": counter() - before}
        )
    # The messages arrived encrypted for the subscription and read as a reminder.
    for _, _, body in service.received[-5:]:
        assert browser.read(body)["url"] == "/today/"
    start_up = rows[0]["seconds"]
    for row in rows:
        row["database"] = kind
        working = row["seconds"] - start_up
        row["per_minute"] = (
            row["messages"] / working * 60 if row["messages"] and working > 0 else None
        )
        print(
            f"  {kind:8} {row['case']:44} {row['seconds']:6.1f} s  {row['messages']:5} messages"
            + (f"  {row['per_minute']:8,.0f}/min" if row["per_minute"] else ""),
            flush=True,
        )
    return rows


def write_results(rows, count):
    lines = [
        "# Reminder sending",
        "",
        f"`bench/reminders.py --reminders {count}`: one `manage.py db_worker --batch` (DEBUG "
        f"off), {count} patients due at once per channel, an SMTP sink and a push service on "
        f"127.0.0.1 (aiosmtpd; tests/push_service.py), on a machine with {os.cpu_count()} cores "
        "shared by worker, database and sinks. Each email is one SMTP connection; each push "
        "is VAPID-signed and encrypted for its browser. Per minute = messages over the "
        "worker's time less its start-up with nothing queued (first row); for the queuing "
        "rows, `manage.py send_reminders` finding and queuing them, less the same start-up.",
        "",
        "| database | case | seconds | reminders or tasks | per minute |",
        "|---|---|---:|---:|---:|",
    ]
    for row in rows:
        rate = f"{row['per_minute']:,.0f}" if row["per_minute"] else ""
        lines.append(
            f"| {row['database']} | {row['case']} | {row['seconds']:.1f} | "
            f"{row['messages']} | {rate} |"
        )
    (ROOT / "bench" / "REMINDERS.md").write_text("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--reminders", type=int, default=1000)
    args = parser.parse_args()
    asyncio.set_event_loop(asyncio.new_event_loop())
    rows = []
    browser = Browser()
    with tempfile.TemporaryDirectory() as workdir, SmtpSink() as sink, PushService() as service:
        for kind in args.databases.split(","):
            rows += run_database(kind, args.reminders, Path(workdir), sink, service, browser)
    write_results(rows, args.reminders)
    print("Written to bench/REMINDERS.md")


if __name__ == "__main__":
    main()
