"""The province API (/api/v1/…): each feature's endpoints in api/v1/<feature>/urls.py."""

from django.urls import include, path

# Order matters where paths overlap: approvals' people/<id>/dossier/signed-pdf/ must come
# before people's people/<id>/dossier/<section>/.
FEATURES = ["rules", "approvals", "auth", "org_units", "people", "change_sets", "access", "obligations",
            "transfers", "reports", "backups", "careers", "resumes", "signing", "privacy", "tech_agency"]

urlpatterns = [path("", include(f"api.v1.{feature}.urls")) for feature in FEATURES]
