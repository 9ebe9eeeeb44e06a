"""Keyed secrets: a value next to a name, a flag, a function or a sentence that says what
it is (`api_key = "…"`, `--token …`, `setPassword("…")`, "das Passwort lautet …").

Each shape is an RE2 pattern (a layer) whose groups are the key and the value; a match
counts when the value passes the shared filters (`secret_values`) and is not ciphertext, a
fingerprint or a resource name. The layers also join the combined prefilter, so a text
none of them matches costs no pass of its own.
"""

import re2

from agentguard.contracts import Category, Finding
from agentguard.engines._findings import Coverage, finding
from agentguard.engines._rx import Rule, RuleSet, compile_rx, iter_group_spans
from agentguard.engines.secret_said import (
    LOGIN_WORDS,
    NEXT_LITERAL,
    PASSWORD_CALLS,
    POSITIONAL_KEY,
    RECOVERY_CODES,
    SECRETS_FOLLOW,
    VENDOR_KEY,
    an_example,
    named_thing,
    recovery_codes,
    said_passwords,
)
from agentguard.engines.secret_tables import password_cells
from agentguard.engines.secret_values import (
    camel_name,
    is_hex,
    made_up,
    shannon_entropy,
    value_ok,
)

__all__ = ["keyed_findings"]

_KEY = (
    r"(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|"
    r"auth(?:[_.-]?key)?|credentials?|private[_.-]?key|client[_.-]?secret|session[_.-]?key|"
    r"signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|app[_.-]?key|_key|key|"
    r"(?:[_.-]|\b)pat)"  # personal access token: `ADO_PAT`, `github-pat`, not `compat`
)
_SUFFIX = r"(?:[_.-]?(?:value|str|string|b64|base64|hex|raw))?"
# every keyed layer takes a numbered key (`password2`, `api_key_1`); the number stays out
# of the key's group, so the name checks read the name
_NUMBERED = r"(?:[_.-]?\d{1,2})?"
_ASSIGNMENT = compile_rx(
    # `k = v`, `k: v`, `k := v`, Makefile `k ::= v`/`k ?= v`, `env["K"] = v`, and the quoted
    # pair of a call or tuple: `setenv("K", "v")`, `("K", "v")`
    # quotes may be escaped, as in JSON inside a JSON string: `\"api_key\": \"…\"`, and
    # again in a log or a browser's storage dump (`\\\"apiKey\\\":\\\"…\\\"`)
    # a numbered key (`password2`, `api_key_1`), a C array (`char pass[] = "…"`)
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}(?:\[\d{{0,4}}\])?"
    r"(?:\\{0,7}[\"'`]?\]?[ \t]*"
    r"(?:=|:{1,3}=|:|=>|\?=|\|\|:)[ \t]*"
    r"(?:\\{0,7}[\"'`]|\b|-)|[\"'][ \t]*,[ \t]*[\"'])([^\s\"'`,;)(\]\[{}<>\\]{6,300})"
)
# A value that starts with a symbol, right after the operator (`default_pass = !Monsoon…`,
# `'password' => '@Indigo…'`). Apart from `_ASSIGNMENT`: as one of its alternatives it cost
# config text a third more RE2 time in that pattern.
_SYMBOL_LED = compile_rx(
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}\\?[\"'`]?\]?[ \t]*"
    r"(?:=|:{1,3}=|:|=>)[ \t]*"
    r"\\?[\"'`]?([!@=^~+#%&*?][^\s\"'`,;)(\]\[{}<>\\]{5,299})"
)
_XML = compile_rx(
    rf"(?i)\b(?:key|name)\s*=\s*[\"']([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}[\"']\s+(?:android:)?value\s*="
    r"\s*[\"']([^\"'\s]{6,300})[\"']"
)
# The name in one element, the value in the next or inside: Android resources
# (`<string name="twitter_consumer_secret">…</string>`) and property lists
# (`<key>IAPSharedSecret</key> <string>…</string>`)
_ELEMENT = compile_rx(
    # (other attributes may follow the name: `translatable="false"`)
    rf"(?i)(?:<string[ \t]+name[ \t]*=[ \t]*\"([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}\""
    r"(?:[ \t]+[\w:.-]{1,40}[ \t]*=[ \t]*\"[^\"\n<>]{0,80}\"){0,3}[ \t]*>"
    rf"|<key>([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}</key>\s{{0,40}}<string>)"
    r"([^<\s]{6,300})</string>"
)


# Keys named in the languages our users write (`chiave_api`, `wachtwoord`, `mot_de_passe`,
# `contraseña`): a layer of its own, since more words in `_ASSIGNMENT` cost every text
# more DFA states there
def _camel_humps(words: str) -> str:
    """An alternation of words with each first letter in upper case (`Senha|Chiave`), for
    the hump of a camel-case name."""
    return "|".join(word[:1].upper() + word[1:] for word in words.split("|"))


_FOREIGN_WORDS = (
    r"chiave|clave|chave|sleutel|schl(?:ü|ue)ssel|klucz|nyckel|wachtwoord|mot_?de_?passe"
    r"|contrase(?:ñ|n)a|senha|passwort|kennwort|has(?:ł|l)o|parola|salasana|passord"
    r"|adgangskode|l(?:ö|o)senord|cl(?:é|e)[_.-]?(?:api|secr(?:è|e)te|priv(?:é|e)e)"
)
_FOREIGN = compile_rx(
    # the word starts the key, a part of it (`db_chiave`) or a camel-case hump
    # (`usuarioSenha`), not the inside of another word (`autoclave`)
    rf"(?i)\b((?:[\w.-]{{0,40}}[_.-])?(?:{_FOREIGN_WORDS})[\w.-]{{0,20}}"
    rf"|[\w.-]{{0,40}}(?-i:[a-z])(?-i:{_camel_humps(_FOREIGN_WORDS)})[\w.-]{{0,20}})"
    r"[\"']?[ \t]*(?:=|:|=>)[ \t]*(?:[\"'`]|\b)([^\s\"'`,;)(\]\[{}<>\\]{6,300})"
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
# "user bms / password 1BmOVH#…". Only values made like passwords count (`made_up`).
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
# ... and a clause away, with quotes or brackets between: "the Segment write key for the
# new "web-checkout" source is 4ZXG…", "Zendesk API token for the integration user
# (svc-helpdesk@…) is yISu…", "application key `0541…`" (long values only; no braces,
# brackets, commas or "=" between: that is code, `keys.create({ apiId: "…"`, JSON pairs)
_PROSE_KEY_FAR = compile_rx(
    r"(?i)\b([\w-]{0,30}(?:api[ _-]?)?(?:key|token|secret)|access key)\b[^\n;,{}=<>\[\]]{0,60}?"
    rf"(?:{_PW_JOIN}[\"'`]|[ \t]+`)([A-Za-z0-9+/_\-.=]{{20,128}})[\"'`]"
    rf"|(?i)\b([\w-]{{0,30}}(?:api[ _-]?)?(?:key|token|secret)|access key)\b"
    r"[^\n;,{}=<>\[\]]{0,60}?"
    rf"{_PW_JOIN}([A-Za-z0-9+/_\-.=]{{20,128}})(?:[ \t]*(?:[.,;)]|$)|[ \t]*\n)"
)
# ... and in the languages our users write: "Clé de signature des webhooks : 9d49…", "la
# chiave API è …", "der API-Schlüssel lautet …" (a few words between; `made_up` values)
_PROSE_KEY_OTHER = compile_rx(
    r"(?i)(?:\b|_)(cl(?:é|e)|chiave|clave|chave|schl(?:ü|ue)ssel|sleutel|klucz|n(?:ø|o)glen?"
    r"|nyckeln?|n(?:ø|o)kkel(?:en)?|jeton)(?:[ \t]+[\pL\pN'’-]{1,20}){0,4}?"
    rf"{_PW_JOIN}[\"'`]?([A-Za-z0-9+/_\-.=]{{16,128}})"
)
# A line that names the key and ends in a colon, the value alone on the next line (or the
# one after a blank line): tickets and chats ("updated staging to the integration user's
# token:" / "4aa20e04…", "ho generato una nuova chiave dall'utente hr-sync:" / "50d5524e…",
# "Het hoofdwachtwoord is:" / "hagelslag-…-91"). Only values made like keys count
# (`made_up`), and not when the line names a digest (`_DIGEST_WORDS`).
_NEXT_LINE = compile_rx(
    r"(?im)\b(\w{0,20}(?:(?:api[ _-]?)?(?:key|token|secret)|chave|chiave|clave|sleutel|klucz"
    r"|nyckel|credentials?|password|passwort|senha|wachtwoord))\b[^\n]{0,60}:[ \t]*\n"
    r"(?:[ \t]*\n)?[ \t]*([A-Za-z0-9+/_\-.=!#$%&*?@]{8,128})[ \t]*$"
)
# what a sentence or a key line says the value is when it is not the secret: a digest, an
# id, a public key, in the languages of the prose layers
_NOT_THE_SECRET = (
    *("fingerprint", "checksum", "hash", "sha", "md5", "digest", "commit", "id:", " id "),
    "id)",  # `cloudflare (zone id): …`
    *("empreinte", "hachage", "impronta", "fingerabdruck", "idempot", "traduction"),
    *("traduzione", "translation", "pix", "public", "publique", "pubblica", "pública"),
    *("publica", "publieke", "publiczny", "offentlig", "öffentlich", "publik"),
)
# a line that says the value below or after it is a thing's name (`Key Vault name:`)
_NAMES_IT = compile_rx(r"(?i)\b(?:name|alias|label|title)[ \t]*[:=]?[ \t]*$")
# a name made of words: lower-case parts of at most 12 letters or 4 digits joined by
# hyphens (`kv-prod-westeurope-01`, `release-signing-key-2024`); not `sk-3f9a…`
_NAME_SHAPED = compile_rx(r"^[a-z]{1,12}(?:-(?:[a-z]{1,12}|[a-z]{0,8}\d{1,4}))+$")
# The name and the value in two fields: Kubernetes env lists, HAR and Postman exports
# (`name: K` / `value: v`), Helm `set` blocks in Terraform, as `terraform plan` prints them
# (`+ name = "K"` / `+ value = "v"`), CloudFormation parameter lists (`"ParameterKey": "K",
# "ParameterValue": "v"`)
_NAME_VALUE = compile_rx(
    rf"(?i)(?:\bname:[ \t]*[\"']?([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}[\"']?[ \t]*\n"
    r"[ \t]*value:"
    rf"|\"(?:name|key|parameterkey)\"[ \t]*:[ \t]*\"([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}\""
    r"[ \t]*,\s{0,40}\"(?:value|parametervalue)\"[ \t]*:"
    rf"|\bname[ \t]*=[ \t]*\"([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}\"[ \t]*\n"
    r"[ \t]*[+~]?[ \t]*value[ \t]*=)"
    r"[ \t]*[\"']?([^\s\"',]{6,300})"
)
# `vault kv get`, `heroku config`, msmtprc and other tables: the key, spaces, the value (a
# Google app password is four groups of four letters, after a tab or a column's spaces)
_TABLE = compile_rx(
    r"(?im)^[ \t]*((?:\w{1,20} )?\w{0,30}(?:password|passwd|secret|token|api_?key))(?:[ \t]+"
    r"([^\s\"'`]{6,300})|(?:\t|[ \t]{2,})((?-i:[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4})))[ \t]*$"
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
    rf"(?i)\b([\w.-]{{0,40}}{_KEY}{_SUFFIX}){_NUMBERED}[ \t]*"
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
    (_ELEMENT, "credential in resource"),
    (_FLAG, "credential passed as flag"),
    (_SPACED, "credential given to"),
    (_SHORT_KEYS, "credential assigned to"),
    (_FOREIGN, "credential assigned to"),
    (_CALL, "password passed to"),
    (_DIRECTIVE, "password in config directive"),
    (_PROSE, "password written out after"),
    (_NAME_VALUE, "credential in a name/value pair"),
    (_TABLE, "credential in a table row"),
    (_PROSE_BARE, "password written out after"),
    (_PROSE_KEY, "key written out after"),
    (_PROSE_KEY_FAR, "key written out after"),
    (_PROSE_KEY_OTHER, "key written out after"),
    (_NEXT_LINE, "key on the line after"),
    (_PARAMETER_DEFAULT, "credential as the default of parameter"),
    (VENDOR_KEY, "key named by its vendor"),
    (POSITIONAL_KEY, "secret passed by position to"),
    (LOGIN_WORDS, "password-shaped word near"),
    (RECOVERY_CODES, "recovery code listed under"),
)
# layers that read sentences: only `made_up` values count
_SAID = frozenset((_PROSE_BARE, _PROSE_KEY, _PROSE_KEY_FAR, _PROSE_KEY_OTHER, _NEXT_LINE))
_NAMED = frozenset(
    (_PROSE_KEY_FAR, _PROSE_KEY_OTHER, _NEXT_LINE)
)  # the sentence may name the thing instead
# The keyed patterns also join the combined prefilter (`_rx.prime`): in the full battery a
# text none of them matches skips their passes; unprimed text asks the raw part's database.
_KEYED = RuleSet(
    [Rule(f"keyed{i}", rx.pattern, 0.0, why) for i, (rx, why) in enumerate(_KEYED_LAYERS)],
    reads="raw",
)


def _in_arn(text: str, key_start: int) -> bool:
    """`arn:aws:secretsmanager:…:secret:prod/db-…`: "secret" names a resource type."""
    token = text[max(0, key_start - 96) : key_start].rsplit(maxsplit=1)[-1:]
    return bool(token) and "arn:" in token[0]


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


# the name a call's result is assigned to (`const searchClient = algoliasearch(`)
_ASSIGNED_TO = compile_rx(r"(\w+)[ \t]*[:=][ \t]*(?:new[ \t]+|await[ \t]+)?[\w.]*$")


def _unnamed_not_a_key(
    pattern: "re2._Regexp[str]", text: str, key_start: int, start: int, value: str
) -> bool:
    """A value no credential word names (a vendor's name, a call's position) that is not
    made like a key (`datadog: enabled-for-prod`) or names a thing (`mistral:
    mistral-large-2407`, `Anthropic("claude-3-5-sonnet-20241022")`); or the key of a
    client its variable's name says is for searching or the browser, public by design
    (`const searchClient = algoliasearch(…)`)."""
    if pattern is not VENDOR_KEY and pattern is not POSITIONAL_KEY:
        return False
    made = made_up(value) or (pattern is POSITIONAL_KEY and len(value) >= 16 and is_hex(value))
    call = text[key_start : key_start + 40].split("(", 1)[0].strip()
    if not made or (call not in PASSWORD_CALLS and named_thing(value)):
        return True
    if pattern is VENDOR_KEY:
        return _not_the_secret(text, key_start, start)  # `cloudflare (zone id): …`
    assigned = _ASSIGNED_TO.search(text[max(0, key_start - 80) : key_start])
    parts = set(_name_parts(assigned.group(1))) if assigned is not None else set()
    return bool(parts & {"search", "public", "browser", "frontend"})


def _name_parts(name: str) -> list[str]:
    """The words of a camel-case or snake-case name, lower-cased (`searchClient` →
    search, client)."""
    words: list[str] = []
    current = ""
    for char in name:
        if char == "_" or (char.isupper() and current and not current[-1].isupper()):
            if current:
                words.append(current.lower())
            current = "" if char == "_" else char
        else:
            current += char
    if current:
        words.append(current.lower())
    return words


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
    if not value_ok(value, key, password=password) or _public(text, key_start):
        return None
    if (
        # a call: `auth = tweepy.OAuth1UserHandler(…)`
        (text[end : end + 1] == "(" or value.endswith("("))
        # "Weak password examples: Summer2024!, …"
        or (pattern in (_PROSE, _PROSE_BARE) and an_example(text, start))
        # `mistral: mistral-large-2407`, `const searchClient = algoliasearch(…)`
        or _unnamed_not_a_key(pattern, text, key_start, start, value)
    ):
        return None
    if (pattern is _ELEMENT and camel_name(key, value)) or (
        pattern in _SAID and not made_up(value)
    ):
        # `<string name="pref_sync_key">syncFrequency15</string>`; "the password policy",
        # "the key is to start early"
        return None
    if (
        # "SHA-256 of the release key:" and the digest below it; "Clé publique : …";
        # `Key Vault name:` and the name below it
        (pattern in _NAMED and _not_the_secret(text, key_start, start))
        or (pattern in _NAMED and _a_name(text, key, key_start, start, value))
        or _verifier(text, start)
        or _in_arn(text, key_start)  # a resource type in an ARN
        or _encrypted(text, start, value, sealed=sealed)
    ):
        return None
    return key


def _not_the_secret(text: str, key_start: int, start: int) -> bool:
    """Does the sentence from the key's word to the value say the value is a digest, an id
    or a public key ("Clé publique : …", "SHA-256 of the release key:")?"""
    # a sentence's worth: a key on a long line does not read the whole line again
    line_start = text.rfind("\n", max(0, key_start - 200), key_start) + 1
    line = text[max(line_start, key_start - 200) : start].lower()
    return any(word in line for word in _NOT_THE_SECRET)


def _a_name(text: str, key: str, key_start: int, start: int, value: str) -> bool:
    """Is the value after a key, token or secret word (not a password word) the thing's
    name: the line says "name:", or, unless it speaks of a secret, the value is made of
    words (`release-signing-key-2024`)?"""
    lowered = key.lower()
    if any(word in lowered for word in ("pass", "wachtwoord", "senha", "passwort")):
        return False
    before = text[text.rfind("\n", 0, key_start) + 1 : start].rstrip()
    if _NAMES_IT.search(before) is not None:
        return True
    return "secret" not in lowered and _NAME_SHAPED.search(value) is not None


def _verifier(text: str, start: int) -> bool:
    """What a value stands for rather than is: a key's fingerprint (`1 key, SHA256:0Skw…`),
    a PostgreSQL password verifier (`SCRAM-SHA-256$4096:salt$…`), a stored token's id."""
    return (
        text[max(0, start - 7) : start].upper().endswith(("SHA256:", "SHA1:", "MD5:"))
        or "SCRAM-SHA-" in text[max(0, start - 40) : start]
        # TeamCity's reference to a token it stores (`credentialsJSON:<uuid>`)
        or text[max(0, start - 16) : start].lower() == "credentialsjson:"
    )


def _following(text: str, found: list[Finding], taken: Coverage, end: int, call: str) -> None:
    """The literals after a call's first secret, while the call goes on: a consumer
    secret's access token and its secret (`OAuth1UserHandler(ck, cs, at, ats)`)."""
    for _ in range(3):
        match = NEXT_LITERAL.match(text, end)
        if match is None:
            return
        start, end = match.span(1)
        value = text[start:end]
        if not taken.overlaps(start, end) and value_ok(value, call) and made_up(value):
            found.append(_generic(value, (start, end), f"secret passed by position to '{call}'"))
            taken.append((start, end))


def _codes(text: str, found: list[Finding], taken: Coverage, limit: int) -> None:
    """One-time recovery codes listed under a line that names them."""
    listed = 0  # where the last list read ended: a header inside it opens no other
    for spans in iter_group_spans(RECOVERY_CODES, text, limit):
        if spans[0][0] < listed:
            continue
        header = text[spans[0][0] : spans[0][1]]
        codes = recovery_codes(text, spans[0])
        listed = codes[-1][1] if codes else spans[0][1]
        for start, end in codes:
            if len(found) > limit or taken.overlaps(start, end):
                continue
            found.append(
                finding(
                    "secrets.recovery_code",
                    Category.SECRET,
                    "RECOVERY_CODE",
                    (start, end),
                    0.8,
                    f"recovery code listed under '{header}'",
                    value=text[start:end],
                )
            )
            taken.append((start, end))


def _said(text: str, found: list[Finding], taken: Coverage, limit: int) -> None:
    """Password-shaped words near a word that speaks of a password or a log-in."""
    for spans in iter_group_spans(LOGIN_WORDS, text, limit):
        word = spans[0]
        password_word = spans[1][0] >= 0
        for start, end in said_passwords(text, word, password_word=password_word):
            if len(found) > limit or taken.overlaps(start, end):
                continue
            value = text[start:end]
            if value_ok(value, text[word[0] : word[1]], password=True):
                found.append(
                    _generic(
                        value,
                        (start, end),
                        f"password-shaped word near '{text[word[0] : word[1]]}'",
                    )
                )
                taken.append((start, end))


def _trimmed(pattern: "re2._Regexp[str]", text: str, start: int, end: int) -> tuple[int, int]:
    """A value without a sentence's full stop (not a truncation's `..`; alone on its line, a
    final "." is the value's) and without Markdown emphasis around it."""
    if (
        (pattern in _SAID or pattern is VENDOR_KEY)
        and pattern is not _NEXT_LINE
        and text.endswith(".", start, end)
        and not text.endswith("..", start, end)
    ):
        end -= 1
    for mark in ("**", "__", "*", "_", "`"):
        size = len(mark)
        if (
            end - start > 2 * size
            and text.startswith(mark, start)
            and text.endswith(mark, start, end)
        ):
            return start + size, end - size
    return start, end


def keyed_findings(text: str, found: list[Finding], taken: Coverage, limit: int) -> None:
    """Append to `found` the values next to a name, a flag, a function or a sentence that
    says what they are (at most about `limit`), and mark their spans `taken`."""
    sealed = (
        "kind: SealedSecret" in text or "encryptedData:" in text
    )  # once per text: `_kept` runs per match
    # the layers whose pattern matches somewhere: read off the combined pass when the text
    # was primed, else one pass of the raw part's database (not seven RE2 scans)
    for index in _KEYED.hits(text):
        pattern, why = _KEYED_LAYERS[index]
        if pattern is LOGIN_WORDS:
            _said(text, found, taken, limit)
            continue
        if pattern is RECOVERY_CODES:
            _codes(text, found, taken, limit)
            continue
        for spans in iter_group_spans(pattern, text, limit):
            start, end = _trimmed(pattern, text, *_value_span(spans))
            if len(found) > limit or taken.overlaps(start, end) or end <= start:
                continue
            key = _kept(pattern, text, spans, (start, end), sealed=sealed)
            if key is not None:
                found.append(_generic(text[start:end], (start, end), f"{why} '{key[-40:]}'"))
                taken.append((start, end))
                if pattern is POSITIONAL_KEY and key in SECRETS_FOLLOW:
                    _following(text, found, taken, end, key)
    for header, start, end in password_cells(text):
        value = text[start:end]
        if len(found) > limit or taken.overlaps(start, end) or " " in value:
            continue
        if value_ok(value, header, password=True):
            found.append(
                _generic(value, (start, end), f"credential in a table's '{header}' column")
            )
            taken.append((start, end))
