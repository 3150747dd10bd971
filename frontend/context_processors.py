from django.http import HttpRequest


def province(request: HttpRequest) -> dict[str, object]:
    """The province of this host (None on the public console) for every template."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        return {"province": None}
    return {"province": tenant}
