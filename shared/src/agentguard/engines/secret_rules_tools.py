"""Provider credential formats, part three: what tools print and keep. Group 1 is the value.

Setup files, dumps and command output that hold a credential with no `key = value` around
it: a Windows answer file, a password dump, `vault operator init`, a RabbitMQ node's
Erlang cookie, an SDK client given its key by position. Each pattern needs the tool's own
shape, so ordinary code and prose do not match.
"""

from agentguard.engines._rx import Rule
from agentguard.engines.secret_rules_base import composed
from agentguard.engines.secret_said import named_thing
from agentguard.engines.secret_values import value_ok

__all__ = ["TOOL_RULES"]

# base64 of "-----BEGIN CERTIFICATE" and "-----BEGIN PUBLIC KEY": public by design
_PEM_PUBLIC = ("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS", "LS0tLS1CRUdJTiBQVUJMSUMgS0VZ")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Cisco's command-reference placeholders and keywords, read where a key would be
_SYNTAX_WORDS = frozenset(("keystring", "key-string", "local", "remote", "address", "hostname"))
# the NT hash of the empty password: an account with none, not a credential
_EMPTY_NT_HASH = "31d6cfe0d16ae931b73c59d7e0c089c0"

TOOL_RULES: tuple[Rule, ...] = (
    Rule(
        "WINDOWS_UNATTEND_PASSWORD",
        # unattend.xml: <AdministratorPassword> or <AutoLogon><Password>, the value in <Value>
        # (base64 of UTF-16 when <PlainText> is false, which is encoding, not encryption)
        r"<(?:AdministratorPassword|Password)>\s*<Value>([^<\s]{6,400})</Value>",
        0.9,
        "password in a Windows answer file",
    ),
    Rule(
        "NTLM_HASH",
        # pwdump and secretsdump lines: `user:RID:LM hash:NT hash:::` (the NT hash logs in
        # as the user: pass-the-hash)
        r"(?:^|[ \t])[^\s:]{1,64}:\d{1,10}:[0-9a-fA-F]{32}:([0-9a-fA-F]{32}):::",
        0.9,
        "NTLM hash in a password dump",
        verify=lambda value: value.lower() != _EMPTY_NT_HASH,
    ),
    Rule(
        "ERLANG_COOKIE",
        # `cat .erlang.cookie` prints it on the next line; or the variable RabbitMQ reads
        r"\.erlang\.cookie\b[^\n]{0,80}\n[ \t]*([A-Z]{20})[ \t]*(?:\n|$)"
        r"|(?i:\b(?:RABBITMQ_)?ERLANG_COOKIE)[\"']?[ \t]*[:=][ \t]*[\"']?([A-Za-z0-9]{16,255})\b"
        r"|--erlang-cookie[ \t=]+[\"']?([A-Za-z0-9]{16,255})\b",  # rabbitmqctl's flag
        0.9,
        "Erlang cookie (lets a node join the cluster)",
    ),
    Rule(
        "ELASTIC_RESET_PASSWORD",
        r"\bPassword for the \[[\w-]{1,64}\] user successfully reset\.\s*New value:[ \t]*"
        r"(\S{6,128})",
        0.95,
        "password printed by elasticsearch-reset-password",
    ),
    Rule(
        "VAULT_ROOT_TOKEN",
        # `vault operator init`: "Initial Root Token: hvs.…" (or s.… before Vault 1.10)
        r"(?i:\binitial root token\b)[^:\n]{0,40}:[ \t]*((?:hv[sb]|s)\.[A-Za-z0-9_-]{20,})",
        0.95,
        "Vault initial root token",
    ),
    Rule(
        "ZIGBEE_NETWORK_KEY",
        # zigbee2mqtt: `network_key: [216, 116, …]`, sixteen bytes
        r"\bnetwork_key:[ \t]*\[((?:[ \t]*\d{1,3}[ \t]*,){15}[ \t]*\d{1,3})[ \t]*\]",
        0.85,
        "Zigbee network key",
    ),
    Rule(
        "LOGGLY_TOKEN",
        # a syslog template's structured data: `[<token>@41058 …]` (41058: Loggly's number)
        rf"\[({_UUID})@41058\b",
        0.9,
        "Loggly customer token",
    ),
    Rule(
        "CODECOV_TOKEN",
        rf"\bcodecov\b[^\n]{{0,60}}?[ \t](?:-t|--token)[ \t=]+[\"']?({_UUID})\b",
        0.85,
        "Codecov upload token",
    ),
    Rule(
        "SPARKPOST_KEY",
        r"\bSparkPost\(\s*[\"']([0-9a-f]{40})[\"']",
        0.9,
        "SparkPost API key passed to its client",
    ),
    Rule(
        "CONFLUENT_API_KEY",
        # Confluent Cloud's JAAS line: the API key is the user name, its secret the password
        r"\bPlainLoginModule\s+required\s+username\s*=\s*\\?\"([A-Z0-9]{16})\\?\"",
        0.8,
        "Confluent Cloud API key",
    ),
    Rule(
        "IPSEC_PSK",
        # pfSense and OPNsense config.xml: a PSK tunnel's key after its type
        r"<keyType>PSK</keyType>\s*<Key>([^<\s]{6,300})</Key>",
        0.9,
        "IPsec pre-shared key",
    ),
    Rule(
        "OPENVPN_STATIC_KEY",
        # the key file, and the same file as pfSense stores it (base64 of "#\n# 2048 bit
        # OpenVPN static key" or of its BEGIN line)
        r"-----BEGIN OpenVPN Static key V1-----\s*([0-9a-f]{32})"
        r"|\b((?:IwojIDIwNDggYml0IE9wZW5WUE4gc3RhdGljIGtleQ|"
        r"LS0tLS1CRUdJTiBPcGVuVlBOIFN0YXRpYyBrZXkgVjEtLS0tLQ)[A-Za-z0-9+/]{100,}={0,2})",
        0.95,
        "OpenVPN static key",
        structural=True,
    ),
    Rule(
        "RAILS_MASTER_KEY",
        # the file read out: `cat config/master.key`, a tool's result below its path
        r"\bmaster\.key\b[^\n]{0,60}\n(?:[^\n]{0,40}\n)?[ \t]*([0-9a-f]{32})[ \t]*(?:\n|$)",
        0.9,
        "Rails master key",
    ),
    Rule(
        "TWILIO_AUTH_TOKEN",
        # a Ruby or Node client given the SID (any expression) and then the token, by position
        r"\bTwilio::REST::Client\.new\([^,\n]{1,80},\s*[\"']([0-9a-f]{32})[\"']"
        r"|\brequire\(\s*[\"']twilio[\"']\s*\)\s*\([^,\n]{1,80},\s*[\"']([0-9a-f]{32})[\"']",
        0.9,
        "Twilio auth token passed to its client",
    ),
    Rule(
        "TERRAFORM_SENSITIVE_VALUE",
        # `terraform output -json` (`"sensitive": true, "type": …, "value": …`) and state
        # files (`"value": …, "type": …, "sensitive": true`): a value Terraform itself marks
        # sensitive
        r"\"sensitive\"[ \t]*:[ \t]*true[ \t]*,\s*(?:\"type\"[ \t]*:[ \t]*\"string\"[ \t]*,\s*)?"
        r"\"value\"[ \t]*:[ \t]*\"([^\"\s]{8,300})\""
        r"|\"value\"[ \t]*:[ \t]*\"([^\"\s]{8,300})\"[ \t]*,\s*(?:\"type\"[ \t]*:[ \t]*\"string\""
        r"[ \t]*,\s*)?\"sensitive\"[ \t]*:[ \t]*true\b",
        0.85,
        "value Terraform marks sensitive",
        # made like a secret, not an ARN, a resource id, a name of words or a certificate
        verify=lambda value: (
            composed(value)
            and not value.startswith(("arn:", "/subscriptions/", "projects/", *_PEM_PUBLIC))
            and "://" not in value
            and not named_thing(value)
        ),
    ),
    Rule(
        "HARDHAT_ACCOUNT_KEY",
        # hardhat.config and truffle: the deployer's private key in a network's `accounts`
        r"\baccounts[\"']?[ \t]*:[ \t]*\[[ \t]*[\"']((?:0x)?[0-9a-fA-F]{64})[\"']",
        0.9,
        "private key of a deploying account",
    ),
    Rule(
        "SNYK_AUTH_TOKEN",
        rf"\bsnyk[ \t]+auth[ \t]+({_UUID})\b",
        0.9,
        "Snyk token given to `snyk auth`",
    ),
    Rule(
        "URL_TOKEN_USER",
        # a token as a URL's user name with an empty password, as package registries take
        # it (`https://<token>:@pypi.fury.io/…`)
        r"\bhttps?://([A-Za-z0-9_-]{16,100}):@[\w-]+(?:\.[\w-]+)+",
        0.85,
        "token as the user name of a URL",
        verify=composed,
    ),
    # twenty-third session (`bench/validator/tuning_secrets_14.jsonl`): network gear, VPN
    # profiles, a Redis session and a Tasmota console, where no credential word is a key.
    # (strongSwan's `: PSK "…"` and `redis-cli -a` were caught already: DAEMON_PASSWORD and
    # CLI_PASSWORD.) A value may be quoted; the quotes stay out of the span.
    Rule(
        "IPSEC_PRESHARED_KEY",
        # Cisco IOS `crypto isakmp key … address|hostname`, keyrings (`pre-shared-key
        # [local|remote] …`, `pre-shared-key address … key …`), ASA (`ikev1 pre-shared-key
        # …`, `ikev2 remote-authentication pre-shared-key …`), pfSense's XML. Type 6 is
        # AES-encrypted and type 7 or 8 values are not written this way: only plain keys
        # (no marker, or 0) count.
        r"(?im)(?:\bcrypto[ \t]+isakmp[ \t]+key|^[ \t]*(?:ikev[12][ \t]+(?:(?:remote|local)"
        r"-authentication[ \t]+)?)?pre-shared-key(?:[ \t]+(?:local|remote))?(?:[ \t]+address[ \t]+"
        r"\S+[ \t]+key)?)[ \t]+(?:0[ \t]+)?[\"']?([^\s\"']{6,128})[\"']?(?:[ \t]+(?:address|"
        r"hostname)\b|[ \t]*(?:!|\r?$))"
        r"|<pre-shared-key>([^<\s]{6,400})</pre-shared-key>",
        0.9,
        "IPsec pre-shared key in a router, firewall or VPN config",
        verify=lambda value: value.lower() not in _SYNTAX_WORDS and value != "6",
    ),
    Rule(
        "OPENVPN_INLINE_PASSWORD",
        # a profile's inline `<auth-user-pass>`: the user on one line, the password on the next
        r"<auth-user-pass>[ \t]*\r?\n\s*[^\s<]{1,100}[ \t]*\r?\n\s*[\"']?([^\s<\"']{6,200})[\"']?"
        r"\s*</auth-user-pass>",
        0.9,
        "password inline in an OpenVPN profile",
    ),
    Rule(
        "REDIS_AUTH_PASSWORD",
        # typed at a redis-cli prompt: `host:6379> AUTH [user] password`
        r"(?m):\d{2,5}(?:\[\d{1,2}\])?>[ \t]*(?i:auth)[ \t]+(?:[^\s\"']+[ \t]+)?[\"']?"
        r"([^\s\"']{6,200})[\"']?[ \t]*\r?$",
        0.9,
        "Redis password typed at redis-cli",
    ),
    Rule(
        "TASMOTA_PASSWORD",
        # a Tasmota console command at the start of a line (after a log's `CMD:`) or in a
        # `Backlog` of commands: `Password1 …` is the Wi-Fi password, `MqttPassword …` the
        # broker's, `WebPassword …` the device's own (one password per Backlog line)
        r"(?im)(?:^[ \t]*(?:[\d:.]{8,15}[ \t]+CMD:[ \t]*)?|\bbacklog\d?[ \t]+(?:[^\n;]{1,80};"
        r"[ \t]*){0,8})(?:mqttpassword|webpassword|password[1-3])[ \t]+[\"']?([^\s;\"']{6,100})",
        0.85,
        "password in a Tasmota console command",
        verify=lambda value: value_ok(value, "password", password=True),
    ),
)
