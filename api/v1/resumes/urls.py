from django.urls import path

from api.v1.resumes import completeness, views

urlpatterns = [
    path("people/<int:person_id>/resume/docx/", views.ResumeDocxView.as_view(), name="api-resume-docx"),
    path("dossiers/incomplete/", completeness.IncompleteDossierListView.as_view(), name="api-dossiers-incomplete"),
]
