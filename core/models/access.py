"""Who may see whose dossier: roles over subtrees, written-consent grants, and the read log."""

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models

from core.models.org import OrgUnit
from core.models.people import Person


class Role(models.TextChoices):
    DOHA_ADMIN = "doha_admin", "Quản trị Sở Nội vụ"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan, địa phương"
    SUBUNIT_ADMIN = "subunit_admin", "Quản trị đơn vị trực thuộc"
    UNIT_OFFICER = "unit_officer", "Người được giao quản lý, khai thác"
    APPROVER = "approver", "Thủ trưởng, người được ủy quyền phê duyệt"
    # Deputies and the HR head see the whole unit and change nothing (Bình Thuận Art. 8.3-8.4).
    UNIT_READER = "unit_reader", "Xem toàn đơn vị (cấp phó, trưởng bộ phận tổ chức cán bộ)"
    # The province's technical agency (Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ):
    # backups, restore drills, sync health, maintenance and its periodic checks, never a
    # dossier (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art. 14.5).
    TECH_AGENCY = "tech_agency", "Cơ quan kỹ thuật (sao lưu, bảo trì hệ thống)"
    EMPLOYEE = "employee", "Cá nhân"


def grant_document_upload_to(instance: "RoleGrant", filename: str) -> str:
    # A random name; the default storage adds the province's schema.
    return f"access/grants/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class RoleGrant(models.Model):
    """An account holds `role` over `org_unit` and everything below it.

    The employee role is never stored: every account linked to a Person holds it over that
    person's own dossier only. A grant ends by `revoked_at`, never by deletion, so "who could
    see what, when" stays answerable.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_grants")
    # An approver is the unit's head (thủ trưởng) or acts on the head's written authorisation
    # (người được ủy quyền): its number and date.
    is_head = models.BooleanField("thủ trưởng", default=False)
    authorisation = models.CharField("văn bản ủy quyền", max_length=200, blank=True)
    authorisation_date = models.DateField("ngày văn bản ủy quyền", null=True, blank=True)
    authorisation_file = models.FileField("tệp văn bản ủy quyền", upload_to=grant_document_upload_to,
                                          max_length=300, blank=True)
    # The DoHA's written agreement to a sub-unit account (Lai Châu 2.4).
    doha_agreement = models.CharField("văn bản thống nhất của Sở Nội vụ", max_length=200, blank=True)
    doha_agreement_date = models.DateField("ngày văn bản thống nhất", null=True, blank=True)
    # The head's decision giving a unit's admin account to its data administrator
    # (Lai Châu 2.1, 2.4; Sơn La Art. 12, 13.2).
    appointment_decision = models.CharField("quyết định giao quản trị", max_length=200, blank=True)
    appointment_date = models.DateField("ngày quyết định giao quản trị", null=True, blank=True)
    # The competent agency's written request for the access change (Tuyên Quang Art. 11.4):
    # for the grant, and for its revocation.
    access_request = models.CharField("văn bản đề nghị cấp quyền", max_length=200, blank=True)
    access_request_date = models.DateField("ngày văn bản đề nghị cấp quyền", null=True, blank=True)
    access_request_file = models.FileField("tệp văn bản đề nghị cấp quyền", upload_to=grant_document_upload_to,
                                           max_length=300, blank=True)
    revoke_request = models.CharField("văn bản đề nghị thu hồi quyền", max_length=200, blank=True)
    revoke_request_date = models.DateField("ngày văn bản đề nghị thu hồi quyền", null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["account_id", "role", "id"]
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "role", "org_unit"], condition=models.Q(revoked_at__isnull=True),
                name="core_rolegrant_active_unique",
            ),
            models.CheckConstraint(condition=~models.Q(role="employee"), name="core_rolegrant_not_employee"),
            # One head per unit among its active approvers.
            models.UniqueConstraint(
                fields=["org_unit"],
                condition=models.Q(revoked_at__isnull=True, role="approver", is_head=True),
                name="core_rolegrant_one_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.get_role_display()} @ {self.org_unit_id}"

    @property
    def capacity(self) -> str:
        """In what capacity the holder approves, as shown beside each signature."""
        if self.is_head:
            return "Thủ trưởng"
        if not self.authorisation:
            return ""
        return f"Được ủy quyền theo văn bản số {self.authorisation}{_on(self.authorisation_date)}"

    @property
    def documents(self) -> list[str]:
        """Every document the grant rests on, in words, for the accounts page."""
        found = [self.capacity] if self.capacity else []
        if self.doha_agreement:
            found.append(f"Sở Nội vụ thống nhất tại văn bản số {self.doha_agreement}{_on(self.doha_agreement_date)}")
        if self.appointment_decision:
            found.append(f"Giao quản trị theo quyết định số {self.appointment_decision}{_on(self.appointment_date)}")
        if self.access_request:
            found.append(f"Cấp quyền theo đề nghị tại văn bản số {self.access_request}{_on(self.access_request_date)}")
        if self.revoke_request:
            found.append(f"Thu hồi theo đề nghị tại văn bản số {self.revoke_request}{_on(self.revoke_request_date)}")
        return found


def _on(day: date | None) -> str:
    return f", ngày {day:%d/%m/%Y}" if day else ""


class ConsentGrant(models.Model):
    """The managing agency's written consent for `grantee` to read one person's dossier, or
    every dossier of one unit's subtree, for a reason, until a date (inclusive)."""

    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_grants"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("lý do", max_length=500)
    document_number = models.CharField("số văn bản đồng ý", max_length=200)
    valid_until = models.DateField("đến ngày")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "đồng ý khai thác bằng văn bản"
        verbose_name_plural = "đồng ý khai thác bằng văn bản"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=True) ^ models.Q(org_unit__isnull=True)),
                name="core_consentgrant_person_xor_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantee_id} ← {self.document_number}"


class ReadChannel(models.TextChoices):
    ROLE = "role", "Theo vai trò"
    CONSENT = "consent", "Theo văn bản đồng ý"


class DossierReadLog(models.Model):
    """One read of someone else's dossier: who, whose, when, through what."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="read_logs")
    read_at = models.DateTimeField("đọc lúc", auto_now_add=True, db_index=True)
    channel = models.CharField("qua", max_length=10, choices=ReadChannel.choices)
    role_grant = models.ForeignKey(RoleGrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consent_grant = models.ForeignKey(
        ConsentGrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("mục đích", max_length=100, blank=True)

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = "nhật ký khai thác hồ sơ"
        verbose_name_plural = "nhật ký khai thác hồ sơ"

    def __str__(self) -> str:
        return f"{self.reader_id} đọc {self.person_id} lúc {self.read_at:%Y-%m-%d %H:%M}"
