"""Rules are public law: reading them needs no sign-in; changing them needs the DoHA admin."""

from datetime import date
from typing import Any, cast

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.common.serializers import MessageSerializer
from api.v1.common.views import acting_account
from api.v1.rules import serializers as s
from rules import selectors
from rules.domain.compute import Event
from rules.domain.registry import RULE_SPECS
from rules.services import rule_value_set
from tenants.context import current_province


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    # As documented: a parameter given empty is a value to check, not one left out.
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _province_code() -> str | None:
    province = current_province()
    return province.code if province else None


def _today() -> date:
    return timezone.localdate()


# The answers are documented as JSON objects; every refusal has the one error shape.
READ_ANSWERS: dict[int, Any] = {200: OpenApiTypes.OBJECT, 400: MessageSerializer}
LIST_ANSWERS: dict[int, Any] = {200: {"type": "array", "items": {"type": "object"}}, 400: MessageSerializer}


class IsDohaAdmin(permissions.BasePermission):
    message = "Chỉ quản trị Sở Nội vụ được thay đổi quy chế."

    def has_permission(self, request: Request, view: Any) -> bool:
        from core.permissions import account_is_doha_admin

        return bool(request.user and request.user.is_authenticated and account_is_doha_admin(request.user))


class RulesView(APIView):
    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.request.method == "GET":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated(), IsDohaAdmin()]

    @extend_schema(parameters=[s.AsOfQuerySerializer], responses=READ_ANSWERS)
    def get(self, request: Request) -> Response:
        as_of = _query(s.AsOfQuerySerializer, request).get("as_of") or _today()
        effective = selectors.rules_effective(as_of=as_of)
        rules = {
            str(key): {"label": RULE_SPECS[key].label, **value.to_dict()}
            for key, value in effective.items()
        }
        return Response({"province": _province_code(), "as_of": as_of.isoformat(), "rules": rules})

    @extend_schema(request=s.RuleValueSetSerializer,
                   responses={201: OpenApiTypes.OBJECT, 400: MessageSerializer, 401: MessageSerializer,
                              403: MessageSerializer})
    def post(self, request: Request) -> Response:
        serializer = s.RuleValueSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = rule_value_set(acting_user=acting_account(request), **serializer.validated_data)
        return Response(
            {"id": version.pk, "key": version.key, "value": version.value,
             "effective_from": version.effective_from.isoformat(),
             "citation": {"document": version.document, "article": version.article}},
            status=status.HTTP_201_CREATED,
        )


class PublicReadView(APIView):
    permission_classes = [permissions.AllowAny]


class ApprovalWindowsView(PublicReadView):
    @extend_schema(parameters=[s.YearQuerySerializer], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        year = _query(s.YearQuerySerializer, request)["year"]
        windows = selectors.approval_windows_for(year=year)
        keys = ("month", "level", "opens", "closes", "signature_required", "citation")
        return Response([{k: w.to_dict()[k] for k in keys} for w in windows])


class DeadlineView(PublicReadView):
    @extend_schema(parameters=[s.DeadlineQuerySerializer], responses=READ_ANSWERS)
    def get(self, request: Request) -> Response:
        params = _query(s.DeadlineQuerySerializer, request)
        return Response(selectors.deadline_for(event=cast(Event, params["event"]), on=params["date"]).to_dict())


class ReportsView(PublicReadView):
    @extend_schema(parameters=[s.YearQuerySerializer], responses=LIST_ANSWERS)
    def get(self, request: Request) -> Response:
        year = _query(s.YearQuerySerializer, request)["year"]
        return Response([report.to_dict() for report in selectors.reports_for(year=year)])


class WorkingDaysView(PublicReadView):
    @extend_schema(parameters=[s.WorkingDaysQuerySerializer], responses=READ_ANSWERS)
    def get(self, request: Request) -> Response:
        params = _query(s.WorkingDaysQuerySerializer, request)
        calendar = selectors.working_calendar()
        start, end = params["from"], params["to"]
        days = [start.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
        return Response({
            "from": start.isoformat(),
            "to": end.isoformat(),
            "province": _province_code(),
            "working_days": [d.isoformat() for d in days if calendar.is_working_day(d)],
            "days_off": [{"date": d.isoformat(), "reason": calendar.day_off_reason(d)}
                         for d in days if not calendar.is_working_day(d)],
        })
