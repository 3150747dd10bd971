"""The résumé's pages, beside the dossier they come from (frontend namespace)."""

from django.urls import path

from frontend.resumes import incomplete, views

urlpatterns = [
    path("can-bo/<id:person_id>/so-yeu-ly-lich/", views.resume_docx, name="person-resume-docx"),
    path("ho-so-chua-day-du/", incomplete.incomplete_dossiers, name="incomplete-dossiers"),
]
