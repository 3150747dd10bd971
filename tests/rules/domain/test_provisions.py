"""Every duty of each province's text is on its rules page with hoso's part in it (issue 19, the
obligations list). The articles below are written out from the matrix
(shared/domain/province-rules.md) and issue 19's audit, independently of the table under test."""

import re

import pytest

from rules.domain import PRESET_CODES, preset_document, preset_get
from rules.domain.provisions import PROVISIONS, STATUS_LABELS, Provision, provisions_of

# Each province's articles as the matrix and issue 19 cite them ("2.7" = Mục 2.7; "11.3" =
# Điều 11 khoản 3; "8" = Điều 8 as a whole).
MATRIX_ARTICLES: dict[str, tuple[str, ...]] = {
    "lai-chau": ("2.1", "2.2", "2.3", "2.4", "2.6", "2.7", "2.8", "2.9"),
    "tuyen-quang": ("1.2", "4.1", "4.2", "5.1", "5.2", "6", "7.2", "8.2", "8.5", "9", "9.3", "11.4", "11.7",
                    "11.8", "11.9"),
    "lao-cai": ("3.3", "3.4", "4.3", "4.4", "6.1", "6.2", "6.3", "7.1", "7.2", "9.1", "9.4", "10.1", "11.1",
                "11.2", "11.3", "11.5", "12.3", "14.3", "14.4", "15.7", "16.7", "16.8", "17", "17.4", "17.5"),
    "son-la": ("3.2", "3.3", "4.2", "5", "6", "7", "8", "9.3", "10.1", "11.1", "11.3", "12", "12.2", "13.2",
               "13.5", "14.4", "14.5", "14.6", "15"),
    "binh-thuan": ("3.6", "4.3", "4.4", "4.5", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "8.1", "8.3", "8.4",
                   "9.1", "9.4", "10.1", "11.1", "11.2", "11.3", "11.4", "11.5", "12.3", "12.4", "14.2", "15.5",
                   "15.9", "16.1", "16.5", "17", "19", "19.1"),
}


def article_tokens(article: str) -> set[str]:
    """"Điều 11 khoản 2, 5; Điều 16 khoản 1" → {"11.2", "11.5", "16.1"}; "Mục 2.7" → {"2.7"}."""
    tokens: set[str] = set()
    for part in article.split(";"):
        section = re.search(r"Mục (\d+\.\d+)", part)
        if section:
            tokens.add(section.group(1))
            continue
        match = re.search(r"Điều (\d+)(?: khoản ([\d, ]+))?", part)
        assert match, f"article not understood: {article!r}"
        if match.group(2):
            tokens |= {f"{match.group(1)}.{k.strip()}" for k in match.group(2).split(",") if k.strip()}
        else:
            tokens.add(match.group(1))
    return tokens


def covers(tokens: set[str], wanted: str) -> bool:
    """A whole article ("8") is covered by any of its clauses; a clause only by itself or its
    whole article cited as such."""
    return any(t == wanted or t.startswith(wanted + ".") or wanted.startswith(t + ".") and "." not in t
               for t in tokens)


def test_every_province_text_has_its_table() -> None:
    """Each of the five texts has a table of duties, none empty."""
    assert set(PROVISIONS) == set(PRESET_CODES)
    assert all(provisions_of(code) for code in PRESET_CODES)
    assert provisions_of("baseline") == ()


@pytest.mark.parametrize("code", sorted(MATRIX_ARTICLES))
def test_every_article_of_the_matrix_is_listed(code: str) -> None:
    """Every article the matrix and issue 19 cite for the province has at least one duty row."""
    tokens = set().union(*(article_tokens(p.article) for p in provisions_of(code)))
    missing = [article for article in MATRIX_ARTICLES[code] if not covers(tokens, article)]
    assert missing == []


@pytest.mark.parametrize("code", sorted(PRESET_CODES))
def test_every_value_the_preset_encodes_is_a_listed_duty(code: str) -> None:
    """Each rule value the preset reads from the text (with its article) belongs to a duty row that
    cites the same article: nothing the software carries is missing from the list."""
    document = preset_document(code)
    rows = provisions_of(code)
    for key, entry in preset_get(code).items():
        if entry.citation is None or entry.citation.document != document.cite_as:
            continue
        cited = article_tokens(entry.citation.article)
        carrying = [p for p in rows if key in p.keys]
        assert carrying, f"{code}: {key} is on no duty row"
        assert any(cited & article_tokens(p.article) or any(covers(article_tokens(p.article), c) for c in cited)
                   for p in carrying), f"{code}: {key} ({entry.citation.article}) cited elsewhere"


@pytest.mark.parametrize("provision", [p for rows in PROVISIONS.values() for p in rows],
                         ids=lambda p: p.article)
def test_each_row_states_its_status_and_what_hoso_does(provision: Provision) -> None:
    assert provision.status in STATUS_LABELS
    assert provision.duty.strip() and provision.how.strip()
    assert provision.link is None or re.fullmatch(r"frontend(:approvals)?:[a-z-]+", provision.link)


def test_the_gaps_of_issue_19_are_stated_as_such() -> None:
    """What hoso does not do yet says so: no duty the audit found missing is claimed as enforced."""
    def status(code: str, article: str, word: str) -> str:
        (row,) = [p for p in provisions_of(code) if p.article == article and word in p.duty]
        return row.status

    # Item 8: the score is computed and exported; putting it to the council is the council's.
    assert status("tuyen-quang", "Điều 8 khoản 2", "thi đua") == "recorded"
    # Item 10: units push through the API (tests/api/test_change_set_push.py).
    assert status("binh-thuan", "Điều 12 khoản 3", "API") == "enforced"
    # Item 5: the read-only role over the whole unit (tests/frontend/test_unit_reader.py).
    assert status("binh-thuan", "Điều 8 khoản 3, 4", "cấp phó") == "enforced"
    # Item 9: maintenance announced in advance (tests/frontend/test_tech_agency.py); the periodic
    # checks are recorded, with no period the texts set (tests/core/tech_agency/).
    assert status("son-la", "Điều 3 khoản 2", "bảo trì") == "enforced"
    assert status("son-la", "Điều 14 khoản 5", "kiểm tra") == "recorded"
    assert status("lao-cai", "Điều 16 khoản 7; Điều 17 khoản 4", "kiểm tra") == "recorded"
    assert status("tuyen-quang", "Điều 11 khoản 9", "kiểm tra") == "recorded"
    # Item 6 is built: the completeness measure, the unit lists and the first-entry duty.
    assert status("lao-cai", "Điều 14 khoản 4", "đầy đủ") == "enforced"
    # Lào Cai Art. 7.2: enforced (the unit window 21–25, rolled forward).
    assert status("lao-cai", "Điều 7 khoản 2", "21") == "enforced"
