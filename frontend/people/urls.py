"""My page, my dossier, the people in my scope and their dossiers: included by frontend/urls.py under the `frontend` namespace."""

from django.urls import path

from frontend.people import read_log, views
from frontend.resumes.urls import urlpatterns as resume_urls

urlpatterns = [
    path("trang-cua-toi/", views.my_home, name="my-home"),
    path("ho-so-cua-toi/", views.my_dossier, name="my-dossier"),
    path("ho-so-cua-toi/ai-da-xem/", read_log.my_read_log, name="my-read-log"),
    path("can-bo/", views.people, name="people"),
    path("can-bo/<id:person_id>/", views.person_dossier, name="person-dossier"),
]
# The résumé's pages sit under the dossier's address (frontend/resumes/urls.py).
urlpatterns += resume_urls
