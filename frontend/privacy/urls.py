from django.urls import path

from frontend.privacy import views

urlpatterns = [
    path("du-lieu-cua-toi/", views.my_data, name="privacy-mine"),
    path("du-lieu-cua-toi/tai-ve.json", views.my_data_json, name="privacy-mine-json"),
    path("du-lieu-cua-toi/tai-ve.pdf", views.my_data_pdf, name="privacy-mine-pdf"),
    path("yeu-cau-du-lieu/", views.to_answer, name="privacy-to-answer"),
    path("yeu-cau-du-lieu/<int:pk>/", views.answer, name="privacy-answer"),
    path("su-co-du-lieu/", views.breaches, name="privacy-breaches"),
    path("su-co-du-lieu/<int:pk>/", views.breach, name="privacy-breach"),
    path("su-co-du-lieu/<int:pk>/thong-bao.docx", views.breach_docx, name="privacy-breach-docx"),
]
