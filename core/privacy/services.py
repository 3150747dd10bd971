"""A data subject's requests: made by the person about their own record, answered by an
officer or admin over the person's unit. Each is one transaction with an audit row; the duty
(core Obligation, kind privacy_request) opens and closes with the request."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.models import ChangeSet, Obligation, ObligationKind, Person
from core.permissions import person_visibility_q
from core.privacy.deadlines import privacy_request_due
from core.privacy.models import DataSubjectRequest, RequestKind, RequestState
from core.privacy.selectors import privacy_request_get_to_answer
from core.selectors.people import NO_DOSSIER
from core.services.obligations import obligation_close

DETAIL_MAX = 2000
ANSWER_MAX = 4000
KIND_INVALID = "Hãy chọn một loại yêu cầu trong danh sách."
DETAIL_REQUIRED = "Hãy ghi nội dung yêu cầu."
DETAIL_TOO_LONG = f"Nội dung yêu cầu tối đa {DETAIL_MAX:,} ký tự.".replace(",", ".")
ANSWER_REQUIRED = "Hãy ghi nội dung trả lời."
ANSWER_TOO_LONG = f"Nội dung trả lời tối đa {ANSWER_MAX:,} ký tự.".replace(",", ".")
ALREADY_ANSWERED = "Yêu cầu này đã được trả lời."
CHANGE_SET_NOT_THEIRS = "Đề nghị thay đổi số {number} không phải của người đã yêu cầu."


def privacy_request_create(*, acting_user: Account, kind: str, detail: str,
                           today: date | None = None) -> DataSubjectRequest:
    """The signed-in person's request about their own data, due as the rules say."""
    detail = (detail or "").strip()
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = KIND_INVALID
    if not detail:
        errors["detail"] = DETAIL_REQUIRED
    elif len(detail) > DETAIL_MAX:
        errors["detail"] = DETAIL_TOO_LONG
    if errors:
        raise ApplicationError.for_fields(errors)
    person = Person.objects.select_related("org_unit").filter(account_id=acting_user.pk).first()
    if person is None:
        raise NotFoundError(NO_DOSSIER)
    received_on = today or timezone.localdate()
    due, citation = privacy_request_due(received_on=received_on)
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            person=person, requested_by=acting_user, kind=kind, detail=detail, received_on=received_on,
            due=due, citation=citation)
        request.obligation = Obligation.objects.create(
            kind=ObligationKind.PRIVACY_REQUEST, person=person, org_unit=person.org_unit,
            event_date=received_on, due=due, citation=citation, reference=f"privacy_request:{request.pk}",
            subject=f"{RequestKind(kind).label}: {detail}"[:300])
        request.save(update_fields=["obligation"])
        audit_record(acting_user=acting_user, action="privacy.request", target=f"privacy_request:{request.pk}",
                     detail={"kind": kind, "due": due.isoformat() if due else None})
    return request


def privacy_request_answer(*, acting_user: Account, request_id: int, answer: str,
                           change_set_id: int | None = None) -> DataSubjectRequest:
    """An officer or admin over the person's unit answers (a correction may name the change set
    that made it); the duty is done. Missing and out-of-scope requests answer alike."""
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError.for_fields({"answer": ANSWER_REQUIRED})
    if len(answer) > ANSWER_MAX:
        raise ApplicationError.for_fields({"answer": ANSWER_TOO_LONG})
    with transaction.atomic():
        request = privacy_request_get_to_answer(user=acting_user, request_id=request_id, lock=True)
        if request.state != RequestState.OPEN:
            raise ApplicationError(ALREADY_ANSWERED, code="already_answered")
        change_set = None
        if change_set_id is not None:
            change_set = (ChangeSet.objects.filter(pk=change_set_id, person_id=request.person_id)
                          .filter(person_visibility_q(acting_user, "person__")).first())
            if change_set is None:
                raise ApplicationError.for_fields({"change_set": CHANGE_SET_NOT_THEIRS.format(number=change_set_id)})
        request.state, request.answer = RequestState.ANSWERED, answer
        request.answered_by, request.answered_at, request.change_set = acting_user, timezone.now(), change_set
        request.save(update_fields=["state", "answer", "answered_by", "answered_at", "change_set"])
        obligation_close(request.obligation)
        audit_record(acting_user=acting_user, action="privacy.answer", target=f"privacy_request:{request.pk}",
                     detail={"change_set": change_set.pk if change_set else None})
    return request

