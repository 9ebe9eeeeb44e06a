"""Secret detection, second part: vendor formats, keyed rules, checksums, fake-value filters.

Token-shaped strings are assembled at run time from random characters so the repository
holds no credential-like literal that scanners would flag.
"""

import binascii
import random
import string
import time
import uuid
from collections.abc import Callable

import pytest

from agentguard.engines import detect_secrets
from agentguard.engines.secret_rules_base import checksum_ok

RNG = random.Random(4321)
ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def rand(alphabet: str, size: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(size))


def types(text: str) -> set[str]:
    return {f.type for f in detect_secrets(text)}


def with_crc(prefix: str, body: str) -> str:
    """A token in GitHub's / npm's format with a correct CRC32 checksum."""
    crc, digits = binascii.crc32(body.encode()), ""
    while crc:
        crc, digit = divmod(crc, 62)
        digits = BASE62[digit] + digits
    return prefix + body + digits.rjust(6, "0")


PREFIXED: dict[str, Callable[[], str]] = {
    "DYNATRACE_TOKEN": lambda: "dt0c01." + rand(LOWER, 24) + "." + rand(LOWER, 64),
    "INTRA42_SECRET": lambda: "s-s4t2ud-" + rand(HEX, 64),
    "MAPBOX_TOKEN": lambda: "pk." + rand(LOWER, 60) + "." + rand(LOWER, 22),
    "OPENSHIFT_TOKEN": lambda: "sha256~" + rand(ALNUM, 43),
    "TWITTER_BEARER": lambda: "A" * 22 + rand(ALNUM, 90),
    "SLACK_LEGACY_TOKEN": lambda: "xo" + "xa-" + rand(LOWER, 12),
    "SENTRY_TOKEN": lambda: "sntr" + "ys_eyJ" + rand(ALNUM, 60) + "_" + rand(ALNUM, 40),
    "AIRTABLE_PAT": lambda: "pat" + rand(ALNUM, 14) + "." + rand(HEX, 64),
    "PLAID_TOKEN": lambda: "access-production-" + str(uuid.UUID(int=RNG.getrandbits(128))),
    "BREVO_KEY": lambda: "xkey" + "sib-" + rand(HEX, 64) + "-" + rand(ALNUM, 16),
    "SETTLEMINT_TOKEN": lambda: "sm_pat_" + rand(ALNUM, 16),
    "STRIPE_WEBHOOK_SECRET": lambda: "wh" + "sec_" + rand(ALNUM, 32),
    "DOCKER_HUB_PAT": lambda: "dckr" + "_pat_" + rand(ALNUM, 27),
    "SUPABASE_TOKEN": lambda: "sb" + "p_" + rand(HEX, 40),
    "TAILSCALE_KEY": lambda: "tskey-auth-" + rand(ALNUM, 12) + "-" + rand(ALNUM, 30),
    "LANGSMITH_KEY": lambda: "lsv2" + "_pt_" + rand(HEX, 32) + "_" + rand(HEX, 10),
    "GCP_OAUTH_TOKEN": lambda: "ya" + "29." + rand(ALNUM, 60),
    "DEFINED_NETWORKING_KEY": lambda: "dnkey-" + rand(LOWER, 26) + "-" + rand(LOWER, 52),
    "BRAINTREE_TOKEN": lambda: "access_token$production$" + rand(LOWER, 16) + "$" + rand(HEX, 32),
    "CONTENTFUL_PAT": lambda: "CFPAT-" + rand(ALNUM, 43),
    "FIGMA_TOKEN": lambda: "fi" + "gd_" + rand(ALNUM, 40),
    "BITBUCKET_APP_PASSWORD": lambda: "AT" + "BB" + rand(ALNUM, 32),
}


@pytest.mark.parametrize("expected", sorted(PREFIXED))
def test_prefixed_vendor_formats_standalone(expected: str) -> None:
    token = PREFIXED[expected]()
    text = f"deployed with {token} yesterday"
    found = [f for f in detect_secrets(text) if f.type == expected]
    assert found, expected
    assert text[found[0].start : found[0].end] == token


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("export BUNDLE_ENTERPRISE__CONTRIBSYS__COM={v}", "SIDEKIQ_SECRET"),
        ('sumologic.accessId = "{v}"', "SUMOLOGIC_ACCESS_ID"),
        ('<add key="discordToken" value="{v}" />', "DISCORD_SECRET"),
        ("ASANA_CLIENT_SECRET ?= {v}", "ASANA_SECRET"),
        ('SNYK_TOKEN ::= "{v}"', "SNYK_TOKEN"),
        ('{{"dropbox_key": "{v}"}}', "DROPBOX_APP_KEY"),
    ],
)
def test_keyed_vendor_values_in_every_assignment_shape(line: str, expected: str) -> None:
    values = {
        "SIDEKIQ_SECRET": rand(HEX, 8) + ":" + rand(HEX, 8),
        "SUMOLOGIC_ACCESS_ID": "su" + rand(ALNUM, 12),
        "DISCORD_SECRET": str(RNG.randrange(10**17, 10**18)),
        "ASANA_SECRET": rand(LOWER, 32),
        "SNYK_TOKEN": str(uuid.UUID(int=RNG.getrandbits(128))),
        "DROPBOX_APP_KEY": rand(string.ascii_lowercase, 15),
    }
    value = values[expected]
    text = line.format(v=value)
    found = [f for f in detect_secrets(text) if f.type == expected]
    assert found, text
    assert text[found[0].start : found[0].end] == value


def test_keyed_ids_need_a_credential_key() -> None:
    """Discord snowflakes, Asana gids and commit hashes are ids, not secrets."""
    for quiet in (
        f"discord_channel_id = {RNG.randrange(10**17, 10**18)}",
        f"asana_project_gid: {RNG.randrange(10**15, 10**16)}",
        f"sourcegraph_commit = {rand(HEX, 40)}",
        f"snyk_org = {uuid.UUID(int=RNG.getrandbits(128))}",
    ):
        assert detect_secrets(quiet) == [], quiet


def test_github_and_npm_checksums_raise_confidence() -> None:
    valid = with_crc("gh" + "p_", rand(ALNUM, 30))
    assert checksum_ok(valid) is True
    assert checksum_ok(with_crc("np" + "m_", rand(ALNUM, 30))) is True
    broken = valid[:-1] + ("A" if valid[-1] != "A" else "B")
    assert checksum_ok(broken) is False
    assert checksum_ok("AKIA" + rand(string.ascii_uppercase, 16)) is None
    (good,) = detect_secrets(f"token {valid}")
    (bad,) = detect_secrets(f"token {broken}")
    assert good.score > bad.score >= 0.8  # a mismatch is still reported: test or mistyped token
    assert "checksum verified" in good.reason
    assert "mismatch" in bad.reason


def test_documentation_and_sequential_values_are_dropped() -> None:
    for quiet in (
        "GR1348941" + "12312312312312312312",  # a short group repeated
        "sntr" + "ys_" + rand(ALNUM, 120),  # org tokens carry a base64 JSON claim
        '"token": "xo' + "xp-" + "-".join(rand("123456789", 12) for _ in range(3)) + '-#####"',
        "curl -i -u 'test:test' https://localhost",
        "curl https://host/file --user user:pass --digest",
    ):
        assert detect_secrets(quiet) == [], quiet


def test_markup_after_a_token_is_not_a_placeholder() -> None:
    secret = rand(ALNUM, 3) + "8Q~" + rand(ALNUM, 34)
    text = f'<value xsi:type="xsd:string">{secret}</value>'
    assert "AZURE_AD_SECRET" in types(text)


def test_curl_forms() -> None:
    api_key = rand(ALNUM, 24)
    assert "CURL_USER_KEY" in types(f'curl -u "{api_key}:" https://api.example.net/v1')
    password = rand(ALNUM, 14)
    assert "CURL_BASIC_AUTH" in types(f"curl --user kevin:'{password}' -X PATCH")
    header = rand(HEX, 16)
    assert "CURL_HEADER_KEY" in types(f'curl -X POST https://h/api -H "Token: {header}"')
    assert detect_secrets('curl -H "apikey: $API_KEY" https://h/rest') == []
    assert detect_secrets("curl -u administrator: https://localhost:9200") == []


def test_new_findings_never_carry_the_value() -> None:
    for make in PREFIXED.values():
        token = make()
        for found in detect_secrets(f"value {token}"):
            assert token not in found.model_dump_json()
            assert found.digest is not None


@pytest.mark.parametrize(
    "unit",
    [
        "BUNDLE_GEMS__CONTRIBSYS__COM=",
        "curl -u a:",
        "discord_token=",
        "sha256~",
        "A" * 22 + "%",
        "xoxa-",
        # the eighteenth session's rules and layers
        '"length": 1, ',
        " -Password x",
        "token:\n",
        "wallet able ",
        '<string name="api_key">',
        "chiave = ",
        "x:x@localhost ",
    ],
)
def test_new_rules_stay_linear(unit: str) -> None:
    """Per-byte cost on 16x more of a near-miss must not grow (see test_engines_linear)."""

    def best(text: str) -> float:
        detect_secrets(text)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            detect_secrets(text)
            runs.append(time.perf_counter() - start)
        return min(runs) / len(text)

    small = (unit * (16_384 // len(unit) + 1))[:16_384]
    large = (unit * (262_144 // len(unit) + 1))[:262_144]
    assert best(large) / best(small) < 5.0


def test_config_and_code_shapes() -> None:
    password = rand(ALNUM, 14)
    shapes = {
        f"redis://:{password}@cache.internal:6379/0": "DATABASE_URL",
        f"machine api.example.net\n  login bob\n  password {password}": "NETRC_PASSWORD",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;"
        f"SharedAccessKey={rand(ALNUM, 43)}=": "AZURE_SHARED_ACCESS_KEY",
        f'os.environ["DB_PASSWORD"] = "{password}"': "GENERIC_SECRET",
        f'os.Setenv("SERVICE_API_KEY", "{password}")': "GENERIC_SECRET",
        f"AZURE_DEVOPS_PAT={rand(LOWER, 52)}": "GENERIC_SECRET",
        f"--kucoin-token {rand(HEX, 24)}": "KUCOIN_SECRET",
        f'setenv("SNYK_TOKEN", "{uuid.UUID(int=RNG.getrandbits(128))}")': "SNYK_TOKEN",
    }
    for text, expected in shapes.items():
        assert expected in types(text), text
    for quiet in (
        'fields = ("password", "confirm_password")',
        'value = settings.get("token", "default_value")',
        f"compat = {rand(ALNUM, 20)}",
    ):
        assert detect_secrets(quiet) == [], quiet
