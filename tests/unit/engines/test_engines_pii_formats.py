"""PII formats and look-alikes from the written PII tuning set (`bench/validator/`):
phone and IP shapes the first rules missed, and numbers that only look like them."""

import pytest

from agentguard.engines import detect_pii
from agentguard.engines._rx import search_short
from agentguard.engines.pii import _PHONE_WORDS_RX


def found(text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in detect_pii(text)]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Bitte Rückruf unter 030/1234567 (tagsüber)", "030/1234567"),
        ("Kevin Brooks, 1-800-555-0111 ext. 4402", "1-800-555-0111 ext. 4402"),
        ("send it to my acct, or just call me 0803 123 4567", "0803 123 4567"),
        (
            "Contact presse : +33\u00a01\u00a099\u00a000\u00a012\u00a034",
            "+33\u00a01\u00a099\u00a000\u00a012\u00a034",
        ),
        ("Sie erreichen uns unter 0171 2345678 (Mo–Fr)", "0171 2345678"),
        ("dienstlich 069 / 1234 - 5678, privat nie", "069 / 1234 - 5678"),
        ("Helsinki customer service: 09 1234 5678", "09 1234 5678"),
        ("or cell 011 15 5555-0198 after six", "011 15 5555-0198"),
    ],
)
def test_phone_shapes(text: str, phone: str) -> None:
    assert ("PHONE", phone) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hotel Sakura Shinjuku, 3 nights (2024-05-02 → 2024-05-05)",  # "tel" inside "Hotel"
        "Eintrittsdatum: 01.04.2024, Telefon folgt",  # a calendar date next to a phone word
        "Bestellnummer 40017723, Betrag 149,90 €",
        "Steuer-ID: 12 345 678 901",
        "Parte de accidente – Póliza 0045-8812-33",
        "W-9 on file: Brightline Media LLC, EIN 84-1234567",
        "Rechnung Nr. 2024-00417 vom 15.03.2024",
        "NIP sprzedawcy: 123-456-32-18",
        "inbound TCP 22, 80, 443, 8080-8090, 9100",
        "Provider NPI: 1234567893",
        "card 4111 1111 1111 1112, iban GB82 WEST 1234 5698 7654 33",
    ],
)
def test_numbers_named_as_something_else_are_not_phones(text: str) -> None:
    assert "PHONE" not in dict(found(text))


def test_an_article_number_after_a_phone() -> None:
    text = "WhatsApp 9123 4567. Article no. 602.141.56 for reference."
    assert found(text) == [("PHONE", "9123 4567")]


def test_the_nearest_label_wins() -> None:
    # a phone word after the invoice's label: the second number is a phone
    text = "Invoice 2024-00417 — questions? Call 030 1234567"
    assert found(text) == [("PHONE", "030 1234567")]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ('allow_from: ["192.168.50.0/24"]', "192.168.50.0"),
        ("iptables -A INPUT -s 81.2.69.0/24 -p tcp", "81.2.69.0"),
        ("see http://192.168.1.20:3000/d/k8s-overview", "192.168.1.20"),
        ("the old link (http://172.20.10.5/grafana) is dead", "172.20.10.5"),
        ("Endpoint = 203.0.113.77:51820", "203.0.113.77"),
        ('"v=spf1 ip4:192.0.2.0/24 -all"', "192.0.2.0"),
        ("mapped ::ffff:192.0.2.10 here", "::ffff:192.0.2.10"),
    ],
)
def test_ip_addresses_in_urls_rules_and_cidr(text: str, address: str) -> None:
    assert found(text) == [("IP_ADDRESS", address)]


@pytest.mark.parametrize(
    "text",
    [
        'SNMP walk: sysDescr (1.3.6.1.2.1.1.1.0) = "Linux"',  # an OID, not an address
        "files under /srv/10.0.0.1/logs",  # a path segment
        "range 10.0.0.1/abc",  # a slash that is no prefix length
    ],
)
def test_dotted_numbers_that_are_not_addresses(text: str) -> None:
    assert "IP_ADDRESS" not in dict(found(text))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("write to jane [at] example [dot] org", "jane [at] example [dot] org"),
        ("mail jane(at)example.com today", "jane(at)example.com"),
        ("reach me: jane at example dot com", "jane at example dot com"),
        ("contact: j.doe (at) uni-bonn (dot) de.", "j.doe (at) uni-bonn (dot) de"),
    ],
)
def test_written_out_addresses(text: str, address: str) -> None:
    assert found(text) == [("EMAIL", address)]


@pytest.mark.parametrize(
    "text", ["look at example.com for details", "Look at this [at] sign", "we met at noon.com"]
)
def test_prose_with_at_is_no_address(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("window", "worded"),
    [
        ("Tel. 030", True),
        ("please call", True),
        ("Rückruf unter", True),
        ("teléfono:", True),
        ("Mobile:", True),
        ("Hotel Sakura", False),  # "tel" inside a word
        ("during the day", False),  # "ring"
        ("cancellation fee", False),  # "cell"
        ("recalled items", False),  # "call"
    ],
)
def test_phone_words_count_at_word_starts(window: str, worded: bool) -> None:
    assert search_short(_PHONE_WORDS_RX, window) is worded


@pytest.mark.parametrize(
    "text",
    [
        "Zeitpunkt 15.03.2024 22:14:07, Versuch 3",
        "ETA 2024-03-16 06:00 at berth 4",
        "o.v.v. factuur 2024-0331.",
        "Your customer number is 88213-0045; please quote it",
        "Company No. 51-423456-7",
        "Meeting ID: 851 2345 6789",
        "Tax no. (AFM) 094014201, hours 09:00",
        "INN 7707083893, OGRN 1027700132195.",
        "사업자등록번호 123-45-67890",
        "Ticket #448-2917 reopened",
        "Zahlungsreferenz RF18 5390 0754 7034 – bitte angeben",
    ],
)
def test_identifiers_dates_and_references_are_not_phones(text: str) -> None:
    assert "PHONE" not in dict(found(text))


@pytest.mark.parametrize(
    "text",
    [
        "SIRET 552 081 317 00760 — TVA FR03552081317",  # Luhn-valid, 14 digits after 55
        "Kod kreskowy EAN-13: 5901234123457, cena 12,99 zł",  # Luhn-valid, 13 digits after 59
        "IBAN DE44 5001 0517 5407 3249 31 (a typo in the check digits)",
    ],
)
def test_luhn_valid_numbers_that_no_card_brand_issues(text: str) -> None:
    assert "CREDIT_CARD" not in dict(found(text))


def test_a_card_of_each_length_its_brand_issues() -> None:
    for number in ("4111111111111111", "378282246310005", "5555555555554444", "6011111111111117"):
        assert found(f"card {number}") == [("CREDIT_CARD", number)]


def test_iban_countries_of_the_registry_only() -> None:
    assert found("IBAN SA03 8000 0000 6080 1016 7519") == [
        ("IBAN", "SA03 8000 0000 6080 1016 7519")
    ]
    assert "IBAN" not in dict(found("Referenz RF18 5390 0754 7034"))  # ISO 11649, also mod-97


def test_an_ssn_shape_inside_a_longer_number() -> None:
    assert "US_SSN" not in dict(found("cell 011 15 5555-0198"))
    assert found("SSN 123 45 6780") == [("US_SSN", "123 45 6780")]
