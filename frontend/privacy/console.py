"""The console's breach page (operators, public host): record an incident for the provinces it
touched; each province's DoHA admin then finds it, with its drafted notice and duty, at
/su-co-du-lieu/."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.base.errors import ApplicationError
from core.operations.breaches import breach_record_for_provinces
from core.privacy.breaches import BreachInput
from frontend.common.views import errors_attach
from frontend.console.auth import operator_of, operator_required
from frontend.privacy.forms import BreachForm
from tenants.selectors import province_list_for_console

RECORDED = "Đã ghi nhận sự cố cho {count} tỉnh: {names}. Quản trị Sở Nội vụ của từng tỉnh hoàn thiện và gửi thông báo."


class ConsoleBreachForm(BreachForm):
    provinces = forms.MultipleChoiceField(label="Tỉnh bị ảnh hưởng", widget=forms.CheckboxSelectMultiple,
                                          required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["national_ids"]  # each province names its own people
        provinces = self.fields["provinces"]
        assert isinstance(provinces, forms.MultipleChoiceField)
        provinces.choices = [(p.code, p.name) for p in province_list_for_console() if p.merged_into_id is None]


@operator_required
def breach_record_page(request: HttpRequest) -> HttpResponse:
    form = ConsoleBreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = breach_record_for_provinces(
                operator=operator_of(request), province_codes=list(data["provinces"]),
                data=BreachInput(summary=data["summary"] or "", discovered_at=data["discovered_at"],
                                 occurred_at=data["occurred_at"], data_kinds=data["data_kinds"] or "",
                                 affected_count=data["affected_count"] or 0, measures=data["measures"] or ""))
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, RECORDED.format(count=len(recorded),
                                                      names=", ".join(p.name for p, _ in recorded)))
            return redirect("console:breaches")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/console_breach.html", {"form": form}, status=status)
