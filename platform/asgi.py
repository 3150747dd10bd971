# Views stay synchronous: django-tenants loses the schema in sync_to_async threads
# (tenancy-pitfalls.md). This ASGI entry point exists for servers that require it.
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.base")
application = get_asgi_application()
