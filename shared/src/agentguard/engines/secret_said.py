"""Credentials that no credential word names: a key under its vendor's name alone
(`shodan: jCyw7…`, `"virustotal": "4f4d…"`), a secret an SDK client or a signing call
takes by position (`algoliasearch(appId, key)`, `jwt.encode(payload, secret)`), a
password said in a sentence about logging in ("Logged into the iLO with Administrator /
Sunflower_88!", "reset the postgres pw on staging-db to Pepper!delta6991", `cat key.pass`
and the line it prints), and recovery codes listed under their header.

The vendor and position layers are RE2 patterns like the other keyed layers. The log-in
layer's pattern finds only the words that speak of a password or a log-in; the tokens
near each are then judged one by one (`password_like`), since "the first token after the
word" is seldom the password and RE2 cannot look for "a token made like a password"
anywhere in a window. The recovery-code layer's pattern finds headers; the short lines
after each are read as a list. Every window is bounded (`_AFTER`, `_BEFORE`,
`_LINE_CHARS`, `_CODE_LINES`), and a list is read once, so the work is linear."""

from itertools import pairwise

from agentguard.engines._rx import compile_rx

__all__ = [
    "LOGIN_WORDS",
    "NEXT_LITERAL",
    "PASSWORD_CALLS",
    "POSITIONAL_KEY",
    "RECOVERY_CODES",
    "SECRETS_FOLLOW",
    "VENDOR_KEY",
    "an_example",
    "named_thing",
    "password_like",
    "recovery_codes",
    "said_passwords",
]

# Services whose keys have no prefix of their own, so a config that names the key by the
# vendor alone (`shodan:`, `OPENWEATHER=`) says nothing else about it. Left out: code
# hosts (`github: <sha>` pins a commit), vendors whose keys carry a prefix the provider
# rules know (OpenAI, Anthropic, SendGrid, Hugging Face, Notion, …: under their name a
# value is more often a model or a template), and names that are ordinary words (`rev`,
# `here`, `together`, `linear`, `steam`, `monday`, `polygon`).
_VENDORS = (
    # security and reconnaissance APIs
    "shodan|virustotal|urlscan|censys|securitytrails|abuseipdb|greynoise"
    "|binaryedge|zoomeye|fofa|otx|alienvault|hybrid[_-]?analysis|intelx|passivetotal"
    "|ipinfo|ipstack|ipgeolocation|ipdata|whoisxml|builtwith|fullcontact|clearbit"
    "|haveibeenpwned|leakix|netlas|criminalip|pulsedive|spyse|dehashed|onyphe|wpscan"
    # AI providers and their tooling
    "|cohere|mistral|fireworks|deepseek|voyage|jina|elevenlabs|assemblyai|deepgram"
    "|pinecone|weaviate|qdrant|langfuse|helicone|wandb|gemini|anyscale"
    "|midjourney|cartesia|speechmatics|tavily|serpapi|serper"
    "|firecrawl|browserless|scrapingbee|scraperapi|zenrows|apify"
    # messaging, e-mail and telephony
    "|mailgun|mailjet|brevo|sendinblue|postmark|sparkpost|mandrill"
    "|twilio|vonage|nexmo|plivo|messagebird|telnyx|sinch|clicksend|textlocal"
    "|pushover|pushbullet|onesignal|pusher|ably"
    # monitoring and operations
    "|datadog|newrelic|rollbar|bugsnag|honeybadger|logdna|loggly|papertrail|sumologic"
    "|pagerduty|opsgenie|statuspage|cloudflare|linode|vultr|hetzner|heroku"
    "|netlify|vercel|fastly|bunnycdn|backblaze|wasabi|scaleway|ovh"
    # data, media and finance APIs
    "|openweathermap|openweather|weatherapi|weatherstack|accuweather|newsapi"
    "|alphavantage|finnhub|iexcloud|twelvedata|coinmarketcap|coingecko"
    "|cryptocompare|etherscan|bscscan|polygonscan|infura|alchemy|moralis|quicknode"
    "|tmdb|omdb|giphy|unsplash|pexels|deepl|lastfm|rapidapi"
    # business SaaS and payments
    "|asana|clickup|todoist|typeform|calendly|hubspot|pipedrive|freshdesk"
    "|zendesk|intercom|trello|paypal|braintree|plaid"
    "|kraken|bitfinex|bybit|kucoin|mapquest|tomtom|locationiq"
)
# The vendor's name alone, at a line's start (YAML, env and INI files) or as a quoted
# JSON key; the value is the whole rest of the line (or the quoted string)
VENDOR_KEY = compile_rx(
    rf"(?im)(?:^[ \t]*(?:-[ \t]+|export[ \t]+)?[\"']?({_VENDORS})[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"([A-Za-z0-9][A-Za-z0-9_\-.+/=]{15,127})[\"']?[ \t]*,?[ \t]*\r?$"
    rf"|[{{,][ \t]*[\"']({_VENDORS})[\"'][ \t]*:[ \t]*[\"']"
    r"([A-Za-z0-9][A-Za-z0-9_\-.+/=]{15,127})[\"'])"
)
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def named_thing(value: str) -> bool:
    """A value made of words and numbers rather than random characters: a model
    (`mistral-large-2407`, `claude-3-5-sonnet-20241022`), an app, a market
    (`BTC-USD-20241227`), a build (`build-2024-11-04-rc1`): parts between `-`, `_`, `.` or
    `/`, one of them a word (three or more letters in one case, or capitalised; not only
    hex digits) and none random (mixed case inside, or eight or more letters and digits
    mixed: the parts of `Y4Ex_kl9rRz3-PqW…` are); or a contract address (`0x…`)."""
    if value.startswith("0x"):
        return True
    parts = [p for p in value.replace("_", "-").replace(".", "-").replace("/", "-").split("-") if p]
    if len(parts) < 2 or any(_random_part(part) for part in parts):
        return False
    return any(_word_part(part) for part in parts)


def _word_part(part: str) -> bool:
    """A word in one case or capitalised, perhaps with a version digit or two (`large`,
    `USD`, `Sonnet`, `llama3`), not hex digits alone."""
    word = part.rstrip("0123456789")
    return (
        len(word) >= 3
        and len(part) - len(word) <= 2
        and word.isalpha()
        and (word.islower() or word.isupper() or word[1:].islower())
        and not set(word) <= _HEX_DIGITS
    )


def _random_part(part: str) -> bool:
    letters = any(c.isalpha() for c in part)
    digits = any(c.isdigit() for c in part)
    humps = sum(a.islower() and b.isupper() for a, b in pairwise(part))
    return humps > 1 or (len(part) >= 8 and letters and digits)


# Client constructors and calls that take a secret by position, by the 1-based position
# of the secret: `algoliasearch('7YQ92BBBRD', '<admin key>')`, `tweepy.OAuth1UserHandler(
# ck, cs, at, ats)`, `jwt.encode(payload, "<signing secret>")`. Only the literal at that
# position counts; the arguments before it may be literals, names, or calls.
_BY_POSITION = {
    1: (
        r"shodan\.Shodan|Virustotal|vt\.Client|ipinfo\.getHandler|PyHunter|Github"
        r"|cohere\.Client(?:V2)?|DeepgramClient|TavilyClient|messagebird\.Client|MailChimp"
        r"|ServerClient|Fernet|AES\.new|hmac\.new|HMAC(?:256|384|512)|cookieParser"
        r"|AuthApiKey|tweepy\.Client|Exa|Together|Fireworks|Groq|Mistral(?:Client)?|Anthropic"
        r"|(?:Async)?OpenAI|Cerebras|ElevenLabs|Cartesia|Replicate|Firecrawl(?:App)?|Pinecone"
    ),
    2: (
        r"algoliasearch|SearchClient\.create|OAuthHandler|OAuth1UserHandler|OAuth1Session"
        r"|OAuth1|set_access_token|TradingClient|StockHistoricalDataClient"
        r"|CryptoHistoricalDataClient|tradeapi\.REST|BasicAWSCredentials|AmazonS3Client"
        r"|StorageSharedKeyCredential|AzureNamedKeyCredential|NetworkCredential"
        r"|UsernamePasswordCredentials|PasswordAuthentication|AuthClientPassword"
        r"|SpotifyClientCredentials|SpotifyOAuth|TrelloClient|plivo\.RestClient"
        r"|TwilioRestClient|twilio|gitlab\.Gitlab|Github|connect_s3|connect_ec2|S3Connection"
        r"|jwt\.(?:encode|decode|sign|verify)|JWT\.(?:encode|decode)|createHmac"
        r"|HMAC\.(?:hex)?digest"
    ),
    3: (
        r"Minio|pusher\.Pusher|ftplib\.FTP|FTP|FTP_TLS|mysql_p?connect|ftp_login|Sequelize"
        r"|hash_hmac|TrelloClient|Confluence|Jira"
    ),
    4: r"Configuration\.configure|BraintreeGateway|StrictRedis|Redis",
}
_ARGUMENT = (
    r"(?:b?[\"'][^\"'\n]{0,200}[\"']|\{[^{}\n]{0,200}\}"
    r"|[\w.$>-]+(?:\[[^\[\]\n]{0,80}\]|\([^()\n]{0,80}\))?)"
)
# calls whose secret at that position is a password a person chose, which may be words
# (`Sequelize(db, user, "Summer-2024!")`): not judged as a named thing
PASSWORD_CALLS = frozenset(
    (
        *("NetworkCredential", "UsernamePasswordCredentials", "PasswordAuthentication"),
        *("AuthClientPassword", "ftplib.FTP", "FTP", "FTP_TLS", "mysql_connect"),
        *("mysql_pconnect", "ftp_login", "Sequelize", "Confluence", "Jira", "Github"),
        *("StrictRedis", "Redis"),
    )
)
# ... and the calls whose every literal from that position on is a secret (a consumer
# secret, then an access token and its secret)
SECRETS_FOLLOW = frozenset(("OAuth1UserHandler", "OAuth1Session", "OAuth1", "set_access_token"))
NEXT_LITERAL = compile_rx(r"[\"']\s*,\s*b?[\"']([^\s\"']{8,300})[\"']")
POSITIONAL_KEY = compile_rx(
    "|".join(
        # the later position first: RE2 takes the first alternative that matches where a
        # match starts, and `Github("user", "password")` is not `Github("token")`. (No
        # `{0}` for the first: Hyperscan refuses an empty repeat.)
        rf"\b({names})\s*\(\s*"
        + (rf"(?:{_ARGUMENT}\s*,\s*){{{position - 1}}}" if position > 1 else "")
        + r"b?[\"'`]([^\s\"'`]{8,300})[\"'`]"
        for position, names in sorted(_BY_POSITION.items(), reverse=True)
    )
)

# Words that speak of a password or of logging in; a password-shaped token near one is
# taken for the password. Other languages' password words come from the sentence layers.
_PW_TERMS = (
    "password|passwort|passwd|passphrase|passcode|kennwort|pw|pwd|creds|credentials"
    "|wachtwoord|senha|contrase(?:ñ|n)a|clave|mot de passe|has(?:ł|l)o"
    "|l(?:ö|o)senord|salasana|heslo"
)
# ... and of logging in, connecting or resetting one, in the languages our users write
# (RE2's `\b` is ASCII: `réinitialisé` matches as `réinitialis`)
LOGIN_WORDS = compile_rx(
    rf"(?i)\b(?:({_PW_TERMS})|(log(?:ged|ging)?[ -]?(?:in|on)(?:to)?|login|logon"
    r"|sign(?:ed)?[ -]?in|connect(?:ed)?|connexion|reset|r(?:é|e)initialis|anmeld(?:en|ung)"
    r"|angemeldet|einloggen|eingeloggt|zur(?:ü|ue)ckgesetzt|iniciar sesi(?:ó|o)n|acceder"
    r"|restablec(?:ido|er)|accedi|accesso|reimpostat[oa]|inloggen|ingelogd"
    # words that come near a password too often in other senses: a symbol is needed
    r"|pass|cleartext|plaintext))\b"
)
_AFTER = 100  # characters after the word (the rest of its line and the next)
_BEFORE = 40  # characters before it: "use Saffron.River9344 to log in"
_SYMBOLS = frozenset("!#$%^&*+?~@")
_STRIP_LEAD = "\"'`([<«“‘"
_STRIP_TRAIL = "\"'`)]>»”’,;:"
# a token right after one of these words is a user or an account, not a password
_ACCOUNT_WORDS = ("as", "user", "username", "account", "login", "benutzer", "usuario")
# a line that gives examples or rules, not a password (whole words: not the `.example`
# of a host name)
_EXAMPLE = compile_rx(
    r"(?i)(?:^|[\s(])(?:e\.g\.|z\. ?b\.|examples?(?:[\s:,]|$)|such as|exemple|ejemplo|beispiel"
    r"|bijvoorbeeld|ad esempio|per esempio|passwords? like|must not|weak|never use|don't use"
    r"|do not use)"
)
_KEYS = frozenset(("ctrl", "shift", "alt", "cmd", "tab", "option", "win", "meta", "fn", "super"))
_VERSION = compile_rx(r"^v?\d+(?:\.\d+)*$")
_FILE_NAME = compile_rx(r"\.[a-z]{2,5}$")
_ADDED = compile_rx(r"^[A-Za-z_]\w*\+\d+$")  # `attempts+1`


def _words(token: str) -> int:
    """Runs of three or more letters with a lower-case one (`Saffron`, `River`; not the
    `BMYJKQT` of an id)."""
    count = run = 0
    lower = False
    for char in token + " ":
        if char.isalpha():
            run += 1
            lower = lower or char.islower()
            continue
        count += run >= 3 and lower
        run, lower = 0, False
    return count


def _not_a_password(token: str) -> bool:
    """Tokens made like passwords that are something else: an e-mail address or a
    `user@host` (`deploy@web02`, `openssl@3`), a ticket or a channel (`issue#1234`,
    `#team-2024`), a version or dotted name, a keyboard shortcut (`Ctrl+Shift+F12`), a sum
    in code (`attempts+1`)."""
    user, at, host = token.partition("@")
    hostlike = host[:1].isalpha() and any(c.isdigit() or c in ".-" for c in host)
    return (
        (
            bool(at)
            and (
                "." in host
                or _VERSION.search(host) is not None
                or (len(user) > 1 and user == user.lower() and hostlike)
            )
        )
        or token.startswith("#")
        or ("#" in token and token.split("#", 1)[1].isdigit())
        or token.count(".") >= 2
        or _FILE_NAME.search(token) is not None  # `Zugang_Server_2024.kdbx`
        or ("+" in token and any(part.lower() in _KEYS for part in token.split("+")))
        or _ADDED.search(token) is not None
    )


def password_like(token: str, *, password_word: bool) -> bool:
    """Is a whole token made like a password a person chose: letters and digits, and a
    symbol (`Pepper!delta6991`, `Walrus$granite68`; a final `!` counts only after a
    password word: "Safari17!" is an exclamation) or, after a password word, capitalised
    words joined by `.`, `_` or `-` (`Saffron.River9344`, `_KestrelCedar9917`)? Not a
    product (`iPhone15`), an address, a ticket, a version or a shortcut."""
    if len(token) < 8 or token.isalpha():
        return False  # most words: decided before any count
    digits = sum(c.isdigit() for c in token)
    if (
        len(token) > 40
        or digits == 0
        or sum(c.isalpha() for c in token) < 4
        or not any(c.islower() for c in token)
        or not all(c.isalnum() or c in "._-" or c in _SYMBOLS for c in token)
        or _not_a_password(token)
    ):
        return False
    body = token if password_word else token.rstrip("!")
    joined = any(c in "._-" for c in body.strip("._-"))
    if any(c in _SYMBOLS for c in body) or (body != token and joined):
        return True  # `Sunflower_88!`: parts joined, then the `!`
    if not password_word or not any(c.isupper() for c in token) or digits < 2:
        return False
    joined = joined or token.startswith("_")
    humped = any(a.islower() and b.isupper() for a, b in pairwise(token))
    return joined and (humped or _words(token) >= 2)


def _tokens(text: str, start: int, end: int, *, clip: bool = False) -> list[tuple[int, int]]:
    """Whitespace-separated tokens that start in text[start:end] (not the tail of a token
    begun before `start`; with `clip`, none runs past `end`), each stripped of quotes,
    brackets, Markdown bold and trailing punctuation. Split and found in C: a window is
    read once, not a character at a time."""
    stop = end if clip else min(len(text), end + 64)
    window = text[start:stop]
    skip_first = start > 0 and not text[start - 1].isspace() and not window[:1].isspace()
    out: list[tuple[int, int]] = []
    at = 0
    for index, token in enumerate(window.split()):
        at = window.find(token, at)
        if at >= end - start:
            break  # starts past the window (a token that only runs past it is kept)
        if not (index == 0 and skip_first):
            left, right = _stripped(text, start + at, start + at + len(token))
            if right > left:
                out.append((left, right))
        at += len(token)
    return out


def _stripped(text: str, left: int, right: int) -> tuple[int, int]:
    """A token without the quotes, brackets and punctuation around it (a full stop, not a
    truncation's `..`; `**bold**`)."""
    for mark in ("**", "__", "*", "_"):  # Markdown emphasis on both sides
        if (
            right - left > 2 * len(mark) + 1
            and text.startswith(mark, left)
            and text.endswith(mark, left, right)
        ):
            left, right = left + len(mark), right - len(mark)
            break
    while left < right and text[left] in _STRIP_LEAD:
        left += 1
    while right > left:
        last = text[right - 1]
        if (
            last in _STRIP_TRAIL
            or last == "\r"
            or (last == "." and right - left > 1 and text[right - 2] != ".")
            or last == "?"
        ):
            right -= 1
        else:
            break
    return left, right


def an_example(text: str, start: int) -> bool:
    """Does the line up to `start` give examples or rules ("Weak password examples:",
    "must not be one of:") rather than a password?"""
    line_start = text.rfind("\n", max(0, start - 120), start) + 1
    return _EXAMPLE.search(text[max(line_start, start - 120) : start]) is not None


def said_passwords(
    text: str, word: tuple[int, int], *, password_word: bool
) -> list[tuple[int, int]]:
    """Spans of password-shaped tokens near a password or log-in word at `word`: the rest
    of its line and the next, or a few words before a log-in phrase ("use … to log in").
    Not an example ("e.g. Summer2024!") nor the account named after "as" or "user"."""
    start, end = word
    window_end = min(len(text), end + _AFTER)
    line_end = text.find("\n", end, window_end)
    if line_end >= 0 and text[end:line_end].strip(" \t:?\r") == "":
        # the word ends its line ("And the password?", `cat key.pass`): the next line too
        second = text.find("\n", line_end + 1, window_end)
        window_end = second if second >= 0 else window_end
    elif line_end >= 0:
        window_end = line_end
    spans = _tokens(text, end, window_end)
    line_start = text.rfind("\n", max(0, start - _BEFORE), start) + 1
    if not password_word:
        spans += _tokens(text, max(line_start, start - _BEFORE), start, clip=True)
    found: list[tuple[int, int]] = []
    for left, right in spans:
        before = text[max(0, left - 24) : left].lower()
        # "use Saffron.River9344 to log in": the sentence calls the token a password
        strong = (
            password_word or before.endswith(" / ") or (left < start and before.endswith("use "))
        )
        if not password_like(text[left:right], password_word=strong):
            continue  # most tokens: the cheap test first
        words = before.split()
        if (words and words[-1].rstrip(":") in _ACCOUNT_WORDS) or an_example(text, left):
            continue
        found.append((left, right))
    return found


# A list of one-time recovery codes under a line that names them ("these are the github
# recovery codes I have left:", "Backup-Codes", "códigos de respaldo"): each code is a
# credential that logs in past the second factor.
RECOVERY_CODES = compile_rx(
    r"(?i)(?:recovery|backup|rescue|scratch|wiederherstellungs|sicherungs|ersatz|herstel"
    r"|recupero)[ \t-]?(?:codes?|codici)\b|\bcodes? de (?:r(?:é|e)cup(?:é|e)ration|secours)\b"
    r"|\bc(?:ó|o)digos? de (?:recuperaci(?:ó|o)n|respaldo|backup|seguran(?:ç|c)a)\b"
    r"|\bcodici di (?:recupero|backup)\b"
)
_CODE = compile_rx(
    r"^(?:\d{4} \d{4}|\d{6,10}|[a-z0-9]{4,6}-[a-z0-9]{4,6}|[A-Z0-9]{4,5}(?:-[A-Z0-9]{4,5}){1,5}"
    r"|[0-9a-f]{8,20}|[A-Za-z0-9]{8,16})$"
)
# a word and a number (`issue-1234`, `channel16`), not a code
_WORD_NUMBER = compile_rx(r"^[A-Za-z]{3,}-?\d+$|^\d+-?[A-Za-z]{3,}$")
_MARKER = compile_rx(r"^(?:\d{1,2}[.)]|[-*•])[ \t]+")
_CODE_LINES = 24  # lines read below the header
_LINE_CHARS = 200  # a longer line holds no list of codes
_CODES = 32  # codes taken from one list
_SPENT = frozenset(("~~", "used", "verbraucht", "utilisé", "usado", "gebruikt", "usato"))
# a header over codes that are no credentials
_NOT_CODES = frozenset(
    (
        *("fixture", "fixtures", "example", "examples", "sample", "samples", "hash"),
        *("hashes", "commit", "commits", "ticket", "tickets", "job", "jobs", "id", "ids"),
        *("serial", "serials", "number", "numbers", "order", "orders", "tests"),
    )
)


def recovery_codes(text: str, header: tuple[int, int]) -> list[tuple[int, int]]:
    """Spans of the codes listed after a header that names recovery codes: on the
    header's own line after it, then a line each or several on a line, after a number or
    a bullet; struck-through or "used" ones are spent and left out. At least two, or it is
    not a list; none under a header that speaks of tests, examples, hashes or commits."""
    line_end = text.find("\n", header[1], header[1] + _LINE_CHARS)
    if line_end < 0:
        if len(text) - header[1] > _LINE_CHARS:
            return []  # a heading's line is short
        line_end = len(text)
    line_start = text.rfind("\n", max(0, header[0] - _LINE_CHARS), header[0]) + 1
    plain = " ".join(  # not the words inside an address or a file's name (`jane@example.com`)
        token
        for token in text[line_start:line_end].lower().split()
        if not ("@" in token or "." in token.strip(".,:;"))
    )
    words = "".join(c if c.isalnum() else " " for c in plain)
    if _NOT_CODES & set(words.split()):
        return []
    rest = text[header[1] : line_end].lstrip(" \t:-—")
    found = _codes_in(rest, line_end - len(rest), several=True) if len(rest) <= _LINE_CHARS else []
    at = line_end if line_end < len(text) else -1
    blank = 0
    for _ in range(_CODE_LINES):
        if at < 0 or len(found) >= _CODES:
            break
        end = text.find("\n", at + 1, at + 1 + _LINE_CHARS + 1)
        if end < 0 and len(text) - at - 1 > _LINE_CHARS:
            break  # a line too long to be one of a list's
        line_start, line_end = at + 1, len(text) if end < 0 else end
        at = end
        line = text[line_start:line_end].rstrip("\r")
        if not line.strip():
            blank += 1
            if blank > 1 or found:
                break
            continue
        blank = 0
        if _SPENT & set(line.lower().replace("(", " ").replace(")", " ").split()) or "~~" in line:
            continue
        spans = _codes_in(*_list_item(line, line_start))
        if not spans:
            if found:
                break
            continue
        found += spans
    digits = sum(any(c.isdigit() for c in text[a:b]) for a, b in found)
    return found[:_CODES] if len(found) >= 2 and digits >= len(found) // 2 + 1 else []


def _list_item(line: str, line_start: int) -> tuple[str, int]:
    """A list line's item and its offset: without the number or bullet before it and a
    note in brackets after it (`2. 9717 1785`, `7h3k9-2m4p8 (unused)`)."""
    offset = line_start + len(line) - len(line.lstrip())
    body = line.strip()
    if body.endswith(")") and "(" in body:
        body = body[: body.rfind("(")].rstrip()
    marker = _MARKER.search(body)
    if marker is not None:
        offset, body = offset + marker.end(), body[marker.end() :]
    return body, offset


def _code(part: str) -> bool:
    """A code's shape, not a word and a number, nor a long number (a timestamp)."""
    return (
        _CODE.search(part) is not None
        and _WORD_NUMBER.search(part) is None
        and not (part.isdigit() and len(part) > 10)
    )


def _codes_in(body: str, offset: int, *, several: bool = False) -> list[tuple[int, int]]:
    """The codes of one line: the whole line (`9717 1785`) or its parts split at spaces
    and commas, each one code (with `several`, at least two)."""
    if not several and _code(body):
        return [(offset, offset + len(body))]
    spans: list[tuple[int, int]] = []
    at = 0
    for part in body.replace(",", " ").split():
        at = body.index(part, at)
        if not _code(part):
            return []
        spans.append((offset + at, offset + at + len(part)))
        at += len(part)
    return spans if not several or len(spans) >= 2 else []
