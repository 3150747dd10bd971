from rest_framework import serializers

from api.v1.common.fields import TextField
from core.privacy.models import BreachIncident, DataSubjectRequest, RequestKind
from core.privacy.services import ANSWER_MAX, DETAIL_MAX


class PrivacyRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    detail = TextField(DETAIL_MAX, allow_blank=True)


class PrivacyAnswerInput(serializers.Serializer):
    answer = TextField(ANSWER_MAX, allow_blank=True)
    change_set = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)


class PrivacyRequestSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    person = serializers.IntegerField(source="person_id")
    change_set = serializers.IntegerField(source="change_set_id", allow_null=True)

    class Meta:
        model = DataSubjectRequest
        fields = ["id", "person", "kind", "kind_label", "detail", "received_on", "due", "citation", "state", "answer",
                  "answered_at", "change_set"]


class PrivacyExportSerializer(serializers.Serializer):
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


class BreachInputSerializer(serializers.Serializer):
    summary = TextField(4000, allow_blank=True)
    discovered_at = serializers.DateTimeField()
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    data_kinds = TextField(2000, allow_blank=True, required=False, default="")
    affected_count = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    national_ids = serializers.ListField(child=TextField(12), max_length=10_000, required=False,
                                         default=list)
    measures = TextField(4000, allow_blank=True, required=False, default="")

    def validate(self, attrs: dict) -> dict:  # type: ignore[type-arg]
        for name in ("discovered_at", "occurred_at"):
            value = attrs.get(name)
            if value is not None and not 1900 <= value.year <= 2100:
                raise serializers.ValidationError({name: "Thời điểm phải trong khoảng năm 1900 đến 2100."})
        return attrs


class BreachNoticeInput(serializers.Serializer):
    notice = TextField(20_000, allow_blank=True)


class BreachSerializer(serializers.ModelSerializer):
    people: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="national_id")

    class Meta:
        model = BreachIncident
        fields = ["id", "summary", "discovered_at", "occurred_at", "data_kinds", "affected_count", "people", "measures",
                  "notice_due_at", "citation", "notice", "state", "notified_at", "recorded_by_label"]
