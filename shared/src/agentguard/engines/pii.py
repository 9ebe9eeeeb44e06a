"""PII detectors: email, phone, US SSN, payment card, IBAN, IPv4/IPv6.

Each candidate from an RE2 pattern is validated in plain Python (Luhn, mod-97, SSN
invalidation rules, `ipaddress`), then scored; words near the match ("phone", "SSN",
"card", "version", "order #") raise or lower the score. Below `MIN_SCORE` nothing is
reported, so ambiguous digit runs without context stay quiet.
"""

import ipaddress

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import Coverage, finding
from agentguard.engines._rx import Rule, RuleSet, compile_rx, iter_spans, search_short

__all__ = ["MIN_SCORE", "detect_pii", "iban_valid", "luhn_valid", "ssn_valid"]

MIN_SCORE = 0.5
_LIMIT = 4096  # candidates per type: bounds memory on hostile input (work is linear anyway)

_EMAIL = compile_rx(
    r"(?i)\b[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}"
    r"[a-z]{2,24}\b"
)
# "jane [at] example [dot] org", "jane(at)example.com", "jane at example dot com": the
# ways people write an address to keep it from scrapers. A bare " at " counts only with a
# written-out " dot " ("look at example.com" is not an address); both forms lead with a
# literal prose rarely holds, so the prefilter passes ordinary text by.
_TLD = (
    r"(?:com|org|net|edu|gov|io|co|uk|de|fr|es|it|nl|info|biz|me|us|ca|au|ch|at|be|se|no"
    r"|dk|fi|pl|pt|br|in|jp|cn|ru|eu|ie|nz|sg|za|mx|ar|cz|gr|hu|ro|tr|il|kr|dev|app|ai)\b"
)
_BRACKET_AT = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
_ANY_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_OBFUSCATED_EMAIL = compile_rx(
    rf"(?i)\b[a-z0-9][a-z0-9._%+-]{{0,63}}(?:\s+dot\s+[a-z0-9_%+-]{{1,63}}){{0,3}}(?:{_BRACKET_AT}[a-z0-9-]{{1,63}}(?:{_ANY_DOT}"
    rf"[a-z0-9-]{{1,63}}){{0,3}}{_ANY_DOT}|\s+at\s+[a-z0-9-]{{1,63}}(?:(?:\s+dot\s+|\.)"
    rf"[a-z0-9-]{{1,63}}){{0,3}}\s+dot\s+){_TLD}"
)
# separators: ASCII space and punctuation, and the no-break spaces French typography puts
# between digit pairs (RE2's \s is ASCII only)
_S = r"[\s.\-\x{a0}\x{202f}]"
_PHONE = compile_rx(
    rf"(?:\+\d{{1,3}}{_S}?(?:\(0\)\s?)?(?:\(\d{{1,4}}\){_S}?)?\d{{1,4}}(?:{_S}?\d{{1,4}}){{1,5}}"
    rf"|\b1{_S}\d{{3}}{_S}\d{{3}}{_S}\d{{4}}"  # North American trunk prefix: 1-800-555-0111
    rf"|\(\d{{2,4}}\)\s?\d{{2,4}}{_S}\d{{2,5}}"
    rf"|\b\d{{2,5}}{_S}\d{{2,4}}{_S}\d{{2,5}}(?:{_S}\d{{2,4}}){{0,2}}"
    # German area code and slash: 030/1234567, 069 / 1234 - 5678
    r"|\b0\d{1,5}\s?/\s?\d{2,9}(?:\s?-\s?\d{1,5})?"
    rf"|\b\d{{2,5}}{_S}\d{{4,8}}\b|\b\d{{8,14}}\b)(?:,?\s?(?:x|ext\.?)\s?\d{{1,5}})?"
)
_DATE = compile_rx(r"^(?:(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$)")
_SSN = compile_rx(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b|\b\d{9}\b")
_CARD = compile_rx(r"\b\d(?:[ -]?\d){11,18}\b")
_IBAN = compile_rx(r"(?i)\b[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,3})?\b")
_IPV4 = compile_rx(
    r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b"
)
# an IPv4-mapped tail (::ffff:192.0.2.10) belongs to the IPv6 address
_IPV6 = compile_rx(
    r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}\b|[0-9a-f]{0,4})(?:%\w+)?"
)
_CONTEXT = 48

# Words that say a number nearby is a phone number. Matched at word starts: "tel" is in
# "hotel", "cell" in "cancellation", "ring" in "during".
_PHONE_WORDS_RX = compile_rx(
    r"(?i)\b(?:phone|tel\b|tel\.|telephone|tél|teléf|telef|call|mobile?|móvil|movil|cell"
    r"|fax|contact|number|nummer|numéro|reach|dial|whatsapp|sms|text me|handy|rückruf"
    r"|ring\b|portable|cellulare|celular)"
)
_SSN_WORDS = ("ssn", "social security", "social-security", "tax id", "taxpayer")
_CARD_WORDS = ("card", "visa", "mastercard", "amex", "credit", "debit", "payment", "cc")
# A label right before a number that names it as something else: "Bestellnummer 40017723",
# "Article no. 602.141.56", "Steuer-ID: 12 345 678 901", "NIP sprzedawcy: 123-456-32-18".
# Only the nearest label counts: "acct, or just call me 0803 123 4567" is a phone.
# A label right before a number that names it as something else: "Bestellnummer 40017723",
# "Article no. 602.141.56", "Steuer-ID: 12 345 678 901", "NIP sprzedawcy: 123-456-32-18",
# "INN 7707083893". Words that also go with phone numbers ("customer service", "account
# manager", "booking line") count only with a number word after them ("customer number
# 88213-0045"). Only the nearest label counts: "acct, or just call me 0803 123 4567" is
# a phone number.
_ID_WORDS = (
    r"iban|bic|swift|card|ssn|sin|nhs|ahv|avs|isbn|issn|ean|gtin|upc|barcode|doi|imo|mmsi"
    r"|bestell\w*|auftrag\w*|rechnung\w*|kunden\w*|artikel\w*|vorgang\w*|bankleitzahl|blz"
    r"|factura|fattura|facture|factuur|fiscal|invoice|sku|ref|réf|referen\w*|policy|póliza"
    r"|polizza|polis|ein|tin|nip|regon|pesel|steuer\w*|tax|vat|tva|iva|ust\w*|siret|siren"
    r"|kvk|abn|acn|afm|inn|ogrn|edrpou|cuit|cuil|rut|nit|npwp|oib|uic|eik|cif|nif|nie|cpf"
    r"|cnpj|curp|rfc|vergi|org\.?nr|routing|aba|sort code|tracking|serial|version|build"
    r"|batch|lot|model|npi|mrn|id|ids|pin|passcode|meeting|conference|acct|konto"
)
_COUNTED = (
    r"order|account|customer|case|ticket|claim|booking|reservation|company|contract|item"
    r"|article|cr|registration|registry|register"
)
_NUMBER_WORD = r"(?:n[or]|nº|n°|no|#|number|nummer|numéro|número|numero|code|id|ref)"
# labels in scripts without spaces or ASCII word boundaries: order number, business
# registration number
_CJK_ID_WORDS = r"注文番号|사업자등록번호|주문번호|订单号|税号"
_NOT_PHONE_LABEL = compile_rx(
    rf"(?i)(?:(?:\b(?:{_ID_WORDS})|{_CJK_ID_WORDS})(?:[\s-]+\w+){{0,2}}[^\w\n]{{0,4}}"
    rf"(?:{_NUMBER_WORD}[^\w\n]{{0,3}})?"
    rf"|\b(?:{_COUNTED})[\s-]+(?:\w+[\s-]+)?{_NUMBER_WORD}[^\w\n]{{0,4}}(?:is[\s:]+)?)$"
)
_NOT_PHONE_WORDS = ("iban", "card", "ssn", "social security", "account no", "acct", "isbn")
_PORT_WORDS = compile_rx(r"(?i)\b(?:tcp|udp|ports?)\b")
_NOT_IP_WORDS = compile_rx(r"(?i)\b(?:version|order|invoice|isbn|tracking|serial|build|sku)")
_SSN_SHAPE = compile_rx(r"^\d{3}-\d{2}-\d{4}$")
_NOT_PII_WORDS = ("version", "order", "invoice", "isbn", "tracking", "serial", "build", "sku")
_SSN_SAMPLES = frozenset(("078051120", "219099999", "123456789", "111111111", "987654320"))
_CARD_PREFIXES = ("4", "5", "2", "3", "6", "1800", "2131", "50", "56", "57", "58")
_IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AO": 25,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BF": 28,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BJ": 28,
    "BR": 29,
    "BY": 28,
    "CF": 27,
    "CG": 27,
    "CH": 21,
    "CI": 28,
    "CM": 27,
    "CR": 22,
    "CV": 25,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "DZ": 26,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GA": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GQ": 27,
    "GR": 27,
    "GT": 28,
    "GW": 25,
    "HN": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IR": 26,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KM": 27,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MA": 28,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MG": 27,
    "MK": 19,
    "ML": 28,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "MZ": 25,
    "NE": 28,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SN": 28,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TD": 27,
    "TG": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
}


# (IIN prefixes, the lengths the brand issues), first match wins
_CARD_LENGTHS: tuple[tuple[tuple[str, ...], range | tuple[int, ...]], ...] = (
    (("4",), (13, 16, 19)),  # Visa
    (("34", "37"), (15,)),  # American Express
    (("51", "52", "53", "54", "55"), (16,)),  # Mastercard
    (("30", "36", "38", "39"), range(14, 20)),  # Diners Club
    (("35", "62", "64", "65", "6011"), range(16, 20)),  # JCB, UnionPay, Discover
    (("1800", "2131"), (15,)),  # JCB's old ranges
)
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")  # 2 d, less 9 above 9


def luhn_valid(digits: str) -> bool:
    """Luhn checksum of a string of ASCII digits (False for anything else).

    Every second digit from the right doubled by one translate, the digits summed as
    bytes: a run of `4-4 4-4 …` is hundreds of candidates, so no Python loop per digit."""
    if not (digits.isascii() and (digits.isdigit() or not digits)):
        return False
    backwards = digits[::-1]
    summed = backwards[0::2] + backwards[1::2].translate(_LUHN_DOUBLED)
    return (sum(summed.encode("ascii")) - 48 * len(summed)) % 10 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616 mod-97 check (spaces ignored, case-insensitive, known country lengths)."""
    code = candidate.replace(" ", "").upper()
    # a country of the IBAN registry, at its length: "RF18 5390 0754 7034", an ISO 11649
    # creditor reference, passes the same mod-97 check
    if _IBAN_LENGTHS.get(code[:2]) != len(code):
        return False
    if not 15 <= len(code) <= 34:
        return False
    rearranged = code[4:] + code[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def ssn_valid(digits: str) -> bool:
    """US SSN invalidation rules: area 000/666/9xx, group 00, serial 0000, sample numbers."""
    if len(digits) != 9 or digits in _SSN_SAMPLES or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _near(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    window = text[max(0, start - _CONTEXT) : end + 16].lower()
    return any(map(window.__contains__, words))


def _bounded(text: str, start: int, end: int) -> bool:
    """False when the match is glued to more digits, letters or dots (part of something else)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum() or before in "./-_" or after in "/_")


def _ssn_shaped(value: str) -> bool:
    """`_SSN_SHAPE` without an RE2 call: ddd-dd-dddd and nothing else (ASCII digits)."""
    if len(value) != 11 or value[3] != "-" or value[6] != "-":
        return False
    digits = value[:3] + value[4:6] + value[7:]
    return digits.isascii() and digits.isdigit()


class _DateShape(dict[int, str]):
    """Character -> its class in `_DATE`: d (ASCII digit), s (separator), x (anything)."""

    def __missing__(self, code: int) -> str:
        return "x"


_DATE_SHAPE = _DateShape(dict.fromkeys(range(128), "x"))
_DATE_SHAPE.update({ord(c): "d" for c in "0123456789"})
_DATE_SHAPE.update({ord(c): "s" for c in "-./"})
# (?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2} is anchored at the start only: a shape prefix
_ISO_PREFIXES = ("ddddsdsd", "ddddsddsd")
# \d{1,2}[-./]\d{1,2}[-./]\d{2,4}$ is the whole value: every shape it allows
_DMY_SHAPES = frozenset(
    f"{'d' * a}s{'d' * b}s{'d' * c}" for a in (1, 2) for b in (1, 2) for c in (2, 3, 4)
)


def _dated(value: str) -> bool:
    """`_DATE` matches `value` (same answer as `first_span(_DATE, value) is not None`).

    Every phone candidate is tested for a date; the pattern is two shapes of character
    classes (RE2's `\\d` is ASCII only, `$` the very end), one translate where the RE2
    call costs most of a microsecond."""
    shape = value.translate(_DATE_SHAPE)
    if value[:2] in ("19", "20") and shape.startswith(_ISO_PREFIXES):
        return True
    return shape in _DMY_SHAPES


def _digits(value: str) -> str:
    return "".join(filter(str.isdigit, value))


def _emails(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    return [
        finding("pii.email", Category.PII, "EMAIL", (s, e), 0.95, "email address")
        for s, e in iter_spans(_EMAIL, text, _LIMIT)
    ]


def _obfuscated_emails(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, e in iter_spans(_OBFUSCATED_EMAIL, text, _LIMIT):
        if taken.overlaps(s, e):
            continue
        out.append(
            finding("pii.email", Category.PII, "EMAIL", (s, e), 0.7, "email address, written out")
        )
        taken.append((s, e))
    return out


def _cards(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, e in iter_spans(_CARD, text, _LIMIT):
        digits = _digits(text[s:e])
        if not (12 <= len(digits) <= 19 and digits.startswith(_CARD_PREFIXES)):
            continue
        if len(set(digits)) < 2 or not _card_length_ok(digits) or not luhn_valid(digits):
            continue
        if _after_iban_head(text, s):
            continue
        if len(digits) < 13 and not digits.startswith(("50", "56", "57", "58", "6")):
            continue  # 12-digit cards are Maestro only
        if s and text[s - 1] == "+":
            continue  # an international phone number
        score = 0.9 if len(digits) >= 13 else 0.6
        if _near(text, s, e, _CARD_WORDS):
            score += 0.1
        out.append(
            finding(
                "pii.card", Category.PII, "CREDIT_CARD", (s, e), score, "Luhn-valid card number"
            )
        )
        taken.append((s, e))
    return out


def _glued(text: str, start: int, end: int) -> bool:
    """More digit groups right before or after: "011 15 5555-0198" is a phone number."""
    after, before = text[end : end + 2], text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] in "- " and after[1].isdigit()) or (
        len(before) == 2 and before[1] in "- " and before[0].isdigit()
    )


def _after_iban_head(text: str, start: int) -> bool:
    """Digits after "DE44 " or "RF18 ": the rest of an IBAN that failed its check, or of a
    creditor reference, not a card or phone number of their own."""
    head = text[max(0, start - 5) : start]
    return len(head) == 5 and head[:2].isupper() and head[2:4].isdigit() and head[4] == " "


def _card_length_ok(digits: str) -> bool:
    """The lengths each card brand issues: a 14-digit number starting with 55 (a French
    SIRET, Luhn-valid too) or a 13-digit one starting with 59 (an EAN-13) is no card."""
    size, two, four = len(digits), digits[:2], digits[:4]
    if "2221" <= four <= "2720":  # Mastercard's 2-series
        return size == 16
    for prefixes, sizes in _CARD_LENGTHS:
        if digits.startswith(prefixes):
            return size in sizes
    return two in ("50", "56", "57", "58") or digits[0] == "6"  # Maestro: 12-19


def _ssns(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, e in iter_spans(_SSN, text, _LIMIT):
        digits = _digits(text[s:e])
        if not ssn_valid(digits) or _glued(text, s, e):
            continue
        context = _near(text, s, e, _SSN_WORDS)
        dashed = len(digits) != e - s
        score = (0.85 if dashed else 0.45) + (0.15 if context else 0.0)
        if score >= MIN_SCORE:
            out.append(finding("pii.ssn", Category.PII, "US_SSN", (s, e), score, "valid SSN shape"))
            taken.append((s, e))
    return out


def _ibans(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, match_end in iter_spans(_IBAN, text, _LIMIT):
        e = match_end
        while not iban_valid(text[s:e]) and " " in text[s:e]:
            e = s + text[s:e].rindex(" ")  # greedy match may swallow a following word
        if iban_valid(text[s:e]):
            out.append(finding("pii.iban", Category.PII, "IBAN", (s, e), 0.95, "mod-97 valid IBAN"))
            taken.append((s, e))
    return out


def _ipv4_bounded(text: str, start: int, end: int) -> bool:
    """An IPv4 address stands alone: not inside a longer dotted number (an SNMP OID
    `1.3.6.1.4.1`, a version), a word or a path. A URL's host (`http://10.0.0.5/x`), a
    port (`:8080`) and a CIDR suffix (`/24`, not part of the address) may touch it."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    host = text[max(0, start - 3) : start] == "://"
    if before.isalnum() or before in ".-_" or (before == "/" and not host):
        return False
    if after.isalnum() or after == "_":
        return False
    following = text[end + 1 : end + 4]
    if after == "." and following[:1].isdigit():
        return False
    if after == "/" and not host:  # a prefix length, then the end of the token
        digits = len(following) - len(following.lstrip("0123456789"))
        return 1 <= digits <= 3 and not following[digits : digits + 1].isalnum()
    return True


def _ips(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, e in iter_spans(_IPV6, text, _LIMIT):
        candidate = text[s:e].split("%", maxsplit=1)[0]
        if candidate.count(":") < 2 or not any(c.isdigit() or c.isalpha() for c in candidate):
            continue
        if "." not in candidate and candidate.count(":") < 3:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        out.append(finding("pii.ip", Category.PII, "IP_ADDRESS", (s, e), 0.8, "IPv6 address"))
        taken.append((s, e))
    for s, e in iter_spans(_IPV4, text, _LIMIT):
        if taken.overlaps(s, e) or not _ipv4_bounded(text, s, e):
            continue
        if search_short(_NOT_IP_WORDS, text[max(0, s - _CONTEXT) : s]):
            continue
        out.append(finding("pii.ip", Category.PII, "IP_ADDRESS", (s, e), 0.8, "IPv4 address"))
        taken.append((s, e))
    return out


def _named_other(before: str, words: tuple[str, ...] = _NOT_PHONE_WORDS) -> bool:
    """One of `words` for another kind of number (`iban`, `card`, `acct`) in the lower-cased
    text before a candidate, with no phone word after it: "iban GB82 WEST 1234 5698 7654
    33" is an IBAN's tail, "acct, or just call me 0803 123 4567" a phone number."""
    last = max(before.rfind(word) for word in words)
    return last >= 0 and not search_short(_PHONE_WORDS_RX, before[last:])


def _dated_or_numbered(value: str) -> bool:
    """A date and time ("15.03.2024 22:14", "2024-03-16 06:00") or a number that starts
    with a year ("2024-0331", "2024-0315-0042": invoices, orders, batches)."""
    if value.startswith("+"):
        return False
    first = value.split(maxsplit=1)[0]
    if first != value and _dated(first) and _plausible_date(first):
        return True
    return value[:2] in ("19", "20") and value[2:4].isdigit() and value[4:5] in ("-", "/")


def _plausible_date(value: str) -> bool:
    """A `_dated` shape whose parts are a real month and day (2024-05-02, 01.04.2024)."""
    parts = [int(p) for p in value.replace("/", "-").replace(".", "-").split("-") if p.isdigit()]
    if len(parts) != 3:
        return False
    if parts[0] >= 1000:  # year first
        return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
    first, second = parts[0], parts[1]
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


def _phones(text: str, taken: Coverage) -> list[Finding]:
    out = []
    for s, e in iter_spans(_PHONE, text, _LIMIT):
        if taken.overlaps(s, e) or not _bounded(text, s, e):
            continue
        value = text[s:e]
        if _dated_or_numbered(value):
            continue
        window = text[max(0, s - _CONTEXT) : e + 16].lower()
        worded = search_short(_PHONE_WORDS_RX, window)
        dated = _dated(value)
        if dated and (not worded or _plausible_date(value)):
            # a date (never "+"-prefixed, so at most 0.55 below) loses 0.3 and only a
            # context word adds it back; a real calendar date stays a date next to one
            continue
        number = value.split("x")[0].split("ext")[0]
        digits = _digits(number)
        if not 7 <= len(digits) <= 15 or len(set(digits)) < 3 or _ssn_shaped(value):
            continue
        before = window[: min(len(window), s - max(0, s - _CONTEXT) + 16)]
        if search_short(_NOT_PHONE_LABEL, text[max(0, s - 40) : s]) or _named_other(before):
            continue
        if _after_iban_head(text, s):
            continue
        if search_short(_PORT_WORDS, text[max(0, s - _CONTEXT) : s]):
            continue  # "TCP 22, 80, 443, 8080-8090": a port range
        international = value.startswith("+")
        groups = len(value.replace(".", " ").replace("-", " ").split())
        # three or more groups, or a dash/dot/parenthesis, look like a phone on their own;
        # "370 3911" could be a street number, so it needs a context word
        # so does a trunk 0 and a national number's length: "0171 2345678"
        shaped = groups >= 3 or any(c in value for c in ".-()")
        shaped = shaped or (value.startswith("0") and 10 <= len(digits) <= 12)
        score = 0.85 if international and len(digits) >= 8 else 0.55 if shaped else 0.4
        if worded:
            score += 0.3
        elif score < MIN_SCORE:
            continue  # the negative context below can only lower it further
        if number.count(".") == 1 or dated or _named_other(before, _NOT_PII_WORDS):
            score -= 0.3
        if score >= MIN_SCORE:
            out.append(finding("pii.phone", Category.PII, "PHONE", (s, e), score, "phone number"))
    return out


_DETECTORS = (
    ("iban", _IBAN, _ibans),
    ("card", _CARD, _cards),
    ("ssn", _SSN, _ssns),
    ("ip", _IPV4, _ips),
    ("ipv6", _IPV6, _ips),
    ("phone", _PHONE, _phones),
    ("email_obfuscated", _OBFUSCATED_EMAIL, _obfuscated_emails),
)
# One prefilter pass tells which detectors have candidates at all.
_PREFILTER = RuleSet(
    [Rule(name, rx.pattern, 0.0, name) for name, rx, _fn in _DETECTORS], reads="raw"
)


def detect_pii(text: str) -> list[Finding]:
    """Typed PII findings with spans into `text` (never the value)."""
    taken = Coverage(len(text))
    found = _emails(text)
    for f in found:
        taken.append((f.start, f.end))
    present = set(_PREFILTER.hits(text))
    done: set[object] = set()
    for index, (_name, _rx, detector) in enumerate(_DETECTORS):
        if index in present and detector not in done:
            done.add(detector)
            found += detector(text, taken)
    return found
