"""Benchmark (run by hand, or `tests/perf/run.py bench_fleet_duties`): the daily duty run
(core.transfers.services.daily.duties_daily_run: scheduled reports, approval windows, the
month's backup, career duties, reminders, the month's incomplete-dossier reminders) over a
fleet of provinces of many people each.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_fleet_duties.py [--provinces 34] [--people 60000]

Creates (or reuses) provinces `fleet-duty-01`… filled like bench_statistics (40 agencies of 5
departments, people with dossiers, placements, degrees, salary history, appointments), then
gives every person an active account (as a province in use has: the first run of the month
measures every dossier and tells each person what theirs lacks), then runs each province's day twice, one province after another as one worker would: the first run
of the day (every duty opened, every reminder sent) and the second (nothing left to do), both
rolled back so the province stays as generated. Prints each province's times and the fleet's
total; with fewer provinces than --fleet, the total for the fleet is extrapolated from the
median province (and printed as such). Budget: 34 provinces × 60,000 people < 5 minutes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--fleet", type=int, default=34, help="the fleet the total is given for")
    parser.add_argument("--accounts", type=int, default=None,
                        help="people given an active account (default: every one, as in a province in use; the "
                             "month's incomplete-dossier reminders go to each of them)")
    parser.add_argument("--fill-only", action="store_true",
                        help="fill the provinces and stop: filling 34 provinces takes far longer than their run, "
                             "so fill once, then time the run on a quiet machine")
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.catalogues.services import catalogues_ensure_loaded
    from core.models import Person
    from core.operations.onboarding import province_onboard
    from core.transfers.services.daily import duties_daily_run
    from tenants.services import platform_ensure
    from tests.perf.bench_statistics import _fill
    from tests.perf.fleet_fill import province_copy, seals_shared

    platform_ensure()
    catalogues_ensure_loaded()
    first: list[float] = []
    again: list[float] = []
    filled = 0.0
    source = ""  # the first province filled in Python; the others are copies of its rows (tests/perf/fleet_fill.py)
    for index in range(1, args.provinces + 1):
        started = time.perf_counter()
        province = province_onboard(code=f"fleet-duty-{index:02d}", name=f"Fleet {index:02d}",
                                    official_name=f"Tỉnh Fleet {index:02d}", subdomain=f"fleetduty{index:02d}").province
        with tenant_context(province):
            if source and not Person.objects.exists():
                province_copy(source, province.schema_name)
                how = f"chép từ {source}"
            else:
                with seals_shared():
                    _fill(args.people)
                _accounts_give(args.people if args.accounts is None else args.accounts)
                how = "tạo mới"
                if Person.objects.count() == args.people:
                    source = province.schema_name
            filled += time.perf_counter() - started
            if args.fill_only:
                print(f"{province.code}: đã có {args.people} người ({how}, {time.perf_counter() - started:.1f} s)",
                      flush=True)
                continue
            with transaction.atomic():
                started = time.perf_counter()
                result = duties_daily_run()
                first.append(time.perf_counter() - started)
                started = time.perf_counter()
                duties_daily_run()
                again.append(time.perf_counter() - started)
                transaction.set_rollback(True)
        connection.set_schema_to_public()
        print(f"{province.code}: lần đầu trong ngày {first[-1]:6.1f} s, lần hai {again[-1]:5.1f} s   "
              f"({result.career_duties_opened} nghĩa vụ nghề nghiệp, {result.incomplete_reminded} nhắc hồ sơ thiếu)",
              flush=True)
    print(f"{args.provinces} tỉnh × {args.people} người: khởi tạo và điền trong {filled:.0f} s", flush=True)
    if args.fill_only:
        return
    total = sum(first)
    median = statistics.median(first)
    fleet = total if args.provinces >= args.fleet else median * args.fleet
    how = "đo" if args.provinces >= args.fleet else f"ước tính: trung vị {median:.1f} s × {args.fleet} tỉnh"
    print(f"{args.provinces} tỉnh × {args.people} người: tổng lần đầu {total:.1f} s; "
          f"{args.fleet} tỉnh: {fleet:.0f} s ({how})")
    print(f"RESULT duty run {args.provinces} x {args.people} people: first run of the day median {median:.1f} s "
          f"per province, second {statistics.median(again):.1f} s; {args.fleet} provinces "
          f"{'measured' if args.provinces >= args.fleet else 'extrapolated'} {fleet / 60:.1f} min (target < 5 min)")


def _accounts_give(wanted: int) -> None:
    """Active accounts for the first `wanted` working people, as a province in use has: with none,
    the first run of the month skips the incomplete-dossier measure of every dossier
    (core.transfers.services.incomplete_reminders), and the figure would leave out its worst day."""
    from core.models import PersonStatus

    # Two statements sent by the server (bulk_create then bulk_update took minutes per province).
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_person WHERE account_id IS NOT NULL")
        missing = max(0, wanted - cursor.fetchone()[0])
        cursor.execute(
            "INSERT INTO accounts_account (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined, full_name, must_change_password)"
            " SELECT '', false, %s || '-' || id, '', '', '', false, true, now(), '', false FROM core_person"
            " WHERE status = %s AND account_id IS NULL ORDER BY id LIMIT %s",
            [connection.schema_name, PersonStatus.WORKING, missing])
        cursor.execute("UPDATE core_person p SET account_id = a.id FROM accounts_account a"
                       " WHERE p.account_id IS NULL AND a.username = %s || '-' || p.id", [connection.schema_name])


if __name__ == "__main__":
    main()
