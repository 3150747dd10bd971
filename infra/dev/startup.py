"""Run by run.sh in the background once the worker and the web server are started.

1. Queues, once, every daily entry of the beat schedule (platform/celery.py), in the order of
   the day: the beat runs them at fixed hours only, so a demo started in the afternoon would
   show yesterday's duties and reminders until the next morning. Each run is idempotent. The
   daily backups are left to the beat: a pg_dump and a restore drill of every province is no
   start-up work, and the beat catches a missed day up when it starts again.
2. Waits for the web server to answer, then prints what `hoso_setup --demo` said (the first
   argument): every province's address and its demo sign-ins.
"""

import os
import sys
import time
import urllib.request

import django

LEFT_TO_THE_BEAT = {"backups-daily"}
READY_SECONDS = 120


def daily_entries_queue() -> list[str]:
    from celery.schedules import crontab
    from hoso.celery import app

    daily = [(name, entry) for name, entry in app.conf.beat_schedule.items()
             if isinstance(entry["schedule"], crontab) and len(entry["schedule"].hour) == 1
             and name not in LEFT_TO_THE_BEAT]
    daily.sort(key=lambda item: (min(item[1]["schedule"].hour), min(item[1]["schedule"].minute)))
    for _, entry in daily:
        app.send_task(entry["task"], kwargs=entry.get("kwargs", {}))
    return [name for name, _ in daily]


def web_wait(port: str) -> bool:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.base")
    django.setup()
    queued = daily_entries_queue()
    port = os.environ.get("PORT", "8000")
    if not web_wait(port):
        print(f"The web server does not answer on port {port}.", file=sys.stderr)
        return 1
    table = sys.argv[1] if len(sys.argv) > 1 else ""
    print(f"\n{table}\nDaily runs queued at start-up: {', '.join(queued)}. Ctrl-C stops everything.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
