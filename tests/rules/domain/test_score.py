"""The yearly emulation score's method and arithmetic (Tuyên Quang Art. 8.2, Lào Cai Art. 17.5,
Bình Thuận Art. 15.5): a rule value the DoHA can change, and a score redone from its breakdown."""

from rules.domain import preset_get
from rules.domain.registry import RuleKey
from rules.domain.score import COMPONENT_LABELS, ScoreMethod, score_breakdown


def test_the_method_is_a_rule_of_the_provinces_whose_text_asks_for_it() -> None:
    for code, article in (("tuyen-quang", "Điều 8 khoản 2"), ("lao-cai", "Điều 17 khoản 5"),
                          ("binh-thuan", "Điều 15 khoản 5")):
        entry = preset_get(code)[RuleKey.SCORE_METHOD]
        assert entry.value == ScoreMethod.equal() and entry.citation is not None
        assert entry.citation.article == article
    assert RuleKey.SCORE_METHOD not in preset_get("son-la")


def test_a_method_is_refused_with_words_naming_what_is_wrong() -> None:
    assert ScoreMethod.equal().errors() == {}
    assert ScoreMethod({**ScoreMethod.equal().weights, "reports": 30}).errors() == {
        "weights": "Tổng các trọng số phải bằng 100 (đang là 105)."}
    assert ScoreMethod({**ScoreMethod.equal().weights, "reports": -5}).errors() == {
        "reports": "Trọng số của “Báo cáo định kỳ gửi đúng hạn” phải là số nguyên từ 0 đến 100."}
    assert "luck" in ScoreMethod({**ScoreMethod.equal().weights, "luck": 0}).errors()
    assert ScoreMethod.from_dict(ScoreMethod.equal().to_dict()) == ScoreMethod.equal()


def test_the_score_is_the_sum_of_its_lines_and_each_line_is_redone_by_hand() -> None:
    method = ScoreMethod({"duties_on_time": 40, "completeness": 30, "approvals": 20, "reports": 10})
    breakdown = score_breakdown(method, {"duties_on_time": (9, 12), "completeness": (45, 60),
                                         "approvals": (0, 0), "reports": (1, 2)})
    lines = {line.component: (line.percent, line.points) for line in breakdown.lines}
    assert lines == {"duties_on_time": (75.0, 30.0), "completeness": (75.0, 22.5),
                     "approvals": (100.0, 20.0), "reports": (50.0, 5.0)}
    assert breakdown.score == 77.5
    assert [line.component for line in breakdown.lines] == list(COMPONENT_LABELS)
