from django.contrib.auth import views as auth_views
from django.urls import include, path

from frontend.console import first_sign_in as console_first_sign_in
from frontend.home import views as pages

app_name = "frontend"

urlpatterns = [
    path("", pages.province_home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("kich-hoat/<str:token>/", console_first_sign_in.first_sign_in, name="first-sign-in"),
    path("quy-che/", include("frontend.rules.urls")),
    path("phe-duyet/", include("frontend.approvals.urls")),
    path("sao-luu/", include("frontend.backups.urls")),
    path("", include("frontend.change_sets.urls")),
    path("", include("frontend.transfers.urls")),
    path("", include("frontend.reports.urls")),
]
