"""Transfers and leaving as workflows (province-rules.md section 3), the duties they start,
and the reminders about every tracked duty.

A duty is core's `Obligation` row: one table for every deadline, whatever started it. This
app adds what core's model lacks, beside it rather than inside it: the transfer kinds of
duty (`DutyKind`), the mark of a late duty (`LateMark`), each reminder sent (`Reminder`),
the notifications shown in the page header (`Notification`) and the one-off messages about an
event, such as an approval window opening (`Announcement`).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from core.models import Obligation, ObligationKind, OrgUnit, Person


class TransferKind(models.TextChoices):
    MOVE_WITHIN_UNIT = "move_within_unit", "Điều chuyển trong cơ quan, đơn vị"
    MOVE_TO_OTHER_UNIT = "move_to_other_unit", "Chuyển sang cơ quan, đơn vị khác trong tỉnh"
    ARRIVAL_FROM_OUTSIDE = "arrival_from_outside", "Tiếp nhận từ ngoài tỉnh"
    ARRIVAL_NO_SYNC = "arrival_no_sync", "Tiếp nhận từ hệ thống không đồng bộ được"
    LEAVE = "leave", "Nghỉ, chuyển ra khỏi tỉnh hoặc khu vực nhà nước"


class TransferState(models.TextChoices):
    STARTED = "started", "Đang thực hiện"
    HANDED_OVER = "handed_over", "Đã bàn giao, chờ tiếp nhận"
    REQUESTED = "requested", "Đã đề nghị Sở Nội vụ đồng bộ"
    DONE = "done", "Hoàn thành"


class LeaveReason(models.TextChoices):
    LEFT_PROVINCE = "left_province", "Chuyển công tác ra ngoài tỉnh"
    LEFT_STATE_SECTOR = "left_state_sector", "Chuyển ra ngoài khu vực nhà nước"
    RETIRED = "retired", "Nghỉ hưu"
    RESIGNED = "resigned", "Thôi việc"
    CONTRACT_ENDED = "contract_ended", "Chấm dứt hợp đồng lao động"
    DECEASED = "deceased", "Từ trần"


class StepAction(models.TextChoices):
    START = "start", "Ghi nhận quyết định"
    HANDOVER = "handover", "Bàn giao hồ sơ"
    TAKE_OVER = "take_over", "Tiếp nhận hồ sơ"
    MOVE = "move", "Điều chuyển hồ sơ"
    RECEIVE = "receive", "Tiếp nhận, tạo tài khoản"
    DOHA_REQUEST = "doha_request", "Văn bản đề nghị Sở Nội vụ đồng bộ"
    DOHA_SYNC = "doha_sync", "Sở Nội vụ đồng bộ dữ liệu"
    NEW_DOSSIER = "new_dossier", "Tạo hồ sơ mới"
    ARCHIVE = "archive", "Cập nhật tình trạng, lưu trữ hồ sơ"


# Every kind of `Obligation.kind`, transfers' included, lives in core's one list.
DutyKind = ObligationKind


class Transfer(models.Model):
    """One person's move, arrival or leaving, from the decision to its last step."""

    kind = models.CharField("loại", max_length=30, choices=TransferKind.choices)
    state = models.CharField("trạng thái", max_length=20, choices=TransferState.choices,
                             default=TransferState.STARTED)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="đơn vị chuyển đi")
    to_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="đơn vị tiếp nhận")
    origin = models.CharField("nơi chuyển đến từ", max_length=300, blank=True)
    leave_reason = models.CharField("lý do nghỉ", max_length=30, choices=LeaveReason.choices, blank=True)
    position = models.CharField("chức vụ tại nơi mới", max_length=200, blank=True)
    effective_on = models.DateField("ngày quyết định có hiệu lực")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("bắt đầu lúc", auto_now_add=True)
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "chuyển giao, tiếp nhận hồ sơ"
        verbose_name_plural = "chuyển giao, tiếp nhận hồ sơ"
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person_id} ({self.get_state_display()})"


def decision_upload_to(instance: "TransferStep", filename: str) -> str:
    # A random name under the transfer's folder; the default storage adds the province's schema.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"transfers/{instance.transfer_id}/{uuid.uuid4().hex}{suffix}"


class TransferStep(models.Model):
    """One step and the written decision behind it: number, date, signer, optional file."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField("bước", max_length=20, choices=StepAction.choices)
    decision_number = models.CharField("số văn bản", max_length=100)
    decision_date = models.DateField("ngày văn bản")
    signer = models.CharField("người ký", max_length=200)
    file = models.FileField("tệp văn bản", upload_to=decision_upload_to, max_length=300, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    # The duty this step closed, and the one it opened for whoever acts next.
    closed_duty = models.ForeignKey(Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opened_duty = models.ForeignKey(Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["transfer_id", "acted_at", "id"]
        verbose_name = "bước chuyển giao"
        verbose_name_plural = "bước chuyển giao"

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.decision_number}"


class LateMark(models.Model):
    """Set once by the daily run when an open duty passes its due date; never removed, so a
    duty done late stays known as late."""

    obligation = models.OneToOneField(Obligation, on_delete=models.CASCADE, primary_key=True,
                                      related_name="late_mark")
    marked_at = models.DateTimeField("đánh dấu lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nghĩa vụ quá hạn"
        verbose_name_plural = "nghĩa vụ quá hạn"

    def __str__(self) -> str:
        return f"{self.obligation_id} quá hạn"


class Notification(models.Model):
    """A message to one account, shown in the page header until read."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    link = models.CharField("liên kết", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["account", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderStage(models.TextChoices):
    BEFORE = "before", "Sắp đến hạn"
    DUE = "due", "Đến hạn hôm nay"
    LATE = "late", "Quá hạn"


class Reminder(models.Model):
    """One reminder about one duty at one stage to one account: sent once, then recorded."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField("giai đoạn", max_length=10, choices=ReminderStage.choices)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    as_head = models.BooleanField("gửi thủ trưởng", default=False)
    notification = models.ForeignKey(Notification, null=True, on_delete=models.SET_NULL, related_name="+")
    emailed = models.BooleanField("đã gửi thư", default=False)
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "nhắc hạn"
        verbose_name_plural = "nhắc hạn"
        constraints = [
            models.UniqueConstraint(fields=["obligation", "stage", "account"], name="transfers_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.stage} → {self.account_id}"


class Announcement(models.Model):
    """A one-off message to one account about one event (`key`, e.g. "approval-window:unit:
    2026-11": an approval window opened): sent once, then recorded."""

    key = models.CharField("sự kiện", max_length=100)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(Notification, null=True, on_delete=models.SET_NULL, related_name="+")
    emailed = models.BooleanField("đã gửi thư", default=False)
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "thông báo một lần"
        verbose_name_plural = "thông báo một lần"
        constraints = [
            models.UniqueConstraint(fields=["key", "account"], name="transfers_announcement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.account_id}"
