"""The backups API: the province's runs, and "back up now", for its DoHA admin and its technical
agency (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art. 14.5).

Same scope as the page (`frontend.backups.views`): anyone else gets the answer of a missing page.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.common.views import acting_account
from core.backups.models import BackupRun
from core.backups.selectors import backup_list
from core.backups.services import backup_run
from core.tech_agency.selectors import tech_access_require
from tenants.models import Province

PAGE_ROWS = 200


class BackupRunSerializer(serializers.ModelSerializer[BackupRun]):
    class Meta:
        model = BackupRun
        fields = ["id", "scope", "org_unit_id", "status", "started_at", "finished_at", "duration", "size_bytes",
                  "checksum", "expires_on", "pruned_at", "drilled_at", "drill_ok", "error"]


def _province_for_doha(request: Request) -> Province:
    return tech_access_require(user=acting_account(request))


class BackupListView(APIView):
    @extend_schema(responses=BackupRunSerializer(many=True), summary="Các lần sao lưu của tỉnh")
    def get(self, request: Request) -> Response:
        _province_for_doha(request)
        return Response(BackupRunSerializer(backup_list()[:PAGE_ROWS], many=True).data)

    @extend_schema(request=None, responses={201: BackupRunSerializer}, summary="Sao lưu ngay")
    def post(self, request: Request, *args: Any) -> Response:
        province = _province_for_doha(request)
        run = backup_run(acting_user=acting_account(request), province=province)
        return Response(BackupRunSerializer(run).data, status=status.HTTP_201_CREATED)
