from django.urls import path

from api.v1.resumes import views

urlpatterns = [
    path("people/<int:person_id>/resume/docx/", views.ResumeDocxView.as_view(), name="api-resume-docx"),
]
