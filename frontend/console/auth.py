"""Signing in to the operators' console (public host): password and TOTP code, operators only."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.operations.operators import (
    account_is_operator,
    operator_password_change,
    operator_session_verified,
    operator_sign_out_record,
    operator_verify,
)
from frontend.common.views import errors_attach
from frontend.console.forms import OperatorSignInForm, PasswordSetForm

View = Callable[..., HttpResponse]


def operator_of(request: HttpRequest) -> Account:
    """The signed-in operator of a view behind `operator_required`."""
    assert isinstance(request.user, Account)
    return request.user


def operator_required(view: View) -> View:
    """Operators with a verified second factor only. Anyone else signed in gets 403 (not the
    console's content); nobody signed in goes to the sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not account_is_operator(request.user):
            return render(request, "console/forbidden.html", status=403)
        if not operator_session_verified(request):
            return redirect(f"/dang-nhap/?next={request.path}")
        if request.user.must_change_password and not getattr(view, "while_password_pending", False):  # type: ignore[union-attr]
            return redirect("console:password_change")
        return view(request, *args, **kwargs)

    return wrapped


def sign_in(request: HttpRequest) -> HttpResponse:
    form = OperatorSignInForm(request.POST or None)
    home = reverse("console:home")
    next_url = request.POST.get("next") or request.GET.get("next") or home
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = home
    if request.method == "POST" and form.is_valid():
        try:
            account, device = operator_verify(request=request, **form.cleaned_data)
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            login(request, account, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            return redirect(next_url)
    return render(request, "console/sign_in.html", {"form": form, "next": next_url})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, Account):
        operator_sign_out_record(acting_user=request.user)
    logout(request)
    return redirect("console:sign_in")


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordSetForm(request.POST or None)
    account = request.user
    assert isinstance(account, Account)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if password != form.cleaned_data["password_again"]:
            form.add_error("password_again", "Hai lần nhập mật khẩu không khớp.")
        else:
            try:
                validate_password(password, account)
            except ValidationError as error:
                form.add_error("password", " ".join(error.messages))
            else:
                operator_password_change(account=account, password=password)
                update_session_auth_hash(request, account)  # keeps the session and its second factor
                messages.success(request, "Đã đổi mật khẩu.")
                return redirect("console:home")
    return render(request, "console/password_change.html", {"form": form})


password_change.while_password_pending = True  # type: ignore[attr-defined]
password_change = operator_required(password_change)
