"""Measured sizes for infra/scaling.md (run by hand, not in `make test`):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_infra_scale \\
        .venv/bin/python tests/perf/scale_sizes.py --people 60000 --months 3

On that database (made if missing): the five demo provinces as `hoso_setup --demo` makes them,
then Lào Cai grown to `--people` people by bulk inserts of what a dossier carries (placement,
degrees, work history, evaluations, salary history, a training, four or five relatives, the
first dossier version as the services snapshot it), then `--months` months of
activity added to Lào Cai at the rates below, then every table of Lào Cai's schema measured
(rows, and bytes with indexes and TOAST by `pg_total_relation_size`) and printed as Markdown.

Monthly activity per province (assumptions, written in infra/scaling.md):
- CHANGE_SHARE of the people have one change set a month, applied: two items, one attachment
  row (the file itself is in S3), one new dossier version (a full snapshot, as the service
  writes it), six audit rows (create, values, attach, submit, review, apply);
- every person signs in SIGN_INS times a month (one audit row each);
- READS dossier reads by someone else per person a month (officers, admins, approvers: one
  DossierReadLog row each).
The rows are written by bulk inserts with the shapes the services write; the run is idempotent
(people and months already there are kept).
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import psycopg  # noqa: E402

CHANGE_SHARE = 0.05
SIGN_INS = 2
READS = 4
SCALE_SERIAL_FROM = 200_000  # far from the demo personas' serials (001231–001238)


def _database_ensure() -> None:
    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--province", default="lao-cai")
    args = parser.parse_args()
    _database_ensure()

    import django

    django.setup()
    from django.core.management import call_command
    from django_tenants.utils import schema_context, tenant_context

    from tenants.models import Province

    started = time.perf_counter()
    call_command("migrate_schemas", "--shared", verbosity=0)
    call_command("hoso_setup", "--demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"5 tỉnh demo: {time.perf_counter() - started:.0f} s", flush=True)
    with schema_context("public"):
        province = Province.objects.get(code=args.province)
    with tenant_context(province):
        _people_grow(province, args.people)
        _history_add(args.months)
    _measure(province.schema_name, args)


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Giàng", "Vàng", "Lý", "Hà", "Cầm"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Mai", "Nam", "Phương",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Xuân", "Yến", "Páo", "Sùng", "Dợ"]
PLACES = ["xã Bản Xèo, huyện Bát Xát, tỉnh Lào Cai", "phường Cốc Lếu, thành phố Lào Cai, tỉnh Lào Cai",
          "xã Tả Van, thị xã Sa Pa, tỉnh Lào Cai", "phường Yên Ninh, thành phố Yên Bái, tỉnh Yên Bái"]
RELATIONS = [("own", "Bố đẻ", "Làm ruộng"), ("own", "Mẹ đẻ", "Nội trợ"), ("spouse", "Vợ/Chồng", "Giáo viên"),
             ("own", "Con", "Học sinh"), ("spouse", "Bố vợ/chồng", "Hưu trí")]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _people_grow(province, total: int) -> None:  # type: ignore[no-untyped-def]
    """People with what a real dossier carries: placement, one or two degrees, work history,
    three evaluations, salary history, a training, four or five relatives, the first version."""
    from datetime import date
    from decimal import Decimal

    from django.db import transaction

    from core.base.text import search_normalise
    from core.dossier_values import dossier_prefetch, dossier_snapshot
    from core.models import (
        Degree,
        Dossier,
        DossierVersion,
        Evaluation,
        FamilyMember,
        OrgUnit,
        Person,
        Placement,
        SalaryHistory,
        Training,
        WorkHistory,
    )

    have = Person.objects.count()
    if have >= total:
        print(f"{have} người đã có.", flush=True)
        return
    from core.operations.demo.data import PROVINCE_DATA

    prefix = PROVINCE_DATA[province.code].id_prefix
    units = list(OrgUnit.objects.filter(parent__isnull=False, dissolved_on__isnull=True))
    rng = random.Random(have)
    started = time.perf_counter()
    serial = SCALE_SERIAL_FROM + have
    while have < total:
        count = min(2_000, total - have)
        people, rows, dossiers = [], [], []
        for i in range(count):
            name = _name(rng)
            female = rng.random() < 0.55
            born = date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
            people.append(Person(
                national_id=f"{prefix}{(born.year // 100 - 19) * 2 + int(female)}{born.year % 100:02d}{serial + i:06d}",
                full_name=name, search_name=search_normalise(name), gender="female" if female else "male",
                birth_date=born, birth_year=born.year, birth_month=born.month,
                category=rng.choice(("cong_chuc", "vien_chuc", "vien_chuc", "vien_chuc")),
                org_unit=rng.choice(units)))
        with transaction.atomic():
            people = Person.objects.bulk_create(people)
            for person in people:
                recruited = date(min(person.birth_year + rng.randint(22, 30), 2024), rng.choice((3, 6, 9)), 1)
                step = rng.randint(1, 9)
                dossiers.append(Dossier(
                    person=person, ethnic_group_code=rng.choice(("01", "01", "02", "03", "04", "05")),
                    religion_code="00", phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    current_position=rng.choice(("Chuyên viên", "Giáo viên", "Bác sĩ", "Kế toán viên")),
                    rank_code=rng.choice(("01.003", "01.002", "V.07.05.15", "V.08.01.03")),
                    rank_appointed_on=recruited, first_recruited_on=recruited,
                    joined_current_agency_on=recruited, salary_scale_code="A1", salary_step=step,
                    salary_coefficient=Decimal("2.34") + Decimal("0.33") * (step - 1), salary_effective_on=recruited,
                    highest_qualification="Đại học", general_education="12/12"))
                rows.append(Placement(person=person, org_unit=person.org_unit, start=recruited,
                                      position="Chuyên viên", reason="Tuyển dụng"))
                rows += [Degree(person=person, level_code=rng.choice(("DH", "THS")), field="Quản lý nhà nước",
                                institution="Học viện Hành chính Quốc gia", mode="Chính quy",
                                year=recruited.year - 1 - k) for k in range(rng.randint(1, 2))]
                rows += [WorkHistory(person=person, start=date(recruited.year + 4 * k, 1, 1),
                                     end=None if k else date(recruited.year + 4, 1, 1),
                                     unit_name=f"{person.org_unit.name}, {province.official_name}",
                                     position="Chuyên viên", duties="Tham mưu, tổng hợp") for k in range(2)]
                rows += [Evaluation(person=person, year=2023 + k, grade=rng.choice(("good", "good", "excellent")))
                         for k in range(3)]
                rows += [SalaryHistory(person=person, effective_on=date(recruited.year + 3 * k, 1, 1),
                                       rank_code="01.003", step=k + 1,
                                       coefficient=Decimal("2.34") + Decimal("0.33") * k) for k in range(3)]
                rows.append(Training(person=person, kind="political_theory", start=date(2019, 3, 1),
                                     end=date(2019, 9, 1), institution="Trường Chính trị tỉnh",
                                     subject="Trung cấp lý luận chính trị - hành chính", mode="Tập trung"))
                rows += [FamilyMember(person=person, side=side, relation=relation, full_name=_name(rng),
                                      birth_year=rng.randint(1940, 2015), home_town=rng.choice(PLACES),
                                      occupation=work, workplace="", address=rng.choice(PLACES))
                         for side, relation, work in RELATIONS[:rng.randint(4, 5)]]
            Dossier.objects.bulk_create(dossiers)
            by_model: dict[type, list[object]] = {}
            for row in rows:
                by_model.setdefault(type(row), []).append(row)
            for model, some in by_model.items():
                model.objects.bulk_create(some)  # type: ignore[attr-defined]
            fresh = Person.objects.filter(pk__in=[p.pk for p in people]).select_related("dossier").prefetch_related(
                *dossier_prefetch())
            DossierVersion.objects.bulk_create([
                DossierVersion(person=person, number=person.version, snapshot=dossier_snapshot(person))
                for person in fresh.iterator(chunk_size=500)])
        have += count
        serial += count
        print(f"  {have} người ({time.perf_counter() - started:.0f} s)", flush=True)


def _history_add(months: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from core.base.accounts.models import Account
    from core.base.audit.models import AuditEvent
    from core.models import (
        Attachment,
        ChangeItem,
        ChangeSet,
        ChangeSetState,
        DossierReadLog,
        DossierVersion,
        Person,
        ReadChannel,
        RoleGrant,
    )

    done = ChangeSet.objects.filter(note__startswith="scale:").dates("changed_on", "month").count()
    if done >= months:
        print(f"{done} tháng hoạt động đã có.", flush=True)
        return
    rng = random.Random(11)
    people = list(Person.objects.values_list("pk", flat=True))
    staff = list(Account.objects.values_list("pk", "username")[:50])
    grants = list(RoleGrant.objects.values_list("pk", flat=True)[:20])
    today = timezone.now()
    for month in range(done, months):
        started = time.perf_counter()
        at = today - timedelta(days=30 * (months - month))
        changed = rng.sample(people, int(len(people) * CHANGE_SHARE))
        latest = {v.person_id: v.snapshot for v in DossierVersion.objects.filter(number=1, person_id__in=changed)}
        with transaction.atomic():
            sets = ChangeSet.objects.bulk_create([
                ChangeSet(person_id=pk, state=ChangeSetState.APPROVED, changed_on=at.date(),
                          note=f"scale:{month} Bổ nhiệm lại, nâng bậc lương theo quyết định",
                          base_version=1, version=4, created_by_id=staff[0][0], submitted_by_id=staff[0][0],
                          submitted_at=at, reviewed_by_id=staff[1][0], reviewed_at=at, applied_at=at)
                for pk in changed])
            ChangeItem.objects.bulk_create([
                item for cs in sets for item in (
                    ChangeItem(change_set=cs, group="dossier", operation="set",
                               values={"current_position": "Phó Trưởng phòng Quản lý ngân sách",
                                       "salary_step": 4, "salary_coefficient": "3.33"},
                               previous={"current_position": "Chuyên viên", "salary_step": 3,
                                         "salary_coefficient": "3.00"}),
                    ChangeItem(change_set=cs, group="salary_history", operation="add",
                               values={"effective_on": at.date().isoformat(), "rank_code": "01.003", "step": 4,
                                       "coefficient": "3.33", "decision": "QĐ 123/QĐ-UBND"}, previous={}),
                )])
            items = dict(ChangeItem.objects.filter(change_set__in=sets, group="dossier")
                         .values_list("change_set_id", "pk"))
            Attachment.objects.bulk_create([
                Attachment(person_id=cs.person_id, change_item_id=items[cs.pk],
                           file=f"dossiers/{cs.person_id}/{rng.getrandbits(128):032x}.pdf",
                           original_name="quyet-dinh-nang-bac-luong.pdf", content_type="application/pdf",
                           size=rng.randint(150_000, 600_000), sha256=f"{rng.getrandbits(256):064x}",
                           description="Quyết định nâng bậc lương", uploaded_by_id=staff[0][0])
                for cs in sets])
            DossierVersion.objects.bulk_create([
                DossierVersion(person_id=cs.person_id, number=1000 + month, change_set=cs, created_by_id=staff[1][0],
                               snapshot=latest.get(cs.person_id, {}))
                for cs in sets])
            actions = ("change_set.create", "change_set.values", "change_set.attach", "change_set.submit",
                       "change_set.review", "change_set.apply")
            audit = [AuditEvent(actor_id=staff[0][0], actor_label=staff[0][1], action=action,
                                target=f"change_set:{cs.pk}", detail={"person": cs.person_id, "version": 2})
                     for cs in sets for action in actions]
            AuditEvent.objects.bulk_create(audit)
            sign_ins, reads = len(people) * SIGN_INS, len(people) * READS
            for chunk in range(0, sign_ins, 20_000):
                AuditEvent.objects.bulk_create([
                    AuditEvent(actor_id=None, actor_label="hệ thống", action="auth.sign_in", target="",
                               detail={"ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                                       "channel": "web"})
                    for _ in range(min(20_000, sign_ins - chunk))])
            for chunk in range(0, reads, 20_000):
                DossierReadLog.objects.bulk_create([
                    DossierReadLog(reader_id=rng.choice(staff)[0], person_id=rng.choice(people),
                                   channel=ReadChannel.ROLE, role_grant_id=rng.choice(grants) if grants else None,
                                   purpose=rng.choice(("dossier", "review", "attachment", "resume")))
                    for _ in range(min(20_000, reads - chunk))])
        print(f"  tháng {month + 1}: {len(sets)} đề nghị, {len(audit) + sign_ins} nhật ký, {reads} lượt đọc "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _measure(schema: str, args: argparse.Namespace) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            """SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid),
                      pg_relation_size(c.oid), pg_indexes_size(c.oid)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %s AND c.relkind = 'r'
               ORDER BY pg_total_relation_size(c.oid) DESC""", [schema])
        tables = cursor.fetchall()
        counts = {}
        for name, *_ in tables[:25]:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{name}"')
            counts[name] = cursor.fetchone()[0]
        cursor.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')", [schema])
        total = cursor.fetchone()[0]
        cursor.execute("SELECT nspname, sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND nspname NOT LIKE 'pg_%%' "
                       "AND nspname <> 'information_schema' GROUP BY nspname ORDER BY 2 DESC")
        schemas = cursor.fetchall()
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
    print(f"\n### {schema}: {counts.get('core_person', 0)} người, {args.months} tháng hoạt động\n")
    print("| table | rows | total (MB) | heap (MB) | indexes (MB) | bytes/row |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, estimate, size, heap, indexes in tables[:25]:
        rows = counts.get(name, estimate)
        per_row = f"{size / rows:.0f}" if rows else "-"
        print(f"| {name} | {rows:,} | {size / 2**20:.1f} | {heap / 2**20:.1f} | {indexes / 2**20:.1f} | {per_row} |")
    rest = sum(t[2] for t in tables[25:])
    print(f"| {len(tables) - 25} other tables | | {rest / 2**20:.1f} | | | |")
    print(f"\nschema {schema}: {total / 2**20:.1f} MB; database: {database / 2**20:.1f} MB")
    print("\n| schema | MB |\n|---|---:|")
    for name, size in schemas:
        print(f"| {name} | {size / 2**20:.1f} |")
    sizes = {name: size for name, _, size, _, _ in tables}
    _extrapolate(sizes, counts, total, months=args.months)


# Tables that grow with activity, not with people; dossier versions are split (the first version
# of each person is part of the dossier, every later one is activity).
HISTORY = ("core_dossierreadlog", "audit_auditevent", "core_changeset", "core_changeitem", "core_attachment")
PROVINCES, YEARS, PEOPLE_PER_PROVINCE = 34, 5, 60_000
ATTACHMENT_BYTES = 375_000  # an average scanned decision (PDF, 150–600 kB), in S3


def _extrapolate(sizes: dict[str, int], counts: dict[str, int], total: int, *, months: int) -> None:
    """Per person, per month, and 34 provinces of 60,000 people over five years."""
    people = counts["core_person"]
    versions = counts.get("core_dossierversion", people)
    version_bytes = sizes.get("core_dossierversion", 0)
    later_versions = version_bytes * (versions - people) / versions if versions else 0
    monthly = (sum(sizes.get(t, 0) for t in HISTORY) + later_versions) / max(months, 1)
    static = float(total) - monthly * months
    per_person = static / people
    per_person_month = monthly / people
    static_all = per_person * PEOPLE_PER_PROVINCE * PROVINCES
    history_all = per_person_month * PEOPLE_PER_PROVINCE * PROVINCES * 12 * YEARS
    files = CHANGE_SHARE * PEOPLE_PER_PROVINCE * PROVINCES * 12 * YEARS * ATTACHMENT_BYTES
    gb = 2**30
    print(f"\nper person: {per_person / 1024:.1f} KiB of dossier; {per_person_month:.0f} B of activity a month")
    print(f"per {people:,}-person province: {static / 2**20:.0f} MiB of dossiers, {monthly / 2**20:.1f} MiB a month")
    print(f"{PROVINCES} provinces x {PEOPLE_PER_PROVINCE:,} people: {static_all / gb:.1f} GiB of dossiers, "
          f"{history_all / gb:.1f} GiB of activity in {YEARS} years, {(static_all + history_all) / gb:.1f} GiB in all; "
          f"documents in S3: {files / 2**40:.2f} TiB")


if __name__ == "__main__":
    main()
