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


FOUND_SHAPES = [
    # the vendor's name alone, in YAML, env files and JSON
    (f"# ~/.config/recon/keys.yaml\nshodan: {KEY}\ncensys:\n  api_id: ''", KEY),
    (f"virustotal: {HEX64}\n", HEX64),
    (f"urlscan: {UUID}\n", UUID),
    (f"OPENWEATHER={KEY}\nDEBUG=1", KEY),
    (f'{{"abuseipdb": "{HEX32}", "timeout": 30}}', HEX32),
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
    ("the password was reset to _KestrelCedar9917\n", "_KestrelCedar9917"),
    # Windows line ends, quotes and bold around the token, `export`, single quotes
    ("And the password?\r\nIt's Granite*Cobalt266.\r\n", "Granite*Cobalt266"),
    ('Logged into the iLO with Administrator / "Sunflower_88!".', "Sunflower_88!"),
    ("the password is **Pepper!delta6991** now", "Pepper!delta6991"),
    (f"export SHODAN={KEY}\n", KEY),
    (f"SHODAN={KEY}\r\nDEBUG=1", KEY),
    (f"{{'shodan': '{KEY}'}}", KEY),
    (f"shodan: {KEY}.", KEY),
    ('g = Github("octocat-bot", "Hx7!pQ2vLm9zR")', "Hx7!pQ2vLm9zR"),
    (f"jwt.sign(payload, `{KEY}`)", KEY),
    (
        "public class S3 { AmazonS3 s3 = new AmazonS3Client(new BasicAWSCredentials("
        f'"AKIAZ4", "{SECRET}")); }}',
        SECRET,
    ),
    (f'const researchClient = Minio("s3.internal", "AKIAZ4EXAMPLE", "{SECRET}")', SECRET),
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
]


def test_every_secret_of_an_oauth1_handler() -> None:
    access = f"8035627008481836227-{_draw(_ALNUM, 31)}"
    access_secret = _draw(_ALNUM, 45)
    text = (
        "auth = tweepy.OAuth1UserHandler(\n"
        f'    os.environ["TW_CONSUMER_KEY"],\n    "{TOKEN}",\n'
        f'    "{access}",\n    "{access_secret}",\n)'
    )
    assert {TOKEN, access, access_secret} <= set(values(text))


QUIET_SHAPES = [
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
]


QUIET_FIRST_REVIEW = [
    # models, builds, markets and ids under a vendor's name (review, nineteenth session)
    "mistral: mistral-large-2407\ncohere: command-r-plus-08-2024\n",
    "jina: jina-embeddings-v2-base-en\nvoyage: voyage-3-lite-2024\n",
    '{"openai": "gpt-4o-2024-08-06", "temperature": 0.2}',
    "    rev: 2c9f875913ee60ca25ce70243dc24d5b6415598c  # frozen: v0.6.9",
    "Here is the trace id: 4bf92f3577b34da6a3ce929d0e0e4736",
    "cloudflare (zone id): 023e105f4ecef8ad9ca31a8372d0c353",
    "polygonscan: 0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619",
    "heroku: shop-api-prod-7f3a2b\nkraken: BTCUSDT-PERP-2024Q4\n",
    "Set up Datadog (EU site): datadoghq-eu-agent-7.52.0 image",
    'llm = Anthropic("claude-3-5-sonnet-20241022")',
    # exclamations, questions, hosts, versions, shortcuts, channels, products, code
    "Is login broken on Chrome120?",
    "login works with Chrome120 and Firefox121 but not Safari17!",
    "I logged into deploy@web02 via ssh and restarted it",
    "After logging in to ec2-user@ip-172-31-22-10, run the script",
    "Before you log in run: brew install openssl@3",
    "Login page built with Next.js 14 + NextAuth@4",
    "After logging in, press Ctrl+Shift+F12 to open the console",
    "Sign in and post in #team-2024 when done.",
    "Reset the password on the iPhone15 via Settings.",
    "Password reset for SharePoint2019 users works again",
    "Password hashing uses PBKDF2WithHmacSHA256 with 600k rounds",
    "The plaintext is encrypted with ChaCha20-Poly1305 before upload",
    "You need to pass UserId42 to the lookup function.",
    "    except KeyError:\n        pass\n    attempts = attempts+1",
    "Weak password examples: Summer2024!, Welcome1!, Company@123",
    "Your password must not be one of: Password1!, Qwerty123!, Welcome2024!",
    # lists under a recovery-code header that are no codes
    "Recovery codes table migration:\n20240101120000\n20240102093000\n",
    "backup codes\nissue-1234\nissue-5678\n",
    "rescue codes for the boat radio:\n  channel16\n  channel22\n",
    "List of 2FA codes used in the test fixtures:\n  123456\n  654321\n",
]


CODES_ON_THE_HEADER_LINE = [
    ("backup codes: 48213907 91827364 55012839 66281930", ["48213907", "66281930"]),
    ("GitHub recovery codes\n7h3k9-2m4p8 (unused)\n9q2w4-e5r6t (unused)\n", ["7h3k9-2m4p8"]),
]


@pytest.mark.parametrize(
    ("token", "password_word", "expected"),
    [
        ("Walrus$granite68", False, True),
        ("Orbit!copper97", False, True),
        ("Saffron.River9344", True, True),
        ("Saffron.River9344", False, False),  # after a log-in word only, a symbol is needed
        ("_KestrelCedar9917", True, True),
        ("KestrelCedar9917", True, False),  # humped alone: `SharePoint2019`, `iPhone15`
        ("Safari17!", False, False),  # an exclamation after a log-in word
        ("Sunflower_88!", False, True),
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


CODES_UNDER_THEIR_HEADER = [
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
]


QUIET_CODE_LISTS = [
    # a list of one is no list; struck-through codes are spent; a header over prose
    "Your recovery code:\nab12-cd34\n\nKeep it safe.",
    "Backup codes\n~~ab12c-de34f~~ used\n~~gh56i-jk78l~~ used\n",
    "How do I regenerate my recovery codes?\nI lost the printout last week.",
    "Recovery codes\n- store them offline\n- never share them\n",
]


FOUND_ROUND_13 = [
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
    (f'exa = Exa("{UUID}")', UUID),
    (f"y la de cartesia: sk_car_{KEY}", f"sk_car_{KEY}"),
]


QUIET_ROUND_13 = [
    '{{- with secret "secret/data/agents/prod/llm" -}}',
    "gcloud run deploy --set-secrets=OPENAI_API_KEY=openai-key:latest",
    f"> OpenAI-Organization: org-{KEY[:24]}\n",
    f"anthropic-organization-id: {UUID}\n",
    f'"sensitive": false,\n  "type": "string",\n  "value": "{KEY}"',
]


QUIET_SECOND_REVIEW = [
    # second review: names and ids in other guises
    "MFA codes not arriving for these accounts:\n- 10442871\n- 10442990\n",
    "Emergency codes for the building:\n0800 1111\n0800 2222\n",
    "One-time codes (coupons) for the launch:\nLAUNCH2024A\nLAUNCH2024B\n",
    "Recovery codes regenerated for these ticket numbers:\n48213377\n48213378\n",
    "backup codes (Veeam job IDs)\n1a2b3c4d\n5e6f7a8b\n",
    "Hunter: 9fceb02d0ae598e95dc970b74767f19372d61af8 is the one that broke it",
    "Scan result on virustotal: 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aab",
    'client = Groq("llama3-70b-8192")',
    "Kies een sterk wachtwoord, bijvoorbeeld Zomer2024! is te zwak.",
    "La password deve contenere simboli, ad esempio Estate2024! non va bene.",
    "A password like Tr0ub4dor&3 is hard to remember",
    "Das Passwort steht in der Datei Zugang_Server_2024.kdbx im Team-Ordner",
    "The credentials list is in Q3_Access_Review_2024.xlsx on the share",
    '"sensitive": true, "type": "string",\n"value": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1J"',
]


FOUND_SECOND_REVIEW = [
    (
        "cloudflare: Y4Ex_kl9rRz3-PqW_tKvN8mJ2sH7dLcA5bX0uF6g\n",
        "Y4Ex_kl9rRz3-PqW_tKvN8mJ2sH7dLcA5bX0uF6g",
    ),
    (
        'f = Fernet(b"PAkDZafPVjRyzrn_0JNqD0HCgfMf8wfsHQKgO-NgiqY=")',
        "PAkDZafPVjRyzrn_0JNqD0HCgfMf8wfsHQKgO-NgiqY=",
    ),
    ('mysql_connect("db.internal", "root", "Summer-2024!")', "Summer-2024!"),
    ('"value": "p4/Xz!9qR_vT2mKw", "type": "string", "sensitive": true', "p4/Xz!9qR_vT2mKw"),
    ("Logged into the iLO with Administrator / p@ssw0rd2024 today", "p@ssw0rd2024"),
    ("I reset the postgres pw on staging to welcome@2024x", "welcome@2024x"),
    ("Logged into the router with admin / Welcome123! and it worked", "Welcome123!"),
    ("I reset the password, avoid sharing it: Tiger#4471x", "Tiger#4471x"),
    ("Codes for jane@example.com, recovery codes:\n1234 5678\n8765 4321\n", "1234 5678"),
    ("the password is *Pepper!delta6991* now", "Pepper!delta6991"),
]


@pytest.mark.parametrize(("text", "secret"), FOUND_SHAPES + FOUND_ROUND_13 + FOUND_SECOND_REVIEW)
def test_found(text: str, secret: str) -> None:
    assert secret in values(text)


@pytest.mark.parametrize(
    "text",
    QUIET_SHAPES + QUIET_FIRST_REVIEW + QUIET_CODE_LISTS + QUIET_ROUND_13 + QUIET_SECOND_REVIEW,
)
def test_quiet(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(("text", "codes"), CODES_ON_THE_HEADER_LINE + CODES_UNDER_THEIR_HEADER)
def test_recovery_codes(text: str, codes: list[str]) -> None:
    assert set(codes) <= set(values(text))
