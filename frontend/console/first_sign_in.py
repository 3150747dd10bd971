"""On a province's host: the first DoHA admin opens the one-time link and sets a password."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.base.errors import ApplicationError
from core.operations.first_sign_in import first_sign_in_account, first_sign_in_password_set
from frontend.common.views import errors_attach
from frontend.console.forms import PasswordSetForm


def first_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    try:
        account = first_sign_in_account(token=token)
    except ApplicationError as error:
        return render(request, "console/first_sign_in_invalid.html", {"message": error.message},
                      status=error.status if error.status == 404 else 410)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            first_sign_in_password_set(token=token, **form.cleaned_data)
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, "Đã đặt mật khẩu. Hãy đăng nhập bằng mật khẩu mới.")
            return redirect("frontend:login")
    return render(request, "console/first_sign_in.html", {"form": form, "account": account})
