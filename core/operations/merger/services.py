"""Merging province A (the source) into province B (the target), as the 2025 reform did
(Nghị quyết 202/2025/QH15: Bình Thuận into Lâm Đồng, Hà Giang into Tuyên Quang, Yên Bái into
Lào Cai). One service per step; each step is resumable from `ProvinceMerger.state`:

1. `merger_plan` (the dry run): what would move (rows and a fingerprint per table), and what
   stops it (ID numbers or active unit codes found in both provinces, an unmovable table).
   Writes only the plan.
2. `merger_run` goes on from wherever the merger stopped:
   - copy, in one transaction: A is suspended first (its users see the maintenance page), then
     every table of A's schema is inserted into B's with its ids moved past B's (an offset per
     table reserved on B's sequence, B's tables locked against writes meanwhile) and its
     foreign keys moved by their target's offset; A's organisation tree hangs under B's root.
     Inside the same transaction each table's rows are counted and fingerprinted twice, as A
     holds them (projected) and as B now holds them; any difference rolls the whole copy back.
   - files: every attachment is copied from A's storage prefix to B's and checked (size, SHA-256).
   - switch: A's root is renamed in B with a version ("Sáp nhập", the basis, the effective
     date), A's DoHA admin roles end, A is marked merged and its host redirects to B's.
3. `merger_confirm` (an operator, after verification): a final encrypted backup of A, then
   A's schema is dropped. Nothing of A is deleted before.

From the effective date B's rules apply to A's people: A's rule versions are not carried over
(merger_tables.SKIPPED_TABLES), so every deadline, window and report computed in B uses B's.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from core.backups.models import BackupStatus
from core.backups.services import backup_run
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, ConflictError, NotFoundError
from core.models import (
    DOSSIER_ROW_MODELS,
    ChangeItem,
    Obligation,
    ObligationKind,
    ObligationState,
    OrgChange,
    OrgUnit,
    OrgUnitVersion,
    Person,
    Role,
    RoleGrant,
)
from core.operations.data_keys import merged_values_reseal
from core.operations.merger.tables import MUST_BE_EMPTY, TableSpec, q, skipped_tables, table_specs
from core.reports.models import ScheduledReport
from tenants.models import MergerState, Province, ProvinceMerger, ProvinceStatus

DEFAULT_BASIS = "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
CLASH_LIST_MAX = 50
NOT_FOUND = "Không tìm thấy lần sáp nhập này."


@dataclass(frozen=True)
class _Context:
    source: str  # schema names
    target: str
    source_code: str
    target_root_id: int
    target_root_path: str
    target_root_depth: int
    renames: dict[str, str]
    offsets: dict[str, int]


# --- the dry run -----------------------------------------------------------------------------------


def merger_plan(
    *, source_code: str, target_code: str, effective_on: date, basis: str = DEFAULT_BASIS,
    source_root_name: str = "", acting_user: Account | None,
) -> ProvinceMerger:
    """Check and count everything the merger would move; store it as a new merger (or refresh
    the plan of one not yet started between the same provinces). Nothing else is written."""
    source, target = _provinces(source_code, target_code)
    basis = basis.strip() or DEFAULT_BASIS
    source_root_name = source_root_name.strip() or f"Khu vực {source.official_name} (trước sáp nhập)"
    errors: dict[str, str] = {}
    if len(basis) > 300:
        errors["basis"] = "Căn cứ tối đa 300 ký tự."
    if len(source_root_name) > 300:
        errors["source_root_name"] = "Tên tối đa 300 ký tự."
    if errors:
        raise ApplicationError.for_fields(errors, "Không thể chạy thử sáp nhập: dữ liệu chưa hợp lệ.")
    plan = _plan(source, target, effective_on=effective_on)
    with transaction.atomic():
        merger = (ProvinceMerger.objects.select_for_update()
                  .filter(source=source, target=target, state=MergerState.PLANNED).first())
        if merger is None:
            merger = ProvinceMerger(source=source, target=target, created_by=_label(acting_user))
        merger.effective_on, merger.basis, merger.source_root_name = effective_on, basis, source_root_name
        merger.plan = plan
        merger.save()
        audit_record(acting_user=acting_user, action="province.merge_plan", target=source.code,
                     detail={"into": target.code, "merger": merger.pk, "errors": plan["errors"],
                             "people": plan["people"]})
    return merger


def _provinces(source_code: str, target_code: str) -> tuple[Province, Province]:
    provinces = {p.code: p for p in Province.objects.exclude(schema_name=get_public_schema_name())
                 .filter(code__in=[source_code, target_code])}
    errors = {}
    if source_code not in provinces:
        errors["source"] = f"Không có tỉnh “{source_code}”."
    if target_code not in provinces:
        errors["target"] = f"Không có tỉnh “{target_code}”."
    if not errors and source_code == target_code:
        errors["target"] = "Tỉnh nhận phải khác tỉnh sáp nhập."
    if errors:
        raise ApplicationError.for_fields(errors, "Không thể sáp nhập: chọn lại tỉnh.")
    source, target = provinces[source_code], provinces[target_code]
    if source.status == ProvinceStatus.MERGED:
        raise ApplicationError.for_fields({"source": f"Tỉnh {source.name} đã được sáp nhập vào tỉnh khác."})
    if target.status != ProvinceStatus.ACTIVE or not target.is_ready:
        raise ApplicationError.for_fields({"target": f"Tỉnh nhận {target.name} phải đang hoạt động."})
    return source, target


def _plan(source: Province, target: Province, *, effective_on: date) -> dict[str, Any]:
    a, b = source.schema_name, target.schema_name
    tables = [{"table": s.table, "label": s.label, **_raw_stats(a, s.table)} for s in table_specs()]
    skipped = [{"table": t, "reason": reason, "rows": _count(a, t)} for t, reason in skipped_tables().items()]
    errors: list[str] = []
    for table in MUST_BE_EMPTY:
        if _count(a, table):
            errors.append(f"Bảng {table} của tỉnh {source.name} có dữ liệu: chưa hỗ trợ sáp nhập bảng này.")
    person, account, unit = (q(Person._meta.db_table), q(Account._meta.db_table), q(OrgUnit._meta.db_table))
    national_ids = _column(f"SELECT x.national_id FROM {q(a)}.{person} x JOIN {q(b)}.{person} y "
                           f"USING (national_id) ORDER BY 1")
    if national_ids:
        shown = ", ".join(national_ids[:CLASH_LIST_MAX])
        errors.append(f"{len(national_ids)} số định danh cá nhân có ở cả hai tỉnh: {shown}. "
                      "Cần xử lý trùng trước khi sáp nhập.")
    codes = _column(f"SELECT x.electronic_code FROM {q(a)}.{unit} x JOIN {q(b)}.{unit} y USING (electronic_code) "
                    "WHERE x.electronic_code <> '' AND x.dissolved_on IS NULL AND y.dissolved_on IS NULL ORDER BY 1")
    if codes:
        errors.append(f"Mã định danh điện tử của cơ quan, đơn vị có ở cả hai tỉnh: {', '.join(codes[:CLASH_LIST_MAX])}.")
    renames, clash_names = _username_renames(source, a, b, account, person)
    if clash_names:
        errors.append(f"Tên đăng nhập có ở cả hai tỉnh: {', '.join(clash_names[:CLASH_LIST_MAX])}.")
    root = _root(a)
    if root is None:
        errors.append(f"Tỉnh {source.name} chưa có cơ quan gốc trong cơ cấu tổ chức.")
    elif effective_on <= root["valid_from"]:
        errors.append(f"Ngày hiệu lực phải sau ngày {root['valid_from']:%d/%m/%Y} (lần thay đổi trước của "
                      f"“{root['name']}”).")
    if _root(b) is None:
        errors.append(f"Tỉnh {target.name} chưa có cơ quan gốc trong cơ cấu tổ chức.")
    return {
        "source": source.code, "target": target.code, "people": _count(a, Person._meta.db_table),
        "tables": tables, "skipped": skipped, "renames": renames, "errors": errors,
        "files": sum(_file_count(a, s) for s in table_specs() if s.file_columns),
        "planned_at": timezone.now().isoformat(),
    }


def _username_renames(source: Province, a: str, b: str, account: str, person: str) -> tuple[dict[str, str], list[str]]:
    """Accounts without a person (the DoHA admin…) take the province's code in front of their
    name; a personal account (signed in with the ID number) cannot be renamed: a clash."""
    rows = _rows(f"SELECT x.username, EXISTS (SELECT 1 FROM {q(a)}.{person} p WHERE p.account_id = x.id) "
                 f"FROM {q(a)}.{account} x JOIN {q(b)}.{account} y USING (username) ORDER BY 1")
    renames, clashes = {}, []
    for username, is_personal in rows:
        new = f"{source.code}.{username}"[:150]
        if is_personal or _rows(f"SELECT 1 FROM {q(b)}.{account} WHERE username = %s", [new]):
            clashes.append(username)
        else:
            renames[username] = new
    return renames, clashes


def _root(schema: str) -> dict[str, Any] | None:
    unit, version = q(OrgUnit._meta.db_table), q(OrgUnitVersion._meta.db_table)
    rows = _rows(f"SELECT u.id, u.path, u.depth, u.name, (SELECT max(v.valid_from) FROM {q(schema)}.{version} v "
                 f"WHERE v.org_unit_id = u.id) FROM {q(schema)}.{unit} u WHERE u.parent_id IS NULL "
                 "AND u.dissolved_on IS NULL ORDER BY u.id LIMIT 1")
    if not rows:
        return None
    pk, path, depth, name, valid_from = rows[0]
    return {"id": pk, "path": path, "depth": depth, "name": name, "valid_from": valid_from or date.min}


# --- the run ---------------------------------------------------------------------------------------


def merger_get(*, merger_id: int) -> ProvinceMerger:
    merger = (ProvinceMerger.objects.select_related("source", "target").filter(pk=merger_id).first()
              if 0 < merger_id < 2**63 else None)
    if merger is None:
        raise NotFoundError(NOT_FOUND)
    return merger


def merger_run(*, merger: ProvinceMerger, acting_user: Account | None) -> ProvinceMerger:
    """Copy, verify, switch: each step that has not happened yet. Safe to run again after an
    interruption; a step that failed left nothing of itself behind."""
    merger = merger_get(merger_id=merger.pk)
    if merger.state == MergerState.PLANNED:
        if merger.plan.get("errors"):
            raise ConflictError("Chạy thử còn lỗi: xử lý các lỗi rồi chạy thử lại trước khi sáp nhập.",
                                code="merger_plan_errors")
        # Checked again before A goes into maintenance: data may have changed since the dry run.
        fresh = _plan(merger.source, merger.target, effective_on=merger.effective_on)
        if fresh["errors"]:
            ProvinceMerger.objects.filter(pk=merger.pk).update(plan=fresh)
            raise ConflictError("Dữ liệu đã thay đổi từ lần chạy thử và có lỗi: " + " ".join(fresh["errors"]),
                                code="merger_plan_errors")
        _source_suspend(merger, acting_user=acting_user)
        _copy(merger, acting_user=acting_user)
    if merger.state in (MergerState.COPIED, MergerState.MISMATCH) and merger.copied_at is not None:
        _files(merger, acting_user=acting_user)
    if merger.state == MergerState.VERIFIED:
        _switch(merger, acting_user=acting_user)
    return merger


def _source_suspend(merger: ProvinceMerger, *, acting_user: Account | None) -> None:
    with transaction.atomic():
        source = Province.objects.select_for_update().get(pk=merger.source_id)
        if source.status != ProvinceStatus.SUSPENDED:
            previous = source.status
            Province.objects.filter(pk=source.pk).update(status=ProvinceStatus.SUSPENDED)
            audit_record(acting_user=acting_user, action="province.suspend", target=source.code,
                         detail={"from": previous, "to": ProvinceStatus.SUSPENDED,
                                 "reason": f"Sáp nhập vào {merger.target.name}"})


def _copy(merger: ProvinceMerger, *, acting_user: Account | None) -> None:
    """Every table in one transaction, checked before it commits."""
    specs = table_specs()
    a, b = merger.source.schema_name, merger.target.schema_name
    with transaction.atomic():
        locked = ProvinceMerger.objects.select_for_update().get(pk=merger.pk)
        if locked.state != MergerState.PLANNED:
            raise ConflictError("Lần sáp nhập này đang hoặc đã được thực hiện.", code="merger_running")
        fresh = _plan(merger.source, merger.target, effective_on=merger.effective_on)
        if fresh["errors"]:
            raise ConflictError("Dữ liệu đã thay đổi từ lần chạy thử và có lỗi: " + " ".join(fresh["errors"]),
                                code="merger_plan_errors")
        for spec in specs:
            _execute(f"LOCK TABLE {q(b)}.{q(spec.table)} IN EXCLUSIVE MODE")
        root = _root(b)
        assert root is not None
        offsets = {spec.table: _offset_reserve(a, b, spec) for spec in specs if spec.owns_sequence}
        context = _Context(source=a, target=b, source_code=merger.source.code, target_root_id=root["id"], target_root_path=root["path"],
                           target_root_depth=root["depth"], renames=fresh["renames"], offsets=offsets)
        for spec in specs:
            columns = ", ".join(q(c) for c in spec.columns)
            projection, params = _projection(spec, context)
            _execute(f"INSERT INTO {q(b)}.{q(spec.table)} ({columns}) SELECT {projection} "
                     f"FROM {q(a)}.{q(spec.table)} a", params)
        verification = {spec.table: _verify_table(spec, context) for spec in specs}
        mismatched = [t for t, v in verification.items() if not v["ok"]]
        if mismatched:
            transaction.set_rollback(True)
        else:
            # The copied values are sealed under A's key: seal them under B's (after the
            # fingerprints, which compare the rows as copied).
            merged_values_reseal(source=a, target=b, moved_after=offsets)
            locked.state, locked.copied_at = MergerState.COPIED, timezone.now()
            locked.offsets, locked.verification = offsets, {"tables": verification}
            locked.plan = {**locked.plan, "renames": fresh["renames"]}
            locked.save(update_fields=["state", "copied_at", "offsets", "verification", "plan"])
            audit_record(acting_user=acting_user, action="province.merge_copy", target=merger.source.code,
                         detail={"into": merger.target.code, "merger": merger.pk,
                                 "rows": sum(v["rows"] for v in verification.values())})
            with schema_context(b):
                audit_record(acting_user=None, action="province.merge_copy", target=merger.source.code,
                             detail={"merger": merger.pk, "basis": merger.basis,
                                     "effective_on": merger.effective_on.isoformat()})
    if mismatched:
        with transaction.atomic():
            ProvinceMerger.objects.filter(pk=merger.pk).update(
                state=MergerState.PLANNED, verification={"tables": verification, "rolled_back": True})
            audit_record(acting_user=acting_user, action="province.merge_mismatch", target=merger.source.code,
                         detail={"tables": mismatched})
        raise ConflictError(f"Kiểm tra sau khi chuyển không khớp ở bảng: {', '.join(mismatched)}. "
                            "Đã hoàn tác, dữ liệu hai tỉnh không đổi.", code="merger_mismatch")
    merger.refresh_from_db()


def _offset_reserve(a: str, b: str, spec: TableSpec) -> int:
    """Move B's sequence past its rows and past A's ids shifted: the range is A's alone."""
    pk = q(spec.pk)
    source_max = _rows(f"SELECT coalesce(max({pk}), 0) FROM {q(a)}.{q(spec.table)}")[0][0]
    sequence = _rows("SELECT pg_get_serial_sequence(%s, %s)", [f"{q(b)}.{q(spec.table)}", spec.pk])[0][0]
    target_max = _rows(f"SELECT coalesce(max({pk}), 0) FROM {q(b)}.{q(spec.table)}")[0][0]
    if sequence is None:
        return int(target_max)
    last = _rows(f"SELECT last_value FROM {sequence}")[0][0]
    offset = max(int(target_max), int(last))
    if source_max:
        _execute("SELECT setval(%s, %s)", [sequence, offset + int(source_max)])
    return offset


def _projection(spec: TableSpec, context: _Context) -> tuple[str, list[Any]]:
    """The SELECT list that turns a row of A into the row B receives."""
    expressions, params = [], []
    for column in spec.columns:
        expression, extra = _column_expression(spec, column, context)
        expressions.append(expression)
        params.extend(extra)
    return ", ".join(expressions), params


def _column_expression(spec: TableSpec, column: str, context: _Context) -> tuple[str, list[Any]]:
    ref = f"a.{q(column)}"
    table = spec.table
    if table == OrgUnit._meta.db_table:
        # The tree hangs under B's root: paths are rebuilt from shifted ids, one level deeper.
        offset = context.offsets[table]
        if column == "path":
            return (f"(%s || (SELECT string_agg((x::bigint + {offset})::text, '/' ORDER BY n) "
                    f"FROM unnest(string_to_array(trim(both '/' from a.path), '/')) WITH ORDINALITY AS u(x, n)) || '/')",
                    [context.target_root_path])
        if column == "depth":
            return f"(a.depth + {context.target_root_depth + 1})", []
        if column == "parent_id":
            return f"coalesce(a.parent_id + {offset}, {context.target_root_id})", []
    if table == Account._meta.db_table and column == "username" and context.renames:
        olds, news = list(context.renames), list(context.renames.values())
        return ("coalesce((SELECT n FROM unnest(%s::text[], %s::text[]) AS r(o, n) WHERE r.o = a.username), "
                "a.username)", [olds, news])
    if table == ChangeItem._meta.db_table and column == "row_id":
        # A row of a repeating dossier group is named by its id in that group's table.
        cases = " ".join(f"WHEN %s THEN a.row_id + {context.offsets[model._meta.db_table]}"
                         for model in DOSSIER_ROW_MODELS.values())
        return f"(CASE a.{q('group')} {cases} ELSE a.row_id END)", list(DOSSIER_ROW_MODELS)
    if table == Obligation._meta.db_table and column == "reference":
        return _obligation_reference(context)
    if column == spec.pk:
        return f"({ref} + {context.offsets[spec.pk_offset_of]})", []
    if column in spec.foreign_keys:
        return f"({ref} + {context.offsets[spec.foreign_keys[column]]})", []
    return ref, []


def _obligation_reference(context: _Context) -> tuple[str, list[Any]]:
    """A duty's source key names ids (core.reports `report_duty_reference`, core.approvals
    `unit_approval_reference`): they move with their rows. A province-level key (the DoHA's
    approval, the month's backup) was A's own: it keeps A's code so it never meets B's."""
    report_offset = context.offsets[ScheduledReport._meta.db_table]
    unit_offset = context.offsets[OrgUnit._meta.db_table]
    return ("(CASE WHEN a.reference = '' THEN a.reference "
            "WHEN starts_with(a.reference, 'report:') THEN "
            f"'report:' || (split_part(a.reference, ':', 2)::bigint + {report_offset})::text "
            "WHEN starts_with(a.reference, 'approval:unit:') THEN "
            f"'approval:unit:' || (split_part(a.reference, ':', 3)::bigint + {unit_offset})::text "
            "|| ':' || split_part(a.reference, ':', 4) "
            "ELSE a.reference || ':' || %s END)", [context.source_code])


def _verify_table(spec: TableSpec, context: _Context) -> dict[str, Any]:
    """Rows and fingerprint of A's table as B should hold it, against the rows B holds in the
    id range reserved for A; and A's own rows, to show A is untouched."""
    projection, params = _projection(spec, context)
    expected = _rows(_fingerprint_sql(f"SELECT md5(ROW({projection})::text) AS h "
                                      f"FROM {q(context.source)}.{q(spec.table)} a"), params)[0]
    offset = context.offsets[spec.pk_offset_of]
    columns = ", ".join(f"a.{q(c)}" for c in spec.columns)
    source_max = _rows(f"SELECT coalesce(max({q(spec.pk)}), 0) FROM {q(context.source)}.{q(spec.table)}")[0][0]
    landed = _rows(_fingerprint_sql(
        f"SELECT md5(ROW({columns})::text) AS h FROM {q(context.target)}.{q(spec.table)} a "
        f"WHERE a.{q(spec.pk)} > %s AND a.{q(spec.pk)} <= %s"), [offset, offset + int(source_max)])[0]
    return {"rows": expected[0], "md5": expected[1], "landed_rows": landed[0], "landed_md5": landed[1],
            "source": _raw_stats(context.source, spec.table), "ok": tuple(expected) == tuple(landed)}


def _fingerprint_sql(rows_sql: str) -> str:
    """Count and an order-independent fingerprint (as core.backups.postgres.table_stats)."""
    return (f"SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h COLLATE \"C\")), '') "
            f"FROM ({rows_sql}) fingerprinted")


def _raw_stats(schema: str, table: str) -> dict[str, Any]:
    count, md5 = _rows(_fingerprint_sql(f"SELECT md5(t::text) AS h FROM {q(schema)}.{q(table)} t"))[0]
    return {"rows": count, "md5": md5}


# --- files -----------------------------------------------------------------------------------------


def _file_names(schema: str, spec: TableSpec) -> list[str]:
    names: list[str] = []
    for column in spec.file_columns:
        names += _column(f"SELECT {q(column)} FROM {q(schema)}.{q(spec.table)} WHERE {q(column)} <> '' ORDER BY 1")
    return names


def _file_count(schema: str, spec: TableSpec) -> int:
    return len(_file_names(schema, spec))


def _files(merger: ProvinceMerger, *, acting_user: Account | None) -> None:
    """Copy each stored file of A to B's prefix under the same name; a file already there with
    the same content counts as copied (a re-run after an interruption)."""
    names = [n for spec in table_specs() if spec.file_columns for n in _file_names(merger.source.schema_name, spec)]
    outcomes = {"copied": 0, "already_present": 0}
    problems = []
    for name in names:
        try:
            outcome = _file_place(merger.target, name, _file_read(merger.source, name))
        except OSError as error:
            outcome = f"{name}: {error}"
        if outcome in outcomes:
            outcomes[outcome] += 1
        else:
            problems.append(outcome)
    files = {"total": len(names), **outcomes, "problems": problems[:100]}
    tables_ok = all(v["ok"] for v in merger.verification.get("tables", {}).values())
    state = MergerState.VERIFIED if tables_ok and not problems else MergerState.MISMATCH
    with transaction.atomic():
        ProvinceMerger.objects.filter(pk=merger.pk).update(files=files, state=state, verified_at=timezone.now())
        audit_record(acting_user=acting_user, action="province.merge_verify", target=merger.source.code,
                     detail={"merger": merger.pk, "state": state, "files": {**outcomes, "problems": len(problems)}})
    merger.refresh_from_db()


def _file_read(province: Province, name: str) -> bytes:
    with tenant_context(province), default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def _file_place(province: Province, name: str, content: bytes) -> str:
    """"copied", "already_present", or what is wrong, in Vietnamese."""
    with tenant_context(province):
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                same = hashlib.sha256(handle.read()).digest() == hashlib.sha256(content).digest()
            return "already_present" if same else f"{name}: đã có tệp khác cùng tên ở tỉnh nhận"
        saved = default_storage.save(name, ContentFile(content))
        return "copied" if saved == name else f"{name}: lưu thành {saved}"


# --- the switch and the confirmation ---------------------------------------------------------------


def _switch(merger: ProvinceMerger, *, acting_user: Account | None) -> None:
    """In B: A's root takes its new name under B's root from the effective date (a version), and
    A's DoHA admins lose their province-wide role. In public: A is merged and redirects."""
    unit_offset = merger.offsets[OrgUnit._meta.db_table]
    account_offset = merger.offsets[Account._meta.db_table]
    now = timezone.now()
    with transaction.atomic():
        locked = ProvinceMerger.objects.select_for_update().get(pk=merger.pk)
        if locked.state != MergerState.VERIFIED:
            return
        source_root = _root(merger.source.schema_name)
        assert source_root is not None
        with tenant_context(merger.target):
            unit = OrgUnit.objects.select_for_update().get(pk=source_root["id"] + unit_offset)
            current = unit.versions.select_for_update().get(valid_to__isnull=True)
            current.valid_to = merger.effective_on - timedelta(days=1)
            current.save(update_fields=["valid_to"])
            previous_name = unit.name
            unit.name = merger.source_root_name
            unit.save(update_fields=["name"])
            OrgUnitVersion.objects.create(
                org_unit=unit, name=unit.name, electronic_code=unit.electronic_code, parent=unit.parent,
                valid_from=merger.effective_on, change=OrgChange.MERGE, decision=merger.basis[:200])
            source_max = _rows(f"SELECT coalesce(max(id), 0) FROM {q(merger.source.schema_name)}."
                               f"{q(Account._meta.db_table)}")[0][0]
            source_accounts = Account.objects.filter(pk__gt=account_offset, pk__lte=account_offset + source_max)
            revoked = RoleGrant.objects.filter(role=Role.DOHA_ADMIN, revoked_at__isnull=True,
                                               account__in=source_accounts).update(revoked_at=now)
            # A's DoHA duties (its own monthly approval and backup) pass to B's DoHA, who owes
            # them for the merged province from now: A's open ones end here, recorded.
            source_max_duty = _rows(f"SELECT coalesce(max(id), 0) FROM {q(merger.source.schema_name)}."
                                    f"{q(Obligation._meta.db_table)}")[0][0]
            duty_offset = merger.offsets[Obligation._meta.db_table]
            closed = Obligation.objects.filter(
                pk__gt=duty_offset, pk__lte=duty_offset + source_max_duty, state=ObligationState.OPEN,
                kind__in=[ObligationKind.PROVINCE_APPROVAL, ObligationKind.BACKUP],
            ).update(state=ObligationState.DONE, done_at=now)
            audit_record(acting_user=None, action="province.merge_switch", target=f"org_unit:{unit.pk}",
                         detail={"merger": merger.pk, "from_name": previous_name, "to_name": unit.name,
                                 "doha_roles_revoked": revoked, "province_duties_closed": closed})
        Province.objects.filter(pk=merger.source_id).update(status=ProvinceStatus.MERGED,
                                                            merged_into=merger.target_id)
        locked.state, locked.switched_at = MergerState.SWITCHED, now
        locked.adjustments = {"root_renamed": {"from": previous_name, "to": merger.source_root_name},
                              "doha_roles_revoked": revoked, "province_duties_closed": closed}
        locked.save(update_fields=["state", "switched_at", "adjustments"])
        audit_record(acting_user=acting_user, action="province.merge_switch", target=merger.source.code,
                     detail={"into": merger.target.code, "merger": merger.pk})
    merger.refresh_from_db()


def merger_confirm(*, merger: ProvinceMerger, acting_user: Account | None) -> ProvinceMerger:
    """The operator's go-ahead after verification: a final backup of A, then A's schema goes."""
    merger = merger_get(merger_id=merger.pk)
    if merger.state != MergerState.SWITCHED:
        raise ConflictError("Chỉ xác nhận được khi dữ liệu đã chuyển, kiểm tra khớp và tên miền đã chuyển hướng.",
                            code="merger_not_verified")
    source = Province.objects.get(pk=merger.source_id)
    backup = backup_run(acting_user=acting_user, province=source)
    if backup.status != BackupStatus.OK:
        raise ApplicationError(f"Sao lưu cuối của tỉnh {source.name} không thành công: {backup.error}. "
                               "Chưa xoá dữ liệu.", code="merger_backup_failed")
    with transaction.atomic():
        locked = ProvinceMerger.objects.select_for_update().get(pk=merger.pk)
        if locked.state != MergerState.SWITCHED:
            raise ConflictError("Lần sáp nhập này đã được xác nhận.", code="merger_confirmed")
        _execute(f"DROP SCHEMA {q(source.schema_name)} CASCADE")
        now = timezone.now()
        Province.objects.filter(pk=source.pk).update(schema_dropped_at=now, is_ready=False)
        locked.state, locked.confirmed_at, locked.confirmed_by = MergerState.CONFIRMED, now, _label(acting_user)
        locked.final_backup_id = backup.pk
        locked.save(update_fields=["state", "confirmed_at", "confirmed_by", "final_backup_id"])
        audit_record(acting_user=acting_user, action="province.merge_confirm", target=source.code,
                     detail={"merger": merger.pk, "final_backup": backup.pk})
    merger.refresh_from_db()
    return merger


# --- SQL helpers -----------------------------------------------------------------------------------


def _execute(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rows(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _column(sql: str, params: list[Any] | None = None) -> list[Any]:
    return [row[0] for row in _rows(sql, params)]


def _count(schema: str, table: str) -> int:
    return int(_rows(f"SELECT count(*) FROM {q(schema)}.{q(table)}")[0][0])


def _label(acting_user: Account | None) -> str:
    return "hệ thống" if acting_user is None else acting_user.username
