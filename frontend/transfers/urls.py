"""Pages of transfers, duties, notifications and the compliance table. Included by
frontend/urls.py under the `frontend` namespace: path("", include("frontend.transfers.urls"))."""

from django.urls import path

from frontend.transfers import views

urlpatterns = [
    path("chuyen-cong-tac/", views.transfer_list, name="transfer-list"),
    path("chuyen-cong-tac/ghi-nhan/", views.transfer_start_page, name="transfer-start"),
    path("chuyen-cong-tac/tiep-nhan/", views.transfer_receive_page, name="transfer-receive"),
    path("chuyen-cong-tac/<int:transfer_id>/", views.transfer_detail, name="transfer-detail"),
    path("nghia-vu/", views.duty_list, name="duty-list"),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/da-doc/", views.notifications_read_all_page, name="notifications-read-all"),
    path("thong-bao/<int:notification_id>/da-doc/", views.notification_read_page, name="notification-read"),
    path("tuan-thu/", views.compliance, name="compliance"),
]
