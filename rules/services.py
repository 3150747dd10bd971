"""Changing a province's rules: every change is a new version with its legal basis."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from rules.domain.presets import PRESET_DOCUMENTS, preset_get
from rules.domain.registry import RULE_SPECS, RuleKey
from rules.domain.ruleset import RuleSet, encode_value
from rules.models import DocumentDateConfirmation, ProvinceCalendarOverride, RuleVersion
from rules.national.models import CalendarOverride as NationalCalendarOverride
from rules.national.models import CalendarOverrideVersion as NationalCalendarOverrideVersion

# Presets of drafts carry no effective date; their values then count from the baseline's
# own date, Thông tư 06/2023/TT-BNV (signed 04/5/2023), so every later date has a value.
PRESET_FALLBACK_EFFECTIVE = date(2023, 5, 4)


def _legal_basis_errors(*, document: str, article: str) -> dict[str, str]:
    errors = {}
    if not document.strip():
        errors["document"] = "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."
    if not article.strip():
        errors["article"] = "Cần ghi điều, khoản làm căn cứ."
    return errors


def rule_value_set(
    *,
    acting_user: Account | None,
    key: str,
    value: object,
    effective_from: date | None,
    document: str,
    article: str,
    document_effective: date | None = None,
    note: str = "",
) -> RuleVersion:
    """Add a version of one rule, in force from `effective_from`; older versions stay and keep
    answering for dates before it. `value` is the rule's JSON form; None means "not set by the
    province" (the baseline applies)."""
    try:
        rule = RuleKey(key)
    except ValueError:
        raise ApplicationError.for_fields({"key": f"Không có quy tắc “{key}”."}) from None
    errors = rule_value_errors(key=rule, value=value)
    errors.update(_legal_basis_errors(document=document, article=article))
    if effective_from is None:
        errors["effective_from"] = "Cần nhập ngày có hiệu lực."
    if errors or effective_from is None:
        raise ApplicationError.for_fields(errors, "Chưa lưu: giá trị hoặc căn cứ pháp lý chưa hợp lệ.")
    with transaction.atomic():
        version = RuleVersion.objects.create(
            key=str(rule), value=value, effective_from=effective_from, document=document.strip(),
            article=article.strip(), document_effective=document_effective, note=note, entered_by=acting_user,
        )
        audit_record(acting_user=acting_user, action="rules.value_set", target=str(rule),
                     detail={"value": value, "effective_from": str(effective_from), "document": document, "article": article})
    return version


def rule_value_errors(*, key: RuleKey, value: object) -> dict[str, str]:
    """Vietnamese messages for a candidate value, keyed "value" or "value.<field>"."""
    try:
        found = RULE_SPECS[key].errors(RULE_SPECS[key].decode(value))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        found = {"": str(error) or "Giá trị không hợp lệ."}
    return {f"value.{name}" if name else "value": message for name, message in found.items()}


def rules_apply_rule_set(*, acting_user: Account | None, rule_set: RuleSet, effective_from: date, note: str) -> int:
    """Enter every value of a rule set as versions (a preset, or a copy of another province)."""
    with transaction.atomic():
        created = [
            RuleVersion(
                key=str(key), value=encode_value(entry.value), effective_from=effective_from,
                document=entry.citation.document if entry.citation else "",
                article=entry.citation.article if entry.citation else "",
                document_effective=entry.citation.effective if entry.citation else None,
                note=note, entered_by=acting_user,
            )
            for key, entry in rule_set.items()
        ]
        RuleVersion.objects.bulk_create(created)
        audit_record(acting_user=acting_user, action="rules.apply_set", detail={"note": note, "values": len(created)})
    return len(created)


def rules_apply_preset(*, acting_user: Account | None, preset_code: str) -> int:
    """A new province starts from its preset; a re-run adds nothing once any version exists."""
    if RuleVersion.objects.exists():
        return 0
    rule_set = preset_get(preset_code)
    effective = min((v.citation.effective for v in rule_set.values() if v.citation and v.citation.effective),
                    default=PRESET_FALLBACK_EFFECTIVE)
    return rules_apply_rule_set(acting_user=acting_user, rule_set=rule_set, effective_from=effective,
                                note=f"Khởi tạo từ bộ quy tắc mẫu “{preset_code}”.")


def calendar_override_set(
    *, acting_user: Account | None, day: date, working: bool, reason: str, legal_basis: str = ""
) -> ProvinceCalendarOverride:
    """Declare a day off or a make-up working day for this province only."""
    if not reason.strip():
        raise ApplicationError.for_fields({"reason": "Cần ghi lý do (ví dụ: số văn bản thông báo)."})
    with transaction.atomic():
        override, _ = ProvinceCalendarOverride.objects.update_or_create(
            day=day, defaults={"working": working, "reason": reason.strip(), "legal_basis": legal_basis, "entered_by": acting_user}
        )
        audit_record(acting_user=acting_user, action="rules.calendar_override", target=str(day),
                     detail={"working": working, "reason": reason})
    return override


def calendar_override_remove(*, acting_user: Account | None, day: date) -> None:
    """Withdraw this province's adjustment of `day`; the national calendar applies again."""
    with transaction.atomic():
        deleted, _ = ProvinceCalendarOverride.objects.filter(day=day).delete()
        if not deleted:
            raise ApplicationError.for_fields({"day": f"Ngày {day:%d/%m/%Y} không có điều chỉnh nào của tỉnh."})
        audit_record(acting_user=acting_user, action="rules.calendar_override_remove", target=str(day))


def national_calendar_override_set(
    *, acting_user: Account | None, day: date, working: bool, reason: str, legal_basis: str = ""
) -> NationalCalendarOverride:
    """An operator declares a day off (or a make-up working day) for every province at once; the
    declaration, or the change of an earlier one, is kept in the adjustments' history."""
    if not reason.strip():
        raise ApplicationError.for_fields({"reason": "Cần ghi lý do (ví dụ: số văn bản thông báo)."})
    with transaction.atomic():
        override, created = NationalCalendarOverride.objects.update_or_create(
            day=day, defaults={"working": working, "reason": reason.strip(), "legal_basis": legal_basis.strip(),
                               "entered_by": acting_user}
        )
        action = NationalCalendarOverrideVersion.Action.ADD if created else NationalCalendarOverrideVersion.Action.CHANGE
        _national_calendar_version(acting_user, override, action)
        audit_record(acting_user=acting_user, action="rules.national_calendar_override", target=str(day),
                     detail={"working": working, "reason": reason})
    return override


def _national_calendar_version(
    acting_user: Account | None, override: NationalCalendarOverride, action: str, removal_reason: str = ""
) -> None:
    NationalCalendarOverrideVersion.objects.create(
        day=override.day, action=action, working=override.working, reason=override.reason,
        legal_basis=override.legal_basis, removal_reason=removal_reason,
        recorded_by=acting_user.username if acting_user is not None else "",
    )


def rules_copy_from_province(*, acting_user: Account | None, source_schema: str, effective_from: date) -> int:
    """A new province starts from another province's rules as they stand on `effective_from`."""
    from django_tenants.utils import schema_context

    from rules.selectors import rule_versions_in_force, version_rule_value

    if RuleVersion.objects.exists():
        return 0
    with schema_context(source_schema):
        source = RuleSet({key: version_rule_value(v) for key, v in rule_versions_in_force(as_of=effective_from).items()})
    return rules_apply_rule_set(acting_user=acting_user, rule_set=source, effective_from=effective_from,
                                note=f"Sao chép quy chế của tỉnh (schema {source_schema}).")


def national_calendar_override_remove(*, acting_user: Account | None, day: date, reason: str) -> None:
    """Withdraw a national adjustment of `day`, saying why; the package's calendar applies again.
    The adjustment leaves the calendar but not the record: its history keeps it, with the reason."""
    with transaction.atomic():
        override = NationalCalendarOverride.objects.select_for_update().filter(day=day).first()
        if override is None:
            raise ApplicationError.for_fields({"day": f"Ngày {day:%d/%m/%Y} không có điều chỉnh toàn quốc nào."})
        if not reason.strip():
            raise ApplicationError.for_fields(
                {"removal_reason": "Cần ghi lý do bỏ điều chỉnh (ví dụ: số văn bản thông báo)."})
        _national_calendar_version(acting_user, override, NationalCalendarOverrideVersion.Action.REMOVE,
                                   removal_reason=reason.strip())
        override.delete()
        audit_record(acting_user=acting_user, action="rules.national_calendar_override_remove", target=str(day),
                     detail={"reason": reason.strip()})


BASIS_MAX_LENGTH = 300


def document_date_confirm(
    *, acting_user: Account, document_code: str, effective: date | None, basis: str
) -> DocumentDateConfirmation:
    """Record that an admin checked a text's effective date against the original (Lào Cai: the
    OCR reads 20/02/2024, the subtitle "tháng 03"); the rules page then states the confirmed
    date instead of the doubt. The rule versions stay as entered: a different date is a new
    version, entered on the rules page with this confirmation as its basis."""
    document = PRESET_DOCUMENTS.get(document_code)
    errors: dict[str, str] = {}
    if document is None or document.doubt is None:
        errors["document_code"] = "Văn bản này không có giá trị nào cần đối chiếu."
    if effective is None:
        errors["effective"] = "Cần nhập ngày có hiệu lực ghi trên bản gốc."
    if not basis.strip():
        errors["basis"] = "Cần ghi căn cứ đối chiếu (ví dụ: bản gốc Quyết định lưu tại Văn phòng UBND tỉnh)."
    elif len(basis.strip()) > BASIS_MAX_LENGTH:
        errors["basis"] = f"Căn cứ đối chiếu dài tối đa {BASIS_MAX_LENGTH} ký tự."
    if errors or effective is None:
        raise ApplicationError.for_fields(errors, "Chưa lưu xác nhận: thông tin chưa hợp lệ.")
    with transaction.atomic():
        confirmation = DocumentDateConfirmation.objects.create(
            document_code=document_code, effective=effective, basis=basis.strip(), confirmed_by=acting_user,
        )
        audit_record(acting_user=acting_user, action="rules.document_date_confirm", target=document_code,
                     detail={"effective": effective.isoformat(), "basis": basis.strip()})
    return confirmation
