"""Path converters of the province's pages."""

from django.urls import register_converter


class RowIdConverter:
    """An id that fits PostgreSQL's bigint: a longer number is "not found", not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def converters_register() -> None:
    register_converter(RowIdConverter, "id")
