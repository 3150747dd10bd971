"""The rules settings pages: read by anyone, changed by the DoHA admin with a legal basis."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.base.errors import ApplicationError
from frontend.common.views import acting, errors_attach, is_htmx
from frontend.rules.forms import FORM_FOR_KIND, DocumentDateConfirmForm, LegalBasisForm, ValueForm
from rules import selectors
from rules.domain.registry import RULE_SPECS, RuleKey
from rules.national.selectors import base_salary_history
from rules.services import rule_value_set


def _can_edit(request: HttpRequest) -> bool:
    from core.permissions import account_is_doha_admin

    return request.user.is_authenticated and account_is_doha_admin(request.user)



def _rule_key(raw: str) -> RuleKey:
    try:
        return RuleKey(raw)
    except ValueError:
        raise Http404 from None


def rules_overview(request: HttpRequest) -> HttpResponse:
    as_of = timezone.localdate()
    as_of_error = ""
    if request.GET.get("as_of"):
        try:
            as_of = date.fromisoformat(request.GET["as_of"])
        except ValueError:
            as_of_error = "Ngày không hợp lệ, hãy chọn lại (yyyy-mm-dd). Đang hiển thị quy chế hôm nay."
    effective = selectors.rules_effective(as_of=as_of)
    versions = selectors.rule_versions_in_force(as_of=as_of)
    rows = [
        {"key": str(key), "label": RULE_SPECS[key].label, "entry": entry, "version": versions.get(key)}
        for key, entry in effective.items()
    ]
    return render(request, "rules/overview.html", {
        "rows": rows, "as_of": as_of, "as_of_error": as_of_error, "can_edit": _can_edit(request),
        "windows": selectors.approval_windows_for(year=as_of.year),
        "reports": selectors.reports_for(year=as_of.year),
        "overrides": selectors.rules_national_overrides(as_of=as_of),
        "texts": _texts(selectors.rules_texts(as_of=as_of)),
        "base_salaries": base_salary_history(),
    })


def provision_url(name: str | None) -> str | None:
    """The page where hoso handles a duty (a URL name in rules.domain.provisions)."""
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _texts(texts: list[selectors.TextProvisions]) -> list[dict]:
    return [{
        "text": text,
        "counts": text.counts(),
        "rows": [{"provision": p, "url": provision_url(p.link)} for p in text.provisions],
        "confirm_form": DocumentDateConfirmForm(initial={"document_code": text.document.code}) if text.doubt else None,
    } for text in texts]


@login_required
def document_date_confirm(request: HttpRequest) -> HttpResponse:
    """The DoHA admin confirms a doubtful date against the original (Lào Cai's effective date)."""
    from rules.services import document_date_confirm as confirm

    if not _can_edit(request):
        return HttpResponseForbidden("Chỉ quản trị Sở Nội vụ được xác nhận ngày của văn bản.")
    if request.method != "POST":
        return redirect("frontend:rules-overview")
    form = DocumentDateConfirmForm(request.POST)
    if form.is_valid():
        try:
            confirmation = confirm(acting_user=acting(request), **form.cleaned_data)
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, f"Đã ghi xác nhận: văn bản có hiệu lực từ {confirmation.effective:%d/%m/%Y}.")
            return redirect("frontend:rules-overview")
    return render(request, "rules/document_confirm.html", {"form": form}, status=400)


def rule_history(request: HttpRequest, key: str) -> HttpResponse:
    rule = _rule_key(key)
    versions = list(selectors.rule_history(key=rule))
    decoded = [(v, RULE_SPECS[rule].decode(v.value)) for v in versions]
    return render(request, "rules/history.html", {"rule": rule, "label": RULE_SPECS[rule].label, "versions": decoded})


def _forms(rule: RuleKey, data: dict | None = None) -> tuple[ValueForm, LegalBasisForm]:
    form_class = FORM_FOR_KIND[RULE_SPECS[rule].kind.name]
    if data is not None:
        return form_class(data, prefix="value"), LegalBasisForm(data)
    current = selectors.rules_effective(as_of=timezone.localdate())[rule]
    value = current.value if current.source == "province" else None
    return (form_class(initial=form_class.initial_from(value), prefix="value"),
            LegalBasisForm(initial={"effective_from": timezone.localdate()}))


def _attach_errors(error: ApplicationError, value_form: ValueForm, legal_form: LegalBasisForm) -> None:
    """Names under `value` are the value form's (`value.<part>`, or `value` for the whole);
    the rest are the legal basis form's."""
    fields = error.extra.get("fields", {})
    errors_attach(error, value_form, fields={name.removeprefix("value").lstrip("."): message
                                             for name, message in fields.items() if name.startswith("value")})
    errors_attach(error, legal_form, fields={name: message for name, message in fields.items()
                                             if not name.startswith("value")})


@login_required
def rule_edit(request: HttpRequest, key: str) -> HttpResponse:
    rule = _rule_key(key)
    if not _can_edit(request):
        return HttpResponseForbidden("Chỉ quản trị Sở Nội vụ được thay đổi quy chế.")
    if request.method != "POST":
        value_form, legal_form = _forms(rule)
        return _render_edit(request, rule, value_form, legal_form)
    value_form, legal_form = _forms(rule, request.POST)
    if value_form.is_valid() and legal_form.is_valid():
        value = value_form.to_value()
        if "preview" in request.POST:
            return _render_preview(request, rule, value, value_form, legal_form)
        try:
            rule_value_set(acting_user=acting(request), key=str(rule), value=value, **legal_form.cleaned_data)
        except ApplicationError as error:
            _attach_errors(error, value_form, legal_form)
        else:
            messages.success(request, f"Đã lưu “{RULE_SPECS[rule].label}”, hiệu lực từ {legal_form.cleaned_data['effective_from']:%d/%m/%Y}.")
            return redirect("frontend:rules-overview")
    return _render_edit(request, rule, value_form, legal_form, status=400 if request.method == "POST" else 200)


def _render_edit(request: HttpRequest, rule: RuleKey, value_form: ValueForm, legal_form: LegalBasisForm,
                 status: int = 200) -> HttpResponse:
    context = {"rule": rule, "label": RULE_SPECS[rule].label, "value_form": value_form, "legal_form": legal_form}
    template = "rules/_edit_form.html" if is_htmx(request) else "rules/edit.html"
    return render(request, template, context, status=status)


def _render_preview(request: HttpRequest, rule: RuleKey, value: object, value_form: ValueForm,
                    legal_form: LegalBasisForm) -> HttpResponse:
    """Errors in the value show beside its fields; a valid value shows its next twelve months."""
    from rules.services import rule_value_errors

    errors = rule_value_errors(key=rule, value=value)
    if errors:
        _attach_errors(ApplicationError.for_fields(errors), value_form, legal_form)
        return _render_edit(request, rule, value_form, legal_form, status=400)
    preview = selectors.rules_preview(key=rule, value=value, effective_from=legal_form.cleaned_data["effective_from"])
    context = {"rule": rule, "label": RULE_SPECS[rule].label, "value_form": value_form,
               "legal_form": legal_form, "preview": preview}
    return render(request, "rules/_edit_form.html" if is_htmx(request) else "rules/edit.html", context)


@login_required
def calendar_overrides(request: HttpRequest) -> HttpResponse:
    """The province's own days off and make-up working days, on top of the national calendar."""
    from frontend.rules.forms import CalendarOverrideForm
    from rules.services import calendar_override_remove, calendar_override_set

    if not _can_edit(request):
        return HttpResponseForbidden("Chỉ quản trị Sở Nội vụ được điều chỉnh lịch làm việc.")
    form = CalendarOverrideForm(request.POST or None)
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        try:
            calendar_override_remove(acting_user=acting(request), day=date.fromisoformat(request.POST["remove"]))
        except (ApplicationError, ValueError):
            messages.error(request, "Không tìm thấy ngày điều chỉnh cần bỏ.")
        else:
            messages.success(request, "Đã bỏ điều chỉnh; ngày này theo lịch chung của cả nước.")
        return redirect("frontend:calendar-overrides")
    if request.method == "POST":
        if form.is_valid():
            try:
                calendar_override_set(acting_user=acting(request), **form.cleaned_data)
            except ApplicationError as error:
                errors_attach(error, form)
            else:
                messages.success(request, f"Đã lưu điều chỉnh ngày {form.cleaned_data['day']:%d/%m/%Y}.")
                return redirect("frontend:calendar-overrides")
        status = 400
    province_overrides, national_overrides = selectors.calendar_override_lists()
    return render(request, "rules/calendar_overrides.html", {
        "form": form,
        "province_overrides": province_overrides,
        "national_overrides": national_overrides,
    }, status=status)
