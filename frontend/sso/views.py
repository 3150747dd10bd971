"""Sign-in through the province's shared account (OpenID Connect): the sign-in page offers it
where the province has it, the start page sends the browser to the provider, the callback signs
the matched account in or says why not beside the sign-in form."""

from typing import Any

from django.contrib import auth
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views import View
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from core.base.errors import ApplicationError
from core.sso.config import SSO_SESSION_KEY, ProvinceSso, sso_config_current, sso_endpoints
from core.sso.services import sso_sign_in

BACKEND = "core.sso.backend.ProvinceSsoBackend"


class SignInView(LoginView):
    """The sign-in page; with the province's shared account where it has one."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_available"] = sso_config_current() is not None
        return context


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "registration/login.html",
                  {"form": AuthenticationForm(request), "sso_available": True, "sso_error": error.message},
                  status=403)


def _config_or_404() -> ProvinceSso:
    config = sso_config_current()
    if config is None:
        raise Http404
    return config


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the province's provider with a fresh state, nonce and PKCE
    challenge kept in this province's session."""

    client_settings: dict[str, Any]

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the client is the host's province's, read in get()
        self.client_settings = {}

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        if attr in self.client_settings:
            return self.client_settings[attr]
        return import_from_settings(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        config = _config_or_404()
        try:
            self.client_settings = config.client_settings(sso_endpoints(config))
        except ApplicationError as error:
            return _refused(request, error)
        self.OIDC_OP_AUTH_ENDPOINT = self.client_settings["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = config.client_id
        return super().get(request)  # type: ignore[no-any-return]


def sso_callback(request: HttpRequest) -> HttpResponse:
    config = _config_or_404()
    try:
        account = sso_sign_in(request=request, config=config)
    except ApplicationError as error:
        return _refused(request, error)
    auth.login(request, account, backend=BACKEND)
    request.session[SSO_SESSION_KEY] = config.province_code
    next_url = request.session.pop("oidc_login_next", None)
    return HttpResponseRedirect(next_url or resolve_url("frontend:home"))
