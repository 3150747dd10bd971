"""The dossier's field groups as data: which fields a change may touch, how values are
checked, stored in a change (JSON) and put back, and the snapshot kept for each version."""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import prefetch_related_objects
from django.utils import timezone

from core.base.errors import ApplicationError
from core.models import DOSSIER_ROW_MODELS, Dossier, DossierRow, Person

IDENTITY = "identity"
DOSSIER = "dossier"
# Identity values a change set may correct; the ID number, category, status and unit change
# only through their own services.
IDENTITY_FIELDS = ("full_name", "gender", "birth_date", "birth_year", "birth_month")
NOT_EDITABLE = {"id", "person"}

# Plausible bounds of an adult's measurements: a value outside is a typing slip (9999 cm).
MEASUREMENTS = {
    "height_cm": (100, 250, "Chiều cao phải từ 100 đến 250 cm."),
    "weight_kg": (25, 300, "Cân nặng phải từ 25 đến 300 kg."),
}
# ABO groups, with the Rh factor when the record gives it.
BLOOD_TYPES = ("A", "B", "AB", "O", "A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-")
BLOOD_TYPE_INVALID = "Nhóm máu phải là một trong: " + ", ".join(BLOOD_TYPES) + "."

JsonValues = dict[str, Any]


def proof_needed(*, group: str, operation: str, names: list[str]) -> bool:
    """Whether a change needs a proving document: every change does, except one that sets only
    dossier values the province's rules exempt today (rule change_set.proof_exempt_fields; by
    default contact details, which prove themselves)."""
    if group != DOSSIER or operation != "set":
        return True
    return not set(names) <= proof_exempt_fields()


def proof_exempt_fields() -> frozenset[str]:
    """The dossier values a change may leave without a proving document, as the rules say today."""
    from rules.domain.proof import ProofExempt
    from rules.domain.registry import RuleKey
    from rules.selectors import rules_effective

    value = rules_effective(as_of=timezone.localdate()).value(RuleKey.PROOF_EXEMPT_FIELDS)
    return frozenset(value.fields) if isinstance(value, ProofExempt) else frozenset()


def group_model(group: str) -> type[models.Model]:
    if group == IDENTITY:
        return Person
    if group == DOSSIER:
        return Dossier
    try:
        return DOSSIER_ROW_MODELS[group]
    except KeyError:
        raise ApplicationError.for_fields({"group": f"Không có nhóm thông tin “{group}”."}) from None


def group_is_rows(group: str) -> bool:
    return group in DOSSIER_ROW_MODELS


def group_label(group: str) -> str:
    if group == IDENTITY:
        return "Thông tin định danh"
    return str(group_model(group)._meta.verbose_name).capitalize()


def group_related_name(group: str) -> str:
    """The reverse accessor on Person (`person.trainings`) of a row group."""
    return DOSSIER_ROW_MODELS[group]._meta.get_field("person").remote_field.related_name  # type: ignore[misc,union-attr]


def editable_fields(group: str) -> dict[str, models.Field]:
    model = group_model(group)
    if group == IDENTITY:
        return {name: model._meta.get_field(name) for name in IDENTITY_FIELDS}  # type: ignore[misc]
    return {
        f.name: f for f in model._meta.concrete_fields if f.name not in NOT_EDITABLE and f.editable
    }


def field_label(group: str, name: str) -> str:
    field = editable_fields(group).get(name)
    return str(field.verbose_name) if field is not None else name


def to_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def values_of(instance: models.Model, group: str, names: list[str] | None = None) -> JsonValues:
    fields = editable_fields(group)
    return {name: to_json(getattr(instance, fields[name].attname)) for name in (names or list(fields))}


def values_apply(instance: models.Model, group: str, values: JsonValues) -> None:
    fields = editable_fields(group)
    for name, value in values.items():
        setattr(instance, fields[name].attname, fields[name].to_python(value))


def values_clean(instance: models.Model, group: str, values: JsonValues, *, complete: bool) -> JsonValues:
    """Check `values` applied to `instance` (a copy the caller may discard) and return them in
    JSON form. `complete`: the instance is new, so every required field is checked too. A
    value shown hidden to the editor (core.sensitive.HIDDEN, posted back by a form) is left
    out: nobody changes what they could not see."""
    from core.sensitive import without_hidden

    fields = editable_fields(group)
    values = without_hidden(values)
    unknown = [name for name in values if name not in fields]
    if unknown:
        raise ApplicationError.for_fields({name: "Trường này không thuộc nhóm thông tin." for name in unknown})
    if not values and not complete:
        raise ApplicationError("Chưa có thay đổi nào.")
    errors: dict[str, str] = {}
    # What the record names before this change: a retired catalogue entry may stay, not be chosen anew.
    stored = {name: getattr(instance, fields[name].attname) for name in values}
    for name, value in values.items():
        coerced, problem = _coerce(fields[name], value)
        if problem:
            errors[name] = problem
            continue
        setattr(instance, fields[name].attname, "" if coerced is None and _is_text(fields[name]) else coerced)
    if errors:
        raise ApplicationError.for_fields(errors)
    checked = list(fields) if complete else list(values)
    try:
        instance.clean_fields(exclude=[f.name for f in instance._meta.fields if f.name not in checked])
    except ValidationError as error:
        errors.update({name: " ".join(str(m) for m in messages) for name, messages in error.message_dict.items()})
    if not errors:
        if group == IDENTITY:
            checked = _identity_complete(instance, checked, errors)  # type: ignore[arg-type]
        errors.update(_range_errors(instance))
        errors.update(_measurement_errors(instance, checked))
        errors.update(_catalogue_errors(instance, checked, stored))
    if errors:
        raise ApplicationError.for_fields(errors)
    return values_of(instance, group, checked)


def _coerce(field: models.Field, value: object) -> tuple[object, str | None]:
    """JSON input to the field's Python type, or a Vietnamese reason; never an exception."""
    if value is None:
        return None, None
    if isinstance(value, list | dict):
        return None, "Giá trị không hợp lệ."
    if isinstance(value, str) and "\x00" in value:
        return None, "Có ký tự không hợp lệ."
    if isinstance(field, models.DateField):
        if value == "":
            return None, None
        if isinstance(value, date):
            return value, None
        if not isinstance(value, str):
            return None, "Ngày không hợp lệ (yyyy-mm-dd)."
        try:
            return date.fromisoformat(value), None
        except ValueError:
            return None, "Ngày không hợp lệ (yyyy-mm-dd)."
    if isinstance(field, models.IntegerField | models.DecimalField) and isinstance(value, bool):
        return None, "Phải là một số."
    return value, None


def _is_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.null


def _identity_complete(person: Person, checked: list[str], errors: dict[str, str]) -> list[str]:
    """A full birth date fixes year and month; the ID number must agree with birth year and sex."""
    from core.validators import national_id_errors

    if person.birth_date is not None:
        person.birth_year, person.birth_month = person.birth_date.year, person.birth_date.month
        checked = list(dict.fromkeys([*checked, "birth_year", "birth_month"]))
    if person.birth_month is not None and not 1 <= person.birth_month <= 12:
        errors["birth_month"] = "Tháng sinh phải từ 1 đến 12."
    problems = national_id_errors(person.national_id, birth_date=person.birth_date,
                                  birth_year=person.birth_year, gender=person.gender)
    if problems and {"gender", "birth_date", "birth_year"} & set(checked):
        errors["national_id"] = " ".join(problems)
    return checked


def _range_errors(instance: models.Model) -> dict[str, str]:
    start, end = getattr(instance, "start", None), getattr(instance, "end", None)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        return {"end": "Ngày kết thúc phải từ ngày bắt đầu trở đi."}
    return {}


def _measurement_errors(instance: models.Model, checked: list[str]) -> dict[str, str]:
    """Height and weight within human bounds; the blood type one of BLOOD_TYPES, written the
    usual way ("ab+" and "AB +" are stored as "AB+")."""
    if not isinstance(instance, Dossier):
        return {}
    errors = {}
    for name, (low, high, message) in MEASUREMENTS.items():
        value = getattr(instance, name)
        if name in checked and value is not None and not low <= value <= high:
            errors[name] = message
    if "blood_type" in checked and instance.blood_type:
        written = instance.blood_type.upper().replace(" ", "").replace("−", "-").replace("RH", "")
        if written in BLOOD_TYPES:
            instance.blood_type = written
        else:
            errors["blood_type"] = BLOOD_TYPE_INVALID
    return errors


def _catalogue_errors(instance: models.Model, checked: list[str], stored: dict[str, Any]) -> dict[str, str]:
    """A code must name an entry of its catalogue; a retired entry only when the record already
    names it (old dossiers keep theirs, new input cannot choose it)."""
    from core.catalogues.selectors import catalogue_entry_exists, catalogue_entry_offered

    errors = {}
    for name, kind in getattr(instance, "CATALOGUE_FIELDS", {}).items():
        code = getattr(instance, name)
        if name not in checked or not code:
            continue
        label = getattr(instance._meta.get_field(name), "verbose_name", name)
        if not catalogue_entry_exists(kind=kind, code=code):
            errors[name] = f"Mã “{code}” không có trong danh mục ({label})."
        elif code != stored.get(name) and not catalogue_entry_offered(kind=kind, code=code):
            errors[name] = f"Mã “{code}” đã ngừng sử dụng trong danh mục ({label}); hãy chọn mục khác."
    return errors


def dossier_snapshot(person: Person) -> JsonValues:
    """The whole dossier in JSON form; `person` should come with its dossier and rows prefetched."""
    rows: dict[str, list[JsonValues]] = {}
    for group in DOSSIER_ROW_MODELS:
        items: list[DossierRow] = list(getattr(person, group_related_name(group)).all())
        rows[group] = [{"id": row.pk, **values_of(row, group)} for row in items]
    return {
        "version": person.version,
        IDENTITY: {"national_id": person.national_id, "category": person.category,
                   "status": person.status, "org_unit": person.org_unit_id,
                   **values_of(person, IDENTITY)},
        DOSSIER: values_of(person.dossier, DOSSIER),
        "rows": rows,
    }


def dossier_prefetch() -> list[str]:
    return [group_related_name(group) for group in DOSSIER_ROW_MODELS]


def dossier_fresh(person_id: int) -> Person:
    """The person as the database holds them now, with their dossier and every row group loaded
    (what a version's snapshot stores)."""
    person = Person.objects.select_related("dossier").get(pk=person_id)
    dossier_rows_load(person)
    return person


def dossier_rows_load(person: Person) -> None:
    """Load every row group of `person` into the same caches `prefetch_related(*dossier_prefetch())`
    fills (`person.trainings.all()` then asks nothing more), in one round trip.

    The prefetch compiles and sends fourteen statements, one by one: at 100,000 people that
    compiling was about half a dossier read. Here each group's statement is compiled once per
    process, by the ORM itself (same columns, ordering and converters, so sealed values open as
    they do everywhere), and the fourteen go together; Django's client-side binding cursor sends
    them as one query and hands back one result set after another."""
    if connection.settings_dict["OPTIONS"].get("server_side_binding"):
        # Server-side binding takes one statement per call: the fourteen go one by one.
        prefetch_related_objects([person], *dossier_prefetch())
        return
    statements = _row_group_statements(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statement.sql for statement in statements), [person.pk] * len(statements))
        for position, statement in enumerate(statements):
            if position:
                cursor.nextset()
            _prefetched_set(person, statement, cursor.fetchall())


@dataclass(frozen=True)
class _RowGroupStatement:
    model: type[DossierRow]
    sql: str
    attnames: tuple[str, ...]
    converters: dict[int, tuple[list[Any], Any]]
    accessor: str  # person.trainings
    person_field: Any  # the row's ForeignKey to Person (each subclass declares its own)


@functools.cache
def _row_group_statements(alias: str) -> tuple[_RowGroupStatement, ...]:
    statements = []
    for group, model in DOSSIER_ROW_MODELS.items():
        compiler = model._default_manager.filter(person_id=0).query.get_compiler(using=alias)  # type: ignore[misc]
        sql, params = compiler.as_sql()
        if list(params) != [0]:
            raise RuntimeError(f"{model.__name__}: the row statement takes {params!r}, not only the person")
        statements.append(_RowGroupStatement(
            model=model, sql=sql, attnames=tuple(column.target.attname for column, _, _ in compiler.select),
            converters=compiler.get_converters([column for column, _, _ in compiler.select]),
            accessor=group_related_name(group), person_field=model._meta.get_field("person")))  # type: ignore[misc]
    return tuple(statements)


def _prefetched_set(person: Person, statement: _RowGroupStatement, rows: list[Any]) -> None:
    """What Django's prefetch_one_level leaves behind: each row knowing its person, and the
    related manager's queryset already evaluated."""
    alias = connection.alias
    if statement.converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (converters, expression) in statement.converters.items():
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
    instances = [statement.model.from_db(alias, statement.attnames, row) for row in rows]
    for instance in instances:
        statement.person_field.set_cached_value(instance, person)
    queryset = getattr(person, statement.accessor).get_queryset()
    queryset._result_cache = instances
    queryset._prefetch_done = True
    if not hasattr(person, "_prefetched_objects_cache"):
        person._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    person._prefetched_objects_cache[statement.person_field.remote_field.cache_name] = queryset  # type: ignore[attr-defined]
