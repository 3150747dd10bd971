"""Text forms for search: Vietnamese names compared with or without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_normalise(text: str) -> str:
    """Lower case, no diacritics, đ as d, single spaces: "Nguyễn Thị Đào" -> "nguyen thi dao".

    Stored beside the name and applied to queries, so "nguyen", "Nguyễn" and "NGUYEN" all match
    without the `unaccent` extension (the embedded PostgreSQL has no contrib modules).
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
