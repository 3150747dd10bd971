"""Career events: the public retirement calculator, and the lists for those with a role."""

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.careers.serializers import (
    SPAN_REVERSED,
    DecisionSerializer,
    EarlyRaiseProposeSerializer,
    EntrySerializer,
    JobPositionSerializer,
    OnQuery,
    OnUnitQuery,
    PagedSpanQuery,
    PagedUnitQuery,
    RetirementQuerySerializer,
    RoundOpenSerializer,
    SpanQuery,
    UnitQuery,
    YearQuery,
)
from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import Page, acting_account, query_valid
from core.base.errors import ApplicationError
from core.careers import selectors, services
from core.careers.dates import months_add
from core.careers.models import EarlyRaiseProposal, RaiseProposal
from core.careers.selectors import retirement_forecast
from core.models import Person
from core.selectors.people import dossier_reads_record

T = TypeVar("T")

# Lists answered as JSON objects ({from, to, count, results}); refusals in the one error shape.
LIST_ANSWERS = {200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 401: OpenApiTypes.OBJECT}


class RetirementView(APIView):
    """Anyone may ask: the law is public, and the answer depends on nobody's dossier."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[RetirementQuerySerializer], responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        query = RetirementQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ApplicationError(query.first_error(), extra={"fields": {
                name: [str(m) for m in messages] for name, messages in query.errors.items()}})
        birth, gender = query.validated_data["birth"], query.validated_data["gender"]
        answer = retirement_forecast(birth=birth, gender=gender, today=timezone.localdate())
        forecast, citation = answer.forecast, answer.citation
        return Response({
            "birth": birth.isoformat(),
            "gender": gender,
            "age": {"years": forecast.age_years, "months": forecast.age_rest_months},
            "retire_on": forecast.retire_on.isoformat(),
            "pension_from": forecast.pension_from.isoformat(),
            "notice_by": forecast.notice_by.isoformat(),
            "decision_by": forecast.decision_by.isoformat(),
            "citation": citation.to_dict() if citation else None,
        })


def _span(query: dict[str, Any], default: tuple[date, date]) -> tuple[date, date]:
    """`from` and `to` as given (SpanQuery), each defaulting to the list's own span: the order is
    checked again once a default has filled one in."""
    start, end = query.get("from", default[0]), query.get("to", default[1])
    if end < start:
        name = "to" if "to" in query else "from"
        raise ApplicationError(f"Tham số {name}: {SPAN_REVERSED}", extra={"fields": {name: [SPAN_REVERSED]}})
    return start, end


def _person(career: selectors.PersonCareer) -> dict[str, Any]:
    person = career.person
    return {"id": person.pk, "full_name": person.full_name, "national_id": person.national_id,
            "org_unit": {"id": person.org_unit_id, "name": person.org_unit.name}}


class SpanListView(GenericAPIView):
    """A list of a span (`from`, `to`, `unit`), a page at a time (`limit`, `offset`): {from, to,
    count, next, previous, results}. Its selector orders the whole list from a few columns, and
    only the page's people are forecast and logged as read."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Page

    def span_page(self, request: Request, *, span: tuple[date, date], rows: Sequence[T],
                  person_of: Callable[[T], Person], purpose: str, row: Callable[[T], dict[str, Any]]) -> Response:
        page = self.paginate_queryset(rows) or []  # type: ignore[arg-type]  # a sequence pages as well
        dossier_reads_record(user=acting_account(request), people=[person_of(r) for r in page], purpose=purpose)
        response = self.get_paginated_response([row(r) for r in page])
        response.data = {"from": span[0].isoformat(), "to": span[1].isoformat(), **response.data}
        return response


def _raise_row(c: selectors.PersonCareer) -> dict[str, Any]:
    return {
        **_person(c), "scale": c.scale_code, "step": c.step, "step_since": c.step_since.isoformat() if c.step_since else None,
        "due": d.isoformat() if (d := selectors.raise_date(c)) else None,
        "over_frame_percent": c.over_frame.next_percent if c.over_frame else None,
        "delays": [{"reason": x.reason, "months": x.months} for x in (c.next_raise.delays if c.next_raise else ())],
        "paused_days": c.next_raise.paused_days if c.next_raise else 0,
    }


class RaisesDueView(SpanListView):
    @extend_schema(parameters=[PagedSpanQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        query = query_valid(request, SpanQuery)
        span = _span(query, selectors.quarter_of(today))
        careers = selectors.raises_due_for_user(user=acting_account(request), start=span[0], end=span[1],
                                                unit_id=query.get("unit"), today=today)
        return self.span_page(request, span=span, rows=careers, person_of=lambda c: c.person,
                              purpose="api.careers.raises", row=_raise_row)


class RetirementsView(SpanListView):
    """The list's page, and `by_month`: how many of the whole list retire in each month."""

    @extend_schema(parameters=[PagedSpanQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        query = query_valid(request, SpanQuery)
        span = _span(query, (today, months_add(today, 12) - timedelta(days=1)))
        careers = selectors.retirements_for_user(user=acting_account(request), start=span[0], end=span[1],
                                                 unit_id=query.get("unit"), today=today)
        response = self.span_page(request, span=span, rows=careers, person_of=lambda c: c.person,
                                  purpose="api.careers.retirements", row=lambda c: {
                                      **_person(c), "retire_on": c.retirement.retire_on.isoformat(),
                                      "pension_from": c.retirement.pension_from.isoformat(),
                                      "notice_by": c.retirement.notice_by.isoformat(),
                                      "decision_by": c.retirement.decision_by.isoformat()})
        # From the dates the list is ordered on: no one beyond the page is forecast.
        by_month: dict[str, int] = {}
        for retire_on in careers.keys:
            by_month[f"{retire_on:%Y-%m}"] = by_month.get(f"{retire_on:%Y-%m}", 0) + 1
        response.data = {**response.data, "by_month": by_month}
        return response


class TermsEndingView(SpanListView):
    @extend_schema(parameters=[PagedSpanQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        query = query_valid(request, SpanQuery)
        span = _span(query, (today, months_add(today, 6) - timedelta(days=1)))
        terms = selectors.terms_ending_for_user(user=acting_account(request), start=span[0], end=span[1],
                                                unit_id=query.get("unit"), today=today)
        return self.span_page(request, span=span, rows=terms, person_of=lambda t: t.appointment.person,
                              purpose="api.careers.terms", row=lambda t: {
                                  "person": {"id": t.appointment.person_id, "full_name": t.appointment.person.full_name},
                                  "position": t.appointment.position, "start": t.appointment.start.isoformat(),
                                  "term_end": t.term_end.isoformat(), "work_starts_by": t.work_starts_by.isoformat(),
                                  "decision_by": t.decision_by.isoformat(),
                                  "extend_to_retirement": t.extend_to_retirement,
                                  "consecutive_terms": t.consecutive_terms, "limit_reached": t.limit_reached})


class PayView(APIView):
    """A person's monthly salary and allowances on a date (`on`, default today); 404 alike for
    a person who does not exist and one the caller may not see; 409 for a date before the
    person's salary history or the base salary table."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[OnQuery], responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                    404: OpenApiTypes.OBJECT, 409: MessageSerializer})
    def get(self, request: Request, person_id: int) -> Response:
        on = query_valid(request, OnQuery).get("on") or timezone.localdate()
        answer = selectors.person_pay_on(user=acting_account(request), person_id=person_id, on=on)
        pay = answer.pay
        return Response({
            "person": {"id": answer.person.pk, "full_name": answer.person.full_name},
            "on": on.isoformat(),
            "salary_row": {"effective_on": answer.row.effective_on.isoformat(), "rank_code": answer.row.rank_code,
                           "step": answer.row.step, "coefficient": str(answer.row.coefficient),
                           "scale": answer.scale_code},
            "base_salary": {"amount": answer.base.amount, "effective_from": answer.base.effective_from.isoformat(),
                            "citation": {"document": answer.base.document, "article": answer.base.article}},
            "salary": pay.salary,
            "over_frame": {"percent": pay.over_frame_percent, "amount": pay.over_frame},
            "allowances": [{"label": line.label, "basis": line.basis, "amount": line.amount} for line in pay.allowances],
            "total": pay.total,
        })


def _proposal(p: EarlyRaiseProposal) -> dict[str, Any]:
    return {"id": p.pk, "person": {"id": p.person_id, "full_name": p.person.full_name},
            "org_unit": {"id": p.org_unit_id, "name": p.org_unit.name}, "year": p.year, "step": p.step,
            "step_since": p.step_since.isoformat(), "regular_due": p.regular_due.isoformat(),
            "months_early": p.months_early, "raise_on": p.raise_on.isoformat(),
            "retirement_case": p.retirement_case, "state": p.state, "decision_number": p.decision_number}


class EarlyRaisesView(GenericAPIView):
    """GET: who may be raised early today, a page at a time (`limit`, `offset`: {count, next,
    previous, results}), with their units' quotas and how many proposals were made (the
    proposals themselves: early-raises/proposals/); POST {"person"}: propose (400 with code
    quota_full when the unit's yearly quota is used)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Page

    @extend_schema(parameters=[PagedUnitQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        unit = query_valid(request, UnitQuery).get("unit")
        found = selectors.early_raise_candidates_for_user(user=acting_account(request), as_of=today, unit_id=unit)
        cases = self.paginate_queryset(found.cases) or []  # type: ignore[arg-type]  # a list pages as well
        dossier_reads_record(user=acting_account(request), people=[c.career.person for c in cases],
                             purpose="api.careers.early_raises")
        response = self.get_paginated_response([
            {**_person(c.career), "step": c.career.step,
             "step_since": c.career.step_since.isoformat() if c.career.step_since else None,
             "regular_due": c.due.isoformat(), "months_early": c.months_early,
             "raise_on": c.raise_on.isoformat(), "retirement_case": c.retirement_case,
             "reward": {"form": c.reward.form, "level": c.reward.level, "year": c.reward.year}
             if c.reward else None} for c in cases])
        response.data = {"as_of": today.isoformat(), **response.data, "quotas": [
            {"org_unit": {"id": q.unit.pk, "name": q.unit.name}, "year": q.year, "headcount": q.headcount,
             "percent": q.percent, "quota": q.quota, "used": q.used, "left": q.left} for q in found.quotas.values()],
            "proposals_count": found.proposals.count()}
        return response

    @extend_schema(request=EarlyRaiseProposeSerializer, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                                   403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        body = EarlyRaiseProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.early_raise_propose(acting_user=acting_account(request),
                                                person_id=body.validated_data["person"], as_of=timezone.localdate())
        return Response(_proposal(proposal), status=201)


class EarlyRaiseProposalsView(GenericAPIView):
    """The early-raise proposals about the people the caller may see, newest first, a page at a
    time (`limit`, `offset`: {count, next, previous, results}), as the page lists them."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Page

    @extend_schema(parameters=[PagedUnitQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        unit = query_valid(request, UnitQuery).get("unit")
        rows = self.paginate_queryset(selectors.early_raise_proposals_for_user(user=acting_account(request),
                                                                               unit_id=unit)) or []
        return self.get_paginated_response([_proposal(p) for p in rows])


def _raise(p: RaiseProposal) -> dict[str, Any]:
    return {"id": p.pk, "person": {"id": p.person_id, "full_name": p.person.full_name},
            "org_unit": {"id": p.org_unit_id, "name": p.org_unit.name}, "year": p.year, "quarter": p.quarter,
            "rank_code": p.rank_code, "step": p.step, "new_step": p.new_step, "new_coefficient": str(p.new_coefficient),
            "raise_on": p.raise_on.isoformat(), "state": p.state, "decision_number": p.decision_number,
            "decision_date": p.decision_date.isoformat() if p.decision_date else None, "reason": p.reason,
            "change_set": p.change_set_id}


class RaiseRoundView(SpanListView):
    """The quarter's raise round (`from`, `to`: the quarter): the regular raises due by its end
    with no proposal, a page at a time (`limit`, `offset`: {count, next, previous, results}), and
    how many proposals, regular and early, wait for a decision or were decided this quarter (the
    proposals themselves: raise-round/proposals/ and raise-round/early/)."""

    @extend_schema(parameters=[PagedUnitQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        unit = query_valid(request, UnitQuery).get("unit")
        found = selectors.raise_round_for_user(user=acting_account(request), as_of=timezone.localdate(), unit_id=unit)
        response = self.span_page(request, span=(found.start, found.end), rows=found.due, person_of=lambda c: c.person,
                                  purpose="api.careers.raise_round", row=lambda c: {
                                      **_person(c), "scale": c.scale_code, "step": c.step,
                                      "step_since": c.step_since.isoformat() if c.step_since else None,
                                      "due": c.next_raise.due.isoformat() if c.next_raise else None})
        response.data = {**response.data, "proposals_count": found.proposals.count(),
                         "early_count": found.early.count()}
        return response


class RaiseRoundProposalsView(GenericAPIView):
    """The round's proposals about the people the caller may see, waiting for a decision or
    decided this quarter, by raise date, a page at a time (`limit`, `offset`: {count, next,
    previous, results}), as the page lists them: the regular raises' (`early` False) or the early
    raises' (raise-round/early/)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Page
    early = False

    @extend_schema(parameters=[PagedUnitQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        unit = query_valid(request, UnitQuery).get("unit")
        regular, early = selectors.raise_round_proposals_for_user(user=acting_account(request),
                                                                  as_of=timezone.localdate(), unit_id=unit)
        if self.early:
            return self.get_paginated_response([_proposal(p) for p in self.paginate_queryset(early) or []])
        return self.get_paginated_response([_raise(p) for p in self.paginate_queryset(regular) or []])


class RaiseProposeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=EarlyRaiseProposeSerializer, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                                   403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        body = EarlyRaiseProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.raise_propose(acting_user=acting_account(request), person_id=body.validated_data["person"],
                                          as_of=timezone.localdate())
        return Response(_raise(proposal), status=201)


def _decision(request: Request) -> services.Decision:
    body = DecisionSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    return services.Decision(approve=data["approve"], number=data["decision_number"], on=data["decision_date"],
                             reason=data["reason"])


DECISION_ANSWERS = {200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT,
                    404: OpenApiTypes.OBJECT}


class RaiseDecisionView(APIView):
    """The approver's decision: {"approve": true, "decision_number", "decision_date"} or
    {"approve": false, "reason"}; approved, the raise is a salary-history row (its change set)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=DecisionSerializer, responses=DECISION_ANSWERS)
    def post(self, request: Request, proposal_id: int) -> Response:
        proposal = services.raise_decide(acting_user=acting_account(request), proposal_id=proposal_id,
                                         decision=_decision(request))
        return Response(_raise(proposal))


class EarlyRaiseDecisionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=DecisionSerializer, responses=DECISION_ANSWERS)
    def post(self, request: Request, proposal_id: int) -> Response:
        proposal = services.early_raise_decide(acting_user=acting_account(request), proposal_id=proposal_id,
                                               decision=_decision(request))
        return Response({**_proposal(proposal), "change_set": proposal.change_set_id})


class BarredView(APIView):
    """Who may not be promoted, planned, trained or appointed on `on` (default today) because of a
    discipline, until when, with the salary delay and the year rated "không hoàn thành"."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[OnUnitQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        query = query_valid(request, OnUnitQuery)
        on = query.get("on") or timezone.localdate()
        found = selectors.barred_for_user(user=acting_account(request), as_of=on, unit_id=query.get("unit"))
        dossier_reads_record(user=acting_account(request), people=[b.person for b in found], purpose="api.careers.barred")
        return Response({"on": on.isoformat(), "count": len(found), "results": [{
            "person": {"id": b.person.pk, "full_name": b.person.full_name, "national_id": b.person.national_id,
                       "org_unit": {"id": b.person.org_unit_id, "name": b.person.org_unit.name}},
            "form": b.discipline.form, "year": b.discipline.year, "decision": b.discipline.decision,
            "barred_from": b.effect.bar_from.isoformat(), "barred_until": b.effect.bar_until.isoformat(),
            "bar_months": b.effect.bar_months, "salary_delay_months": b.effect.salary_delay_months,
            "not_completed_year": b.effect.not_completed_year} for b in found]})


def _progress(p: selectors.RoundProgress) -> dict[str, Any]:
    return {"id": p.round.pk, "org_unit": {"id": p.round.org_unit_id, "name": p.round.org_unit.name},
            "year": p.round.year, "state": p.round.state, "people": p.people, "entered": p.entered,
            "by_grade": p.by_grade}


class EvaluationsView(APIView):
    """GET ?year=: the year's rounds and their progress; POST {"unit", "year"}: open a round."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[YearQuery], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        year = query_valid(request, YearQuery).get("year") or timezone.localdate().year
        found = selectors.evaluation_progress_for_user(user=acting_account(request), year=year)
        return Response({"year": year, "count": len(found), "results": [_progress(p) for p in found]})

    @extend_schema(request=RoundOpenSerializer, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                           404: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        body = RoundOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = services.evaluation_round_open(acting_user=acting_account(request), unit_id=body.validated_data["unit"],
                                               year=body.validated_data["year"])
        return Response({"id": found.pk, "org_unit": found.org_unit_id, "year": found.year, "state": found.state},
                        status=201)


class EvaluationEntryView(APIView):
    """POST {"person", "periods": [[general, results], …]} for a công chức, {"person", "grade"} for a viên chức."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=EntrySerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                       404: OpenApiTypes.OBJECT})
    def post(self, request: Request, round_id: int) -> Response:
        body = EntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = services.evaluation_entry_set(acting_user=acting_account(request), round_id=round_id,
                                              person_id=data["person"], grade=data["grade"],
                                              periods=[(p[0], p[1]) for p in data.get("periods") or []])
        return Response({"person": entry.person_id, "points": str(entry.points) if entry.points is not None else None,
                         "grade": entry.grade})


class EvaluationConfirmView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def post(self, request: Request, round_id: int) -> Response:
        found = services.evaluation_round_confirm(acting_user=acting_account(request), round_id=round_id)
        return Response({"id": found.pk, "state": found.state})


def _holding(on: date | None, held: Any) -> dict[str, Any]:
    return {"on": on.isoformat() if on else None, "position": {
        "code": held.position.code, "name": held.position.name, "group": held.position.group} if held else None,
        "start": held.start.isoformat() if held else None,
        "end": held.end.isoformat() if held and held.end else None, "decision": held.decision if held else None}


class JobPositionView(APIView):
    """GET ?on=: the job position (vị trí việc làm) held on a date; POST {"code", "start",
    "decision"}: a new position from `start` (the current one ends the day before)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[OnQuery],
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def get(self, request: Request, person_id: int) -> Response:
        on = query_valid(request, OnQuery).get("on") or timezone.localdate()
        return Response(_holding(on, selectors.job_position_on(user=acting_account(request), person_id=person_id,
                                                               on=on)))

    @extend_schema(request=JobPositionSerializer, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                             404: OpenApiTypes.OBJECT})
    def post(self, request: Request, person_id: int) -> Response:
        body = JobPositionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        held = services.job_position_assign(acting_user=acting_account(request), person_id=person_id,
                                            code=data["code"], start=data["start"], decision=data["decision"])
        return Response(_holding(None, held), status=201)
