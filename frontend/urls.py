from django.contrib.auth import views as auth_views
from django.urls import include, path

from frontend.views import console_first_sign_in, pages

app_name = "frontend"

urlpatterns = [
    path("", pages.province_home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("kich-hoat/<str:token>/", console_first_sign_in.first_sign_in, name="first-sign-in"),
    path("quy-che/", include("frontend.urls_rules")),
    path("phe-duyet/", include("core.approvals.urls")),
    path("sao-luu/", include("core.backups.urls")),
    path("", include("frontend.urls_core")),
    path("", include("core.transfers.urls")),
    path("", include("core.reports.urls")),
]
