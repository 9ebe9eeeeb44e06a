"""Secret detection: provider formats, generic assignments, entropy and its filters.

Token-shaped strings are assembled at run time so the repository holds no credential-like
literal that scanners would flag.
"""

import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from agentguard.engines import detect_secrets
from agentguard.engines.secret_rules import PROVIDER_RULES
from agentguard.engines.secrets import is_placeholder, shannon_entropy

RNG = random.Random(1234)


def rand(alphabet: str, size: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(size))


ALNUM = string.ascii_letters + string.digits
LOWER_HEX = "0123456789abcdef"


def types(text: str) -> set[str]:
    return {f.type for f in detect_secrets(text)}


def test_covers_at_least_thirty_providers() -> None:
    assert len({rule.name.split("_")[0] for rule in PROVIDER_RULES}) >= 30


def test_provider_formats() -> None:
    samples = {
        "AWS_ACCESS_KEY": "AKIA" + rand(string.ascii_uppercase + "234567", 16),
        "GITHUB_TOKEN": "gh" + "p_" + rand(ALNUM, 36),
        "GITLAB_TOKEN": "glpat-" + rand(ALNUM, 20),
        "SLACK_TOKEN": "xox"
        + "b-"
        + rand(string.digits, 11)
        + "-"
        + rand(string.digits, 12)
        + "-"
        + rand(ALNUM, 24),
        "STRIPE_KEY": "sk" + "_live_" + rand(ALNUM, 24),
        "OPENAI_KEY": "sk-proj-" + rand(ALNUM, 24) + "T3Blbk" + "FJ" + rand(ALNUM, 24),
        "ANTHROPIC_KEY": "sk-ant-" + "api03-" + rand(ALNUM, 93) + "AA",
        "SENDGRID_KEY": "SG." + rand(ALNUM, 22) + "." + rand(ALNUM, 43),
        "NPM_TOKEN": "np" + "m_" + rand(ALNUM, 36),
        "HUGGINGFACE_TOKEN": "h" + "f_" + rand(string.ascii_letters, 34),
        "GCP_API_KEY": "AI" + "za" + rand(ALNUM, 35),
        "JWT": "eyJ" + rand(ALNUM, 20) + ".eyJ" + rand(ALNUM, 30) + "." + rand(ALNUM, 30),
    }
    for expected, token in samples.items():
        text = f"config: value={token} # deployed"
        found = [f for f in detect_secrets(text) if f.type == expected]
        assert found, expected
        assert text[found[0].start : found[0].end] == token


def test_private_key_and_database_url() -> None:
    pem = (
        "-----BEGIN RSA PRIVATE"
        + " KEY-----\n"
        + rand(ALNUM, 64)
        + "\n-----END RSA PRIVATE KEY-----"
    )
    assert "PRIVATE_KEY" in types(pem)
    url = "postgres://app:" + rand(ALNUM, 16) + "@db.internal:5432/app"
    assert "DATABASE_URL" in types(url)


def test_generic_assignment_needs_a_plausible_value() -> None:
    assert "GENERIC_SECRET" in types('client_secret = "' + rand(ALNUM, 32) + '"')
    assert "GENERIC_SECRET" in types("DB_PASSWORD=" + rand(ALNUM, 12))
    for quiet in (
        'api_key = "<your-api-key>"',
        "password=${DB_PASSWORD}",
        "token: xxxxxxxxxxxxxxxxxxxxxxxx",
        "secret = os.environ['SECRET']",
        'api_key = "changeme"',
        "key_name = primary_index",
        'public_key = "' + rand(ALNUM, 40) + '"',
    ):
        assert detect_secrets(quiet) == [], quiet


def test_entropy_filters_uuids_hashes_and_lockfiles() -> None:
    for quiet in (
        "id: 123e4567-e89b-12d3-a456-426614174000",
        "commit " + rand(LOWER_HEX, 40),
        '"integrity": "sha512-' + rand(ALNUM, 86) + '=="',
        "see https://example.com/" + rand(ALNUM, 40) + "/index.html",
    ):
        assert detect_secrets(quiet, entropy=True) == [], quiet
    blob = 'value: "' + rand(ALNUM, 40) + '"'
    assert {f.type for f in detect_secrets(blob, entropy=True)} == {"HIGH_ENTROPY"}
    assert detect_secrets(blob) == []  # the entropy layer is opt-in


def test_findings_never_carry_the_value() -> None:
    token = "gh" + "p_" + rand(ALNUM, 36)
    (found,) = detect_secrets(f"token {token}")
    assert token not in found.model_dump_json()
    assert found.digest is not None
    assert found.digest.startswith("sha256:")


def test_placeholder_and_entropy_helpers() -> None:
    assert is_placeholder("your-token-here")
    assert is_placeholder("abcdefghijklmnop")
    assert not is_placeholder(rand(ALNUM, 24))
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == 2.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_in_bounds(text: str) -> None:
    for finding in detect_secrets(text, entropy=True):
        assert 0 <= finding.start < finding.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=ALNUM + "=:_-'\" \n./+", max_size=300))
def test_config_soup_never_raises(text: str) -> None:
    for finding in detect_secrets(text, entropy=True):
        assert 0 <= finding.start < finding.end <= len(text)


def test_every_secret_in_a_long_file_is_found() -> None:
    keys = ["AKIA" + rand(string.ascii_uppercase + "234567", 16) for _ in range(600)]
    text = "\n".join(f"aws_key_{i} = {key}" for i, key in enumerate(keys))
    found = [f for f in detect_secrets(text) if f.type == "AWS_ACCESS_KEY"]
    assert len(found) == len(keys)
