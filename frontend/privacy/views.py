"""A data subject's own page (their copy as JSON or PDF, who read their dossier, their
requests) and the requests an officer or admin answers (Luật 91/2025, Nghị định 356/2025)."""

import json
import re

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.privacy.breaches import (
    BreachInput,
    breach_get,
    breach_list,
    breach_notice_docx,
    breach_notice_edit,
    breach_notified,
    breach_record,
)
from core.privacy.documents import data_subject_pdf
from core.privacy.models import BreachIncident
from core.privacy.selectors import (
    data_subject_export,
    privacy_request_get_to_answer,
    privacy_request_list_mine,
    privacy_request_list_to_answer,
)
from core.privacy.services import privacy_request_answer, privacy_request_create
from frontend.common.paging import page_of
from frontend.common.views import acting, errors_attach, signed_in_page
from frontend.privacy.forms import AnswerForm, BreachForm, NoticeForm, RequestForm

SENT = "Đã gửi yêu cầu; đơn vị quản lý hồ sơ trả lời chậm nhất ngày {due}."
SENT_NO_DUE = "Đã gửi yêu cầu cho đơn vị quản lý hồ sơ."
ANSWERED = "Đã trả lời yêu cầu."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@signed_in_page
def my_data(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = privacy_request_create(acting_user=user, kind=form.cleaned_data["kind"],
                                          detail=form.cleaned_data["detail"])
        except NotFoundError as error:
            messages.info(request, error.message)
            return redirect("frontend:my-home")
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, SENT.format(due=f"{made.due:%d/%m/%Y}") if made.due else SENT_NO_DUE)
            return redirect("frontend:privacy-mine")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/mine.html", {"form": form, "requests": page_of(request, privacy_request_list_mine(user=user))},
                  status=status)


def _export(request: HttpRequest) -> dict | HttpResponse:  # type: ignore[type-arg]
    try:
        return data_subject_export(user=acting(request))
    except NotFoundError as error:
        messages.info(request, error.message)
        return redirect("frontend:my-home")


@signed_in_page
def my_data_json(request: HttpRequest) -> HttpResponse:
    export = _export(request)
    if isinstance(export, HttpResponse):
        return export
    response = HttpResponse(json.dumps(export, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.json"'
    return response


@signed_in_page
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    export = _export(request)
    if isinstance(export, HttpResponse):
        return export
    try:
        content = data_subject_pdf(export)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("frontend:privacy-mine")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.pdf"'
    return response


@signed_in_page
def to_answer(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/to_answer.html",
                  {"requests": page_of(request, privacy_request_list_to_answer(user=acting(request)))})


@signed_in_page
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting(request)
    subject = privacy_request_get_to_answer(user=user, request_id=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_request_answer(acting_user=user, request_id=pk, answer=form.cleaned_data["answer"],
                                   change_set_id=form.cleaned_data["change_set"])
        except NotFoundError:
            raise
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, ANSWERED)
            return redirect("frontend:privacy-to-answer")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/answer.html", {"form": form, "subject": subject}, status=status)


RECORDED = "Đã ghi nhận sự cố; thông báo cho cơ quan chuyên trách phải gửi trước {due}."
NOTICE_SAVED = "Đã lưu nội dung thông báo."
NOTIFIED = "Đã ghi nhận việc gửi thông báo cho cơ quan chuyên trách."


def _breach_input(form: BreachForm) -> BreachInput:
    data = form.cleaned_data
    return BreachInput(summary=data["summary"] or "", discovered_at=data["discovered_at"],
                       occurred_at=data["occurred_at"], data_kinds=data["data_kinds"] or "",
                       affected_count=data["affected_count"] or 0,
                       national_ids=tuple(re.split(r"[\s,;]+", data["national_ids"] or "")),
                       measures=data["measures"] or "")


@signed_in_page
def breaches(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    try:
        incidents = page_of(request, breach_list(user=user))
    except PermissionDeniedError:
        raise Http404 from None
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = breach_record(acting_user=user, data=_breach_input(form))
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            due = timezone.localtime(incident.notice_due_at)
            messages.success(request, RECORDED.format(due=f"{due:%H:%M ngày %d/%m/%Y}"))
            return redirect("frontend:privacy-breach", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/breaches.html", {"form": form, "incidents": incidents}, status=status)


def _incident(request: HttpRequest, pk: int) -> BreachIncident:
    try:
        return breach_get(user=acting(request), incident_id=pk)
    except PermissionDeniedError:
        raise Http404 from None


@signed_in_page
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting(request)
    incident = _incident(request, pk)
    form = NoticeForm(request.POST or None, initial={"notice": incident.notice})
    if request.method == "POST":
        try:
            if "da-gui" in request.POST:
                breach_notified(acting_user=user, incident_id=pk)
                messages.success(request, NOTIFIED)
                return redirect("frontend:privacy-breach", pk=pk)
            if form.is_valid():
                breach_notice_edit(acting_user=user, incident_id=pk, notice=form.cleaned_data["notice"] or "")
                messages.success(request, NOTICE_SAVED)
                return redirect("frontend:privacy-breach", pk=pk)
        except ApplicationError as error:
            errors_attach(error, form)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/breach.html", {"form": form, "incident": incident}, status=status)


@signed_in_page
def breach_docx(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    response = HttpResponse(breach_notice_docx(incident), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="thong-bao-su-co-{incident.pk}.docx"'
    return response
