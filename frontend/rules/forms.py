"""Forms of the rules settings page: one per kind of value, plus the legal basis every change needs."""

import re
from typing import Any

from django import forms

from frontend.common.forms import DATE_BOUNDS
from rules.domain.proof import PROOF_EXEMPTABLE, ProofExempt
from rules.domain.types import (
    BACKUP_ACTOR_LABELS,
    FREQUENCY_LABELS,
    PERIOD_LABELS,
    RECIPIENT_LABELS,
    REPORTER_LABELS,
    ApprovalWindow,
    BackupDuty,
    DayCount,
    ReportObligation,
)

REQUIRED = {"required": "Cần nhập giá trị này."}
INT_ERRORS = {"invalid": "Phải là một số nguyên.", **REQUIRED}
DATE_ERRORS = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).", **REQUIRED}
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class LegalBasisForm(forms.Form):
    effective_from = forms.DateField(label="Hiệu lực từ ngày", input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                                     validators=DATE_BOUNDS, widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label="Văn bản làm căn cứ", max_length=300, required=False,
                               help_text="Số, ký hiệu văn bản, ví dụ: Quyết định 12/2027/QĐ-UBND")
    article = forms.CharField(label="Điều, khoản", max_length=200, required=False, help_text="Ví dụ: Điều 7 khoản 2")
    document_effective = forms.DateField(label="Ngày văn bản có hiệu lực", required=False, input_formats=DATE_INPUTS,
                                         error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ValueForm(forms.Form):
    """Turns the submitted fields into the rule's JSON value (None: the province sets nothing)."""

    unset = forms.BooleanField(label="Tỉnh không quy định (áp dụng Thông tư 06/2023/TT-BNV)", required=False)

    def to_value(self) -> object:
        if self.cleaned_data.get("unset"):
            return None
        return self.build(self.cleaned_data)

    def build(self, data: dict[str, Any]) -> object:
        raise NotImplementedError

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {"unset": value is None}


class DayCountForm(ValueForm):
    n = forms.IntegerField(label="Số ngày", required=False, error_messages=INT_ERRORS)
    unit = forms.ChoiceField(label="Tính theo", choices=[("working", "ngày làm việc"), ("calendar", "ngày (lịch)")])

    def build(self, data: dict[str, Any]) -> object:
        return {"n": data.get("n"), "unit": data["unit"]}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), **(value.to_dict() if isinstance(value, DayCount) else {})}


class WindowForm(ValueForm):
    kind = forms.ChoiceField(label="Cách tính", choices=[
        ("last_working_days", "N ngày làm việc cuối tháng"),
        ("last_calendar_days", "N ngày cuối tháng"),
        ("day_range", "Từ ngày … đến hết ngày … của tháng"),
        ("before_day", "Trước ngày … của tháng"),
    ])
    n = forms.IntegerField(label="N (số ngày)", required=False, error_messages=INT_ERRORS)
    start_day = forms.IntegerField(label="Từ ngày", required=False, error_messages=INT_ERRORS)
    end_day = forms.IntegerField(label="Đến hết ngày", required=False, error_messages=INT_ERRORS)
    before_day = forms.IntegerField(label="Trước ngày", required=False, error_messages=INT_ERRORS)
    roll_forward_end = forms.BooleanField(label="Ngày cuối trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp", required=False)
    signature_required = forms.BooleanField(label="Phê duyệt bằng ký số", required=False)

    def build(self, data: dict[str, Any]) -> object:
        return {name: data.get(name) for name in
                ("kind", "n", "start_day", "end_day", "before_day", "roll_forward_end", "signature_required")}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), **(value.to_dict() if isinstance(value, ApprovalWindow) else {})}


class BoolForm(ValueForm):
    flag = forms.TypedChoiceField(label="Giá trị", choices=[("1", "Có"), ("0", "Không")], coerce=lambda v: v == "1")

    def build(self, data: dict[str, Any]) -> object:
        return bool(data["flag"])

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "flag": "1" if value else "0"}


class IntForm(ValueForm):
    number = forms.IntegerField(label="Giá trị", required=False, error_messages=INT_ERRORS)

    def build(self, data: dict[str, Any]) -> object:
        return data.get("number")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "number": value}


class TextForm(ValueForm):
    text = forms.CharField(label="Giá trị", required=False, max_length=500)

    def build(self, data: dict[str, Any]) -> object:
        return data.get("text", "")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "text": value or ""}


class JsonForm(ValueForm):
    """Structured values without a form of their own (the career rules) are edited as JSON,
    validated by the rules."""

    document = forms.JSONField(label="Giá trị (JSON)", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                               error_messages={"invalid": "Không đọc được JSON: kiểm tra dấu ngoặc và dấu phẩy."})

    def build(self, data: dict[str, Any]) -> object:
        return data.get("document")

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        from rules.domain.ruleset import encode_value

        return {**super().initial_from(value), "document": encode_value(value)}


class SignersForm(ValueForm):
    """One choice per signature; "" keeps the platform's default (the server's development keys)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from rules.domain.signing import KIND_LABELS, PURPOSE_LABELS, allowed_kinds

        super().__init__(*args, **kwargs)
        for purpose, label in PURPOSE_LABELS.items():
            choices = [("", "Mặc định của hệ thống (khóa thử nghiệm trên máy chủ)")]
            choices += [(kind, KIND_LABELS[kind]) for kind in allowed_kinds(purpose)]
            self.fields[purpose] = forms.ChoiceField(label=label, choices=choices, required=False)

    def build(self, data: dict[str, Any]) -> object:
        from rules.domain.signing import PURPOSE_LABELS

        return {purpose: data[purpose] for purpose in PURPOSE_LABELS if data.get(purpose)}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        from rules.domain.signing import SignerChoice

        return {**super().initial_from(value), **(dict(value.kinds) if isinstance(value, SignerChoice) else {})}


CHOICE_ERRORS = {"invalid_choice": "Chọn một trong các lựa chọn có sẵn.", **REQUIRED}
DUE_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")
DUE_DATES_HELP = "Ngày/tháng, ví dụ 10/01; nhiều hạn cách nhau bằng dấu phẩy: 31/05, 30/11"


class BackupForm(ValueForm):
    """The backup duty: who backs up, how often, how long copies are kept, and where."""

    who = forms.MultipleChoiceField(label="Bên thực hiện sao lưu", choices=list(BACKUP_ACTOR_LABELS.items()),
                                    widget=forms.CheckboxSelectMultiple, required=False,
                                    error_messages={"invalid_choice": "Chọn trong các bên có sẵn."})
    frequency = forms.ChoiceField(label="Tần suất", required=False, error_messages=CHOICE_ERRORS,
                                  choices=[("", "Không quy định"), *FREQUENCY_LABELS.items()])
    keep_months = forms.IntegerField(label="Thời gian lưu giữ bản sao lưu (tháng)", required=False, min_value=1,
                                     max_value=1200, error_messages={**INT_ERRORS, "min_value": "Ít nhất 1 tháng.",
                                                                     "max_value": "Nhiều nhất 1200 tháng."})
    storage = forms.CharField(label="Nơi lưu trữ bản sao lưu", max_length=300, required=False)

    def build(self, data: dict[str, Any]) -> object:
        return {"who": list(data.get("who") or []), "frequency": data.get("frequency") or None,
                "keep_months": data.get("keep_months"), "storage": (data.get("storage") or "").strip()}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), **(value.to_dict() if isinstance(value, BackupDuty) else {})}


class ReportsForm(ValueForm):
    """The periodic reports: one group of fields per obligation, plus an empty one to add
    another; each obligation's errors show beside its own fields, checked by the rules' own
    validation before anything is saved."""

    PARTS = ("code", "reporter", "recipient", "period", "due_dates", "contents", "via", "document", "article",
             "effective", "remove")

    MAX_ROWS = 50

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reports = list(self.initial.get("reports", []))
        if self.is_bound:
            try:
                self.rows = max(0, min(int(self.data.get(self.add_prefix("rows")) or 0), self.MAX_ROWS))
            except ValueError:
                self.rows = 0
        else:
            self.rows = len(reports) + 1  # an empty group to add one
        self.fields["rows"] = forms.IntegerField(widget=forms.HiddenInput, initial=self.rows, required=False)
        for i in range(self.rows):
            self.fields.update(self._row_fields(i))
        for i, report in enumerate(reports):
            self.initial.update(self._row_initial(i, report))
        self._kept: list[int] = []

    @staticmethod
    def _row_fields(i: int) -> dict[str, forms.Field]:
        return {
            f"r{i}_code": forms.CharField(label="Mã báo cáo", max_length=50, required=False,
                                          help_text="Ví dụ: unit_to_doha"),
            f"r{i}_reporter": forms.ChoiceField(label="Bên báo cáo", choices=list(REPORTER_LABELS.items()),
                                                error_messages=CHOICE_ERRORS),
            f"r{i}_recipient": forms.ChoiceField(label="Nơi nhận", choices=list(RECIPIENT_LABELS.items()),
                                                 error_messages=CHOICE_ERRORS),
            f"r{i}_period": forms.ChoiceField(label="Kỳ báo cáo", choices=list(PERIOD_LABELS.items()),
                                              error_messages=CHOICE_ERRORS),
            f"r{i}_due_dates": forms.CharField(label="Hạn nộp", max_length=100, required=False,
                                               help_text=DUE_DATES_HELP),
            f"r{i}_contents": forms.CharField(label="Nội dung báo cáo (mỗi dòng một nội dung)", required=False,
                                              widget=forms.Textarea(attrs={"rows": 3})),
            f"r{i}_via": forms.CharField(label="Gửi qua (nếu có)", max_length=200, required=False),
            f"r{i}_document": forms.CharField(label="Văn bản quy định", max_length=300, required=False),
            f"r{i}_article": forms.CharField(label="Điều, khoản", max_length=200, required=False),
            f"r{i}_effective": forms.DateField(label="Ngày văn bản có hiệu lực", required=False,
                                               input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                                               validators=DATE_BOUNDS, widget=forms.DateInput(attrs={"type": "date"})),
            f"r{i}_remove": forms.BooleanField(label="Bỏ nghĩa vụ báo cáo này", required=False),
        }

    @staticmethod
    def _row_initial(i: int, report: ReportObligation) -> dict[str, Any]:
        return {
            f"r{i}_code": report.code, f"r{i}_reporter": report.reporter, f"r{i}_recipient": report.recipient,
            f"r{i}_period": report.period,
            f"r{i}_due_dates": ", ".join(f"{day:02d}/{month:02d}" for month, day in report.due_dates),
            f"r{i}_contents": "\n".join(report.contents), f"r{i}_via": report.via or "",
            f"r{i}_document": report.citation.document, f"r{i}_article": report.citation.article,
            f"r{i}_effective": report.citation.effective,
        }

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields of each obligation, for the page to show one group per obligation."""
        last = self.rows - 1 if not self.is_bound else -1
        return [(f"Nghĩa vụ báo cáo {i + 1}" if i != last else "Thêm nghĩa vụ báo cáo",
                 [self[f"r{i}_{part}"] for part in self.PARTS]) for i in range(self.rows)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unset"):
            return data
        for i in range(self.rows):
            if _filled(data, i) and not data.get(f"r{i}_remove") and not (data.get(f"r{i}_contents") or "").strip():
                self.add_error(f"r{i}_contents", "Ghi ít nhất một nội dung báo cáo.")
            if data.get(f"r{i}_due_dates"):
                try:
                    data[f"r{i}_pairs"] = _due_pairs(data[f"r{i}_due_dates"])
                except ValueError as error:
                    self.add_error(f"r{i}_due_dates", str(error))
        if not self.errors:
            self._value_check(data)
        return data

    def _value_check(self, data: dict[str, Any]) -> None:
        from rules.domain.registry import RuleKey
        from rules.services import rule_value_errors

        for name, message in rule_value_errors(key=RuleKey.REPORTS, value=self.build(data)).items():
            index, _, part = name.removeprefix("value").lstrip(".").partition(".")
            part = part.removeprefix("citation.")
            field = f"r{self._kept[int(index)]}_{part}" if index.isdigit() and int(index) < len(self._kept) else None
            self.add_error(field if field in self.fields else None, message)

    def build(self, data: dict[str, Any]) -> object:
        self._kept = [i for i in range(self.rows) if not data.get(f"r{i}_remove") and _filled(data, i)]
        return [{
            "code": (data.get(f"r{i}_code") or "").strip(), "reporter": data.get(f"r{i}_reporter"),
            "recipient": data.get(f"r{i}_recipient"), "period": data.get(f"r{i}_period"),
            "due_dates": [list(pair) for pair in data.get(f"r{i}_pairs", [])],
            "contents": [line.strip() for line in (data.get(f"r{i}_contents") or "").splitlines() if line.strip()],
            "via": (data.get(f"r{i}_via") or "").strip() or None,
            "citation": {"document": (data.get(f"r{i}_document") or "").strip(),
                         "article": (data.get(f"r{i}_article") or "").strip(),
                         "effective": data[f"r{i}_effective"].isoformat() if data.get(f"r{i}_effective") else None},
        } for i in self._kept]

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        reports = list(value) if isinstance(value, tuple) else []
        return {**super().initial_from(value), "reports": reports}


def _filled(data: dict[str, Any], i: int) -> bool:
    """An obligation with nothing written in it (the empty group) is not one."""
    return any((data.get(f"r{i}_{part}") or "").strip() for part in ("code", "due_dates", "contents", "document"))


def _due_pairs(raw: str) -> list[tuple[int, int]]:
    """"31/05, 30/11" → [(5, 31), (11, 30)] (month, day), or a Vietnamese reason."""
    pairs = []
    for part in raw.split(","):
        match = DUE_DATE.match(part)
        if match is None:
            raise ValueError(f"“{part.strip()}” không phải ngày/tháng (ví dụ 10/01).")
        day, month = int(match[1]), int(match[2])
        pairs.append((month, day))
    return pairs


class ProofExemptForm(ValueForm):
    """The dossier values a change may leave without a proving document, ticked."""

    fields_ = forms.MultipleChoiceField(label="Không cần văn bản minh chứng khi chỉ thay đổi", required=False,
                                        choices=list(PROOF_EXEMPTABLE.items()), widget=forms.CheckboxSelectMultiple,
                                        error_messages={"invalid_choice": "Chọn trong các thông tin có sẵn."})

    def build(self, data: dict[str, Any]) -> object:
        return {"fields": list(data.get("fields_") or [])}

    @classmethod
    def initial_from(cls, value: object) -> dict[str, Any]:
        return {**super().initial_from(value), "fields_": list(value.fields) if isinstance(value, ProofExempt) else []}


FORM_FOR_KIND: dict[str, type[ValueForm]] = {
    "day_count": DayCountForm,
    "approval_window": WindowForm,
    "bool": BoolForm,
    "int": IntForm,
    "text": TextForm,
    "url": TextForm,
    # The code of one of rules.domain.registry.ARRIVAL_FLOWS ("unit_syncs", "doha_request").
    "arrival_flow": TextForm,
    "reports": ReportsForm,
    "backup": BackupForm,
    "retirement_age": JsonForm,
    "retirement_notice": JsonForm,
    "salary_raise": JsonForm,
    "over_frame": JsonForm,
    "appointment_term": JsonForm,
    "discipline_bars": JsonForm,
    "sensitive_visibility": JsonForm,
    "early_raise": JsonForm,
    "evaluation_scoring": JsonForm,
    "signers": SignersForm,
    "score_method": JsonForm,
    "proof_exempt": ProofExemptForm,
}


class CalendarOverrideForm(forms.Form):
    day = forms.DateField(label="Ngày", input_formats=DATE_INPUTS, error_messages=DATE_ERRORS,
                          widget=forms.DateInput(attrs={"type": "date"}))
    working = forms.TypedChoiceField(label="Điều chỉnh thành", coerce=lambda v: v == "1",
                                     choices=[("0", "Ngày nghỉ"), ("1", "Ngày làm việc (làm bù)")])
    reason = forms.CharField(label="Lý do", max_length=300, required=False)
    legal_basis = forms.CharField(label="Văn bản thông báo", max_length=300, required=False)


class DocumentDateConfirmForm(forms.Form):
    """The DoHA admin's check of a text's date against the original (rules.services.document_date_confirm)."""

    document_code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    effective = forms.DateField(label="Ngày có hiệu lực ghi trên bản gốc", input_formats=DATE_INPUTS,
                                error_messages=DATE_ERRORS, validators=DATE_BOUNDS,
                                widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(label="Căn cứ đối chiếu", required=False,
                            help_text="Ví dụ: bản gốc Quyết định lưu tại Văn phòng UBND tỉnh, đối chiếu ngày …")
