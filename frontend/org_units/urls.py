"""The organisation: included by frontend/urls.py under the `frontend` namespace."""

from django.urls import path

from frontend.org_units import views

urlpatterns = [
    path("to-chuc/", views.org_tree, name="org-tree"),
    path("to-chuc/<id:unit_id>/", views.org_unit, name="org-unit"),
]
