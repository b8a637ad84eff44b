"""ID numbers, credit codes and name masking (jjn_ledger.ledger.idcodes)."""

from __future__ import annotations

import pytest

from jjn_ledger.ledger.idcodes import (
    check_credit_code,
    check_id_number,
    is_id_number_like,
    make_credit_code,
    make_id_number,
    mask_name,
)

# The worked example printed in GB 11643-1999 itself.
STANDARD_ID = "11010519491231002X"


def restated_id_check(prefix17: str) -> str:
    """GB 11643-1999 restated: sum of digit * (2**(18 - position) mod 11), then the table."""
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(prefix17))
    return "10X98765432"[total % 11]


def restated_credit_check(prefix17: str) -> str:
    """GB 32100-2015 restated: weights are 3**(position - 1) mod 31."""
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(charset.index(c) * (3**i % 31) for i, c in enumerate(prefix17))
    return charset[(31 - total % 31) % 31]


# ---- resident ID numbers -------------------------------------------------------------------


def test_standard_example_is_valid() -> None:
    assert check_id_number(STANDARD_ID) == STANDARD_ID


def test_lower_case_x_is_normalised() -> None:
    assert check_id_number("11010519491231002x") == STANDARD_ID


def test_blanks_and_full_width_characters_are_normalised() -> None:
    assert check_id_number(" １１０１０５１９４９１２３１００２ｘ ") == STANDARD_ID


def test_digit_check_character() -> None:
    prefix = "34112219850615123"
    number = prefix + restated_id_check(prefix)
    assert number[-1] != "X"
    assert check_id_number(number) == number


def test_wrong_check_character_names_expected_and_actual() -> None:
    with pytest.raises(ValueError, match="身份证号码校验位错误：应为 X，实为 3"):
        check_id_number("110105194912310023")


@pytest.mark.parametrize(
    "birth", ["19490230", "19491301", "19490000", "20230229", "00000101"], ids=str
)
def test_birth_date_must_exist(birth: str) -> None:
    prefix = "110105" + birth + "002"
    number = prefix + restated_id_check(prefix)  # a correct check character
    with pytest.raises(ValueError, match="出生日期不是有效日期"):
        check_id_number(number)


def test_leap_day_birth_date_is_valid() -> None:
    prefix = "11010520000229002"
    assert check_id_number(prefix + restated_id_check(prefix)).startswith(prefix)


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X1"])
def test_wrong_length(value: str) -> None:
    with pytest.raises(ValueError, match=f"身份证号码应为 18 位，实为 {len(value)} 位"):
        check_id_number(value)


def test_first_generation_number_gets_a_hint() -> None:
    with pytest.raises(ValueError, match="15 位的第一代身份证号码须先升位"):
        check_id_number("110105491231002")


@pytest.mark.parametrize(
    "value", ["1101051949123100AX", "X10105194912310023", "11010519491231002Y"]
)
def test_non_digits_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="身份证号码"):
        check_id_number(value)


def test_error_messages_do_not_repeat_the_number() -> None:
    for bad in ("110105194912310023", "110105194902300020", "1101051949123100"):
        with pytest.raises(ValueError) as caught:
            check_id_number(bad)
        assert bad not in str(caught.value)
        assert not is_id_number_like(str(caught.value))


def test_a_number_instead_of_text_explains_excel() -> None:
    with pytest.raises(TypeError, match="文本"):
        check_id_number(110105194912310023)  # type: ignore[arg-type]


def test_make_id_number_appends_the_check_character() -> None:
    assert make_id_number("11010519491231002") == STANDARD_ID
    for prefix in ("99999919800101001", "34112219850615123", "65010120010911567"):
        made = make_id_number(prefix)
        assert made == prefix + restated_id_check(prefix)
        assert check_id_number(made) == made


def test_make_id_number_refuses_a_bad_prefix() -> None:
    with pytest.raises(ValueError, match="出生日期"):
        make_id_number("11010519491331002")
    with pytest.raises(ValueError, match="17 位"):
        make_id_number("1101051949123100")


# ---- unified social credit codes -----------------------------------------------------------


def test_published_codes_are_valid() -> None:
    # The example of GB 32100-2015, and 深圳市腾讯计算机系统有限公司's code as published.
    for code in ("91350100M000100Y43", "91440300708461136T"):
        assert check_credit_code(code) == code


def test_society_code_with_independently_computed_check() -> None:
    # 5 = registered by civil affairs, 1 = 社会团体, 341122 = a county, then a 9-char org code.
    prefix = "51341122MJ8812345"
    code = prefix + restated_credit_check(prefix)
    assert check_credit_code(code) == code
    assert make_credit_code(prefix) == code


def test_every_check_character_round_trips() -> None:
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    seen = set()
    for i in range(200):
        prefix = "".join(charset[(i * 7 + j * 13) % 31] for j in range(17))
        code = make_credit_code(prefix)
        assert code[-1] == restated_credit_check(prefix)
        assert check_credit_code(code) == code
        seen.add(code[-1])
    assert len(seen) > 20


def test_credit_code_is_upper_cased() -> None:
    assert check_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_credit_code_wrong_check_character() -> None:
    with pytest.raises(ValueError, match="统一社会信用代码校验位错误：应为 3，实为 4"):
        check_credit_code("91350100M000100Y44")


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_refuses_confusable_letters(letter: str) -> None:
    code = "91350100M000100Y4" + letter
    with pytest.raises(ValueError, match=f"第 18 位含有不允许的字符“{letter}”"):
        check_credit_code(code)


def test_credit_code_wrong_length() -> None:
    with pytest.raises(ValueError, match="统一社会信用代码应为 18 位，实为 9 位"):
        check_credit_code("M000100Y4")


# ---- masking and leak scanning -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("买买提·艾力", "买****力"),
        ("王", "*"),
        ("", ""),
        (" 李四 ", "李*"),
        ("Li", "L*"),
        ("Anna", "A**a"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "text",
    [
        STANDARD_ID,
        "申请人身份证号 11010519491231002x，已核实",
        "110105 19491231 0023",
        "110105-19491231-002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "账号6222110105194912310023",
    ],
)
def test_id_like_text_is_found(text: str) -> None:
    assert is_id_number_like(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "张*丰 医疗救助 500.00 元",
        "110105********002X",
        "1101051949123100",
        "11010519491231002Y",
        "2025-10-09 第 5 个工作日",
    ],
)
def test_ordinary_text_is_not_id_like(text: str) -> None:
    assert not is_id_number_like(text)
