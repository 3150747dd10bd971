from rest_framework import serializers

from core.privacy.models import DataSubjectRequest, RequestKind
from core.privacy.services import ANSWER_MAX, DETAIL_MAX


class RequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    detail = serializers.CharField(max_length=DETAIL_MAX, allow_blank=True)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=ANSWER_MAX, allow_blank=True)
    change_set = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)


class RequestSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    person = serializers.IntegerField(source="person_id")
    change_set = serializers.IntegerField(source="change_set_id", allow_null=True)

    class Meta:
        model = DataSubjectRequest
        fields = ["id", "person", "kind", "kind_label", "detail", "received_on", "due", "citation", "state", "answer",
                  "answered_at", "change_set"]


class ExportSerializer(serializers.Serializer):
    """Everything held about the person (shapes as in core.privacy.selectors.data_subject_export)."""

    generated_at = serializers.CharField()
    province = serializers.CharField()
    account = serializers.DictField()
    roles = serializers.ListField(child=serializers.DictField())
    dossier = serializers.DictField()
    org_unit = serializers.CharField()
    change_sets = serializers.ListField(child=serializers.DictField())
    obligations = serializers.ListField(child=serializers.DictField())
    consents = serializers.ListField(child=serializers.DictField())
    requests = serializers.ListField(child=serializers.DictField())
    read_log = serializers.ListField(child=serializers.DictField())
