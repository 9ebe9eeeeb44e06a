"""Credentials that no credential word names: a key under its vendor's name alone
(`shodan: jCyw7…`, `"virustotal": "4f4d…"`), and a password said in a sentence about
logging in ("Logged into the iLO with Administrator / Sunflower_88!", "reset the postgres
pw on staging-db to Pepper!delta6991", "cat key.pass" and the line it prints).

The vendor layer is an RE2 pattern like the other keyed layers. The log-in layer's
pattern finds only the words that speak of a password or a log-in; the tokens near each
are then judged one by one (`password_like`), since "the first token after the word" is
seldom the password and RE2 cannot look for "a token made like a password" anywhere in a
window. Each window is at most `_AFTER + _BEFORE` characters, so the work is linear.
"""

from itertools import pairwise

from agentguard.engines._rx import compile_rx

__all__ = [
    "LOGIN_WORDS",
    "NEXT_LITERAL",
    "POSITIONAL_KEY",
    "RECOVERY_CODES",
    "SECRETS_FOLLOW",
    "VENDOR_KEY",
    "password_like",
    "recovery_codes",
    "said_passwords",
]

# Services whose keys have no prefix of their own, so a config that names the key by the
# vendor alone (`shodan:`, `OPENWEATHER=`) says nothing else about it. Code hosts and
# registries are left out: `github: <sha>` pins a commit.
_VENDORS = (
    # security and reconnaissance APIs
    "shodan|virustotal|vt|urlscan|censys|securitytrails|hunter|abuseipdb|greynoise"
    "|binaryedge|zoomeye|fofa|otx|alienvault|hybrid[_-]?analysis|intelx|passivetotal"
    "|ipinfo|ipstack|ipgeolocation|ipdata|whoisxml|builtwith|fullcontact|clearbit|hibp"
    "|haveibeenpwned|leakix|netlas|criminalip|pulsedive|spyse|dehashed|onyphe|wpscan"
    # AI providers and their tooling
    "|openai|anthropic|claude|cohere|mistral|groq|together|fireworks|replicate|perplexity"
    "|deepseek|openrouter|huggingface|hf|voyage|jina|elevenlabs|assemblyai|deepgram"
    "|pinecone|weaviate|qdrant|langsmith|langfuse|helicone|wandb|gemini|xai|anyscale"
    "|stability|midjourney|runway|cartesia|speechmatics|rev|tavily|serpapi|serper|exa"
    "|firecrawl|browserless|scrapingbee|scraperapi|zenrows|apify|brave|bing"
    # messaging, e-mail and telephony
    "|sendgrid|mailgun|mailchimp|mailjet|brevo|sendinblue|postmark|sparkpost|mandrill"
    "|resend|twilio|vonage|nexmo|plivo|messagebird|telnyx|sinch|clicksend|textlocal"
    "|pushover|pushbullet|onesignal|pusher|ably"
    # monitoring and operations
    "|datadog|newrelic|rollbar|bugsnag|honeybadger|logdna|loggly|papertrail|sumologic"
    "|pagerduty|opsgenie|statuspage|cloudflare|digitalocean|linode|vultr|hetzner|heroku"
    "|netlify|vercel|fastly|bunnycdn|backblaze|wasabi|scaleway|ovh"
    # data, media and finance APIs
    "|openweathermap|openweather|weatherapi|weatherstack|accuweather|newsapi"
    "|alphavantage|polygon|finnhub|iexcloud|twelvedata|coinmarketcap|coingecko"
    "|cryptocompare|etherscan|bscscan|polygonscan|infura|alchemy|moralis|quicknode"
    "|tmdb|omdb|giphy|unsplash|pexels|deepl|lastfm|steam|riot|rapidapi|nasa"
    # business SaaS and payments
    "|airtable|asana|clickup|todoist|typeform|calendly|hubspot|pipedrive|freshdesk"
    "|zendesk|intercom|notion|linear|trello|monday|paypal|braintree|plaid|coinbase"
    "|binance|kraken|bitfinex|bybit|kucoin|okx|mapquest|here|tomtom|locationiq"
)
# The vendor's name alone, at a line's start (YAML, env and INI files) or as a quoted
# JSON key; the value is the whole rest of the line (or the quoted string)
VENDOR_KEY = compile_rx(
    rf"(?im)(?:^[ \t]*(?:-[ \t]+)?[\"']?({_VENDORS})[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"([A-Za-z0-9][A-Za-z0-9_\-.+/=]{15,127})[\"']?[ \t]*,?[ \t]*$"
    rf"|[{{,][ \t]*\"({_VENDORS})\"[ \t]*:[ \t]*\"([A-Za-z0-9][A-Za-z0-9_\-.+/=]{{15,127}})\""
    # ... or said in a sentence, a few words and a colon after the name ("the one for
    # deepgram (STT): 7049eb…")
    rf"|\b({_VENDORS})(?:[ \t(][^\n:=]{{0,24}})?:[ \t]+"
    r"([A-Za-z0-9][A-Za-z0-9_\-.+/=]{15,127})(?:[ \t]|$))"
)

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
        r"|hash_hmac|TrelloClient|Confluence|Jira|OAuth1UserHandler"
    ),
    4: r"Configuration\.configure|BraintreeGateway|OAuth1UserHandler|OAuth1Session|OAuth1"
    r"|StrictRedis|Redis",
}
_ARGUMENT = (
    r"(?:b?[\"'][^\"'\n]{0,200}[\"']|\{[^{}\n]{0,200}\}"
    r"|[\w.$>-]+(?:\[[^\[\]\n]{0,80}\]|\([^()\n]{0,80}\))?)"
)
# ... and the calls whose every literal from that position on is a secret (a consumer
# secret, then an access token and its secret)
SECRETS_FOLLOW = frozenset(("OAuth1UserHandler", "OAuth1Session", "OAuth1", "set_access_token"))
NEXT_LITERAL = compile_rx(r"[\"']\s*,\s*b?[\"']([^\s\"']{8,300})[\"']")
POSITIONAL_KEY = compile_rx(
    "|".join(
        # (no `{0}` for the first: Hyperscan refuses an empty repeat)
        rf"\b({names})\s*\(\s*"
        + (rf"(?:{_ARGUMENT}\s*,\s*){{{position - 1}}}" if position > 1 else "")
        + r"b?[\"']([^\s\"']{8,300})[\"']"
        for position, names in _BY_POSITION.items()
    )
)

# Words that speak of a password or of logging in; a password-shaped token near one is
# taken for the password. Other languages' password words come from the sentence layers.
_PW_TERMS = (
    "password|passwort|passwd|passphrase|passcode|kennwort|pw|pwd|pass|creds|credentials"
    "|cleartext|plaintext|wachtwoord|senha|contrase(?:ñ|n)a|clave|mot de passe|has(?:ł|l)o"
    "|l(?:ö|o)senord|salasana|heslo"
)
# ... and of logging in, connecting or resetting one, in the languages our users write
# (RE2's `\b` is ASCII: `réinitialisé` matches as `réinitialis`)
LOGIN_WORDS = compile_rx(
    rf"(?i)\b(?:({_PW_TERMS})|(log(?:ged|ging)?[ -]?(?:in|on)(?:to)?|login|logon"
    r"|sign(?:ed)?[ -]?in|connect(?:ed)?|connexion|reset|r(?:é|e)initialis|anmeld(?:en|ung)"
    r"|angemeldet|einloggen|eingeloggt|zur(?:ü|ue)ckgesetzt|iniciar sesi(?:ó|o)n|acceder"
    r"|restablec(?:ido|er)|accedi|accesso|reimpostat[oa]|inloggen|ingelogd))\b"
)
_AFTER = 100  # characters after the word (the rest of its line and the next)
_BEFORE = 40  # characters before it: "use Saffron.River9344 to log in"
_SYMBOLS = frozenset("!#$%^&*+?~@")
_STRIP_LEAD = "\"'`([<«“‘"
_STRIP_TRAIL = "\"'`)]>»”’,;:"
# a token right after one of these words is a user or an account, not a password
_ACCOUNT_WORDS = ("as", "user", "username", "account", "login", "benutzer", "usuario")
_EXAMPLE_WORDS = ("e.g.", "example", " like ", "such as", "z.b.", "exemple", "ejemplo")


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


def password_like(token: str, *, password_word: bool) -> bool:
    """Is a whole token made like a password a person chose: letters and digits, and a
    symbol (`Pepper!delta6991`, `Sunflower_88!`) or, after a password word, words with
    capitals joined or humped (`Saffron.River9344`, `_KestrelCedar9917`)? Not a ticket
    (`issue#1234`), a host, a path, an e-mail address, a version or a `key=value`."""
    digits = sum(c.isdigit() for c in token)
    if (
        not 8 <= len(token) <= 40
        or digits == 0
        or sum(c.isalpha() for c in token) < 4
        or not any(c.islower() for c in token)
        or not all(c.isalnum() or c in "._-" or c in _SYMBOLS for c in token)
        or ("@" in token and "." in token.split("@", 1)[1])  # an e-mail address
        or ("#" in token and token.split("#", 1)[1].isdigit())  # `issue#1234`, `name#8888`
        or token.count(".") >= 2  # versions and dotted names
    ):
        return False
    if any(c in _SYMBOLS for c in token):
        return True
    if not password_word or not any(c.isupper() for c in token) or digits < 2:
        return False
    humped = any(a.islower() and b.isupper() for a, b in pairwise(token))
    return humped or _words(token) >= 2


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Whitespace-separated tokens that start in text[start:end] (not the tail of a token
    begun before `start`), each stripped of quotes, brackets and trailing punctuation."""
    out: list[tuple[int, int]] = []
    at = start
    if at > 0 and not text[at - 1].isspace():
        while at < end and not text[at].isspace():
            at += 1  # the rest of the word the window starts in
    limit = min(len(text), end + 64)
    while at < end:
        if text[at].isspace():
            at += 1
            continue
        stop = at
        while stop < limit and not text[stop].isspace():
            stop += 1
        left, right = at, stop
        while left < right and text[left] in _STRIP_LEAD:
            left += 1
        while right > left and text[right - 1] in _STRIP_TRAIL:
            right -= 1
        if right - left > 1 and text[right - 1] == "." and text[right - 2] != ".":
            right -= 1  # a sentence's full stop, not a truncation's `..`
        if right > left:
            out.append((left, right))
        at = stop
    return out


def said_passwords(
    text: str, word: tuple[int, int], *, password_word: bool
) -> list[tuple[int, int]]:
    """Spans of password-shaped tokens near a password or log-in word at `word`: the rest
    of its line and the next, or a few words before a log-in phrase ("use … to log in").
    Not an example ("e.g. Summer2024!") nor the account named after "as" or "user"."""
    start, end = word
    window_end = min(len(text), end + _AFTER)
    line_end = text.find("\n", end, window_end)
    if line_end >= 0 and text[end:line_end].strip(" \t:?") == "":
        # the word ends its line ("And the password?", `cat key.pass`): the next line too
        second = text.find("\n", line_end + 1, window_end)
        window_end = second if second >= 0 else window_end
    elif line_end >= 0:
        window_end = line_end
    spans = _tokens(text, end, window_end)
    if not password_word:
        spans += _tokens(text, max(text.rfind("\n", 0, start) + 1, start - _BEFORE), start)
    found: list[tuple[int, int]] = []
    for left, right in spans:
        before = text[max(0, left - 24) : left].lower()
        words = before.split()
        if (words and words[-1].rstrip(":") in _ACCOUNT_WORDS) or any(
            example in before for example in _EXAMPLE_WORDS
        ):
            continue
        # "use Saffron.River9344 to log in": the sentence calls the token a password
        strong = password_word or (left < start and before.endswith("use "))
        if password_like(text[left:right], password_word=strong):
            found.append((left, right))
    return found


# A list of one-time recovery codes under a line that names them ("these are the github
# recovery codes I have left:", "Backup-Codes", "códigos de respaldo"): each code is a
# credential that logs in past the second factor.
RECOVERY_CODES = compile_rx(
    r"(?i)(?:recovery|backup|rescue|emergency|one[ -]time|2fa|mfa|wiederherstellungs"
    r"|sicherungs|ersatz)[ \t-]?codes?\b|\bcodes? de (?:r(?:é|e)cup(?:é|e)ration|secours)\b"
    r"|\bc(?:ó|o)digos? de (?:recuperaci(?:ó|o)n|respaldo|seguran(?:ç|c)a)\b"
)
_CODE = compile_rx(
    r"^(?:\d{4} \d{4}|\d{6,10}|[a-z0-9]{4,6}-[a-z0-9]{4,6}|[A-Z0-9]{4,5}(?:-[A-Z0-9]{4,5}){1,5}"
    r"|[0-9a-f]{8,20}|[A-Za-z0-9]{8,16})$"
)
_MARKER = compile_rx(r"^(?:\d{1,2}[.)]|[-*•])[ \t]+")
_CODE_LINES = 24  # lines read below the header
_SPENT = ("~~", "used", "verbraucht", "utilisé", "usado", "gebruikt")


def recovery_codes(text: str, header_end: int) -> list[tuple[int, int]]:
    """Spans of the codes listed below a header that names recovery codes: a line each,
    or several on a line, after a number or a bullet; struck-through or "used" ones are
    spent and left out. At least two, or it is not a list."""
    found: list[tuple[int, int]] = []
    at = text.find("\n", header_end)
    blank = 0
    for _ in range(_CODE_LINES):
        if at < 0:
            break
        end = text.find("\n", at + 1)
        line_start, line_end = at + 1, len(text) if end < 0 else end
        at = end
        line = text[line_start:line_end]
        if not line.strip():
            blank += 1
            if blank > 1 or found:
                break
            continue
        blank = 0
        lowered = line.lower()
        if any(mark in lowered for mark in _SPENT):
            continue
        offset = line_start + len(line) - len(line.lstrip())
        body = line.strip()
        marker = _MARKER.search(body)
        if marker is not None:
            offset, body = offset + marker.end(), body[marker.end() :]
        spans = _codes_in(body, offset)
        if not spans:
            if found:
                break
            continue
        found += spans
    digits = sum(any(c.isdigit() for c in text[a:b]) for a, b in found)
    return found if len(found) >= 2 and digits >= len(found) // 2 + 1 else []


def _codes_in(body: str, offset: int) -> list[tuple[int, int]]:
    """The codes of one line: the whole line (`9717 1785`) or its whitespace-separated
    parts, each one code."""
    if _CODE.search(body) is not None:
        return [(offset, offset + len(body))]
    spans: list[tuple[int, int]] = []
    at = 0
    for part in body.split():
        at = body.index(part, at)
        if _CODE.search(part) is None:
            return []
        spans.append((offset + at, offset + at + len(part)))
        at += len(part)
    return spans
