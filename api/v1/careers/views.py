"""Career events: the public retirement calculator."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.careers.serializers import RetirementQuerySerializer
from core.base.errors import ApplicationError
from core.careers.selectors import retirement_forecast


class RetirementView(APIView):
    """Anyone may ask: the law is public, and the answer depends on nobody's dossier."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[OpenApiParameter("birth", str, required=True, description="YYYY-MM-DD"),
                               OpenApiParameter("gender", str, required=True, enum=["male", "female"])])
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
