"""Changes to a dossier and their review: included by frontend/urls.py under the `frontend` namespace."""

from django.urls import path

from frontend.change_sets import edit, review

urlpatterns = [
    path("ho-so-cua-toi/de-nghi/", edit.draft_start, name="draft-start"),
    path("ho-so-cua-toi/sua/<slug:slug>/", edit.section_edit, name="section-edit"),
    path("de-nghi/<id:change_set_id>/", review.change_set_page, name="change-set"),
    path("de-nghi/<id:change_set_id>/tai-lieu/<id:item_id>/", review.attachment_upload, name="attachment-upload"),
    path("de-nghi/<id:change_set_id>/bo/<id:item_id>/", review.item_discard, name="item-discard"),
    path("de-nghi/<id:change_set_id>/huy/", review.discard, name="change-set-discard"),
    path("de-nghi/<id:change_set_id>/gui/", review.submit, name="change-set-submit"),
    path("de-nghi/<id:change_set_id>/kiem-tra/", review.review, name="change-set-review"),
    path("de-nghi/<id:change_set_id>/tra-lai/", review.return_, name="change-set-return"),
    path("tai-lieu/<id:attachment_id>/", review.attachment_download, name="attachment"),
    path("duyet-ho-so/", review.review_queue, name="review-queue"),
]
