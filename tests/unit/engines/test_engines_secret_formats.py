"""Secret shapes and look-alikes from the written secrets tuning set (`bench/validator/`):
credentials the first rules missed where they really leak, and values that only look like
credentials. Values are random, made for these tests."""

import random
import string

import pytest

from agentguard.engines import detect_secrets

_RNG = random.Random(11)
_B64 = string.ascii_letters + string.digits + "+/"
_ALNUM = string.ascii_letters + string.digits


def _draw(alphabet: str, size: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(size))


AWS_SECRET = _draw(_B64, 17) + "/" + _draw(_B64, 22)  # 40 characters with a slash
SESSION = "IQoJb3JpZ2luX2VjEJf" + _draw(_B64, 300) + "=="
GOOGLE_REFRESH = "1//0" + _draw(_ALNUM + "_-", 96)
HEX128 = "".join(_RNG.choice("0123456789abcdef") for _ in range(128))
SALT = "M*v,.DA&s}xoI3z{Rbd=.n=4;mM&eKR]*czZfFCdtSHEC^R]}OL/xsh<}{1tP~$p"


def values(text: str) -> list[str]:
    return [text[f.start : f.end] for f in detect_secrets(text)]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            f"aws:\n  access_key_id: AKIAQ2NM4LL6Y47QIZZK\n  secret_access_key: {AWS_SECRET}\n",
            AWS_SECRET,
        ),
        (
            f'{{"AccessKeyId": "ASIAEFCYBGMFEBBYESYB", "SecretAccessKey": "{AWS_SECRET}"}}',
            AWS_SECRET,
        ),
        (f'az storage blob upload --account-key "{_draw(_B64, 86)}=="', None),
        (f"aws_session_token = {SESSION}", SESSION),
        (f"use mine for now:\n`AKIA5W5QVQ25YM45QYZW`\n`{AWS_SECRET}`\nthanks", AWS_SECRET),
        (
            "curl https://api.telegram.org/bot3055832663:AAgyUBuPpWNBOKjndoCB-61HMj7A7_TGG0x/send",
            None,
        ),
        ('client.get(url).bearer_auth("ty-bamBQZakynvF_UxUpUrJGiXdw3j0UEMk2tfI4OCsg")', None),
        ("Authorization: SSWS 00KGDhyi5bxSPReEXC6ESieg0KTONnkIU0JNllDAlL", None),
        ('proxy_set_header Authorization "Basic c3ZjLW1ldHJpY3M6Q1ZQQ21GcW1UbzdEUkZOTVF2";', None),
        ("APP_KEY=base64:pT/0OeVTDpl+b/hNz85LHf0WE+o39uPjBvJJMWOhIrY=", None),
        ('signingConfigs { release { storePassword "Coffee4Breakfast!" } }', "Coffee4Breakfast!"),
        (f"define( 'SECURE_AUTH_KEY',  '{SALT}' );", SALT),
        (f'{{"refresh_token": "{GOOGLE_REFRESH}"}}', GOOGLE_REFRESH),
        ("const resend = new Resend('re_OHmbwgUK_qej1XSqh6i7YDPKpZfz4CGQ8');", None),
        ('ld.MakeClient("sdk-3f7325ca-b719-456a-97f4-fd2f3fafda03", 5*time.Second)', None),
        (f"production:\n  secret_key_base: {HEX128}\n", HEX128),
        ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n", None),
        (
            'DriverManager.getConnection(url, "warehouse_loader", "SMMjET#HgJk5pgoC");',
            "SMMjET#HgJk5pgoC",
        ),
        ('s.login("reports.acme@gmail.com", "fhzc ybkz zspe xima")', "fhzc ybkz zspe xima"),
        ('requests.get(url, auth=("svc-ci", "Qm7#vTz2pLw9"))', "Qm7#vTz2pLw9"),
        ("git clone https://ghp_i6D4GjFjTYyPQbkX6hhrrwuggfut8iY0fUex@github.com/acme/x", None),
        ("host: stg-pg.acme.internal  user: migrator  pw: Gr33nT3a!2022", "Gr33nT3a!2022"),
        (
            'create_engine("mysql+pymysql://root:aF1_0E7aT0atJ6Zm@10.0.3.12:3306/db")',
            "aF1_0E7aT0atJ6Zm",
        ),
    ],
)
def test_credentials_where_they_leak(text: str, secret: str | None) -> None:
    found = values(text)
    assert found, text
    if secret is not None:
        assert secret in found


@pytest.mark.parametrize(
    "text",
    [
        '-H "Idempotency-Key: 236c6bdb-a82e-41af-a71b-e995cf41c1cf"',
        '"nextPageToken": "GNqpR1Luc-1bG4DajDmFtpDZ-BoKV_DPPEyv4_O9"',
        '"token_uri": "https://oauth2.googleapis.com/token", "auth_provider_x509_cert_url": "x"',
        "  cookie_secret_file: /etc/oauth2-proxy/cookie-secret",
        "$ aws sts get-session-token --serial-number arn:aws:iam::123456789012:mfa/dev",
        "# public key: age1aq6e7nmd2w3zcz4rful57vw9k6jlk6kqanwen7wn9qsk6mh2gdwthule9z",
        'curl -u "$NEXUS_USER:$NEXUS_PASS" --upload-file app.jar',
        '= "arn:aws:secretsmanager:eu-west-1:381492650217:secret:prod/db-Ab3dE9|F4BED2CF"',
        "define( 'AUTH_KEY', 'put your unique phrase here' );",
    ],
)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert values(text) == []


def test_the_private_key_stands_for_its_service_account_file() -> None:
    body = "\n".join(_draw(_B64, 64) for _ in range(4))
    key = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
    text = '{"type": "service_account", "private_key": "' + key.replace("\n", "\\n") + '"}'
    assert {f.type for f in detect_secrets(text)} == {"PRIVATE_KEY"}
    assert {f.type for f in detect_secrets('{"type": "service_account"}')} == {
        "GCP_SERVICE_ACCOUNT"
    }
