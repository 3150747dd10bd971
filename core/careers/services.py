"""Career events as tracked duties (core `Obligation`), kept by the daily run.

Owed by the person's unit (its admins see them; reminders go as for any duty): the retirement
notice and decision, the regular raise (or the next beyond-top-step percent) and the start of
re-appointment work before a term ends. Each is tied to its source by a reference that names the
event, so a re-run opens nothing twice; a duty whose event has moved (a raise recorded, a new
appointment, someone who left) is closed by the run.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.careers.models import EarlyRaiseProposal
from core.careers.rules import career_rules, citation_text
from core.careers.selectors import (
    PersonCareer,
    career_people,
    early_raise_case,
    early_steps_of,
    person_careers,
    quota_of,
    quota_unit_of,
    raise_date,
    term_ending,
)
from core.models import Obligation, ObligationKind, OrgUnit, Person, PersonStatus
from core.permissions import ADMIN_ROLES, role_require
from core.selectors.people import person_get_for_user
from core.services.obligations import obligations_close, obligations_ensure
from rules.domain.career import MAX_AGE_MONTHS, MIN_AGE_MONTHS

# How far ahead a duty is opened: tracking, not law. A year lets the six-month notice and the
# re-appointment work (90 days before the term) appear well before they fall due.
HORIZON = timedelta(days=365)
# An event this recent still gets its duty (late) on the first run after it.
RECENT = timedelta(days=31)
CAREER_KINDS = (ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION, ObligationKind.SALARY_RAISE,
                ObligationKind.OVER_FRAME, ObligationKind.TERM_END)


@dataclass(frozen=True)
class CareerDutiesResult:
    opened: int
    closed: int


def career_duties_ensure(*, today: date) -> CareerDutiesResult:
    """Open the duties falling due within the horizon; close those whose event has gone."""
    with transaction.atomic():
        events = _retirement_duties(today) + _raise_duties(today) + _term_duties(today)
        # Events long past are history, not duties (a raise recorded late stays in the dossier).
        wanted = [duty for duty in events
                  if duty.due is not None and duty.due <= today + HORIZON and duty.event_date >= today - RECENT]
        opened = len(obligations_ensure(wanted))
        # A duty whose event the dossier no longer gives (a raise recorded, a new appointment, a
        # changed roadmap) has moved or been done; a leaver's are over.
        careers = Obligation.objects.filter(kind__in=CAREER_KINDS)
        closed = (obligations_close(careers.exclude(reference__in=[duty.reference for duty in events]))
                  + obligations_close(careers.exclude(person__status=PersonStatus.WORKING)))
        if opened or closed:
            audit_record(acting_user=None, action="careers.duties", detail={
                "today": today.isoformat(), "opened": opened, "closed": closed})
    return CareerDutiesResult(opened=opened, closed=closed)


def _retirement_duties(today: date) -> list[Obligation]:
    people = Person.objects.filter(status=PersonStatus.WORKING, birth_year__gte=today.year - MAX_AGE_MONTHS // 12 - 1,
                                   birth_year__lte=(today + HORIZON).year + 1 - MIN_AGE_MONTHS // 12)
    rules = career_rules(as_of=today)
    citation = citation_text(rules.roadmap_citation)
    duties = []
    for career in person_careers(career_people(people), today=today):
        forecast = career.retirement
        for kind, due in ((ObligationKind.RETIREMENT_NOTICE, forecast.notice_by),
                          (ObligationKind.RETIREMENT_DECISION, forecast.decision_by)):
            duties.append(_duty(kind, career.person, due, forecast.retire_on, citation,
                                f"{kind}:{career.person.pk}:{forecast.retire_on.isoformat()}",
                                f"Nghỉ hưu từ {forecast.pension_from:%d/%m/%Y}"))
    return duties


def _raise_duties(today: date) -> list[Obligation]:
    people = Person.objects.filter(status=PersonStatus.WORKING, salary_history__isnull=False).distinct()
    citation = citation_text(career_rules(as_of=today).salary_raise_citation)
    duties = []
    for career in person_careers(career_people(people), today=today):
        when = raise_date(career)
        if when is None:
            continue
        kind = ObligationKind.SALARY_RAISE if career.next_raise is not None else ObligationKind.OVER_FRAME
        duties.append(_duty(kind, career.person, when, when, citation,
                            f"{kind}:{career.person.pk}:{career.step_since}:{career.step}",
                            _raise_subject(career)))
    return duties


def _raise_subject(career: PersonCareer) -> str:
    if career.over_frame is not None:
        return f"Phụ cấp thâm niên vượt khung {career.over_frame.next_percent} % ({career.scale_code})"
    return f"Nâng lương từ bậc {career.step} ({career.scale_code})"


def _term_duties(today: date) -> list[Obligation]:
    rules = career_rules(as_of=today)
    citation = citation_text(rules.appointment_term_citation)
    people = career_people(Person.objects.filter(status=PersonStatus.WORKING, appointments__isnull=False)
                           .distinct()).prefetch_related("appointments")
    duties = []
    for person in people:
        ending = term_ending(person, rules)
        if ending is None:
            continue
        action = "Kéo dài thời gian giữ chức vụ đến nghỉ hưu" if ending.extend_to_retirement else "Bổ nhiệm lại"
        duties.append(_duty(ObligationKind.TERM_END, person, ending.work_starts_by, ending.term_end, citation,
                            f"{ObligationKind.TERM_END}:{ending.appointment.pk}:{ending.term_end.isoformat()}",
                            f"{action}: {ending.appointment.position}, hết nhiệm kỳ {ending.term_end:%d/%m/%Y}"))
    return duties


def _duty(kind: str, person: Person, due: date, event_date: date, citation: str, reference: str,
          subject: str) -> Obligation:
    return Obligation(kind=kind, person=person, org_unit=person.org_unit, event_date=event_date, due=due,
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
