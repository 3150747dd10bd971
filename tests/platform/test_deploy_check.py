"""`manage.py check --deploy` with the production settings reports nothing: HSTS, the HTTPS
redirect, secure cookies, a real secret key (issue 13)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_deploy_check_is_clean_with_production_settings() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hoso.settings.production",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "HOSO_BACKUP_KEY": secrets.token_urlsafe(32),
           "DATABASE_URL": os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/unused")}
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
