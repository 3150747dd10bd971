"""A data subject's own page (their copy as JSON or PDF, who read their dossier, their
requests) and the requests an officer or admin answers (Luật 91/2025, Nghị định 356/2025)."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.base.errors import ApplicationError, NotFoundError
from core.privacy.documents import data_subject_pdf
from core.privacy.selectors import (
    data_subject_export,
    privacy_request_get_to_answer,
    privacy_request_list_mine,
    privacy_request_list_to_answer,
)
from core.privacy.services import privacy_request_answer, privacy_request_create
from frontend.common.views import acting, errors_attach, signed_in_page
from frontend.privacy.forms import AnswerForm, RequestForm

SENT = "Đã gửi yêu cầu; đơn vị quản lý hồ sơ trả lời chậm nhất ngày {due}."
SENT_NO_DUE = "Đã gửi yêu cầu cho đơn vị quản lý hồ sơ."
ANSWERED = "Đã trả lời yêu cầu."


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
    return render(request, "privacy/mine.html", {"form": form, "requests": privacy_request_list_mine(user=user)},
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
                  {"requests": privacy_request_list_to_answer(user=acting(request))})


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
