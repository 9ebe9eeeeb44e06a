"""Is a value a credential? The filters every secrets layer shares.

A value next to a credential word is still often something else: a placeholder
(`<your-key>`, `changeme`), a variable reference, a path, a host, a version, a word, a
password's hash or a public key. These checks are pure string tests, cheapest first, and
never log or keep the value.
"""

import math
from collections import Counter
from functools import lru_cache

import re2

from agentguard.engines._rx import compile_rx
from agentguard.engines.secret_rules_base import PLACEHOLDER_WORDS, composed

__all__ = [
    "camel_name",
    "fake_token",
    "is_hex",
    "is_placeholder",
    "made_up",
    "shannon_entropy",
    "value_ok",
]

# Keys that hold something other than a credential although a credential word is in them.
_NOT_CREDENTIAL_KEYS = (
    "idempoten",
    "existing",  # Helm's `existingSecret: <name of a Secret>`
    "cursor",
    "etag",
    "cache",
    "correlation",
    "trace",
    "request",
    "csrf",
    "authenticity",  # Rails' CSRF field: `<input name="authenticity_token" value="…">`
    # "keyword" and "password policy" in the languages the foreign keys come in
    *("parola_chiave", "palabra_clave", "palavra_chave", "schluesselwort", "trefwoord"),
    *("beleid", "richtlinie", "politica", "politique"),
)
_NOT_CREDENTIAL_SUFFIXES = (
    *("_uri", "_url", "_file", "_path", "_dir", "_type", "_name", "_field"),
    *("_id", "-id"),  # `key_id`, `Schlüssel-ID`: which key, not the key
    *("_naam", "_nome", "_nombre", "_nom"),  # `sleutel_naam`: a name, in other languages
)
_HOSTLIKE = compile_rx(r"(?i)^(?:[a-z0-9-]+\.)+[a-z]{2,12}(?::\d+)?$|^v?\d+(?:\.\d+)+")
_IDENTIFIER = compile_rx(
    r"^[A-Za-z]+(?:_(?:[A-Za-z][a-z0-9]*|[A-Z]+|\d{1,3})){2,}$|^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}$"
    # a PowerShell cmdlet: `$pass = Read-Host …`, `= ConvertTo-SecureString …`
    r"|^(?:Get|Set|New|Read|Write|ConvertTo|ConvertFrom|Invoke|Import|Export|Start|Stop|Add"
    r"|Remove|Out|Select|Test|Update|Join|Split)-[A-Z][A-Za-z]+$"
)
_ENV_NAME = compile_rx(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")  # an environment variable's name
_REFERENCE = compile_rx(r"^[\w.{}()\[\]:-]*$")
_DOTTED = compile_rx(r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$")  # 1.2.3, a.b.c, host.name
# Keys that say their value is public by design: publishable and search-only keys
_PUBLIC_KEY_MARKERS = (
    "public",
    "pub_",
    "publishable",
    "search_key",
    "searchonly",
    "search_only",
    "site_key",
    "site-key",
    "project_key",  # PostHog's phc_ project key ships in every page
    # Mixpanel's project token, Branch's key: in every app that uses them (not Mixpanel's
    # API secret or service account)
    "mixpaneltoken",
    "mixpanel_token",
    "mixpanel_project_token",
    "branch_key",
)
_PUBLIC_ENDS = ("keyword", "pubkey", "searchkey", "sitekey")
_PUBLIC_PREFIXES = ("phc_", "appl_", "goog_", "amzn_")
# a form's label as the value (`login.senha=Senha:`): the key's own word, not a password
_LABEL_WORDS = frozenset(
    (
        *("password", "passwort", "kennwort", "wachtwoord", "contraseña", "contrasena"),
        *("senha", "hasło", "haslo", "parola", "salasana", "passord", "lösenord"),
        *("chiave", "clave", "chave", "sleutel", "schlüssel", "klucz", "nyckel"),
    )
)
# a name in camel case (`syncFrequency15`, `ShareViewController2`), not a random key
_CAMEL = compile_rx(r"^[a-z]+(?:[A-Z][a-z]+)+\d{0,3}$|^(?:[A-Z][a-z]+){2,}\d{0,3}$")
# "password" in the languages our users write (`mot_de_passe` holds "pass" already)
_PASSWORD_WORDS = (
    *("pass", "pwd", "wachtwoord", "contraseña", "contrasena", "senha", "passwort"),
    *("kennwort", "hasło", "haslo", "parola", "salasana", "passord", "adgangskode"),
    *("lösenord", "losenord"),
)
_HEX = compile_rx(r"(?i)^(?:0x)?[0-9a-f]+$")
_PASSWORD_HASHES = (
    "SCRAM-SHA-",
    "pbkdf2_sha",
    "argon2",
    "bcrypt$",
    "scrypt$",
    "sha1$",
    "md5$",
    "$2a$",
    "$2b$",
    "$2y$",
    "$argon2",
    "$1$",
    "$5$",
    "$6$",
    "$y$",
    "{SSHA",
    "{SHA",
    "{CRYPT}",
)
_SEQUENCES = "abcdefghijklmnopqrstuvwxyz0123456789"
_PLACEHOLDER = compile_rx("|".join(re2.escape(word) for word in PLACEHOLDER_WORDS))
# six ascending characters in a row ("bcdefg", "345678") mark a made-up value
_RUNS = compile_rx("|".join(_SEQUENCES[i : i + 6] for i in range(len(_SEQUENCES) - 5)))
_WEAK_KEYS = ("key", "_key", "token", "auth")


@lru_cache(maxsize=4096)
def shannon_entropy(value: str) -> float:
    """Bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


def _repeated_groups(value: str) -> bool:
    """ "1234-1234-1234": the same group three times marks a documentation example."""
    groups = Counter(value.lower().replace("_", "-").replace(".", "-").split("-"))
    return any(count >= 3 and len(group) >= 3 for group, count in groups.items())


def is_placeholder(value: str) -> bool:
    """True for documentation placeholders, variable references and toy values."""
    lowered = value.lower()
    if _PLACEHOLDER.search(lowered):
        return True
    # `get_key()`, `your_key_here`, TeamCity's `credentialsJSON:…` reference to a stored token
    if lowered.endswith(("()", "_here")) or lowered.startswith("credentialsjson:"):
        return True
    if lowered[0] in "$%@&*" and _REFERENCE.search(lowered[1:]) is not None:
        # `$HOME`, `%(db)s`, `@Value`, `*alias`; not a key that starts with "@", nor a
        # password that starts with a symbol (`&Zephyr4667mea`)
        return not composed(value[1:])
    if len(set(lowered)) <= 3:
        return True
    if _repeated_groups(lowered):
        return True
    return _RUNS.search(lowered) is not None


def _periodic(body: str, distinct: int, run: int = 8) -> bool:
    """ "123123123123", "abababab…": a group of 1-4 characters repeated marks a made-up value.

    True when `body` equals itself shifted by 1-4 characters over `run` characters in a
    row. XOR of the shifted bytes as big integers keeps the comparison in C.
    """
    if distinct > len(body) - run:  # a periodic stretch leaves too few distinct characters
        return False
    raw = body.encode("utf-8", "replace")
    zeros = bytes(run)
    for period in range(1, 5):
        size = len(raw) - period
        if size < run:
            break
        diff = int.from_bytes(raw[:-period]) ^ int.from_bytes(raw[period:])
        if zeros in diff.to_bytes(size):
            return True
    return False


def fake_token(value: str, after: str) -> bool:
    """A provider-shaped match whose body is a documentation example or a truncation.

    Only the body's end is searched for placeholder words (vendor prefixes contain words
    like "secret_"); what follows the match counts only when it continues the value as a
    truncation (`sk_live_abc...`, `…xxxx`), not when it is markup (`</value>`, `" />`).
    """
    body = value[-24:].lower()
    distinct = len(set(body))
    return (
        distinct <= 3
        # a shell variable (`curl -u "$USER:$PASS"`), not a password that starts with "$"
        or (value.startswith("$") and not composed(value))
        or _periodic(body, distinct)
        or _PLACEHOLDER.search(body) is not None
        or _repeated_groups(value)
        or _RUNS.search(body) is not None
        or after.lstrip("-_.").lower().startswith(("...", "xxx", "***", "###", "\u2026"))
    )


def _pathlike(value: str) -> bool:
    """A path or URL, not base64 that happens to hold a "/" (AWS secret keys often do):
    a leading `/`, `./` or `~/`, a scheme, or low-entropy segments of words."""
    if "/" not in value:
        return False
    if value.startswith(("/", "./", "../", "~/")) or "://" in value:
        return True
    mixed = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return not (mixed and any(c.isdigit() for c in value) and shannon_entropy(value) >= 4.2)


# where a password goes: three or more lower-case words joined by dots, hyphens,
# underscores or pluses and a number of two to four digits (`tigre.pepper.velvet.07`,
# `sakura_nuage_sakura_18`), as passphrase generators make them; not a name made of
# credential words (`new_user_pass_12`) or in capitals (`MYSQL_ROOT_CREDS_20`)
_PASSPHRASE = compile_rx(r"^[a-z]{3,12}(?:[._+-][a-z]{3,12}){2,7}[._+-]?\d{2,4}$")
_NAMING_WORDS = compile_rx(
    r"pass|pwd|cred|secret|phrase|key|token|user|root|admin|login|auth|conf|prod|build|release"
)
# a key that names a password (`password`, `db_pass`, `pwd`), not one that only holds the
# letters (`compass`, `bypass`)
_PASSWORD_KEY = compile_rx(
    r"(?i)(?:pass(?:word|wd|phrase|code)|(?:^|[^a-z])pass|pwd|(?:^|[^a-z])pw)(?:$|[^a-z])"
)
# letters whose case flips where no word would (`DCbVHyTyLpId`), not camel case
_RANDOM_CASE = compile_rx(r"[A-Z]{2}[a-z][A-Z]|[a-z][A-Z][a-z][A-Z][a-z]?[A-Z]")


def _made_like_a_password(value: str) -> bool:
    """A value that only a password generator makes, which the word, host and name tests
    below would take for data."""
    if _PASSPHRASE.search(value) is not None:
        return _NAMING_WORDS.search(value) is None
    return len(value) >= 8 and value.isalpha() and _RANDOM_CASE.search(value) is not None


def _data_shaped(value: str, key: str, *, password: bool = False) -> bool:
    """Values that are code, paths, hosts, versions or words rather than credentials
    (`password`: the layer found the value where a password goes, as a `psk` directive).

    One `or` chain, cheapest tests first: most values are decided by a string method
    before any pattern runs."""
    head = value.split("=", maxsplit=1)[0].replace("_", "").replace("-", "")
    pw_key = any(word in key for word in _PASSWORD_WORDS)
    strong = pw_key or any(s in key for s in ("secret", "token", "api", "auth", "cred"))
    # where a password goes, a value made like one is a password even when it also looks
    # like a nested assignment, a dotted name or a host (`Umberkes=2025%`, `Urchin81.mango`)
    pw_slot = password or pw_key
    if (password or _PASSWORD_KEY.search(key) is not None) and _made_like_a_password(value):
        return False
    return (
        any(marker in key for marker in _PUBLIC_KEY_MARKERS)
        or key.endswith(_PUBLIC_ENDS)
        # a nested assignment (`--set region=eu`), not a password with "=" in it
        or (
            "=" in value.rstrip("=")
            and len(head) > 1
            and head.isalpha()
            and not (pw_slot and composed(value))
        )
        # truncated (`ops_eyJzaWduSW5B..[Redacted]`), or a file's name
        # (or a secret manager's reference: `--set-secrets=API_KEY=openai-key:latest`)
        or value.endswith(("..", ".pem", ".p12", ".key", ".crt", ".json", ".txt", ":latest"))
        # words joined by hyphens: `key="fabrikam-internal"`, `projectKey=payments-core`
        # (where a password goes, only in lower case: `staging-db`, not `Tangerine-Harbor`)
        or (
            not (strong or (password and not value.islower()))
            and value.replace("-", "").replace("_", "").isalpha()
        )
        or ("." in value and value.replace(".", "").replace("_", "").isalpha())  # a.b.c access
        # a word; a long random one is a password where a password goes (`psk="OgTLWh…"`)
        or (
            value.isalpha()
            and (len(value) < 14 or not (strong or password) or shannon_entropy(value) < 3.3)
        )
        # a flag in an argument list (`"get-token", "--cluster-name"`); Razorpay key ids;
        # wpa_supplicant's `psk=ext:home_psk`: a name in an external password store
        or value.startswith(("--", "rzp_live_", "rzp_test_", "ext:"))
        # keys that ship in apps and pages: PostHog's project key, RevenueCat's SDK keys,
        # Adyen's client key (`clientKey: 'live_…'`, for the browser's Drop-in)
        or value.startswith(_PUBLIC_PREFIXES)
        or (
            key.replace("_", "").replace("-", "").replace(".", "").endswith("clientkey")
            and value.startswith(("live_", "test_"))
        )
        # a password's hash, not the password: Django, bcrypt, crypt(3), argon2, LDAP
        or value.startswith(_PASSWORD_HASHES)
        # a YAML tag: Ansible's `!vault |`, Home Assistant's `!secret`, CloudFormation's `!Ref`
        or (value[0] == "!" and value[1:].isalpha())
        # Datadog's browser client tokens (`clientToken: 'pub…'`, meant for web pages)
        or (value.startswith("pub") and len(value) == 35 and _HEX.search(value[3:]) is not None)
        # a variable passed on: `cohere.ClientV2(api_key=cohere_key)`
        or ("_" in value and value.islower() and value.replace("_", "").isalpha())
        or value.count(":") >= 2
        or _pathlike(value)
        # a host name (not a password shaped like one: `Urchin81.mango`)
        or (_HOSTLIKE.search(value) is not None and not (pw_slot and composed(value)))
        # versions and dotted names (not a password made of dotted parts: `a.DovXG.GcZ7`)
        or (
            "." in value
            and len(value) < 24
            and _DOTTED.search(value) is not None
            and not (pw_slot and composed(value))
        )
        # snake_case_names_like_this, a cmdlet (`-Password (ConvertTo-SecureString …`)
        or _IDENTIFIER.search(value.removeprefix("(")) is not None
        or _ENV_NAME.search(value) is not None  # `passwordVariable: 'NEXUS_PASS'`
    )


def value_ok(value: str, key: str, *, password: bool = False) -> bool:
    """Is `value`, assigned to `key` (a password when `password`), plausibly a real
    credential?"""
    key = key.lower()
    if any(word in key for word in _NOT_CREDENTIAL_KEYS) or key.endswith(_NOT_CREDENTIAL_SUFFIXES):
        return False
    plain = key.replace("_", "").replace("-", "").replace(".", "")
    if any(word in plain for word in ("pagetoken", "pagecursor", "pagekey")):
        return False  # `nextPageToken`; not a page access token, nor PagerDuty's keys
    if (
        is_placeholder(value)
        or _data_shaped(value, key, password=password)
        or value.rstrip(":*").lower() in _LABEL_WORDS  # a form's label: `Senha:`
    ):
        return False
    if password or key.endswith("pw") or any(word in key for word in _PASSWORD_WORDS):
        return len(value) >= 6 and shannon_entropy(value) >= 2.5
    weak = key.endswith(_WEAK_KEYS) and not any(
        s in key for s in ("secret", "api", "access", "private", "client", "auth_token")
    )
    min_len, min_entropy = (12, 3.3) if weak else (10, 2.8)
    return len(value) >= min_len and shannon_entropy(value) >= min_entropy


def camel_name(key: str, value: str) -> bool:
    """A camel-case name (`syncFrequency15`) under a resource whose name ends in "key"
    (`pref_sync_key`): Android preference keys and plist keys name settings, not secrets."""
    lowered = key.lower()
    weak = lowered.endswith(_WEAK_KEYS) and "secret" not in lowered
    return weak and _CAMEL.search(value) is not None


def made_up(value: str) -> bool:
    """A value said in a sentence that is made like a credential: upper and lower case and
    a digit, or 32+ hex digits, or (from 10 characters) letters, a digit and a symbol
    (`lavande-mistral-papillon4`, a UUID)."""
    if composed(value) or (len(value) >= 32 and _HEX.search(value) is not None):
        return True
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    return len(value) >= 10 and letters and digits and not value.isalnum()


def is_hex(value: str) -> bool:
    """Hex digits only (an optional `0x`): a hash or an id, not a key's random body."""
    return _HEX.search(value) is not None
