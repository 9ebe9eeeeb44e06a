"""Secret shapes from the eleventh and twelfth secrets tuning rounds (`bench/validator/`):
credentials in crash dumps, CI logs, package and cluster configs, resource files, tickets
in six languages, wallets and recovery keys; and their look-alikes. Values are random,
made for these tests."""

import hashlib
import random
import string

import pytest
from mnemonic import Mnemonic

from agentguard.engines import detect_secrets
from agentguard.engines.secret_rules_keys import base58check_ok, bitlocker_ok, seed_phrase

_RNG = random.Random(1218)
_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B32 = string.ascii_uppercase + "234567"


def _draw(alphabet: str, size: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(size))


def _base58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = _B58[digit] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def values(text: str) -> list[str]:
    return [text[f.start : f.end] for f in detect_secrets(text)]


KEY = _draw(_ALNUM, 32)
HEX40 = _draw(_HEX, 40)
NKEY = "SU" + _draw(_B32, 56)
COSMOS = _draw(_ALNUM + "+/", 86) + "=="
WIF = _base58check(b"\x80" + bytes(_RNG.randrange(256) for _ in range(32)) + b"\x01")
XPRV = _base58check(
    bytes.fromhex("0488ade4") + bytes(_RNG.randrange(256) for _ in range(74))
)  # version, depth, fingerprint, child number, chain code, 0x00 + key
BITLOCKER = "-".join(f"{11 * _RNG.randrange(65536):06d}" for _ in range(8))
SOLANA = "[" + ",".join(str(_RNG.randrange(256)) for _ in range(64)) + "]"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # provider shapes
        (f"config: &{{NATSURL:tls://nats:4222 NKeySeed:{NKEY} Debug:false}}", NKEY),
        (f'"url": "https://eth-mainnet.g.alchemy.com/v2/{KEY}", "status": 429', KEY),
        (f"rpc = https://sepolia.infura.io/v3/{HEX40[:32]}", HEX40[:32]),
        (f'new CosmosClient("https://shop.documents.azure.com:443/", "{COSMOS}");', COSMOS),
        (f'Credentials::ApiKey("WdCViLEOBu3kBzgvE9Gw".into(), "{KEY[:22]}".into())', KEY[:22]),
        (f'config :app, :mailer_token, "mlsn.{HEX40}{HEX40[:24]}"', f"mlsn.{HEX40}{HEX40[:24]}"),
        (f"?key=b82758e6&token=ATTA{HEX40}{HEX40[:32]}", f"ATTA{HEX40}{HEX40[:32]}"),
        (f'.header("Authorization", "Token {HEX40}")', HEX40),
        (f"extra-index-url = https://{KEY[:20]}:@pypi.fury.io/acme/", KEY[:20]),
        (f"smb://CORP;svc-scan:{KEY[:14]}@fs01.corp.local/scans", KEY[:14]),
        # name and value in two fields or elements
        (f'+ name  = "datadog.apiKey"\n  + value = "{HEX40[:32]}"', HEX40[:32]),
        (f'{{ "ParameterKey": "DBMasterPassword", "ParameterValue": "{KEY[:20]}" }}', KEY[:20]),
        (f'<string name="twitter_consumer_secret">{KEY}</string>', KEY),
        (f"<key>IAPSharedSecret</key>\n\t<string>{HEX40[:32]}</string>", HEX40[:32]),
        (
            f'<meta-data android:name="com.here.sdk.access_key_secret" android:value="{KEY}" />',
            KEY,
        ),
        # keys named in other languages, and said on the next line
        (f'"chiave_api": "sdic_live_{KEY}",', f"sdic_live_{KEY}"),
        ("koppeling.sftp.wachtwoord=6Wwg!sVSPT.5VowU!h", "6Wwg!sVSPT.5VowU!h"),
        ('    "mot_de_passe": "Dolphin.Pretzel.83",', "Dolphin.Pretzel.83"),
        ("usuario = fact_app\ncontraseña = d#TSrpL3P#yBI6Gb", "d#TSrpL3P#yBI6Gb"),
        (f"Atualizei para o token do usuário de integração:\n{HEX40}\nFalta produção", HEX40),
        ("Het hoofdwachtwoord is:\n\n    hagelslag-tulpenveld-zeemeeuw-91\n", None),
        (
            f'the Segment write key for the new "web-checkout" source is {KEY}\nthanks',
            KEY,
        ),
        (f"with the personal application key `{HEX40}` (pasted in #incident)", HEX40),
        # what tools keep
        (f"Wiederherstellungsschlüssel: {BITLOCKER}", BITLOCKER),
        (f'importprivkey {WIF} "refund" false', WIF),
        (f"incollare la chiave privata estesa:\n\n{XPRV}\n", XPRV),
        (f"$ cat ~/.config/solana/id.json\n{SOLANA}", SOLANA),
        ("kubeadm join 10.0.0.10:6443 --token fr5z9e.7ax59q6h112mn77i \\", None),
        (f"basic.auth.user.info=97XUIJVEQ52SCUY4:{KEY}{KEY}", f"{KEY}{KEY}"),
        ('<Pass encoding="base64">QXJuemI3V0FMLVhFczc=</Pass>', "QXJuemI3V0FMLVhFczc="),
        ("net use S: \\\\fs01\\scans /user:CORP\\svc_scan S.Y2YmvPlcJT_g /persistent:yes", None),
        ("\toption encryption 'psk2'\n\toption key 'Walnut.Orchid.80'", "Walnut.Orchid.80"),
        ("password       gwjt pkaa dxjc kqao", "gwjt pkaa dxjc kqao"),
        (" neighbor 203.0.113.9 password 7 047512293E1873641134511619", None),
    ],
)
def test_credentials_where_they_leak(text: str, secret: str | None) -> None:
    found = values(text)
    assert found, text
    if secret is not None:
        assert secret in found


def test_every_copy_of_a_found_value_is_a_finding() -> None:
    # Postmark takes its server token as the SMTP user name and as the password: hiding
    # the password alone would leave the token in the clear one line up
    token = "d49324b1-33f0-4400-9fe1-0806c71ea5df"
    text = f'smtp:\n  user_name: "{token}"\n  password: "{token}"\n  ref: x{token}'
    found = detect_secrets(text)
    spans = sorted((f.start, f.end) for f in found)
    at = text.index(token)
    assert spans == [
        (at, at + len(token)),
        (text.index(token, at + 1), text.index(token, at + 1) + len(token)),
    ]
    assert any("the same value" in f.reason for f in found)  # the user name's copy


_QUIET = [
    # ciphertext, references, defaults and keys that ship in apps
    "<password>{gY1UWMgYkKQe1lz+WI3IHAjsOM4CQYCmqSKm6CpuqQ4=}</password>",
    "AMQP_URL=amqp://guest:guest@localhost:5672/",
    "DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/app",
    '  posthogKey: "phc_MYE2bLiqn4pCjrArIfBVzfdUSEWCHUHh6IYawnpEDNT",',
    'Purchases.configure(withAPIKey: "appl_Z0pwn2tVvPePkIpRpDpR3YmU97c")',
    "<key>MixpanelToken</key>\n<string>2f00b03482c92c3aba538d6dc62d583f</string>",
    "<key>branch_key</key>\n<string>key_live_n3F4pIOrTXvy6AC6YjILv056eoKPodgt</string>",
    'network={\n    ssid="HomeNet"\n    psk=ext:home_psk\n}',
    "net use Z: \\\\nas01\\backup /user:CORP\\%USERNAME% %MOTDEPASSE% /persistent:no",
    "net use Z: \\\\nas01\\backup /user:CORP\\ops * /persistent:no",
    # digests on the next line, look-alike digits and base58
    f"SHA-256 checksum of the release key:\n{HEX40}{HEX40[:24]}\n",
    "Order 123456-234567-345678-456789-567890-678901-789012-890123 shipped",
    f"importprivkey K{_draw(_B58, 51)} false",  # no valid Base58Check: a mistyped key
    "Secret value for: sql-admin-password.\nDownloading secret value for: bus-connection.\n",
    "Beispiel für ein Passwort: „Sommer2024!“ – zu leicht zu erraten",
]


def test_format_checks() -> None:
    assert bitlocker_ok(BITLOCKER)
    assert not bitlocker_ok("123456-" * 7 + "123456")  # 123456 is no multiple of 11
    assert base58check_ok(WIF)
    assert base58check_ok(XPRV)
    assert not base58check_ok(WIF[:-1] + ("2" if WIF[-1] != "2" else "3"))
    assert not base58check_ok("0OIl")  # not base58 at all


def test_generated_passwords_in_terraform_state_and_escaped_json() -> None:
    state = (
        '{"type": "random_password", "name": "db", "instances": [{"attributes": {'
        '"id": "none", "length": 24, "special": false, "result": "czosmUqLr52oFYxVtIzhJ2W3"}'
    )
    assert values(state) == ["czosmUqLr52oFYxVtIzhJ2W3"]
    assert values('{"length": 24, "result": "ok"}') == []  # too short to be generated
    dump = '"persist:root" "{\\\\\\"freshdeskApiKey\\\\\\":\\\\\\"BQgtOKrtgDPLiqv0hJEl\\\\\\"}"'
    assert values(dump) == ["BQgtOKrtgDPLiqv0hJEl"]


def test_a_wallet_recovery_phrase_is_a_secret() -> None:
    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))  # 12 words, valid checksum
    text = f"Frase de recuperação (12 palavras):\n{phrase}\nNão guardar no Drive!"
    assert values(text) == [phrase]
    # the sentence before the phrase may join the run of short words
    assert values(f"my wallet words are {phrase}") == [f"words are {phrase}"]
    assert not seed_phrase("please restore the wallet from the recovery guide we wrote")
    # BIP39 words that also mark placeholders (one phrase in about 80 holds one)
    worded = "motor object clown cause ramp pig real feed cherry example tomato math"
    assert values(f"Frase de recuperação (12 palavras):\n{worded}\nNão guardar") == [worded]
    assert values(f"seed: {worded.replace('motor', 'sample')}") == [
        worded.replace("motor", "sample")
    ]


_QUIET_RECOVERY = [
    "Recovery steps: open the wallet app, tap settings, then choose restore and type the"
    " twelve words you wrote down when you made it",
    "seed the database with sample rows before you run the tests again this week",
]


_QUIET_REVIEW = [
    # found in review: JSON with a length and a result, form labels and names in other
    # languages, resource names after a key line, test mnemonics, identifiers
    '{"status": 200, "length": 42, "result": "completed"}',
    '{"length": 64, "encoding": "base64", "result": "SGVsbG8gV29ybGQ"}',
    "login.senha=Senha:\nform.contrasena=Contraseña:\nlogin.wachtwoord=Wachtwoord:\n",
    "login.passwort=Passwort:\nlogin.kennwort=Kennwort*\n",
    'parola_chiave = "ricerca_avanzata2"\nsleutel_naam: "productie-sleutel-2024"\n',
    'wachtwoord_beleid: "min-12-tekens"\npasswort_richtlinie: min12Zeichen\n',
    'autoclave_cycle = "steam-121C-15min"',
    "Key Vault name:\nkv-prod-westeurope-01\n",
    "Rotated the deploy key:\ndeploy-key-prod-01\n",
    "API key name:\nbackend-readonly-2024\n",
    'mnemonic: "test test test test test test test test test test test junk"',
    "seed: " + "abandon " * 11 + "about",
    '<string name="pref_sync_key">syncFrequency15</string>',
    "<key>NSExtensionPrincipalClassKey</key><string>ShareViewController2</string>",
    "Password will come next week",
    'The signing key for the "release" pipeline is "release-signing-key-2024".',
]


def test_review_secrets_stay_found() -> None:
    # a Mixpanel project token ships in pages; its API secret does not
    secret = "a7Kd93LmQz01XbVt5RwPn8Ye2cHs6JuF"
    assert values(f"MIXPANEL_API_SECRET={secret}") == [secret]
    # a passphrase on the line after a password word, hyphenated or not
    assert values("Het hoofdwachtwoord is:\n\n    hagelslag-tulpenveld-91\n") == [
        "hagelslag-tulpenveld-91"
    ]


def test_copies_of_a_value_stop_at_the_layers_bound() -> None:
    text = "password = Xk9#mQ2vLp7\n" + "Xk9#mQ2vLp7 " * 6_000
    assert 4_096 < len(detect_secrets(text)) <= 4_098


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Clé de signature des webhooks : {HEX40[:32]}\n", HEX40[:32]),
        (f"la chiave API è {KEY}, non condividerla", KEY),
        (f"Der API-Schlüssel lautet {KEY}.", KEY),  # the full stop is the sentence's
    ],
)
def test_keys_said_in_other_languages(text: str, secret: str) -> None:
    assert values(text) == [secret]


_QUIET_OTHER_LANGUAGES = [
    "la clé est simple à retenir",
    "a chave da API é gerada no painel de controle",
    "fn::secret: ops_eyJzaWduSW5B..[Redacted]",  # a truncation keeps its `..`
]


# second review: what the first review's fixes had dropped or still let through
PHRASE_24 = Mnemonic("english").to_mnemonic(bytes(range(7, 39)))  # fixed: tests repeat


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Password for username jdoe on the build box:\nTr0ub4dor&3xK9\n", "Tr0ub4dor&3xK9"),
        ("Passwort für den Benutzernamen svc-backup:\nWanderweg_Zugspitze8899\n", None),
        (f"API token for the payments namespace:\n{HEX40[:32]}\n", HEX40[:32]),
        ('const usuarioSenha = "Xk9#mPq2vL";', "Xk9#mPq2vL"),
        (f'apiChiave = "{KEY[:20]}"', KEY[:20]),
        (f"My DeepSeek API key:\nsk-{HEX40[:32]}\n", f"sk-{HEX40[:32]}"),
        (f"La chiave API di DeepSeek è sk-{HEX40[:32]}", f"sk-{HEX40[:32]}"),
        ("Here's the webhook secret:\ntundra-clarion-vesper-42\n", "tundra-clarion-vesper-42"),
        (f"Der API-Schlüssel für das Gerät lautet {KEY[:20]}", KEY[:20]),
        (f"API-nyckeln är {KEY[:20]}", KEY[:20]),
        ('JWT_SIGNING_KEY="PurpleMonkeyDishwasher7"', "PurpleMonkeyDishwasher7"),
        ("The new password:\nXk9#mPq2vL.\n", "Xk9#mPq2vL."),  # alone on its line: all of it
        (f"Here is my wallet recovery words list {PHRASE_24}", None),
        (
            "Recovery phrase:\n"
            + "\n".join(f"{i}. {w}" for i, w in enumerate(PHRASE_24.split()[:12], 1)),
            None,
        ),
    ],
)
def test_second_review_secrets_are_found(text: str, secret: str | None) -> None:
    found = detect_secrets(text)
    assert found, text
    if secret is not None:
        assert secret in values(text)
    if "wallet recovery words" in text:  # the whole phrase is covered, its last word too
        last = PHRASE_24.split()[-1]
        assert any(f.end >= text.rindex(last) + len(last) for f in found)


_QUIET_SECOND_REVIEW = [
    "Clé publique : MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
    "L'empreinte de la clé est 0D69E11F12BDBA077B3726AB4E1F799AA4FF2279, vérifiez-la",
    "Chave PIX: 7d8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
    "la clé de traduction est checkout.step2.paymentMethodTitle",
    '{ "ParameterKey": "VpcId",   "ParameterValue": "vpc-6c1ea864f8ef2484d" }',
]


@pytest.mark.parametrize(
    "text",
    [*_QUIET, *_QUIET_REVIEW, *_QUIET_RECOVERY, *_QUIET_OTHER_LANGUAGES, *_QUIET_SECOND_REVIEW],
)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert values(text) == []
