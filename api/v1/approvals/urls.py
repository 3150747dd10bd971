from django.urls import path

from api.v1.approvals import views as api

urlpatterns = [
    path("approvals/", api.ApprovalsView.as_view(), name="approvals"),
    path("approvals/candidates/", api.CandidatesView.as_view(), name="approvals-candidates"),
    path("approvals/unit-sign/", api.UnitSignView.as_view(), name="approvals-unit-sign"),
    path("approvals/return/<int:change_set_id>/", api.ReturnView.as_view(), name="approvals-return"),
    path("approvals/province-sign/", api.ProvinceSignView.as_view(), name="approvals-province-sign"),
    path("approvals/units/", api.UnitStatusView.as_view(), name="approvals-units"),
]

urlpatterns += [
    path("people/<int:person_id>/dossier/signed-pdf/", api.DossierSignedPdfView.as_view(),
         name="api-dossier-signed-pdf"),
]

urlpatterns += [
    path("people/<int:person_id>/national-record/", api.NationalRecordView.as_view(), name="api-national-record"),
]
