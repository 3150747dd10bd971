"""Which signer signs which signature, as a rule value: checked per purpose, in words."""

from rules.domain.registry import RULE_SPECS, RuleKey
from rules.domain.ruleset import RuleValue
from rules.domain.signing import SignerChoice


def test_a_choice_reads_back_and_describes_itself_in_purpose_order() -> None:
    """The JSON form round-trips; the words name each signature and the law behind the kind."""
    choice = SignerChoice({"seal": "pkcs11", "unit_approval": "official_usb"})
    assert RuleValue.from_dict({"value": choice.to_dict()}, RuleKey.SIGNERS).value == choice
    assert choice.errors() == {}
    assert choice.describe() == (
        "Cơ quan, đơn vị phê duyệt dữ liệu hằng tháng: chữ ký số chuyên dùng công vụ trên thiết bị USB, ký trên "
        "trình duyệt qua phần mềm ký số của Ban Cơ yếu Chính phủ (Nghị định 68/2024/NĐ-CP); "
        "Con dấu số của cơ quan trên sơ yếu lý lịch: con dấu số của cơ quan trong thiết bị HSM (PKCS#11)")


def test_a_seal_is_not_signed_in_a_browser_and_a_person_has_no_hsm() -> None:
    errors = RULE_SPECS[RuleKey.SIGNERS].errors(SignerChoice({"seal": "official_usb", "report": "pkcs11",
                                                              "ky_thu": "csc"}))
    assert errors == {
        "seal": "Con dấu số của cơ quan trên sơ yếu lý lịch chỉ ký được bằng: khóa ký thử nghiệm trên máy chủ (chỉ để "
                "phát triển, trình diễn; không có giá trị pháp lý); ký số từ xa qua dịch vụ theo chuẩn CSC (chữ ký số "
                "công cộng; Luật Giao dịch điện tử 2023, Nghị định 23/2025/NĐ-CP); con dấu số của cơ quan trong thiết "
                "bị HSM (PKCS#11).",
        "report": "Ký báo cáo định kỳ chỉ ký được bằng: khóa ký thử nghiệm trên máy chủ (chỉ để phát triển, trình "
                  "diễn; không có giá trị pháp lý); ký số từ xa qua dịch vụ theo chuẩn CSC (chữ ký số công cộng; "
                  "Luật Giao dịch điện tử 2023, Nghị định 23/2025/NĐ-CP); ký số từ xa VNPT SmartCA (chữ ký số công "
                  "cộng; Luật Giao dịch điện tử 2023, Nghị định 23/2025/NĐ-CP); chữ ký số chuyên dùng công vụ trên thiết "
                  "bị USB, ký trên trình duyệt qua phần mềm ký số của Ban Cơ yếu Chính phủ (Nghị định "
                  "68/2024/NĐ-CP); chữ ký số chuyên dùng công vụ ký từ xa (mPKI của Ban Cơ yếu Chính phủ; Nghị "
                  "định 68/2024/NĐ-CP).",
        "ky_thu": "Không có loại chữ ký này.",
    }
    assert SignerChoice({}).errors() == {"kinds": "Cần chọn cách ký cho ít nhất một loại chữ ký."}
