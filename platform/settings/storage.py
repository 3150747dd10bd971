"""File storage: per-province folders locally, or an S3 bucket when AWS_STORAGE_BUCKET_NAME is set;
either way each province's files are sealed with its data key (hoso.sealed_storage).

Backups always go to a storage of their own, never the documents' (the regulations ask for
dedicated storage media: Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La Art. 14.5):
`STORAGES["backups"]`, read by `core.backups.storage`. With S3 it is the bucket
AWS_BACKUP_BUCKET_NAME names, which must differ from the documents' bucket (and must be set when
documents are on S3); locally it is `var/backups/`, beside but apart from `var/media/`. Its keys
already carry the province (`backups/<schema>/…`), so that storage has no schema prefix in front.
"""

from django.core.exceptions import ImproperlyConfigured
from hoso.settings.env import VAR_DIR, env_str

BACKUP_BUCKET_NEEDED = ("AWS_BACKUP_BUCKET_NAME must name the backups' own bucket when documents are on S3 "
                        "(AWS_STORAGE_BUCKET_NAME): backups never share the documents' storage.")
BACKUP_BUCKET_SHARED = "AWS_BACKUP_BUCKET_NAME must differ from AWS_STORAGE_BUCKET_NAME: backups need storage of their own."


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
    storages["backups"] = _backup_storage(bucket)
    return {
        "STORAGES": storages,
        "MEDIA_ROOT": str(VAR_DIR / "media"),
        "MEDIA_URL": "/media/",
    }


def _backup_storage(files_bucket: str) -> dict[str, object]:
    backup_bucket = env_str("AWS_BACKUP_BUCKET_NAME")
    if backup_bucket and backup_bucket == files_bucket:
        raise ImproperlyConfigured(BACKUP_BUCKET_SHARED)
    if backup_bucket:
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options(backup_bucket)}
    if files_bucket:
        raise ImproperlyConfigured(BACKUP_BUCKET_NEEDED)
    return {"BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(VAR_DIR / "backups")}}
