"""The core API of a province host (/api/v1/…); api/urls.py includes it."""

from django.urls import URLPattern, URLResolver, path

from api.v1.access import views as access
from api.v1.auth import views as auth
from api.v1.change_sets import views as changes
from api.v1.org_units import views as org
from api.v1.people import views as people

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("org-units/", org.OrgUnitListView.as_view(), name="api-org-units"),
    path("org-units/tree/", org.OrgUnitTreeView.as_view(), name="api-org-unit-tree"),
    path("org-units/<int:pk>/", org.OrgUnitDetailView.as_view(), name="api-org-unit"),
    path("people/", people.PersonListView.as_view(), name="api-people"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="api-person"),
    path("people/<int:pk>/account/", people.PersonAccountView.as_view(), name="api-person-account"),
    path("people/<int:pk>/dossier/", people.DossierView.as_view(), name="api-dossier"),
    path("people/<int:pk>/dossier/versions/", people.DossierVersionListView.as_view(), name="api-dossier-versions"),
    path("people/<int:pk>/dossier/read-log/", people.ReadLogListView.as_view(), name="api-dossier-read-log"),
    path("people/<int:pk>/dossier/<slug:section>/", people.DossierSectionView.as_view(), name="api-dossier-section"),
    path("change-sets/", changes.ChangeSetListView.as_view(), name="api-change-sets"),
    path("change-sets/queue/", changes.ChangeSetQueueView.as_view(), name="api-change-set-queue"),
    path("change-sets/<int:pk>/", changes.ChangeSetDetailView.as_view(), name="api-change-set"),
    path("change-sets/<int:pk>/values/", changes.ValuesView.as_view(), name="api-change-set-values"),
    path("change-sets/<int:pk>/rows/", changes.RowAddView.as_view(), name="api-change-set-rows"),
    path("change-sets/<int:pk>/rows/<slug:group>/<int:row_id>/", changes.RowView.as_view(),
         name="api-change-set-row"),
    path("change-sets/<int:pk>/items/<int:item_id>/", changes.ItemView.as_view(), name="api-change-set-item"),
    path("change-sets/<int:pk>/items/<int:item_id>/attachments/", changes.AttachmentUploadView.as_view(),
         name="api-change-set-attachments"),
    path("change-sets/<int:pk>/submit/", changes.SubmitView.as_view(), name="api-change-set-submit"),
    path("change-sets/<int:pk>/review/", changes.ReviewView.as_view(), name="api-change-set-review"),
    path("change-sets/<int:pk>/return/", changes.ReturnView.as_view(), name="api-change-set-return"),
    path("attachments/<int:pk>/", changes.AttachmentDownloadView.as_view(), name="api-attachment-download"),
    path("roles/grantable/", access.GrantableRoleListView.as_view(), name="api-grantable-roles"),
    path("role-grants/", access.RoleGrantListView.as_view(), name="api-role-grants"),
    path("role-grants/<int:pk>/", access.RoleGrantDetailView.as_view(), name="api-role-grant"),
    path("accounts/", access.AccountCreateView.as_view(), name="api-accounts"),
    path("consent-grants/", access.ConsentListView.as_view(), name="api-consent-grants"),
    path("consent-grants/<int:pk>/", access.ConsentDetailView.as_view(), name="api-consent-grant"),
    path("obligations/", access.ObligationListView.as_view(), name="api-obligations"),
]
