from django.contrib.auth import views as auth_views
from django.urls import include, path

from frontend.views import pages

app_name = "frontend"

urlpatterns = [
    path("", pages.province_home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quy-che/", include("frontend.urls_rules")),
    path("phe-duyet/", include("core.approvals.urls")),
    path("", include("frontend.urls_core")),
]
