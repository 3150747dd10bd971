"""Pages of the personnel records: my page and dossier, changes and their review, people,
the organisation, accounts. Included by frontend/urls.py under the `frontend` namespace."""

from django.urls import path, register_converter

from frontend.access import views as core_accounts
from frontend.change_sets import edit as core_edit
from frontend.change_sets import review as core_review
from frontend.people import views as core_pages


class RowIdConverter:
    """An id that fits PostgreSQL's bigint: a longer number is "not found", not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")

urlpatterns = [
    path("trang-cua-toi/", core_pages.my_home, name="my-home"),
    path("ho-so-cua-toi/", core_pages.my_dossier, name="my-dossier"),
    path("ho-so-cua-toi/de-nghi/", core_edit.draft_start, name="draft-start"),
    path("ho-so-cua-toi/sua/<slug:slug>/", core_edit.section_edit, name="section-edit"),
    path("de-nghi/<id:change_set_id>/", core_review.change_set_page, name="change-set"),
    path("de-nghi/<id:change_set_id>/tai-lieu/<id:item_id>/", core_review.attachment_upload, name="attachment-upload"),
    path("de-nghi/<id:change_set_id>/bo/<id:item_id>/", core_review.item_discard, name="item-discard"),
    path("de-nghi/<id:change_set_id>/gui/", core_review.submit, name="change-set-submit"),
    path("de-nghi/<id:change_set_id>/kiem-tra/", core_review.review, name="change-set-review"),
    path("de-nghi/<id:change_set_id>/tra-lai/", core_review.return_, name="change-set-return"),
    path("tai-lieu/<id:attachment_id>/", core_review.attachment_download, name="attachment"),
    path("duyet-ho-so/", core_review.review_queue, name="review-queue"),
    path("can-bo/", core_pages.people, name="people"),
    path("can-bo/<id:person_id>/", core_pages.person_dossier, name="person-dossier"),
    path("to-chuc/", core_pages.org_tree, name="org-tree"),
    path("to-chuc/<id:unit_id>/", core_pages.org_unit, name="org-unit"),
    path("tai-khoan/", core_accounts.accounts, name="accounts"),
    path("tai-khoan/ca-nhan/", core_accounts.person_account, name="account-person"),
    path("tai-khoan/co-quan/", core_accounts.agency_account, name="account-agency"),
    path("tai-khoan/phan-quyen/", core_accounts.grant, name="role-grant"),
    path("tai-khoan/phan-quyen/<id:grant_id>/thu-hoi/", core_accounts.revoke, name="role-revoke"),
    path("tai-khoan/dong-y/", core_accounts.consent, name="consent-grant"),
    path("tai-khoan/dong-y/<id:consent_id>/thu-hoi/", core_accounts.consent_revoke, name="consent-revoke"),
]
