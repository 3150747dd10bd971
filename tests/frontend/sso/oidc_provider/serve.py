"""Runs the test provider: `python -m tests.frontend.sso.oidc_provider.serve PORT FOLDER`.

Reads its clients and people from the JSON file FOLDER/setup.json ({"clients": [{"client_id",
"client_secret", "redirect_uri"}], "people": [{"username", "password"}]}), migrates its SQLite
database in FOLDER, makes an RSA signing key and serves until it is terminated.
"""

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _setup(folder: Path) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    setup = json.loads((folder / "setup.json").read_text())
    code = ResponseType.objects.get(value="code")
    for entry in setup["clients"]:
        client = Client.objects.create(
            name=entry["client_id"], client_type="confidential", client_id=entry["client_id"],
            client_secret=entry["client_secret"], jwt_alg="RS256", require_consent=False,
            _redirect_uris=entry["redirect_uri"])
        client.response_types.add(code)
    for person in setup["people"]:
        User.objects.create_user(username=person["username"], password=person["password"])


def main() -> None:
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.frontend.sso.oidc_provider.settings"
    os.environ["OP_DATABASE"] = str(folder / "provider.sqlite3")
    os.environ["OP_SITE_URL"] = f"http://127.0.0.1:{port}"
    import django

    django.setup()
    _setup(folder)
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=_Server,
                         handler_class=_QuietHandler)
    server.serve_forever()


if __name__ == "__main__":
    main()
