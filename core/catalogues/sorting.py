"""Vietnamese alphabetical order, independent of the database's collation.

The servers hoso runs on may lack ICU (the embedded PostgreSQL sorts by code point, which puts
“Đắk Lắk” after “Yên Bái”), so choice lists are sorted in Python with the order of
`vi-VN-x-icu`: letters a ă â b c d đ e ê … first, tones (ngang, huyền, hỏi, ngã, sắc, nặng) only
when the letters are equal.
"""

import unicodedata

_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONES))
        if base in _LETTERS:
            letters.append((2, _LETTERS.index(base)))
        elif base.isdigit():
            letters.append((1, ord(base)))
        else:
            letters.append((0, ord(base[:1] or " ")))
        tones.append(tone)
    return tuple(letters), tuple(tones), text
