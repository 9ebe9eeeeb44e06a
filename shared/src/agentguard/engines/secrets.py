"""Secret detection: provider formats, keyed assignments and high-entropy strings.

Three layers, all RE2: (1) `PROVIDER_RULES`, vendor token shapes; (2) a generic
`<credential-ish key> = <value>` assignment (also `--token value` flags); (3) standalone
high-entropy strings. Layers 2 and 3 drop values that are placeholders (`xxxx`,
`<your-key>`, `${VAR}`, `changeme`), code references, UUIDs and hashes (layer 3 only),
lockfile integrity hashes, sequential or low-entropy strings. Findings carry the type,
the span of the value and a digest, never the value.
"""

import base64
import binascii
import math
from collections import Counter
from functools import lru_cache

import re2

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import Coverage, finding
from agentguard.engines._rx import Rule, RuleSet, compile_rx, iter_group_spans, iter_spans
from agentguard.engines.secret_rules import PROVIDER_RULES
from agentguard.engines.secret_rules_base import PLACEHOLDER_WORDS, checksum_ok, composed
from agentguard.engines.secret_tables import password_cells

__all__ = ["detect_secrets", "is_placeholder", "shannon_entropy"]

_PROVIDERS = RuleSet(PROVIDER_RULES, reads="raw")
_LIMIT = 4096  # matches per layer: bounds memory on hostile input (work is linear anyway)
_KEY = (
    r"(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|"
    r"auth(?:[_.-]?key)?|credentials?|private[_.-]?key|client[_.-]?secret|session[_.-]?key|"
    r"signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|app[_.-]?key|_key|key|"
    r"(?:[_.-]|\b)pat)"  # personal access token: `ADO_PAT`, `github-pat`, not `compat`
)
_SUFFIX = r"(?:[_.-]?(?:value|str|string|b64|base64|hex|raw))?"
_ASSIGNMENT = compile_rx(
    # `k = v`, `k: v`, `k := v`, Makefile `k ::= v`/`k ?= v`, `env["K"] = v`, and the quoted
    # pair of a call or tuple: `setenv("K", "v")`, `("K", "v")`
    # quotes may be escaped, as in JSON inside a JSON string: `\"api_key\": \"…\"`
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX})(?:\\?[\"'`]?\]?[ \t]*"
    r"(?:=|:{1,3}=|:|=>|\?=|\|\|:)[ \t]*"
    r"(?:\\?[\"'`]|\b|-)|[\"'][ \t]*,[ \t]*[\"'])([^\s\"'`,;)(\]\[{}<>\\]{6,300})"
)
# A value that starts with a symbol, right after the operator (`default_pass = !Monsoon…`,
# `'password' => '@Indigo…'`). Apart from `_ASSIGNMENT`: as one of its alternatives it cost
# config text a third more RE2 time in that pattern.
_SYMBOL_LED = compile_rx(
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX})\\?[\"'`]?\]?[ \t]*(?:=|:{{1,3}}=|:|=>)[ \t]*"
    r"\\?[\"'`]?([!@=^~+#%&*?][^\s\"'`,;)(\]\[{}<>\\]{5,299})"
)
_XML = compile_rx(
    rf"(?i)\b(?:key|name)\s*=\s*[\"']([\w.-]{{0,40}}{_KEY}{_SUFFIX})[\"']\s+value\s*=\s*[\"']"
    r"([^\"'\s]{6,300})[\"']"
)
# a flag starts a word (not the "-token" of `get-session-token`); its value is no flag
_FLAG = compile_rx(
    rf"(?im)(?:^|\s)--?([\w-]{{0,30}}{_KEY})\s+[\"']?([^\s\"'`,;-][^\s\"'`,;]{{7,299}})"
)
# Kept apart from `_ASSIGNMENT`: there, extra key words would cost every text more DFA
# states. `storePassword "…"` (Gradle, Ruby and other DSLs: a password-like key, then a
# quoted value with no `=` or `:`) ...
_SPACED = compile_rx(
    r"(?i)\b([\w-]{0,30}(?:password|passwd|secret|token|api[_-]?key))[ \t]+[\"']"
    r"([^\s\"'`]{6,300})[\"']"
)
# ... and keys too short or too particular for it: `pw: …`, `db_pw = …`, Rails'
# `secret_key_base: <hex>`, German `kennwort=…`.
_SHORT_KEYS = compile_rx(
    r"(?i)\b(pw|\w{1,30}_pw|secret_key_base|kennwort)[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"([^\s\"'`,;]{6,300})"
)
# A password passed by position to a log-in call: `getConnection(url, "user", "pass")`,
# `smtp.login("user", "pass")`, `auth=("user", "pass")`; Gmail's app passwords are four
# groups of four letters.
_CALL = compile_rx(
    r"(?i)\b(login|getconnection|connect|basic_auth|auth|httpbasicauth|httpdigestauth"
    r"|set_?basic_?auth|with_?basic_?auth|authenticate|simple_bind_s|bind|sign_?in|pdo|mysqli"
    r"|basic|newcredential|credentials?|newstaticv4|mosquitto_username_pw_set)"
    r"\s*[=(]\s*\(?\s*(?:(?:[\"'][^\"'\n]{0,200}[\"']|[\w.$]+(?:\([^()\n]{0,80}\))?)\s*,\s*){0,2}"
    r"[\"'][^\"'\n]{1,100}[\"']\s*,\s*(?:Some\()?[\"']"
    r"([a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}|[^\s\"']{6,200})[\"']"
)
# Directives of config files that hold a password with no credential word a generic
# key pattern knows: redis.conf, sssd.conf, slapd/ldap.conf, wpa_supplicant.conf,
# hostapd.conf, Cisco IOS SNMP communities; the value follows a space, `=` or `:`.
_DIRECTIVE = compile_rx(
    r"(?im)^[ \t]*((?:requirepass|masterauth|ldap_default_authtok|bindpw|rootpw|psk"
    r"|wpa_passphrase|snmp-server community))(?:[ \t]*[=:][ \t]*|[ \t]+)[\"']?"
    r"([^\s\"']{6,128})"
)
# A password said in a sentence, in the languages our users write: "the admin password for
# https://grafana… is Lantern#Saffron1708", "das Passwort lautet …", "パスワードは … です",
# "hasło do panelu to …", "use … to log in" is left out (too many ordinary "use X to").
_PW_WORDS = (
    r"password|passwort|kennwort|passphrase|passcode|pw|pwd|senha|contraseña|mot de passe"
    r"|wachtwoord|lösenord(?:et)?|adgangskode|passord|salasana|hasło|heslo|jelszó|parola"
    r"|unlock code|master password|community[ -]string"
)
# words that start with a letter outside ASCII: RE2's \b is ASCII only
_PW_OTHER = r"пароль|şifre|mật khẩu|密码|パスワード|비밀번호|كلمة المرور|סיסמה"
# the value stays on the keyword's line: `snowflake.password=` then a new line is empty.
# No "=": `password=…` is `_ASSIGNMENT`'s, and here a flood of `password=password=…` would
# be a match every few characters.
_PW_JOIN = (
    r"(?:[ \t]+(?:is|are|was|will be|now|lautet|ist|es|est|é|è|är|er|on|to|hai|là|je|jest|hi)"
    r"(?:[ \t]*:)?[ \t]+|[ \t]*:[ \t]*|[ \t]*(?:은|는|は|是|هي)[ \t]*)"
)
_PROSE = compile_rx(
    rf"(?i)(\b(?:{_PW_WORDS})\b|{_PW_OTHER})[^\n]{{0,80}}?{_PW_JOIN}[\"'`]?"
    r"([A-Za-z0-9!#$%&*+\-.:=?@^_|~][A-Za-z0-9!#$%&*+\-./:=?@^_|~]{5,63})"
)
# ... and with nothing between the word and the value, where people hand over access in a
# sentence: "Benutzer jweber, Passwort Wanderweg_Zugspitze8899", "login magazyn, hasło …",
# "user bms / password 1BmOVH#…". Only values made like passwords count (`_made_up`).
_PROSE_BARE = compile_rx(
    rf"(?i)(\b(?:{_PW_WORDS})\b|{_PW_OTHER})[ \t]+[\"'`«]?[ \t]?"
    r"([A-Za-z0-9!#$%&*+\-.:=?@^_|~][A-Za-z0-9!#$%&*+\-./:=?@^_|~]{7,63})"
)
# A key or token said in a sentence: "you can use my Vercel token until we get a team one:
# 46Lsdld5…", "the key we got from you is 1b63c4…", "our server API token is bde66747-…"
_PROSE_KEY = compile_rx(
    r"(?i)\b([\w-]{0,30}(?:api[ _-]?)?(?:key|token|secret)|access key)\b[^\n,;`\"'()]{0,40}?"
    rf"{_PW_JOIN}[\"'`]?([A-Za-z0-9+/_\-.=!#$%&*?@]{{16,128}})"
)
# Kubernetes env lists and HAR/Postman exports: the name and the value are two fields
_NAME_VALUE = compile_rx(
    rf"(?i)(?:\bname:[ \t]*[\"']?([\w.-]{{0,40}}{_KEY}{_SUFFIX})[\"']?[ \t]*\n[ \t]*value:"
    rf"|\"(?:name|key)\"[ \t]*:[ \t]*\"([\w.-]{{0,40}}{_KEY}{_SUFFIX})\""
    r"[ \t]*,[ \t]*\"value\"[ \t]*:)"
    r"[ \t]*[\"']?([^\s\"']{6,300})"
)
# `vault kv get`, `heroku config` and other tables: the key, two or more spaces, the value
_TABLE = compile_rx(
    r"(?im)^[ \t]*(\w{0,30}(?:password|passwd|secret|token|api_?key))[ \t]+"
    r"([^\s\"'`]{6,300})[ \t]*$"
)
# CloudFormation parameters named for a credential, with a default a few lines below
_PARAMETER_DEFAULT = compile_rx(
    rf"(?im)^[ \t]*([\w]{{0,40}}{_KEY}\w{{0,10}}):[ \t]*\n(?:[ \t]+[^\n]*\n){{0,6}}?"
    r"[ \t]+Default:[ \t]*[\"']?([^\s\"']{6,300})"
)
# Declarations with a type between the name and `=` (Swift, Kotlin, TypeScript, Rust:
# `analyticsSecret: String = "…"`, `API_TOKEN: &str = "…"`), byte-string literals (Go
# `[]byte("…")`, Python `b"…"`) and Rust's `String::from("…")`: the value is quoted, and
# only these forms come here.
_TYPED = compile_rx(
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX})[ \t]*"
    r"(?::[ \t]*&?(?:'static[ \t]+)?[A-Za-z_][\w.]{0,30}(?:<[\w ,.]{0,40}>)?\??[ \t]*="
    r"[ \t]*(?:\[\]byte\(|b)?"
    r"|:?=[ \t]*(?:\[\]byte\(|b|String::from\(|Secret(?:String)?::(?:new|from)\())"
    r"[\"'`]([^\s\"'`,;)(\]\[{}<>\\]{6,300})[\"'`]"
)
# A password in a connection string's `;`-separated pairs (ADO.NET, ODBC, JDBC for SQL
# Server), where a value may start with any symbol: `…;User Id=app;Password=^a?v-Ng…`
_CONNECTION = compile_rx(r"(?i);[ \t]*(password|pwd)[ \t]*=[ \t]*([^;\s\"'{}]{6,128})")
# A builder's or setter's credential method given a literal: `.apiSecret("…")`,
# `setPassword("…")`, `.clientSecret('…')`, Lua's `red:auth("…")` (not `.key(…)`,
# `.token(…)`: cache keys, parsers)
_SETTER = compile_rx(
    r"(?i)(?:(?:[.:]|\bset_?)((?:api_?)?(?:secret|password|passwd)|api_?key|(?:access|auth)_?token"
    r"|client_?secret|(?:secret|private)_?key|auth)"
    # or a function named for the key it stores: R's `census_api_key("…")`
    r"|\b([a-z]\w{0,30}_api_?key))\(\s*[\"']([^\s\"']{6,300})[\"']"
)
# C and Arduino headers: `#define WIFI_PASS "…"`, `#define IO_KEY "…"` (the name ends on
# the credential word)
_DEFINE = compile_rx(
    r"(?im)^[ \t]*#[ \t]*define[ \t]+(\w{0,40}(?:pass(?:word|wd)?|pwd|secret|token|api_?key"
    r"|_key|psk))[ \t]+\"([^\"\s]{6,300})\""
)
# A Terraform variable named for a credential, with a default: the name is in the block's
# header, the value lines below it (`variable "paypal_client_secret" { … default = "…" }`)
_VARIABLE_DEFAULT = compile_rx(
    rf"(?i)\bvariable[ \t]+\"([\w.-]{{0,40}}{_KEY}{_SUFFIX})\"[ \t]*\{{[^}}]{{0,300}}?"
    r"\bdefault[ \t]*=[ \t]*\"([^\"\s]{6,300})\""
)
_KEYED_LAYERS = (
    (_ASSIGNMENT, "credential assigned to"),
    (_SYMBOL_LED, "credential assigned to"),
    (_VARIABLE_DEFAULT, "credential as the default of variable"),
    (_TYPED, "credential assigned to"),
    (_CONNECTION, "password in a connection string,"),
    (_SETTER, "credential passed to"),
    (_DEFINE, "credential defined as"),
    (_XML, "credential in config entry"),
    (_FLAG, "credential passed as flag"),
    (_SPACED, "credential given to"),
    (_SHORT_KEYS, "credential assigned to"),
    (_CALL, "password passed to"),
    (_DIRECTIVE, "password in config directive"),
    (_PROSE, "password written out after"),
    (_NAME_VALUE, "credential in a name/value pair"),
    (_TABLE, "credential in a table row"),
    (_PROSE_BARE, "password written out after"),
    (_PROSE_KEY, "key written out after"),
    (_PARAMETER_DEFAULT, "credential as the default of parameter"),
)
_SAID = frozenset((_PROSE_BARE, _PROSE_KEY))  # layers that read sentences: `_made_up` values
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
)
_NOT_CREDENTIAL_SUFFIXES = ("_uri", "_url", "_file", "_path", "_dir", "_type", "_name", "_field")
# The keyed patterns also join the combined prefilter (`_rx.prime`): in the full battery a
# text none of them matches skips their passes; unprimed text asks the raw part's database.
_KEYED = RuleSet(
    [Rule(f"keyed{i}", rx.pattern, 0.0, why) for i, (rx, why) in enumerate(_KEYED_LAYERS)],
    reads="raw",
)
_BLOB = compile_rx(r"[A-Za-z0-9+/_-]{32,512}={0,2}")
_HOSTLIKE = compile_rx(r"(?i)^(?:[a-z0-9-]+\.)+[a-z]{2,12}(?::\d+)?$|^v?\d+(?:\.\d+)+")
_IDENTIFIER = compile_rx(
    r"^[A-Za-z]+(?:_(?:[A-Za-z][a-z0-9]*|[A-Z]+|\d{1,3})){2,}$|^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}$"
    # a PowerShell cmdlet: `$pass = Read-Host …`, `= ConvertTo-SecureString …`
    r"|^(?:Get|Set|New|Read|Write|ConvertTo|ConvertFrom|Invoke|Import|Export|Start|Stop|Add"
    r"|Remove|Out|Select|Test|Update|Join|Split)-[A-Z][A-Za-z]+$"
)
_UUID = compile_rx(r"(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
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
)
_PUBLIC_ENDS = ("keyword", "pubkey", "searchkey", "sitekey")
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
_LOCKFILE_HINTS = (
    "sha512-",
    "sha384-",
    "sha256-",
    "sha1-",
    "integrity",
    "resolved",
    "hash",
    "checksum",
    "digest",
    "commit",
)
_ARMORED = ("PUBLIC KEY", "CERTIFICATE-----", "PGP SIGNATURE", "PGP MESSAGE")


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
    if lowered.endswith(("()", "_here")):
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


def _fake_token(value: str, after: str) -> bool:
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


def _public_by_design(rule: str, value: str, text: str, start: int) -> bool:
    """A Supabase anon key (a JWT whose role is `anon`, meant for browsers), the key in a
    Google Maps JavaScript loader URL or a Firebase web app's config, and New Relic's
    browser key in its loader snippet (in every page that uses them). Only those rules
    look at the text around the match."""
    if rule == "GCP_API_KEY":
        if "maps/api/js?" in text[max(0, start - 24) : start]:
            return True
        return "authdomain" in text[max(0, start - 200) : start + len(value) + 200].lower()
    if rule == "NEWRELIC_KEY":  # a browser agent's key, in every page's loader snippet
        return value.startswith("NRJS-") and "NREUM" in text[max(0, start - 400) : start]
    if rule != "JWT":
        return False
    payload = value.split(".")[1] if value.count(".") == 2 else ""
    try:
        claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return False
    return b'"role":"anon"' in claims.replace(b" ", b"")


def _in_arn(text: str, key_start: int) -> bool:
    """`arn:aws:secretsmanager:…:secret:prod/db-…`: "secret" names a resource type."""
    token = text[max(0, key_start - 96) : key_start].rsplit(maxsplit=1)[-1:]
    return bool(token) and "arn:" in token[0]


def _toy(rule: str, value: str) -> bool:
    """Curl examples: passwords such as `test`, `pass`, `admin`, and a bare user name given
    with `-u name:` (an API key passed that way has digits), are not credentials."""
    if rule == "CURL_USER_KEY":
        return not any(c.isdigit() for c in value)
    return rule.startswith("CURL_") and value.isalpha() and len(value) < 10


def _pathlike(value: str) -> bool:
    """A path or URL, not base64 that happens to hold a "/" (AWS secret keys often do):
    a leading `/`, `./` or `~/`, a scheme, or low-entropy segments of words."""
    if "/" not in value:
        return False
    if value.startswith(("/", "./", "../", "~/")) or "://" in value:
        return True
    mixed = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return not (mixed and any(c.isdigit() for c in value) and shannon_entropy(value) >= 4.2)


def _data_shaped(value: str, key: str, *, password: bool = False) -> bool:
    """Values that are code, paths, hosts, versions or words rather than credentials
    (`password`: the layer found the value where a password goes, as a `psk` directive).

    One `or` chain, cheapest tests first: most values are decided by a string method
    before any pattern runs."""
    head = value.split("=", maxsplit=1)[0].replace("_", "").replace("-", "")
    strong = any(s in key for s in ("secret", "token", "pass", "pwd", "api", "auth", "cred"))
    # where a password goes, a value made like one is a password even when it also looks
    # like a nested assignment, a dotted name or a host (`Umberkes=2025%`, `Urchin81.mango`)
    pw_slot = password or "pass" in key
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
        or value.endswith(("..", ".pem", ".p12", ".key", ".crt", ".json", ".txt"))
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
        # a flag in an argument list (`"get-token", "--cluster-name"`); Razorpay key ids
        or value.startswith(("--", "rzp_live_", "rzp_test_"))
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
        or _IDENTIFIER.search(value) is not None  # snake_case_names_like_this
        or _ENV_NAME.search(value) is not None  # `passwordVariable: 'NEXUS_PASS'`
    )


def _value_ok(value: str, key: str, *, password: bool = False) -> bool:
    """Is `value`, assigned to `key` (a password when `password`), plausibly a real
    credential?"""
    key = key.lower()
    if any(word in key for word in _NOT_CREDENTIAL_KEYS) or key.endswith(_NOT_CREDENTIAL_SUFFIXES):
        return False
    plain = key.replace("_", "").replace("-", "").replace(".", "")
    if any(word in plain for word in ("pagetoken", "pagecursor", "pagekey")):
        return False  # `nextPageToken`; not a page access token, nor PagerDuty's keys
    if is_placeholder(value) or _data_shaped(value, key, password=password):
        return False
    if password or "pass" in key or "pwd" in key or key.endswith("pw"):
        return len(value) >= 6 and shannon_entropy(value) >= 2.5
    weak = key.endswith(_WEAK_KEYS) and not any(
        s in key for s in ("secret", "api", "access", "private", "client", "auth_token")
    )
    min_len, min_entropy = (12, 3.3) if weak else (10, 2.8)
    return len(value) >= min_len and shannon_entropy(value) >= min_entropy


def _made_up(value: str) -> bool:
    """A value said in a sentence that is made like a credential: upper and lower case and
    a digit, or 32+ hex digits, or (from 10 characters) letters, a digit and a symbol
    (`lavande-mistral-papillon4`, a UUID)."""
    if composed(value) or (len(value) >= 32 and _HEX.search(value) is not None):
        return True
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    return len(value) >= 10 and letters and digits and not value.isalnum()


def _encrypted(text: str, start: int, value: str, *, sealed: bool) -> bool:
    """Ciphertext, which only its cluster or key holder can read: a SealedSecret's values
    (kubeseal's output opens with the 2-byte length of a 4096-bit session key: "Ag…"), and
    SOPS fields (`password: ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`)."""
    if sealed and (len(value) >= 200 or value.startswith("Ag")):
        return True
    opened = text.rfind("ENC[", max(0, start - 64), start)
    return opened >= 0 and "]" not in text[opened:start]


def _public(text: str, key_start: int) -> bool:
    """`# public key: age1…`: the key's name is "key", the word before says it is public."""
    return "public" in text[max(0, key_start - 12) : key_start].lower()


def _blob_ok(text: str, start: int, value: str) -> bool:
    """Standalone high-entropy string: mixed classes, not a hash, UUID or lockfile entry."""
    if _UUID.search(value) or _HEX.search(value) or is_placeholder(value) or len(value) > 100:
        return False
    end = start + len(value)
    before, after = text[start - 1 : start] or " ", text[end : end + 1] or " "
    if before not in " \t\n\"'`=:" or after not in " \t\n\"'`,;":
        return False  # part of a URL, path, signature blob or longer token
    context = text[max(0, start - 32) : start].lower()
    if any(hint in context for hint in (*_LOCKFILE_HINTS, "public", "pub_", "pubkey")):
        return False
    if value.count("-") > 2:
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    return classes == 3 and value.count("/") <= 2 and shannon_entropy(value) >= 4.3


def _decodes_to_text(value: str) -> bool:
    """Base64 that decodes to readable text is encoded data, not a key."""
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_", validate=False)
    except (binascii.Error, ValueError):
        return False
    printable = sum(32 <= b < 127 for b in raw)
    return bool(raw) and printable >= 0.9 * len(raw)


def _provider_findings(text: str, taken: Coverage) -> list[Finding]:
    """Vendor-format findings; every span judged (kept, or public by design) is `taken`."""
    found: list[Finding] = []
    for rule, start, end in _PROVIDERS.scan(text, limit=_LIMIT):
        value = text[start:end]
        # a structural match is a file's shape, not a token a placeholder could fill
        if not rule.structural and (
            _fake_token(value, text[end : end + 6]) or _toy(rule.name, value)
        ):
            continue
        if _public_by_design(rule.name, value, text, start):
            taken.append((start, end))  # nor is it a generic key's value
            continue
        score, why = rule.score, rule.why
        checked = checksum_ok(value)
        if checked is not None:
            score = 0.99 if checked else 0.8
            why += " (checksum verified)" if checked else " (checksum mismatch: likely made up)"
        found.append(
            finding(
                f"secrets.{rule.name.lower()}",
                Category.SECRET,
                rule.name,
                (start, end),
                score,
                why,
                value=value,
            )
        )
        taken.append((start, end))
    if any(f.type == "PRIVATE_KEY" for f in found):  # the key itself says it all
        found = [f for f in found if f.type != "GCP_SERVICE_ACCOUNT"]
    return found


def _generic(value: str, span: tuple[int, int], why: str) -> Finding:
    score = 0.8 if shannon_entropy(value) >= 3.5 else 0.6
    return finding(
        "secrets.generic", Category.SECRET, "GENERIC_SECRET", span, score, why, value=value
    )


def _value_span(spans: list[tuple[int, int]]) -> tuple[int, int]:
    """A keyed layer's value: the last group that took part (alternatives each end on one)."""
    return next((span for span in reversed(spans[2:]) if span[0] >= 0), spans[-1])


def _kept(
    pattern: "re2._Regexp[str]",
    text: str,
    spans: list[tuple[int, int]],
    value_span: tuple[int, int],
    *,
    sealed: bool,
) -> str | None:
    """The key's name when a keyed layer's match (its group spans, its value's span) is a
    credential worth reporting, else None (`sealed`: the text is a SealedSecret, whose
    values are encrypted for the cluster)."""
    start, end = value_span
    key_start, key_end = next((span for span in spans[1:-1] if span[0] >= 0), spans[1])
    key, value = text[key_start:key_end], text[start:end]
    if start < 0 or not value:
        return None
    password = pattern in (_CALL, _DIRECTIVE, _PROSE, _CONNECTION, _PROSE_BARE)
    if not _value_ok(value, key, password=password) or _public(text, key_start):
        return None
    if text[end : end + 1] == "(" or value.endswith("("):
        return None  # a call: `auth = tweepy.OAuth1UserHandler(…)`
    if pattern in _SAID and not _made_up(value):
        return None  # "the password policy", "the key is to start early"
    if (
        _verifier(text, start)
        or _in_arn(text, key_start)  # a resource type in an ARN
        or _encrypted(text, start, value, sealed=sealed)
    ):
        return None
    return key


def _verifier(text: str, start: int) -> bool:
    """What a value stands for rather than is: a key's fingerprint (`1 key, SHA256:0Skw…`),
    a PostgreSQL password verifier (`SCRAM-SHA-256$4096:salt$…`)."""
    return text[max(0, start - 7) : start].upper().endswith(("SHA256:", "SHA1:", "MD5:")) or (
        "SCRAM-SHA-" in text[max(0, start - 40) : start]
    )


def _keyed_findings(text: str, found: list[Finding], taken: Coverage) -> None:
    """Values next to a name, a flag, a function or a sentence that says what they are."""
    sealed = "kind: SealedSecret" in text  # once per text: `_kept` runs per match
    # the layers whose pattern matches somewhere: read off the combined pass when the text
    # was primed, else one pass of the raw part's database (not seven RE2 scans)
    for index in _KEYED.hits(text):
        pattern, why = _KEYED_LAYERS[index]
        for spans in iter_group_spans(pattern, text, _LIMIT):
            start, end = _value_span(spans)
            if len(found) > _LIMIT or taken.overlaps(start, end):
                continue
            key = _kept(pattern, text, spans, (start, end), sealed=sealed)
            if key is not None:
                found.append(_generic(text[start:end], (start, end), f"{why} '{key[-40:]}'"))
                taken.append((start, end))
    for header, start, end in password_cells(text):
        value = text[start:end]
        if len(found) > _LIMIT or taken.overlaps(start, end) or " " in value:
            continue
        if _value_ok(value, header, password=True):
            found.append(
                _generic(value, (start, end), f"credential in a table's '{header}' column")
            )
            taken.append((start, end))


def detect_secrets(text: str, *, entropy: bool = False) -> list[Finding]:
    """Credential findings (type, span of the value, digest); never the value itself.

    `entropy=True` adds the standalone high-entropy layer (random-looking strings with no
    credential key nearby). It is off by default: on gitleaks' samples it found no secret
    the other layers missed and raised false alarms from 11% to 16% (docs/engines.md).
    """
    taken = Coverage(len(text))
    found = _provider_findings(text, taken)
    _keyed_findings(text, found, taken)
    if not entropy or any(armor in text for armor in _ARMORED):
        return found  # public keys and certificates are long base64 by design
    for start, end in iter_spans(_BLOB, text, limit=_LIMIT):
        value = text[start:end]
        if (
            not taken.overlaps(start, end)
            and _blob_ok(text, start, value)
            and not _decodes_to_text(value)
        ):
            found.append(
                finding(
                    "secrets.entropy",
                    Category.SECRET,
                    "HIGH_ENTROPY",
                    (start, end),
                    0.55,
                    f"high-entropy string ({shannon_entropy(value):.1f} bits/char)",
                    layer="entropy",
                    value=value,
                )
            )
    return found
