"""The approver's and the DoHA's approval pages, under /phe-duyet/ (namespace `approvals`)."""

from django.urls import path

from frontend.approvals import doha, views

app_name = "approvals"

urlpatterns = [
    path("", views.approvals_home, name="home"),
    path("ky/", views.unit_sign, name="unit-sign"),
    path("tra-lai/<int:change_set_id>/", views.change_set_return, name="return"),
    path("tinh/ky/", views.province_sign, name="province-sign"),
    path("ky-so/<str:token>/", views.signing_page, name="signing"),
    path("ky-so/<str:token>/ky/", views.signing_sign, name="signing-sign"),
    path("ky-so/<str:token>/nop/", views.signing_submit, name="signing-submit"),
    path("ky-so/<str:token>/da-ky/", views.resume_signed, name="resume-signed"),
    path("ky-so/<str:token>/pdf/", views.resume_signed_download, name="resume-signed-download"),
]

urlpatterns += [
    path("ho-so/<int:person_id>/pdf/", views.dossier_signed_pdf, name="dossier-signed-pdf"),
]

urlpatterns += [
    path("nhap-tu-csdl-quoc-gia/<int:person_id>/", doha.national_import, name="national-import"),
    path("so-noi-vu/", doha.doha_home, name="doha-home"),
    path("so-noi-vu/chung-thu-so/", doha.trusted_cas, name="doha-trusted-cas"),
    path("so-noi-vu/chung-thu-so/<int:ca_id>/crl/", doha.trusted_ca_crl, name="doha-trusted-ca-crl"),
    path("so-noi-vu/csdl-quoc-gia/", doha.endpoint, name="doha-endpoint"),
    path("so-noi-vu/phe-duyet-bo-sung/", doha.windows, name="doha-windows"),
    path("so-noi-vu/goi-dong-bo/", doha.packets, name="doha-packets"),
]
