"""File storage: per-province folders locally, or an S3 bucket when AWS_STORAGE_BUCKET_NAME is set."""

from hoso.settings.env import VAR_DIR, env_str


def storage_settings() -> dict[str, object]:
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if bucket:
        options: dict[str, object] = {"bucket_name": bucket, "default_acl": "private", "querystring_auth": True}
        endpoint = env_str("AWS_S3_ENDPOINT_URL")
        if endpoint:
            options["endpoint_url"] = endpoint
        region = env_str("AWS_S3_REGION_NAME")
        if region:
            options["region_name"] = region
        default = {"BACKEND": "hoso.storage.ProvinceS3Storage", "OPTIONS": options}
    else:
        default = {"BACKEND": "hoso.storage.ProvinceFileSystemStorage"}
    return {
        "STORAGES": {"default": default, "staticfiles": static},
        "MEDIA_ROOT": str(VAR_DIR / "media"),
        "MEDIA_URL": "/media/",
    }
