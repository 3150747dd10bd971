"""File storage: per-province folders locally, or an S3 bucket when AWS_STORAGE_BUCKET_NAME is set;
either way each province's files are sealed with its data key (hoso.sealed_storage).

Backups go to their own storage when AWS_BACKUP_BUCKET_NAME names a second bucket (the
regulations ask for dedicated storage media): `STORAGES["backups"]`, read by
`core.backups.storage`. Its keys already carry the province (`backups/<schema>/…`), so that
bucket has no schema prefix in front; without it, backups share the default storage.
"""

from hoso.settings.env import VAR_DIR, env_str


def _s3_options(bucket: str) -> dict[str, object]:
    options: dict[str, object] = {"bucket_name": bucket, "default_acl": "private", "querystring_auth": True}
    endpoint = env_str("AWS_S3_ENDPOINT_URL")
    if endpoint:
        options["endpoint_url"] = endpoint
    region = env_str("AWS_S3_REGION_NAME")
    if region:
        options["region_name"] = region
    return options


def storage_settings() -> dict[str, object]:
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages: dict[str, object] = {"staticfiles": static}
    if bucket:
        storages["default"] = {"BACKEND": "hoso.sealed_storage.SealedProvinceS3Storage", "OPTIONS": _s3_options(bucket)}
    else:
        storages["default"] = {"BACKEND": "hoso.sealed_storage.SealedProvinceFileSystemStorage"}
    backup_bucket = env_str("AWS_BACKUP_BUCKET_NAME")
    if backup_bucket:
        storages["backups"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options(backup_bucket)}
    return {
        "STORAGES": storages,
        "MEDIA_ROOT": str(VAR_DIR / "media"),
        "MEDIA_URL": "/media/",
    }
