"""What a province merger moves, table by table, read from the Django models of the province
apps (settings.TENANT_APPS), so a table added later is moved without touching the merger.

Each table is copied from the source schema into the target's with every id moved past the
target's own (an offset per table, reserved on the target's sequence); a foreign key moves by
its target table's offset. A few columns need more than an offset: they are listed here
(`column_expression`), each with the reason.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection, models

# Tables not moved, and why (shown in the dry run with their row counts).
SKIPPED_TABLES: dict[str, str] = {
    "django_content_type": "Bảng kỹ thuật của Django, giống nhau ở mọi tỉnh.",
    "auth_permission": "Bảng kỹ thuật của Django, giống nhau ở mọi tỉnh.",
    "auth_group": "Bảng kỹ thuật của Django (không dùng nhóm quyền trong tỉnh).",
    "auth_group_permissions": "Bảng kỹ thuật của Django (không dùng nhóm quyền trong tỉnh).",
    "django_session": "Phiên đăng nhập ở tỉnh cũ hết hiệu lực: người dùng đăng nhập lại tại địa chỉ của tỉnh nhận.",
    "knox_authtoken": "Khoá API của tỉnh cũ bị thu hồi: cấp lại tại tỉnh nhận.",
    "axes_accessattempt": "Lượt đăng nhập sai ở tỉnh cũ không chuyển: tỉnh nhận tự đếm.",
    "axes_accessattemptexpiration": "Lượt đăng nhập sai ở tỉnh cũ không chuyển: tỉnh nhận tự đếm.",
    "axes_accessfailurelog": "Lượt đăng nhập sai ở tỉnh cũ không chuyển: tỉnh nhận tự đếm.",
    "axes_accesslog": "Nhật ký đăng nhập kỹ thuật của tỉnh cũ không chuyển; nhật ký hệ thống vẫn được chuyển.",
    "rules_ruleversion": "Quy chế của tỉnh nhận áp dụng từ ngày hiệu lực sáp nhập; quy chế cũ còn trong bản sao lưu cuối của tỉnh cũ.",
    "rules_provincecalendaroverride": "Lịch điều chỉnh của tỉnh nhận áp dụng; lịch cũ còn trong bản sao lưu cuối của tỉnh cũ.",
    "approvals_syncendpoint": "Kết nối CSDL quốc gia của tỉnh nhận được dùng.",
}
# Tables that must be empty to merge: hoso keeps no per-account Django groups or permissions.
MUST_BE_EMPTY = ("accounts_account_groups", "accounts_account_user_permissions")


@dataclass(frozen=True)
class TableSpec:
    table: str
    label: str
    pk: str
    # The table whose offset the primary key takes (itself, or a one-to-one key's target).
    pk_offset_of: str
    owns_sequence: bool
    columns: tuple[str, ...]
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> target table
    file_columns: tuple[str, ...] = ()


def _province_models() -> list[type[models.Model]]:
    seen: dict[str, type[models.Model]] = {}
    for app_name in settings.TENANT_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == app_name)
        for model in config.get_models(include_auto_created=True):
            meta = model._meta
            if meta.managed and not meta.proxy:
                seen.setdefault(meta.db_table, model)
    return list(seen.values())


def _is_province_model(model: type[models.Model]) -> bool:
    return model._meta.app_config is not None and model._meta.app_config.name in settings.TENANT_APPS


def table_specs() -> list[TableSpec]:
    """Every province table the merger moves, in a stable order (foreign keys are deferred
    until commit, so the order of inserts does not matter)."""
    specs = []
    for model in _province_models():
        meta = model._meta
        if meta.db_table in SKIPPED_TABLES or meta.db_table in MUST_BE_EMPTY:
            continue
        fks: dict[str, str] = {}
        files: list[str] = []
        columns: list[str] = []
        for f in meta.concrete_fields:
            column = str(f.column)
            columns.append(column)
            if f.is_relation and f.related_model is not None:
                target = f.related_model._meta  # type: ignore[union-attr]
                if _is_province_model(f.related_model):  # type: ignore[arg-type]
                    fks[column] = target.db_table
            if isinstance(f, models.FileField):
                files.append(column)
        pk = meta.pk
        assert pk is not None
        pk_column, owns = str(pk.column), not pk.is_relation
        specs.append(TableSpec(
            table=meta.db_table, label=str(meta.verbose_name_plural), pk=pk_column,
            pk_offset_of=meta.db_table if owns else fks[pk_column], owns_sequence=owns,
            columns=tuple(columns), foreign_keys=fks, file_columns=tuple(files),
        ))
    return sorted(specs, key=lambda s: s.table)


def skipped_tables() -> dict[str, str]:
    present = {m._meta.db_table for m in _province_models()}
    return {table: reason for table, reason in SKIPPED_TABLES.items() if table in present}


def q(name: str) -> str:
    return connection.ops.quote_name(name)
