"""PII detectors: validation rules, context words, spans and robustness."""

from hypothesis import given, settings
from hypothesis import strategies as st

from agentguard.engines import detect_pii
from agentguard.engines.pii import iban_valid, luhn_valid, ssn_valid


def kinds(text: str) -> dict[str, str]:
    return {f.type: text[f.start : f.end] for f in detect_pii(text)}


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111111111111a1")
    assert not luhn_valid("4111\u0661111111111111")  # an Arabic-Indic digit


def _luhn_by_the_book(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@settings(max_examples=400)
@given(st.text(alphabet="0123456789", max_size=25))
def test_luhn_equals_the_textbook_loop(digits: str) -> None:
    assert luhn_valid(digits) == _luhn_by_the_book(digits)


def test_iban_mod97_and_country_length() -> None:
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert iban_valid("de89370400440532013000")
    assert not iban_valid("GB82 WEST 1234 5698 7654 33")
    assert not iban_valid("DE8937040044053201300")  # one digit short for Germany


def test_ssn_invalidation_rules() -> None:
    assert ssn_valid("054286917")
    for bad in ("000286917", "666286917", "912286917", "054006917", "054280000", "078051120"):
        assert not ssn_valid(bad), bad


def test_core_types_with_exact_spans() -> None:
    text = (
        "Mail bob.smith@example.com, call +1-984-182-0190, SSN 054-28-6917, "
        "card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, host 10.0.0.12 "
        "or fe80::1:2:3"
    )
    found = kinds(text)
    assert found["EMAIL"] == "bob.smith@example.com"
    assert found["PHONE"] == "+1-984-182-0190"
    assert found["US_SSN"] == "054-28-6917"
    assert found["CREDIT_CARD"] == "4111 1111 1111 1111"
    assert found["IBAN"] == "GB82 WEST 1234 5698 7654 32"
    assert found["IP_ADDRESS"] in ("10.0.0.12", "fe80::1:2:3")


def test_invalid_numbers_are_not_reported() -> None:
    text = "card 4111 1111 1111 1112, ssn 666-12-3456, iban GB82 WEST 1234 5698 7654 33"
    assert kinds(text) == {}


def test_context_words_decide_ambiguous_numbers() -> None:
    assert "PHONE" in kinds("call me on 9472 7916 tonight")
    assert "PHONE" not in kinds("we moved to 370 3911 Fourth Avenue")


def test_versions_dates_and_code_are_quiet() -> None:
    quiet = (
        "version 1.2.3.4 was released on 2023-01-05 10:30:00",
        "for (int i = 0; i < 10; i++) { total += 365 * 24; }",
        "order #2024-11-05 shipped",
        "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
    )
    for text in quiet:
        assert detect_pii(text) == [], text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_never_raises_and_spans_in_bounds(text: str) -> None:
    for finding in detect_pii(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.digest is None or text[finding.start : finding.end] not in finding.digest


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789 -.+()@abc", max_size=200))
def test_digit_soup_never_raises(text: str) -> None:
    for finding in detect_pii(text):
        assert 0 <= finding.start < finding.end <= len(text)
