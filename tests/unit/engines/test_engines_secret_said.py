"""Credentials no credential word names (nineteenth session): keys under a vendor's name
alone, secrets an SDK client or a signing call takes by position, passwords said in a
sentence about logging in; and their look-alikes. Values are random, made for these
tests."""

import random
import string

import pytest

from agentguard.engines import detect_secrets
from agentguard.engines.secret_said import password_like

_RNG = random.Random(1919)
_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"


def _draw(alphabet: str, size: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(size))


def values(text: str) -> list[str]:
    return [text[f.start : f.end] for f in detect_secrets(text)]


KEY = _draw(_ALNUM, 32)
HEX32 = _draw(_HEX, 32)
HEX64 = _draw(_HEX, 64)
HEX20 = _draw(_HEX, 20)
SECRET = _draw(_ALNUM, 40)
TOKEN = _draw(_ALNUM, 45)
UUID = f"{_draw(_HEX, 8)}-{_draw(_HEX, 4)}-4{_draw(_HEX, 3)}-a{_draw(_HEX, 3)}-{_draw(_HEX, 12)}"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # the vendor's name alone, in YAML, env files and JSON
        (f"# ~/.config/recon/keys.yaml\nshodan: {KEY}\ncensys:\n  api_id: ''", KEY),
        (f"virustotal: {HEX64}\n", HEX64),
        (f"urlscan: {UUID}\n", UUID),
        (f"OPENWEATHER={KEY}\nDEBUG=1", KEY),
        (f'{{"hunter": "{HEX32}", "timeout": 30}}', HEX32),
        # by position, the arguments before it literals, names or calls
        (f"const client = algoliasearch('7YQ92BBBRD', '{HEX32}');", HEX32),
        (f'c = pusher.Pusher("5993676", "0292c91e5f17900e797d", "{HEX20}", cluster="eu")', HEX20),
        (f'trading = TradingClient(os.environ["APCA_KEY_ID"], "{SECRET}", paper=False)', SECRET),
        (f'token = jwt.encode({{"sub": user.id}}, "{KEY}", algorithm="HS256")', KEY),
        (f"app.use(cookieParser('{KEY}'));", KEY),
        (f'client = Minio("s3.local:9000", "AKIAEXAMPLEID", "{SECRET}")', SECRET),
        # a password said about logging in, with no "password is" between
        (
            "Logged into the iLO with Administrator / Sunflower_88! and the NIC flaps.",
            "Sunflower_88!",
        ),
        (
            "I reset the postgres pw on staging-db to Pepper!delta6991 this morning",
            "Pepper!delta6991",
        ),
        (
            "Speaker 2: And the password?\nSpeaker 1: It's Granite*Cobalt266. Same one.",
            "Granite*Cobalt266",
        ),
        ("hash cracked in 37 minutes; cleartext: _KestrelCedar9917\n", "_KestrelCedar9917"),
        ("$ cat key.pass\n6EFY1DeDKlTjfx8E!6fcycSr\n$ ls", "6EFY1DeDKlTjfx8E!6fcycSr"),
        ('the kiosk account works, use Saffron.River9344 to log in as "ops"', "Saffron.River9344"),
        # ... in other languages
        ("Ich habe mich mit admin / Kr4ke!Moos77 eingeloggt, geht wieder.", "Kr4ke!Moos77"),
        (
            "J'ai réinitialisé hier et choisi « Marigold!Quartz-3372 » pour le compte",
            "Marigold!Quartz-3372",
        ),
        ("la clave del router es Tortuga$Verde91 desde ayer", "Tortuga$Verde91"),
        # tools and elements this session added
        (
            "<gpg.passphrase>walrus juniper saffron 743</gpg.passphrase>",
            "walrus juniper saffron 743",
        ),
        ("rabbitmqctl --erlang-cookie CDATPBZJAECWZZCREQSQ cluster_status", "CDATPBZJAECWZZCREQSQ"),
    ],
)
def test_found(text: str, secret: str) -> None:
    assert secret in values(text)


def test_every_secret_of_an_oauth1_handler() -> None:
    access = f"8035627008481836227-{_draw(_ALNUM, 31)}"
    access_secret = _draw(_ALNUM, 45)
    text = (
        "auth = tweepy.OAuth1UserHandler(\n"
        f'    os.environ["TW_CONSUMER_KEY"],\n    "{TOKEN}",\n'
        f'    "{access}",\n    "{access_secret}",\n)'
    )
    assert {TOKEN, access, access_secret} <= set(values(text))


@pytest.mark.parametrize(
    "text",
    [
        # vendor names with values that are settings, not keys
        "datadog: enabled-for-production-hosts\n",
        "cloudflare: proxied\nheroku: https://dashboard.heroku.com/apps/shop\n",
        "stripe: 2023-10-16\nsentry: true\n",
        # a search-only or browser client's key is public by design
        f"const searchClient = algoliasearch('ZI9LK0MAFR', '{HEX32}');",
        # calls whose literal is a word, not a secret
        'token = jwt.encode(payload, "secret", algorithm="HS256")',
        "app.use(cookieParser('keyboard cat'));",
        # user names, tickets, examples and ids near log-in words
        "please log in as CreakyDove44 and check the queue",
        "Password must be strong, e.g. Summer2024! or longer",
        "see issue#1234 about the login bug",
        '"password": null,\n"resource_id": "db-7K07BMYJKQT1OYKK6XYEZ3EAMT",',
        "Log in with your work account, then open Python3.11 docs",
        "After logging in, download Windows-2019 images from the portal.",
        "Sign in to the console and select us-east-1 as the region.",
    ],
)
def test_quiet(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(
    ("token", "password_word", "expected"),
    [
        ("Walrus$granite68", False, True),
        ("Orbit!copper97", False, True),
        ("Saffron.River9344", True, True),
        ("Saffron.River9344", False, False),  # after a log-in word only, a symbol is needed
        ("KestrelCedar9917", True, True),
        ("CreakyDove44", False, False),
        ("Blink-182", True, False),
        ("v1.2.3-beta", True, False),
        ("jane@example.com1", True, False),
        ("a/b/c/d12!", True, False),
        ("db-7K07BMYJKQT1OYKK6XYEZ3EAMT", True, False),
    ],
)
def test_password_like(token: str, password_word: bool, expected: bool) -> None:
    assert password_like(token, password_word=password_word) is expected


_BASE36 = string.digits + string.ascii_lowercase
GITHUB_CODES = [f"{_draw(_BASE36, 5)}-{_draw(_BASE36, 5)}" for _ in range(3)]
HEX16 = [_draw(_HEX, 16) for _ in range(3)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (
            "these are the github recovery codes I have left:\n\n"
            + "\n".join(GITHUB_CODES)
            + "\n\n(the other 13 are used)",
            GITHUB_CODES,
        ),
        (
            "gitlab.com recovery codes for @r.okafor\n\n~~27b1e06c44dd28f8~~   used 2024-01-09\n\n"
            "still valid:\n  " + "\n  ".join(HEX16),
            HEX16,
        ),
        (
            "Ersatzcodes fürs Google-Konto, die anderen sind schon verbraucht:\n"
            "  1. 9717 1785\n  2. 3793 9622\nBitte in den Passwort-Safe übertragen!",
            ["9717 1785", "3793 9622"],
        ),
    ],
)
def test_recovery_codes_under_their_header(text: str, codes: list[str]) -> None:
    assert set(codes) <= set(values(text))


@pytest.mark.parametrize(
    "text",
    [
        # a list of one is no list; struck-through codes are spent; a header over prose
        "Your recovery code:\nab12-cd34\n\nKeep it safe.",
        "Backup codes\n~~ab12c-de34f~~ used\n~~gh56i-jk78l~~ used\n",
        "How do I regenerate my recovery codes?\nI lost the printout last week.",
        "Recovery codes\n- store them offline\n- never share them\n",
    ],
)
def test_recovery_code_look_alikes(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f'[llm]\nfournisseur = "mistral"\ncle_api = "{KEY}"\n', KEY),
        (
            f" Access Token     00Dk{KEY}!{SECRET}\n Instance Url     https://x.my.salesforce.com",
            f"00Dk{KEY}!{SECRET}",
        ),
        (
            f'"db_master_password": {{\n  "sensitive": true,\n  "type": "string",\n'
            f'  "value": "{KEY}"\n}}',
            KEY,
        ),
        (f'accounts: ["0x{HEX64}"],', f"0x{HEX64}"),
        (f"$ snyk auth {UUID}\nYour account has been authenticated.", UUID),
        (f"te paso la de deepgram (STT): {HEX64[:40]}\n", HEX64[:40]),
        (f'exa = Exa("{UUID}")', UUID),
        (f"y la de cartesia: sk_car_{KEY}", f"sk_car_{KEY}"),
    ],
)
def test_found_in_round_13_shapes(text: str, secret: str) -> None:
    assert secret in values(text)


@pytest.mark.parametrize(
    "text",
    [
        '{{- with secret "secret/data/agents/prod/llm" -}}',
        "gcloud run deploy --set-secrets=OPENAI_API_KEY=openai-key:latest",
        f"> OpenAI-Organization: org-{KEY[:24]}\n",
        f"anthropic-organization-id: {UUID}\n",
        f'"sensitive": false,\n  "type": "string",\n  "value": "{KEY}"',
    ],
)
def test_quiet_in_round_13_shapes(text: str) -> None:
    assert values(text) == []
