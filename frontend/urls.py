"""A province host's pages: each feature's urls.py under frontend/<feature>/, one `frontend`
namespace (the approvals' pages keep their own, `approvals`)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from frontend.common.converters import converters_register
from frontend.console import first_sign_in as console_first_sign_in
from frontend.home import views as pages
from frontend.sso import views as sso_views

converters_register()

app_name = "frontend"

urlpatterns = [
    path("", pages.province_home, name="home"),
    path("dang-nhap/", sso_views.SignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch in the page header (vi/en), kept in a cookie.
    path("ngon-ngu/", set_language, name="set-language"),
    path("kich-hoat/<str:token>/", console_first_sign_in.first_sign_in, name="first-sign-in"),
    path("quy-che/", include("frontend.rules.urls")),
    path("phe-duyet/", include("frontend.approvals.urls")),
    path("sao-luu/", include("frontend.backups.urls")),
    path("ky-thuat/", include("frontend.tech_agency.urls")),
    path("", include("frontend.people.urls")),
    path("", include("frontend.change_sets.urls")),
    path("", include("frontend.org_units.urls")),
    path("", include("frontend.access.urls")),
    path("", include("frontend.transfers.urls")),
    path("", include("frontend.reports.urls")),
    path("", include("frontend.careers.urls")),
    path("", include("frontend.sso.urls")),
    path("", include("frontend.privacy.urls")),
]
