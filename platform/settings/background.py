"""Celery: a broker from CELERY_BROKER_URL, or kombu's filesystem transport in var/celery (its
messages and its control folder: kombu's default `control/` would land in the working directory)."""

from hoso.settings.env import VAR_DIR, env_str


def celery_settings() -> dict[str, object]:
    broker_url = env_str("CELERY_BROKER_URL")
    settings: dict[str, object] = {
        "CELERY_TASK_SERIALIZER": "json",
        "CELERY_ACCEPT_CONTENT": ["json"],
        "CELERY_TIMEZONE": "Asia/Ho_Chi_Minh",
        "CELERY_TASK_IGNORE_RESULT": True,
        "CELERY_BEAT_SCHEDULE_FILENAME": str(VAR_DIR / "celerybeat-schedule"),
        # Deployments (or test runs) sharing one broker keep apart by queue name.
        "CELERY_TASK_DEFAULT_QUEUE": env_str("CELERY_QUEUE", "celery"),
    }
    if broker_url:
        settings["CELERY_BROKER_URL"] = broker_url
        return settings
    folder = VAR_DIR / "celery"
    for sub in ("out", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    # A host name kombu ignores here, named so that it stops warning of its absence.
    settings["CELERY_BROKER_URL"] = "filesystem://localhost/"
    settings["CELERY_BROKER_TRANSPORT_OPTIONS"] = {
        "data_folder_in": str(folder / "out"),
        "data_folder_out": str(folder / "out"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    return settings
