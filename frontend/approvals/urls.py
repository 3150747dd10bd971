from django.urls import path

from frontend.approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.approvals_home, name="home"),
    path("ky/", views.unit_sign, name="unit-sign"),
    path("tra-lai/<int:change_set_id>/", views.change_set_return, name="return"),
    path("tinh/ky/", views.province_sign, name="province-sign"),
]

urlpatterns += [
    path("ho-so/<int:person_id>/pdf/", views.dossier_signed_pdf, name="dossier-signed-pdf"),
]

from frontend.approvals import doha as views_doha  # noqa: E402  (appended with the routes below)

urlpatterns += [
    path("nhap-tu-csdl-quoc-gia/<int:person_id>/", views_doha.national_import, name="national-import"),
    path("so-noi-vu/", views_doha.doha_home, name="doha-home"),
    path("so-noi-vu/chung-thu-so/", views_doha.trusted_cas, name="doha-trusted-cas"),
    path("so-noi-vu/chung-thu-so/<int:ca_id>/crl/", views_doha.trusted_ca_crl, name="doha-trusted-ca-crl"),
    path("so-noi-vu/csdl-quoc-gia/", views_doha.endpoint, name="doha-endpoint"),
    path("so-noi-vu/phe-duyet-bo-sung/", views_doha.windows, name="doha-windows"),
    path("so-noi-vu/goi-dong-bo/", views_doha.packets, name="doha-packets"),
]
