"""The working-days endpoint as a plain DRF project would write it: the baseline of hoso's
`/api/v1/calendar/working-days/` in bench_routing.py, answering the same JSON byte for byte (the
benchmark checks). The same pure calendar (rules.domain, no Django) over the same two tables;
no tenancy, no hoso middleware, DRF's default settings."""

from datetime import date
from typing import Any

from django.conf import settings
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rules.domain.calendar import CalendarOverride, WorkingCalendar
from tests.perf.plain.models import NationalCalendarOverride, ProvinceCalendarOverride

MAX_RANGE_DAYS = 731


class WorkingDaysQuerySerializer(serializers.Serializer):
    to = serializers.DateField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword: declared here instead of as an attribute.
        return {"from": serializers.DateField(), **super().get_fields()}

    def validate(self, attrs: dict[str, date]) -> dict[str, date]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "to before from"})
        if (attrs["to"] - attrs["from"]).days > MAX_RANGE_DAYS:
            raise serializers.ValidationError({"to": "range too long"})
        return attrs


class WorkingDaysView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        query = WorkingDaysQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["from"], query.validated_data["to"]
        by_day: dict[date, CalendarOverride] = {}
        model: Any
        for model in (NationalCalendarOverride, ProvinceCalendarOverride):
            for row in model.objects.all():
                by_day[row.day] = CalendarOverride(day=row.day, working=row.working, reason=row.reason)
        calendar = WorkingCalendar(by_day.values())
        days = [start.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
        return Response({
            "from": start.isoformat(),
            "to": end.isoformat(),
            "province": settings.BENCH_PROVINCE,
            "working_days": [d.isoformat() for d in days if calendar.is_working_day(d)],
            "days_off": [{"date": d.isoformat(), "reason": calendar.day_off_reason(d)}
                         for d in days if not calendar.is_working_day(d)],
        })
