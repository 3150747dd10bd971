from django.urls import path

from core.approvals import views

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
