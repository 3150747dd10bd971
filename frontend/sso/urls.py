from django.urls import path

from frontend.sso import views

urlpatterns = [
    path("dang-nhap/tinh/", views.SsoStartView.as_view(), name="sso-start"),
    path("dang-nhap/tinh/xong/", views.sso_callback, name="sso-callback"),
]
