"""The résumé from the dossier page: the editable DOCX copy for anyone who may read the
dossier, now or as of a date (the signed PDF is the approvals page /phe-duyet/ho-so/<id>/pdf/)."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.base.errors import ApplicationError, NotFoundError
from core.resumes.services import resume_docx_export
from frontend.common.views import acting, signed_in_page

BAD_DATE = "Ngày không hợp lệ (yyyy-mm-dd)."


@signed_in_page
def resume_docx(request: HttpRequest, person_id: int) -> HttpResponse:
    raw = request.GET.get("ngay", "").strip()
    try:
        as_of = date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, BAD_DATE)
        return redirect("../")
    try:
        exported = resume_docx_export(acting_user=acting(request), person_id=person_id, as_of=as_of)
    except NotFoundError:
        if as_of is None:
            raise
        messages.error(request, f"Hồ sơ chưa có phiên bản nào đến ngày {as_of:%d/%m/%Y}.")
        return redirect("../")
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("../")
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
