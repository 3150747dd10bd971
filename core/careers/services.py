"""Career events as tracked duties (core `Obligation`), kept by the daily run.

Owed by the person's unit (its admins see them; reminders go as for any duty): the retirement
notice and decision, the regular raise (or the next beyond-top-step percent) and the start of
re-appointment work before a term ends. Each is tied to its source by a reference that names the
event, so a re-run opens nothing twice; a duty whose event has moved (a raise recorded, a new
appointment, someone who left) is closed by the run.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.approvals.services.sync import sync_packet_for_action
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.base.planning import jit_off_in_transaction
from core.careers.candidates import raise_candidate_ids, retirement_candidates, term_candidates
from core.careers.models import (
    EarlyRaiseProposal,
    EvaluationEntry,
    EvaluationRound,
    JobPosition,
    JobPositionHolding,
    RaiseProposal,
)
from core.careers.rules import career_rules, citation_text
from core.careers.selectors import (
    CAREER_DUTY_KINDS,
    LAST_STEP,
    NO_STEP,
    Step,
    career_people,
    early_raise_case,
    early_steps_of,
    person_careers,
    person_retirements,
    quarter_of,
    quota_of,
    quota_unit_of,
    raise_date,
    step_keys,
    term_ending,
)
from core.catalogues.models import ProfessionalTitle, Rank, SalaryScale
from core.dossier_values import group_model, values_apply, values_clean
from core.models import (
    Appointment,
    ChangeItem,
    ChangeOperation,
    ChangeSet,
    ChangeSetState,
    Obligation,
    ObligationKind,
    ObligationState,
    OrgUnit,
    Person,
    PersonCategory,
    PersonStatus,
    Role,
    SalaryHistory,
)
from core.permissions import (
    ADMIN_ROLES,
    account_role_grants,
    grant_over,
    role_require,
    unit_in_subtree,
)
from core.selectors.people import person_get_for_user
from core.services.obligations import obligations_close, obligations_ensure
from core.transfers.services.dossier import dossier_version_bump
from rules.domain.career import MAX_AGE_MONTHS, MIN_AGE_MONTHS, EvaluationScoring
from rules.selectors import working_calendar

P = TypeVar("P", RaiseProposal, EarlyRaiseProposal)
SALARY_HISTORY = "salary_history"
# How far ahead a duty is opened: tracking, not law. A year lets the six-month notice and the
# re-appointment work (90 days before the term) appear well before they fall due.
HORIZON = timedelta(days=365)
# An event this recent still gets its duty (late) on the first run after it.
RECENT = timedelta(days=31)
CAREER_KINDS = CAREER_DUTY_KINDS


@dataclass(frozen=True)
class CareerDutiesResult:
    opened: int
    closed: int


def career_duties_ensure(*, today: date) -> CareerDutiesResult:
    """Open the duties falling due within the horizon; close those whose event has gone."""
    with transaction.atomic():
        jit_off_in_transaction()
        events = _retirement_duties(today) + _raise_duties(today) + _term_duties(today)
        # Events long past are history, not duties (a raise recorded late stays in the dossier).
        wanted = [duty for duty in events
                  if duty.due is not None and duty.due <= today + HORIZON and duty.event_date >= today - RECENT]
        opened = len(obligations_ensure(wanted))
        # A duty whose event the dossier no longer gives (a raise recorded, a new appointment, a
        # changed roadmap) has moved or been done; a leaver's are over.
        # Compared here, not in SQL: NOT IN over every forecast's reference took minutes at 60,000 people.
        forecast = {duty.reference for duty in events}
        gone = [pk for pk, reference, status in Obligation.objects.filter(
                    kind__in=CAREER_KINDS, state=ObligationState.OPEN).values_list("pk", "reference", "person__status")
                if reference not in forecast or status != PersonStatus.WORKING]
        closed = obligations_close(Obligation.objects.filter(pk__in=gone))
        if opened or closed:
            audit_record(acting_user=None, action="careers.duties", detail={
                "today": today.isoformat(), "opened": opened, "closed": closed})
    return CareerDutiesResult(opened=opened, closed=closed)


def _retirement_duties(today: date) -> list[Obligation]:
    rules = career_rules(as_of=today)
    people = retirement_candidates(
        Person.objects.filter(status=PersonStatus.WORKING, birth_year__gte=today.year - MAX_AGE_MONTHS // 12 - 1,
                              birth_year__lte=(today + HORIZON).year + 1 - MIN_AGE_MONTHS // 12),
        first=today - RECENT, last=today + HORIZON, rules=rules)
    citation = citation_text(rules.roadmap_citation)
    duties = []
    people = people.only("org_unit_id", "gender", "birth_date", "birth_year", "birth_month")
    for person, forecast in person_retirements(people, today=today):
        for kind, due in ((ObligationKind.RETIREMENT_NOTICE, forecast.notice_by),
                          (ObligationKind.RETIREMENT_DECISION, forecast.decision_by)):
            duties.append(_duty(kind, person.pk, person.org_unit_id, due, forecast.retire_on, citation,
                                f"{kind}:{person.pk}:{forecast.retire_on.isoformat()}",
                                f"Nghỉ hưu từ {forecast.pension_from:%d/%m/%Y}"))
    return duties


def _raise_duties(today: date) -> list[Obligation]:
    rules = career_rules(as_of=today)
    people = raise_candidate_ids(
        Person.objects.filter(Exists(SalaryHistory.objects.filter(person=OuterRef("pk"))), status=PersonStatus.WORKING),
        today=today, first=today - RECENT, last=today + HORIZON, rules=rules)
    citation = citation_text(rules.salary_raise_citation)
    duties = []
    # The forecast from a few columns of each person (the lists' own, step_keys), not from model
    # instances with their rows prefetched: a third of the career duties' time at 60,000 people.
    # Someone with no salary row from today back has no step, so no raise, and no key.
    for key in step_keys(people, rules=rules, today=today):
        step = key.step
        when = raise_date(step)
        if when is None:
            continue
        kind = ObligationKind.SALARY_RAISE if step.next_raise is not None else ObligationKind.OVER_FRAME
        duties.append(_duty(kind, key.pk, key.org_unit_id, when, when, citation,
                            f"{kind}:{key.pk}:{step.step_since}:{step.step}", _raise_subject(step)))
    return duties


def _raise_subject(step: Step) -> str:
    if step.over_frame is not None:
        return f"Phụ cấp thâm niên vượt khung {step.over_frame.next_percent} % ({step.scale_code})"
    return f"Nâng lương từ bậc {step.step} ({step.scale_code})"


def _term_duties(today: date) -> list[Obligation]:
    rules = career_rules(as_of=today)
    citation = citation_text(rules.appointment_term_citation)
    # What term_ending reads, and no more: the rest of a dossier is sealed, and opening it cost more than the forecast.
    people = term_candidates(
        Person.objects.filter(Exists(Appointment.objects.filter(person=OuterRef("pk"))), status=PersonStatus.WORKING),
        first=today - RECENT, last=today + HORIZON, rules=rules).only(
        "org_unit_id", "category", "gender", "birth_date", "birth_year", "birth_month").prefetch_related("appointments")
    duties = []
    calendar = working_calendar()
    for person in people:
        ending = term_ending(person, rules, calendar)
        if ending is None:
            continue
        action = "Kéo dài thời gian giữ chức vụ đến nghỉ hưu" if ending.extend_to_retirement else "Bổ nhiệm lại"
        duties.append(_duty(ObligationKind.TERM_END, person.pk, person.org_unit_id, ending.work_starts_by,
                            ending.term_end, citation,
                            f"{ObligationKind.TERM_END}:{ending.appointment.pk}:{ending.term_end.isoformat()}",
                            f"{action}: {ending.appointment.position}, hết nhiệm kỳ {ending.term_end:%d/%m/%Y}, "
                            f"quyết định chậm nhất {ending.decision_by:%d/%m/%Y}"))
    return duties


def _duty(kind: str, person_id: int, org_unit_id: int | None, due: date, event_date: date, citation: str,
          reference: str, subject: str) -> Obligation:
    return Obligation(kind=kind, person_id=person_id, org_unit_id=org_unit_id, event_date=event_date, due=due,
                      citation=citation, reference=reference[:100], subject=subject[:300])


# --- Early raises -----------------------------------------------------------------------------

QUOTA_FULL = ("Đã đủ tỷ lệ nâng bậc lương trước thời hạn năm {year} của {unit}: {used}/{quota} người "
              "({percent} % của {headcount} người đang làm việc). Người có thông báo nghỉ hưu được nâng ngoài tỷ lệ.")
ALREADY_PROPOSED = "Đã có đề nghị nâng bậc lương trước thời hạn số {id} cho bậc hiện hưởng của {name}."


def early_raise_propose(*, acting_user: Account, person_id: int, as_of: date) -> EarlyRaiseProposal:
    """Propose `person_id` for an early raise, by an admin of their unit: refused, writing
    nothing, when the person does not qualify on `as_of` or their unit's yearly quota is full
    (the retirement case does not count against it)."""
    person = person_get_for_user(user=acting_user, person_id=person_id, purpose="careers.early_raise")
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        unit = quota_unit_of(person.org_unit)
        # One proposal at a time per unit: the quota is counted and used under this lock.
        OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()
        loaded = career_people(Person.objects.filter(pk=person.pk)).prefetch_related("rewards").get()
        career = person_careers([loaded], today=as_of)[0]
        rule = career_rules(as_of=as_of).early_raise
        case = early_raise_case(career, rule=rule, as_of=as_of,
                                early_steps=early_steps_of([loaded]).get(loaded.pk, set()))
        assert career.step_since is not None and career.step is not None  # early_raise_case refuses otherwise
        existing = EarlyRaiseProposal.objects.filter(person=loaded, step_since=career.step_since).exclude(
            state=EarlyRaiseProposal.State.REJECTED).first()
        if existing is not None:
            raise ApplicationError(ALREADY_PROPOSED.format(id=existing.pk, name=loaded.full_name),
                                   code="already_proposed")
        if not case.retirement_case:
            quota = quota_of(unit=unit, year=case.raise_on.year, rule=rule)
            if quota.left == 0:
                raise ApplicationError(QUOTA_FULL.format(
                    year=quota.year, unit=unit.name, used=quota.used, quota=quota.quota, percent=quota.percent,
                    headcount=quota.headcount), code="quota_full")
        proposal = EarlyRaiseProposal.objects.create(
            person=loaded, org_unit=unit, year=case.raise_on.year, step_since=career.step_since, step=career.step,
            regular_due=case.due, months_early=case.months_early, raise_on=case.raise_on, reward=case.reward,
            retirement_case=case.retirement_case, proposed_by=acting_user)
        audit_record(acting_user=acting_user, action="careers.early_raise_propose",
                     target=f"early_raise:{proposal.pk}", detail={
                         "person": loaded.pk, "raise_on": case.raise_on.isoformat(), "months": case.months_early,
                         "retirement_case": case.retirement_case})
        return proposal


# --- The raise round: proposing regular raises, deciding raises -------------------------------

NOT_DUE_THIS_QUARTER = ("{name} đến kỳ nâng bậc lương thường xuyên ngày {due:%d/%m/%Y}, sau quý này (đến "
                        "{end:%d/%m/%Y}): chưa đề nghị được.")
RAISE_ALREADY_PROPOSED = "Đã có đề nghị nâng bậc lương số {id} cho bậc hiện hưởng của {name}."
DECIDED = "Đề nghị này đã được quyết định ({state}); không quyết định lại."
DECISION_NUMBER = "Nhập số quyết định nâng bậc lương."
REJECT_REASON = "Nêu lý do không nâng bậc lương."
DECISION_DATE = "Ngày quyết định không được sau hôm nay."
APPROVE_ROLES = (Role.APPROVER, Role.DOHA_ADMIN)


def raise_propose(*, acting_user: Account, person_id: int, as_of: date) -> RaiseProposal:
    """Propose the regular raise of `person_id` falling due in `as_of`'s quarter (or already
    due), by an admin of their unit: the next step and its coefficient from the salary scale."""
    person = person_get_for_user(user=acting_user, person_id=person_id, purpose="careers.raise")
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        loaded = career_people(Person.objects.select_for_update(of=("self",)).filter(pk=person.pk)).get()
        career = person_careers([loaded], today=as_of)[0]
        name = loaded.full_name
        if career.last_step:
            raise ApplicationError(LAST_STEP.format(name=name), code="last_step")
        scale = SalaryScale.objects.filter(code=career.scale_code).first()
        if career.next_raise is None or career.step_since is None or career.step is None or scale is None:
            raise ApplicationError(NO_STEP.format(name=name), code="no_step")
        start, end = quarter_of(as_of)
        if career.next_raise.due > end:
            raise ApplicationError(NOT_DUE_THIS_QUARTER.format(name=name, due=career.next_raise.due, end=end),
                                   code="not_due")
        existing = RaiseProposal.objects.filter(person=loaded, step_since=career.step_since).exclude(
            state=RaiseProposal.State.REJECTED).first()
        if existing is not None:
            raise ApplicationError(RAISE_ALREADY_PROPOSED.format(id=existing.pk, name=name), code="already_proposed")
        current = max((r for r in loaded.salary_history.all() if r.effective_on <= as_of), key=lambda r: r.effective_on)
        proposal = RaiseProposal.objects.create(
            person=loaded, org_unit=loaded.org_unit, year=start.year, quarter=(start.month - 1) // 3 + 1,
            rank_code=current.rank_code, step_since=career.step_since, step=career.step, new_step=career.step + 1,
            new_coefficient=scale.coefficient_at(career.step + 1), raise_on=career.next_raise.due,
            proposed_by=acting_user)
        audit_record(acting_user=acting_user, action="careers.raise_propose", target=f"raise:{proposal.pk}",
                     detail={"person": loaded.pk, "step": proposal.new_step, "raise_on": proposal.raise_on.isoformat()})
        return proposal


@dataclass(frozen=True)
class Decision:
    approve: bool
    number: str = ""
    on: date | None = None
    reason: str = ""


def raise_decide(*, acting_user: Account, proposal_id: int, decision: Decision) -> RaiseProposal:
    """The approver's decision on a regular raise; approved, it becomes the salary-history row."""
    return _decide(acting_user, RaiseProposal, proposal_id, decision, kind="salary_raise")


def early_raise_decide(*, acting_user: Account, proposal_id: int, decision: Decision) -> EarlyRaiseProposal:
    """The approver's decision on an early raise; approved, it becomes the salary-history row."""
    return _decide(acting_user, EarlyRaiseProposal, proposal_id, decision, kind="early_salary_raise")


def _decide(acting_user: Account, model: type[P], proposal_id: int, decision: Decision, *, kind: str) -> P:
    """Missing and out of scope answer alike; the approver (or the DoHA) over the person's unit
    decides once, with a decision number to approve or a reason to refuse; nothing is written
    on a refusal."""
    found = model.objects.filter(pk=proposal_id).values_list("person_id", flat=True).first()
    if found is None:
        raise NotFoundError("Không tìm thấy đề nghị.")
    try:
        person = person_get_for_user(user=acting_user, person_id=found, purpose=f"careers.{kind}")
    except NotFoundError:
        raise NotFoundError("Không tìm thấy đề nghị.") from None
    today = timezone.localdate()
    on = decision.on or today
    errors = {}
    if decision.approve and not decision.number.strip():
        errors["decision_number"] = DECISION_NUMBER
    if not decision.approve and not decision.reason.strip():
        errors["reason"] = REJECT_REASON
    if on > today:
        errors["decision_date"] = DECISION_DATE
    with transaction.atomic():
        role_require(acting_user, roles=APPROVE_ROLES, org_unit=person.org_unit)
        proposal = model.objects.select_for_update().get(pk=proposal_id)
        if proposal.state != "proposed":
            raise ApplicationError(DECIDED.format(state=proposal.get_state_display()), code="decided")
        if errors:
            raise ApplicationError.for_fields(errors, next(iter(errors.values())))
        proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
        if decision.approve:
            proposal.state, proposal.decision_number, proposal.decision_date = "approved", decision.number.strip(), on
            proposal.change_set = _salary_row_record(proposal, acting_user=acting_user, kind=kind, on=on)
        else:
            proposal.state, proposal.reason = "rejected", decision.reason.strip()[:300]
        proposal.save()
        audit_record(acting_user=acting_user, action=f"careers.{kind}_decide", target=f"{kind}:{proposal.pk}",
                     detail={"approve": decision.approve, "decision_number": proposal.decision_number,
                             "reason": proposal.reason})
        return proposal


def _salary_row_record(proposal: RaiseProposal | EarlyRaiseProposal, *, acting_user: Account, kind: str,
                       on: date) -> ChangeSet:
    """The raise as a completed personnel action: an approved change set adding the salary-history
    row (proposed by the unit, decided by the approver), the dossier's next version, and the
    national sync packet."""
    person = Person.objects.select_for_update(of=("self",)).get(pk=proposal.person_id)
    if isinstance(proposal, RaiseProposal):
        rank_code, step, coefficient = proposal.rank_code, proposal.new_step, proposal.new_coefficient
    else:
        current = SalaryHistory.objects.filter(person=person, effective_on=proposal.step_since).order_by("-id").first()
        rank_code = current.rank_code if current else ""
        scale = SalaryScale.objects.filter(code=_scale_code(person, rank_code)).first()
        step = proposal.step + 1
        coefficient = scale.coefficient_at(step) if scale and step <= scale.steps else Decimal(0)
    values = {"effective_on": proposal.raise_on.isoformat(), "rank_code": rank_code, "step": step,
              "coefficient": str(coefficient)}
    return _row_record(person, group=SALARY_HISTORY, values=values, author=proposal.proposed_by,
                       authored_at=proposal.proposed_at, acting_user=acting_user, on=on,
                       note=f"Quyết định {proposal.decision_number} ngày {on:%d/%m/%Y}: nâng bậc lương",
                       reference=f"{kind}:{proposal.pk}", kind=kind,
                       decision={"number": proposal.decision_number, "date": on.isoformat(),
                                 "signer": acting_user.get_full_name() or acting_user.get_username()})


def _row_record(person: Person, *, group: str, values: dict[str, object], author: Account, authored_at: datetime,
                acting_user: Account, on: date, note: str, reference: str, kind: str,
                decision: dict[str, object]) -> ChangeSet:
    """A dossier row as a completed personnel action: an approved change set adding it (proposed
    by `author`, decided by `acting_user`), the dossier's next version and the national sync packet.

    Not sent to the officer's review nor held for the monthly approval: those are for what a person
    declares. A decision of the managing authority (a raise, an evaluation result) is data the
    managing system produces, which Nghị định 27/2026/NĐ-CP has written into the dossier and synced
    within one day of the action (rules.domain.national)."""
    row = group_model(group)(person=person)
    cleaned = values_clean(row, group, values, complete=True)
    now = timezone.now()
    change_set = ChangeSet.objects.create(
        person=person, state=ChangeSetState.APPROVED, changed_on=on, base_version=person.version, note=note[:1000],
        created_by=author, submitted_by=author, submitted_at=authored_at, reviewed_by=acting_user, reviewed_at=now,
        applied_at=now)
    values_apply(row, group, cleaned)
    row.save()
    ChangeItem.objects.create(change_set=change_set, group=group, operation=ChangeOperation.ADD, values=cleaned,
                              row_id=row.pk)
    version = dossier_version_bump(person, acting_user=acting_user, change_set=change_set)
    sync_packet_for_action(person=person, version=version, reference=reference, kind=kind, completed_on=on,
                           decision=decision)
    return change_set


def _scale_code(person: Person, rank_code: str) -> str:
    dossier = getattr(person, "dossier", None)
    return (getattr(dossier, "salary_scale_code", "") or
            Rank.objects.filter(code=rank_code).values_list("salary_group", flat=True).first() or
            ProfessionalTitle.objects.filter(code=rank_code).values_list("salary_group", flat=True).first() or "")


# --- Evaluation rounds ------------------------------------------------------------------------

ROUND_EXISTS = "{unit} đã có đợt đánh giá, xếp loại năm {year}."
ROUND_CLOSED = "Đợt đánh giá này đã được phê duyệt; không sửa được nữa."
NOT_IN_ROUND = "{name} không thuộc {unit}: không đánh giá trong đợt này."
EXCELLENT_CAP = ("Số người xếp loại “Hoàn thành xuất sắc nhiệm vụ” ({excellent}) vượt quá {percent} % số người xếp "
                 "loại “Hoàn thành tốt nhiệm vụ” ({good} người: tối đa {cap}). Hãy xem lại xếp loại trước khi phê duyệt.")
EMPTY_ROUND = "Đợt đánh giá chưa có kết quả nào để phê duyệt."
GRADES = {"excellent", "good", "completed", "not_completed"}


def evaluation_round_open(*, acting_user: Account, unit_id: int, year: int) -> EvaluationRound:
    """Open `year`'s evaluation of a unit, by an admin over it (missing and forbidden alike)."""
    unit = OrgUnit.objects.filter(pk=unit_id, dissolved_on__isnull=True).first()
    with transaction.atomic():
        if unit is None or not grant_over(account_role_grants(acting_user, ADMIN_ROLES), unit):
            raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise ApplicationError.for_fields({"year": "Năm đánh giá không hợp lệ."}, "Năm đánh giá không hợp lệ.")
        if EvaluationRound.objects.filter(org_unit=unit, year=year).exists():
            raise ApplicationError(ROUND_EXISTS.format(unit=unit.name, year=year), code="round_exists")
        found = EvaluationRound.objects.create(org_unit=unit, year=year, opened_by=acting_user)
        audit_record(acting_user=acting_user, action="careers.evaluation_open", target=f"evaluation:{found.pk}",
                     detail={"unit": unit.pk, "year": year})
        return found


def _round_for(acting_user: Account, round_id: int, roles: tuple[str, ...]) -> EvaluationRound:
    found = EvaluationRound.objects.select_for_update().select_related("org_unit").filter(pk=round_id).first()
    if found is None or not grant_over(account_role_grants(acting_user, roles), found.org_unit):
        raise NotFoundError("Không tìm thấy đợt đánh giá.")
    return found


def evaluation_entry_set(*, acting_user: Account, round_id: int, person_id: int,
                         periods: list[tuple[int, int]] | None = None, grade: str = "") -> EvaluationEntry:
    """One person's evaluation: a công chức's months or quarters scored (general, results), averaged
    into the level by the rule's bands; a viên chức's level given (Nghị định 90/2020). A
    discipline in the year makes it "không hoàn thành nhiệm vụ" whatever the points."""
    with transaction.atomic():
        found = _round_for(acting_user, round_id, ADMIN_ROLES)
        if found.state != EvaluationRound.State.OPEN:
            raise ApplicationError(ROUND_CLOSED, code="round_confirmed")
        person = person_get_for_user(user=acting_user, person_id=person_id, purpose="careers.evaluation")
        if not unit_in_subtree(person.org_unit, found.org_unit):
            raise ApplicationError(NOT_IN_ROUND.format(name=person.full_name, unit=found.org_unit.name),
                                   code="not_in_round")
        rule = career_rules(as_of=date(found.year, 12, 31)).evaluation_scoring
        points = None
        if person.category == PersonCategory.CONG_CHUC:
            points, grade = _scored(periods or [], rule)
        elif grade not in GRADES:
            raise ApplicationError.for_fields({"grade": "Chọn xếp loại: excellent, good, completed hoặc not_completed."},
                                              "Chọn xếp loại của viên chức.")
        if person.disciplines.filter(year=found.year).exists():
            grade = "not_completed"
        entry, _ = EvaluationEntry.objects.update_or_create(round=found, person=person, defaults={
            "periods": [list(p) for p in periods or []], "points": points, "grade": grade, "entered_by": acting_user})
        audit_record(acting_user=acting_user, action="careers.evaluation_entry", target=f"evaluation:{found.pk}",
                     detail={"person": person.pk, "points": str(points) if points is not None else None, "grade": grade})
        return entry


def _scored(periods: list[tuple[int, int]], rule: EvaluationScoring) -> tuple[Decimal, str]:
    if not 1 <= len(periods) <= 12:
        raise ApplicationError.for_fields({"periods": "Cần điểm của 1 đến 12 kỳ (tháng hoặc quý)."},
                                          "Cần điểm của 1 đến 12 kỳ (tháng hoặc quý).")
    for number, period in enumerate(periods, start=1):
        general, results = period
        if not (isinstance(general, int) and 0 <= general <= rule.general_max
                and isinstance(results, int) and 0 <= results <= rule.results_max):
            message = (f"Kỳ {number}: điểm tiêu chí chung từ 0 đến {rule.general_max}, điểm kết quả từ 0 đến "
                       f"{rule.results_max}.")
            raise ApplicationError.for_fields({"periods": message}, message)
    points = (Decimal(sum(g + r for g, r in periods)) / len(periods)).quantize(Decimal("0.01"))
    return points, rule.grade_for(float(points))


def evaluation_round_confirm(*, acting_user: Account, round_id: int) -> EvaluationRound:
    """The approver confirms the round: refused, writing nothing, when "xuất sắc" exceeds the cap
    relative to "tốt"; confirmed, each level becomes an evaluation row through an approved change set."""
    with transaction.atomic():
        found = _round_for(acting_user, round_id, APPROVE_ROLES)
        if found.state != EvaluationRound.State.OPEN:
            raise ApplicationError(ROUND_CLOSED, code="round_confirmed")
        entries = list(found.entries.select_related("person"))
        if not entries:
            raise ApplicationError(EMPTY_ROUND, code="empty_round")
        rule = career_rules(as_of=date(found.year, 12, 31)).evaluation_scoring
        excellent = sum(e.grade == "excellent" for e in entries)
        good = sum(e.grade == "good" for e in entries)
        cap = rule.excellent_cap(good)
        if excellent > cap:
            raise ApplicationError(EXCELLENT_CAP.format(excellent=excellent, percent=rule.excellent_cap_percent,
                                                        good=good, cap=cap), code="excellent_cap")
        on = timezone.localdate()
        for entry in entries:
            person = Person.objects.select_for_update(of=("self",)).get(pk=entry.person_id)
            entry.change_set = _row_record(
                person, group="evaluation", values={"year": found.year, "grade": entry.grade},
                author=entry.entered_by, authored_at=entry.entered_at, acting_user=acting_user, on=on,
                note=f"Đánh giá, xếp loại năm {found.year}", reference=f"evaluation:{found.pk}:{person.pk}",
                kind="evaluation", decision={"number": f"Đợt đánh giá {found.pk}", "date": on.isoformat(),
                                             "signer": acting_user.get_full_name() or acting_user.get_username()})
            entry.save(update_fields=["change_set"])
        found.state, found.confirmed_by, found.confirmed_at = EvaluationRound.State.CONFIRMED, acting_user, timezone.now()
        found.save(update_fields=["state", "confirmed_by", "confirmed_at"])
        audit_record(acting_user=acting_user, action="careers.evaluation_confirm", target=f"evaluation:{found.pk}",
                     detail={"entries": len(entries), "excellent": excellent, "good": good})
        return found


# --- Job positions ----------------------------------------------------------------------------

UNKNOWN_POSITION = "Không có vị trí việc làm mã “{code}” trong danh mục (hoặc đã hết hiệu lực)."
NOT_AFTER = "Ngày bắt đầu phải sau ngày bắt đầu vị trí việc làm hiện tại ({start:%d/%m/%Y})."


def job_position_assign(*, acting_user: Account, person_id: int, code: str, start: date,
                        decision: str = "") -> JobPositionHolding:
    """`person_id` holds the position `code` from `start`, by an admin of their unit; the position
    held until then ends the day before."""
    person = person_get_for_user(user=acting_user, person_id=person_id, purpose="careers.job_position")
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        position = JobPosition.objects.filter(code=code.strip()).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)).first()
        if position is None:
            message = UNKNOWN_POSITION.format(code=code.strip())
            raise ApplicationError.for_fields({"code": message}, message)
        current = (JobPositionHolding.objects.select_for_update().filter(person=person)
                   .order_by("-start").first())
        if current is not None and start <= current.start:
            message = NOT_AFTER.format(start=current.start)
            raise ApplicationError.for_fields({"start": message}, message)
        if current is not None and (current.end is None or current.end >= start):
            current.end = start - timedelta(days=1)
            current.save(update_fields=["end"])
        held = JobPositionHolding.objects.create(person=person, position=position, start=start,
                                                 decision=decision.strip()[:200], entered_by=acting_user)
        audit_record(acting_user=acting_user, action="careers.job_position_assign", target=f"person:{person.pk}",
                     detail={"position": position.code, "start": start.isoformat()})
        return held
