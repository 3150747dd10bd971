"""People and their dossiers (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.people import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("people/", views.PersonListView.as_view(), name="api-people"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="api-person"),
    path("people/<int:pk>/account/", views.PersonAccountView.as_view(), name="api-person-account"),
    path("people/<int:pk>/dossier/", views.DossierView.as_view(), name="api-dossier"),
    path("people/<int:pk>/dossier/versions/", views.DossierVersionListView.as_view(), name="api-dossier-versions"),
    path("people/<int:pk>/dossier/read-log/", views.ReadLogListView.as_view(), name="api-dossier-read-log"),
    path("people/<int:pk>/dossier/<slug:section>/", views.DossierSectionView.as_view(), name="api-dossier-section"),
]
