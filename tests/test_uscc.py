"""The USCC validator (GB 32100-2015) and generator, with no database."""

import pytest

from loaders.regions import region_table
from loaders.uscc import check_uscc, final_check_char, make_uscc, org_check_char, uscc_problems

VALID = ["91110000600037341L", "9144030071526726XG", "91310000631696382C", "91310115MA1K3BTP2B"]


@pytest.mark.parametrize("code", VALID)
def test_valid_examples_pass_every_check(code):
    assert uscc_problems(code, region_table().known_code) == []


def test_letter_in_position_one_is_legal():
    code = make_uscc("330200", "MA2H3XY0", dept="Y")
    assert code[0] == "Y"
    assert uscc_problems(code, region_table().known_code) == []


def test_lower_case_and_spaces_are_normalised():
    assert check_uscc(" 91310115ma1k3btp2b ") == "91310115MA1K3BTP2B"


def test_inner_organisation_check_uses_weights_mod_11():
    assert org_check_char("60003734") == "1"
    assert org_check_char("71526726") == "X"  # 10 is written X
    assert org_check_char("MA1K3BTP") == "2"  # letters count A=10 ... Z=35


@pytest.mark.parametrize(
    ("code", "problems"),
    [
        ("91110000600037341", ["must be 18 characters, got 17"]),
        (
            "9111000060003734IL",
            ["character 'I' at position 17 is not allowed (use 0-9 and ABCDEFGHJKLMNPQRTUWXY)"],
        ),
        ("91110000600037341M", ["check character (position 18) is 'M', expected 'L'"]),
        (
            "91110000600037342L",
            [
                "organisation-code check character (position 17) is '2', expected '1'",
                "check character (position 18) is 'L', expected 'P'",
            ],
        ),
    ],
)
def test_each_problem_is_named(code, problems):
    assert uscc_problems(code) == problems


def test_unknown_region_code_is_reported_with_the_table():
    code = make_uscc("990000", "MA01AB23")
    assert uscc_problems(code) == []  # without a table only the 6-digit form is checked
    assert uscc_problems(code, region_table().known_code) == [
        "region code 990000 (positions 3-8) is not a known GB/T 2260 code"
    ]


@pytest.mark.parametrize("region", ["330200", "110000", "310115", "429004", "440300"])
def test_known_region_codes_include_counties_under_known_cities(region):
    assert region_table().known_code(region)


def test_check_uscc_names_every_problem():
    with pytest.raises(ValueError, match="check character"):
        check_uscc("91110000600037341M")


def test_made_codes_pass_the_validator():
    for body in ("00000000", "MA000000", "12345678", "ABCDEFGH"):
        code = make_uscc("330200", body)
        assert uscc_problems(code, region_table().known_code) == []
        assert final_check_char(code[:17]) == code[17]
