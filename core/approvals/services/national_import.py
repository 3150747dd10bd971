"""Importing a person's record from the national database (CSDL quốc gia) into a draft.

A unit that receives someone from outside the province asks the national database for their
record by ID number. The answer becomes a DRAFT change set of the person's dossier: identity
and dossier values that differ, and the rows (work history, training, degrees…) the dossier
does not hold yet. Nothing is applied: the draft goes through the normal submit, review and
monthly approval. The request uses the province's sync endpoint (SyncEndpoint): a GET of
`<url>/<national_id>`, with the endpoint's timeout.

The record format (version 1) is the inverse of the packet of `core.approvals.sync_format`:
the person and their dossier as the national database holds it, in the shape of a dossier
version's snapshot (`core.dossier_values.dossier_snapshot`)::

    {"format": "hoso.record/1",
     "person": {"national_id": "...", "full_name": "...", ...},
     "dossier": {"identity": {...}, "dossier": {...}, "rows": {"training": [{...}], ...}}}

A stored sync packet (`hoso.sync/1`) is read the same way (its `person` and `dossier`).
Fields and groups hoso does not know are skipped, never guessed.
"""

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.approvals.selectors import sync_endpoint
from core.approvals.sync_format import FORMAT as PACKET_FORMAT
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.base.http import Answer, http_request, reply_summary
from core.dossier_values import (
    DOSSIER,
    IDENTITY,
    IDENTITY_FIELDS,
    editable_fields,
    group_label,
    group_related_name,
    values_of,
)
from core.models import DOSSIER_ROW_MODELS, ChangeSet, Person
from core.permissions import ADMIN_ROLES, account_role_grants, grant_over
from core.services.change_sets import change_set_create, change_set_row_add, change_set_values_set

RECORD_FORMAT = "hoso.record/1"
FORMATS = (RECORD_FORMAT, PACKET_FORMAT)

PERSON_NOT_FOUND = "Không tìm thấy hồ sơ này."
NO_ENDPOINT = "Sở Nội vụ chưa khai báo địa chỉ CSDL quốc gia; chưa thể lấy hồ sơ."
NOT_IN_NATIONAL = "CSDL quốc gia không có hồ sơ của người có số định danh {national_id}."
NO_ANSWER = "Không kết nối được CSDL quốc gia (quá thời gian chờ hoặc không có trả lời): {detail}. Hãy thử lại sau."
HTTP_ERROR = "CSDL quốc gia trả lời lỗi (HTTP {status}): {detail}."
MALFORMED = "CSDL quốc gia trả về dữ liệu không đúng định dạng hồ sơ ({detail}); không nhập gì."
OTHER_PERSON = ("Hồ sơ CSDL quốc gia trả về có số định danh {got}, khác số định danh {expected} của người này; "
                "không nhập gì.")
INVALID_VALUES = "Hồ sơ từ CSDL quốc gia có thông tin chưa hợp lệ ({where}): {detail}. Không nhập gì."
NOTHING_NEW = "Hồ sơ trong CSDL quốc gia không có thông tin nào khác với hồ sơ hiện tại."

Getter = Callable[[str, dict[str, str], float], Answer]


def http_get(url: str, headers: dict[str, str], timeout: float) -> Answer:
    return http_request("GET", url, headers=headers, timeout=timeout)


@dataclass(frozen=True)
class NationalRecord:
    """A person's record as the national database holds it, in hoso's groups."""

    national_id: str
    identity: dict[str, Any]
    dossier: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]
    skipped: list[str] = field(default_factory=list)  # groups and fields hoso does not know


def record_from_json(text: str) -> NationalRecord:
    """Read a `hoso.record/1` answer (or a `hoso.sync/1` packet); ApplicationError if malformed."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ApplicationError(MALFORMED.format(detail="không phải JSON"), code="national_malformed") from None
    if not isinstance(data, dict):
        raise _malformed("không phải một đối tượng JSON")
    if data.get("format") not in FORMATS:
        raise _malformed(f"định dạng “{data.get('format')}” không được hỗ trợ")
    person = data.get("person")
    dossier = data.get("dossier")
    if not isinstance(person, dict) or not isinstance(dossier, dict):
        raise _malformed("thiếu phần person hoặc dossier")
    national_id = person.get("national_id")
    if not isinstance(national_id, str) or not national_id.strip():
        raise _malformed("thiếu số định danh")
    skipped: list[str] = []
    identity_in = dossier.get(IDENTITY) or {}
    values_in = dossier.get(DOSSIER) or {}
    rows_in = dossier.get("rows") or {}
    if not isinstance(identity_in, dict) or not isinstance(values_in, dict) or not isinstance(rows_in, dict):
        raise _malformed("các nhóm thông tin không đúng dạng")
    identity_in = {**{k: v for k, v in person.items() if k in IDENTITY_FIELDS}, **identity_in}
    identity = _known(IDENTITY, identity_in, skipped, ignore={"national_id", "category", "status", "org_unit"})
    values = _known(DOSSIER, values_in, skipped, ignore=set())
    rows: dict[str, list[dict[str, Any]]] = {}
    for group, items in rows_in.items():
        if group not in DOSSIER_ROW_MODELS:
            skipped.append(str(group))
            continue
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise _malformed(f"nhóm {group} không phải danh sách các dòng")
        rows[group] = [_known(group, item, skipped, ignore={"id"}) for item in items]
    return NationalRecord(national_id=national_id.strip(), identity=identity, dossier=values, rows=rows,
                          skipped=sorted(set(skipped)))


@dataclass(frozen=True)
class NationalImport:
    change_set: ChangeSet
    record: NationalRecord
    items: int


def national_import_person(*, acting_user: Account, person_id: object) -> Person:
    """The person whose record `acting_user` may import: an admin over their unit, or the DoHA.
    Missing and out of scope answer alike."""
    try:
        pk = int(str(person_id))
    except ValueError:
        raise NotFoundError(PERSON_NOT_FOUND) from None
    person = Person.objects.select_related("org_unit").filter(pk=pk).first()
    if person is None or grant_over(account_role_grants(acting_user, ADMIN_ROLES), person.org_unit) is None:
        raise NotFoundError(PERSON_NOT_FOUND)
    return person


def national_record_request(
    *, acting_user: Account, person: Person, on: date | None = None, transport: Getter = http_get,
) -> NationalImport:
    """Ask the national database for `person`'s record and put what differs into a new draft
    change set (changed on `on`, today by default). Only an admin over the person's unit (the
    DoHA included) asks; others are told the person is not found. On any error nothing is written."""
    person = national_import_person(acting_user=acting_user, person_id=person.pk)
    endpoint = sync_endpoint()
    if endpoint is None:
        raise ApplicationError(NO_ENDPOINT, code="no_endpoint")
    url = f"{endpoint.url.rstrip('/')}/{urllib.parse.quote(person.national_id, safe='')}"
    answer = transport(url, {"Accept": "application/json"}, float(endpoint.timeout_seconds))
    if answer.status == 404:
        raise ApplicationError(NOT_IN_NATIONAL.format(national_id=person.national_id), code="national_not_found")
    if answer.status == 0:
        raise ApplicationError(NO_ANSWER.format(detail=reply_summary(answer)), code="national_unreachable")
    if not 200 <= answer.status < 300:
        raise ApplicationError(HTTP_ERROR.format(status=answer.status, detail=_detail(answer)),
                               code="national_error")
    record = record_from_json(answer.body)
    if record.national_id != person.national_id:
        raise ApplicationError(OTHER_PERSON.format(got=record.national_id, expected=person.national_id),
                               code="national_other_person")
    with transaction.atomic():
        change_set = change_set_create(acting_user=acting_user, person=person, changed_on=on or timezone.localdate(),
                                       note="Nhập từ CSDL quốc gia")
        items = 0
        for group, values in ((IDENTITY, record.identity), (DOSSIER, record.dossier)):
            if values:
                items += _values_set(acting_user, change_set, group, values)
        for group, rows in record.rows.items():
            present = _rows_present(person, group)
            for number, row in enumerate(rows, start=1):
                if _row_key(row) in present:
                    continue
                change_set.refresh_from_db(fields=["version"])
                try:
                    change_set_row_add(acting_user=acting_user, change_set=change_set,
                                       expected_version=change_set.version, group=group, values=row)
                except ApplicationError as error:
                    raise _invalid(f"{group_label(group)}, dòng {number}", error) from None
                items += 1
        if not items:
            raise ApplicationError(NOTHING_NEW, code="national_nothing_new")
        change_set.refresh_from_db()
        audit_record(acting_user=acting_user, action="national_record.import", target=f"change_set:{change_set.pk}",
                     detail={"person": person.pk, "url": url, "items": items, "skipped": record.skipped})
        return NationalImport(change_set=change_set, record=record, items=items)


# --- internals -------------------------------------------------------------------------------


def _malformed(detail: str) -> ApplicationError:
    return ApplicationError(MALFORMED.format(detail=detail), code="national_malformed")


def _known(group: str, values: dict[str, Any], skipped: list[str], *, ignore: set[str]) -> dict[str, Any]:
    fields = editable_fields(group)
    if group == IDENTITY:
        fields = {name: f for name, f in fields.items() if name in IDENTITY_FIELDS}
    known = {}
    for name, value in values.items():
        if name in fields:
            known[name] = value
        elif name not in ignore:
            skipped.append(f"{group}.{name}")
    return known


def _values_set(acting_user: Account, change_set: ChangeSet, group: str, values: dict[str, Any]) -> int:
    change_set.refresh_from_db(fields=["version"])
    try:
        item = change_set_values_set(acting_user=acting_user, change_set=change_set,
                                     expected_version=change_set.version, group=group, values=values)
    except ApplicationError as error:
        raise _invalid(group_label(group), error) from None
    return 1 if item is not None else 0


def _rows_present(person: Person, group: str) -> set[str]:
    """The rows the dossier already holds, so a record does not add them twice."""
    return {_row_key(values_of(row, group)) for row in getattr(person, group_related_name(group)).all()}


def _row_key(values: dict[str, Any]) -> str:
    meaningful = {k: v for k, v in values.items() if v not in (None, "")}
    return json.dumps(meaningful, sort_keys=True, default=str)


def _invalid(where: str, error: ApplicationError) -> ApplicationError:
    fields = error.extra.get("fields") or {}
    detail = "; ".join(f"{name}: {message}" for name, message in fields.items()) if fields else error.message
    return ApplicationError(INVALID_VALUES.format(where=where, detail=detail), code="national_invalid")


def _detail(answer: Answer) -> str:
    """The reply's own message, never its raw body (core.base.http)."""
    return reply_summary(answer) or "không có nội dung"
