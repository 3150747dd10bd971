"""Changes to a dossier and their review (/api/v1/…): included by api/v1/urls.py."""

from django.urls import URLPattern, URLResolver, path

from api.v1.change_sets import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("change-sets/", views.ChangeSetListView.as_view(), name="api-change-sets"),
    path("change-sets/queue/", views.ChangeSetQueueView.as_view(), name="api-change-set-queue"),
    path("change-sets/open/", views.ChangeSetOpenView.as_view(), name="api-change-set-open"),
    path("change-sets/push/", views.ChangeSetPushView.as_view(), name="api-change-set-push"),
    path("change-sets/<int:pk>/", views.ChangeSetDetailView.as_view(), name="api-change-set"),
    path("change-sets/<int:pk>/values/", views.ValuesView.as_view(), name="api-change-set-values"),
    path("change-sets/<int:pk>/rows/", views.RowAddView.as_view(), name="api-change-set-rows"),
    path("change-sets/<int:pk>/rows/<slug:group>/<int:row_id>/", views.RowView.as_view(),
         name="api-change-set-row"),
    path("change-sets/<int:pk>/items/<int:item_id>/", views.ItemView.as_view(), name="api-change-set-item"),
    path("change-sets/<int:pk>/items/<int:item_id>/attachments/", views.AttachmentUploadView.as_view(),
         name="api-change-set-attachments"),
    path("change-sets/<int:pk>/submit/", views.SubmitView.as_view(), name="api-change-set-submit"),
    path("change-sets/<int:pk>/review/", views.ReviewView.as_view(), name="api-change-set-review"),
    path("change-sets/<int:pk>/return/", views.ReturnView.as_view(), name="api-change-set-return"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="api-attachment-download"),
]
