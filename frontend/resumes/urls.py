"""The résumé's pages, beside the dossier they come from (frontend namespace)."""

from django.urls import path

from frontend.resumes import batches, incomplete, views

urlpatterns = [
    path("can-bo/<id:person_id>/so-yeu-ly-lich/", views.resume_docx, name="person-resume-docx"),
    path("ho-so-chua-day-du/", incomplete.incomplete_dossiers, name="incomplete-dossiers"),
    path("so-yeu-ly-lich-hang-loat/", batches.batch_start, name="resume-batch-start"),
    path("so-yeu-ly-lich-hang-loat/<int:batch_id>/", batches.batch_page, name="resume-batch"),
    path("so-yeu-ly-lich-hang-loat/<int:batch_id>/tai/", batches.batch_download, name="resume-batch-download"),
]
