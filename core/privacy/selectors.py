"""What a data subject may take away (everything held about them, and who read their
dossier), and the requests an officer or admin must answer."""

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import ChangeSet, ConsentGrant, Obligation, Role
from core.permissions import ADMIN_ROLES, account_role_grants, account_roles
from core.privacy.models import DataSubjectRequest
from core.selectors.people import (
    dossier_get_for_user,
    dossier_read_log_list_for_user,
    person_id_for_account,
)
from tenants.context import current_province

# Who answers a data subject: the officers and admins over the person's unit.
ANSWER_ROLES = (*ADMIN_ROLES, Role.UNIT_OFFICER)
NOT_FOUND = "Không tìm thấy yêu cầu."


def _when(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def privacy_request_list_mine(*, user: Account) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(person__account_id=user.pk).select_related("answered_by")


def _to_answer_q(user: Account) -> Q:
    grants = account_role_grants(user, ANSWER_ROLES)
    q = Q(pk__in=[])
    for grant in grants:
        q |= Q(person__org_unit__path__startswith=grant.org_unit.path)
    return q


def privacy_request_list_to_answer(*, user: Account) -> QuerySet[DataSubjectRequest]:
    """Requests of the people in the user's subtrees (officer or admin roles), open first."""
    return (DataSubjectRequest.objects.filter(_to_answer_q(user))
            .select_related("person", "person__org_unit", "answered_by").order_by("-state", "due", "id"))


def privacy_request_get_to_answer(*, user: Account, request_id: int, lock: bool = False) -> DataSubjectRequest:
    queryset = DataSubjectRequest.objects.filter(_to_answer_q(user), pk=request_id)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    request = queryset.select_related("person", "obligation").first()
    if request is None:
        raise NotFoundError(NOT_FOUND)
    return request


def data_subject_export(*, user: Account) -> dict[str, Any]:
    """Everything hoso holds about the signed-in person: their account and roles, their whole
    dossier, the change sets, duties, consents and requests about them, and every read of their
    dossier by someone else (who, when, through what, why). NotFoundError for an account with no
    dossier."""
    person_id = person_id_for_account(user=user)
    dossier = dossier_get_for_user(user=user, person_id=person_id, purpose="privacy.export")
    person = dossier.person
    province = current_province()
    return {
        "generated_at": _when(timezone.now()),
        "province": province.name if province else "",
        "account": {"username": user.username, "full_name": user.full_name, "date_joined": _when(user.date_joined),
                    "last_login": _when(user.last_login)},
        "roles": [{"role": held.role, "label": held.label, "org_unit": held.org_unit.name if held.org_unit else None}
                  for held in account_roles(user)],
        "dossier": dossier.content,
        "org_unit": person.org_unit.name,
        "change_sets": [
            {"id": cs.pk, "state": cs.state, "changed_on": cs.changed_on.isoformat(), "note": cs.note,
             "submitted_at": _when(cs.submitted_at), "applied_at": _when(cs.applied_at),
             "return_reason": cs.return_reason}
            for cs in ChangeSet.objects.filter(person=person).order_by("id")],
        "obligations": [
            {"kind": duty.kind, "label": duty.get_kind_display(), "due": duty.due.isoformat() if duty.due else None,
             "state": duty.state, "citation": duty.citation}
            for duty in Obligation.objects.filter(person=person).order_by("id")],
        "consents": [
            {"grantee": grant.grantee.username, "reason": grant.reason, "document_number": grant.document_number,
             "valid_until": grant.valid_until.isoformat(), "revoked": grant.revoked_at is not None}
            for grant in ConsentGrant.objects.filter(person=person).select_related("grantee").order_by("id")],
        "requests": [
            {"id": r.pk, "kind": r.kind, "label": r.get_kind_display(), "detail": r.detail,
             "received_on": r.received_on.isoformat(), "due": r.due.isoformat() if r.due else None,
             "state": r.state, "answer": r.answer, "answered_at": _when(r.answered_at)}
            for r in privacy_request_list_mine(user=user).order_by("id")],
        "read_log": [
            {"read_at": _when(read.read_at), "reader": read.reader.username, "reader_name": read.reader.full_name,
             "channel": read.channel, "channel_label": read.get_channel_display(),
             "role": read.role_grant.get_role_display() if read.role_grant else None,
             "consent_document": read.consent_grant.document_number if read.consent_grant else None,
             "purpose": read.purpose}
            for read in dossier_read_log_list_for_user(user=user, person_id=person_id).order_by("read_at", "id")],
    }
