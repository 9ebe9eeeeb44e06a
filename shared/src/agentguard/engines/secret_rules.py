"""Provider credential formats, part one: cloud and developer platforms.

Group 1, when present, is the secret value itself.

Formats follow each vendor's documented token shapes (prefixes, alphabets, lengths). Scores
reflect how unambiguous the shape is: a fixed vendor prefix is near-certain, a bare
40-character string after an `aws_secret` key is likely.
"""

from agentguard.engines._rx import Rule
from agentguard.engines.secret_rules_base import BOUNDARY_END as _E
from agentguard.engines.secret_rules_base import BOUNDARY_START as _B
from agentguard.engines.secret_rules_base import braced_ciphertext, composed
from agentguard.engines.secret_rules_base import decodes_with_nul as _decodes_with_nul
from agentguard.engines.secret_rules_base import keyed as _keyed
from agentguard.engines.secret_rules_keys import KEY_RULES
from agentguard.engines.secret_rules_saas import SAAS_RULES
from agentguard.engines.secret_rules_tools import TOOL_RULES

__all__ = ["PROVIDER_RULES"]

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# Documented vendor prefixes added after the first table (platform, AI and CI tokens).
MORE_PREFIXED_RULES: tuple[Rule, ...] = (
    Rule(
        "GCP_OAUTH_TOKEN",
        rf"{_B}(ya29\.[0-9A-Za-z_-]{{30,}}){_E}",
        0.85,
        "Google OAuth access token",
    ),
    Rule(
        "AIRTABLE_PAT", rf"{_B}(pat[A-Za-z0-9]{{14}}\.[a-f0-9]{{64}}){_E}", 0.95, "Airtable token"
    ),
    Rule(
        "AUTHRESS_KEY",
        rf"(?i){_B}((?:sc|ext|scauth|authress)_[a-z0-9]{{5,30}}\.[a-z0-9]{{4,6}}\.acc[_-]"
        rf"[a-z0-9-]{{10,32}}\.[a-z0-9+/_=-]{{30,120}}){_E}",
        0.95,
        "Authress service client key",
    ),
    Rule(
        "AWS_BEDROCK_KEY",
        # "ABSK" + base64("BedrockAPIKey-"); short-lived keys + base64("bedrock.amazonaws.com")
        rf"{_B}(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{{40,}}={{0,2}}|"
        rf"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&-]*)",
        0.95,
        "Amazon Bedrock API key",
    ),
    Rule(
        "DEFINED_NETWORKING_KEY",
        rf"{_B}(dnkey-[a-z0-9=_-]{{26}}-[a-z0-9=_-]{{52}}){_E}",
        0.95,
        "Defined Networking API key",
    ),
    Rule(
        "PLAID_TOKEN",
        rf"{_B}(access-(?:sandbox|development|production)-{_UUID}){_E}",
        0.9,
        "Plaid access token",
    ),
    Rule(
        "BREVO_KEY",
        rf"{_B}(x(?:keysib|smtpsib)-[a-f0-9]{{64}}-[a-zA-Z0-9]{{16}}){_E}",
        0.95,
        "Brevo (Sendinblue) API key",
    ),
    Rule(
        "SETTLEMINT_TOKEN",
        rf"{_B}(sm_(?:pat|aat|sat)_[a-zA-Z0-9]{{16}}){_E}",
        0.9,
        "SettleMint token",
    ),
    Rule(
        "YANDEX_TOKEN",
        rf"{_B}(t1\.[A-Za-z0-9_-]+={{0,2}}\.[A-Za-z0-9_-]{{86}}={{0,2}}|AQVN[A-Za-z0-9_-]{{35,38}})",
        0.9,
        "Yandex Cloud IAM token or API key",
    ),
    Rule(
        "STRIPE_WEBHOOK_SECRET",
        rf"{_B}(whsec_[A-Za-z0-9+/]{{32,}}={{0,2}})",
        0.95,
        "Stripe webhook secret",
    ),
    Rule("DOCKER_HUB_PAT", rf"{_B}(dckr_pat_[A-Za-z0-9_-]{{27}}){_E}", 0.95, "Docker Hub token"),
    Rule("SUPABASE_TOKEN", rf"{_B}(sbp_[a-f0-9]{{40}}){_E}", 0.95, "Supabase access token"),
    Rule(
        "TAILSCALE_KEY",
        rf"{_B}(tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{{8,}}-[A-Za-z0-9]{{16,}}){_E}",
        0.95,
        "Tailscale key",
    ),
    Rule("REPLICATE_TOKEN", rf"{_B}(r8_[A-Za-z0-9]{{37}}){_E}", 0.9, "Replicate API token"),
    Rule(
        "LANGSMITH_KEY",
        rf"{_B}(lsv2_(?:pt|sk)_[a-f0-9]{{32}}_[a-f0-9]{{10}}){_E}",
        0.95,
        "LangSmith API key",
    ),
    Rule("BUILDKITE_TOKEN", rf"{_B}(bkua_[a-f0-9]{{40}}){_E}", 0.95, "Buildkite API token"),
    Rule("NETLIFY_TOKEN", rf"{_B}(nfp_[A-Za-z0-9]{{36}}){_E}", 0.9, "Netlify access token"),
    Rule(
        "AWS_SESSION_TOKEN",
        # base64 of the token's fixed header bytes: "\x..origin_ec…" (IQoJ…), "…aws" (FwoG…)
        rf"{_B}((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9+/]{{100,}}={{0,2}})",
        0.95,
        "AWS session token",
    ),
    Rule(
        "CLOUD_SECRET_BESIDE_ID",
        # a secret key right after its key id (AWS, Alibaba, Tencent), nothing but
        # punctuation and space between: pasted as a pair in a chat, or passed by position
        # to an SDK (`new DefaultProfile("cn-hangzhou", "LTAI…", "…")`)
        r"\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,24}|AKID[0-9A-Za-z]{32})"
        r"[^A-Za-z0-9/+]{1,100}?([A-Za-z0-9/+]{30,40})(?:[^A-Za-z0-9/+=]|$)",
        0.9,
        "cloud secret key beside its key id",
    ),
    Rule(
        "ASANA_PAT",
        rf"{_B}([12]/\d{{10,20}}/\d{{10,20}}:[0-9a-f]{{32}}){_E}",
        0.9,
        "Asana personal access token",
    ),
    Rule(
        "HUBSPOT_PRIVATE_APP",
        rf"{_B}(pat-(?:na|eu|ap)\d-{_UUID}){_E}",
        0.9,
        "HubSpot private app token",
    ),
    Rule("NUGET_KEY", rf"{_B}(oy2[a-z0-9]{{43}}){_E}", 0.85, "NuGet API key"),
    Rule(
        "SMB_PASSWORD",
        r"\bsmbclient\b[^\n]{0,200}?\s-U\s+[\"']?[^%\s\"']{1,64}%([^\s\"']{6,128})",
        0.85,
        "password in smbclient's user%password",
    ),
    # the fourth round: vendors with a documented prefix or shape
    Rule(
        "STATSIG_SECRET", rf"{_B}(secret-[A-Za-z0-9]{{40,46}}){_E}", 0.85, "Statsig server secret"
    ),
    Rule(
        "UNLEASH_TOKEN",
        rf"{_B}((?:\*|[a-z0-9_-]{{1,40}}):(?:\*|[a-z0-9_-]{{1,40}})\.[0-9a-f]{{64}}){_E}",
        0.85,
        "Unleash API token",
    ),
    Rule("MOLLIE_KEY", rf"{_B}((?:live|test)_[A-Za-z0-9]{{30}}){_E}", 0.8, "Mollie API key"),
    Rule(
        "PAYPAL_ACCESS_TOKEN", rf"{_B}(A21AA[A-Za-z0-9_-]{{50,}}){_E}", 0.9, "PayPal access token"
    ),
    Rule(
        "CHECKOUT_COM_SECRET",
        rf"{_B}(sk_(?:sbox_)?[a-z2-7]{{26}}[a-z2-7*#$=]?){_E}",
        0.8,
        "Checkout.com secret key",
    ),
    Rule(
        "STYTCH_SECRET",
        rf"{_B}(secret-(?:live|test)-[A-Za-z0-9_=-]{{30,44}})",
        0.9,
        "Stytch secret",
    ),
    Rule("APPWRITE_KEY", rf"{_B}(standard_[0-9a-f]{{128,}}){_E}", 0.9, "Appwrite API key"),
    Rule(
        "CLOUDINARY_URL",
        r"\bcloudinary://\d{10,20}:([A-Za-z0-9_-]{20,40})@",
        0.9,
        "Cloudinary URL with its API secret",
    ),
    Rule(
        "RANCHER_TOKEN", rf"{_B}(token-[a-z0-9]{{5}}:[a-z0-9]{{40,64}}){_E}", 0.9, "Rancher token"
    ),
    Rule("TRANSIFEX_TOKEN", rf"{_B}(1/[0-9a-f]{{40}}){_E}", 0.8, "Transifex API token"),
    Rule(
        "NGROK_AUTHTOKEN",
        r"\bngrok\b[^\n]{0,40}?\bauthtoken[ \t:=]+[\"']?([0-9A-Za-z]{20,30}_[0-9A-Za-z]{15,30})",
        0.9,
        "ngrok authtoken",
    ),
    Rule("SHODAN_KEY", r"\bshodan\s+init\s+([A-Za-z0-9]{32})\b", 0.85, "Shodan API key"),
    Rule(
        "OPENWEATHERMAP_KEY",
        r"\bopenweathermap\.org/\S{0,200}?[?&]appid=([0-9a-f]{32})\b",
        0.8,
        "OpenWeatherMap API key in a request URL",
    ),
    Rule("APIFY_TOKEN", rf"{_B}(apify_api_[A-Za-z0-9]{{36}}){_E}", 0.95, "Apify API token"),
    Rule("ONESIGNAL_KEY", rf"{_B}(os_v2_app_[a-z2-7]{{80,}}){_E}", 0.95, "OneSignal REST API key"),
    Rule(
        "SALESFORCE_TOKEN",
        rf"{_B}(00D[A-Za-z0-9]{{12,15}}![A-Za-z0-9._]{{80,}})",
        0.9,
        "Salesforce session or access token",
    ),
    Rule("DEEPL_FREE_KEY", rf"{_B}({_UUID}:fx){_E}", 0.85, "DeepL API key (free plan)"),
    Rule(
        "DEEPL_KEY",
        rf"\bdeepl\b[^\n]{{0,60}}?[\"']({_UUID}(?::fx)?)[\"']",
        0.85,
        "DeepL API key",
    ),
    Rule("TENCENT_SECRET_ID", rf"{_B}(AKID[0-9A-Za-z]{{32}}){_E}", 0.9, "Tencent Cloud SecretId"),
    Rule(
        "CLI_PASSWORD",
        # a password on a command line: `docker login -p`, `sshpass -p`, `mysql -pSECRET`,
        # `redis-cli -a`, `--password=`
        r"(?i)\b(?:(?:docker|podman|buildah|skopeo|nerdctl)\s+login|helm\s+(?:registry\s+login|repo\s+add)"
        r"|sshpass|mysql|mysqldump|mysqladmin|redis-cli|rabbitmqadmin|ipmitool|racadm"
        r"|mongo(?:sh|dump|restore|export|import)?)\b(?:[^\n|;&]|\\\n){0,200}?\s"
        r"(?:-p|--password[= ]|-a\s)[ \t]*=?[ \t]*[\"']?([^\s\"'-][^\s\"']{5,127})",
        0.8,
        "password on a command line",
        # a port is no password; `$PASS` is a variable, `'$Lagoon8480ott'` a password
        verify=lambda value: not value.isdigit() and (value[0] != "$" or composed(value)),
    ),
    Rule(
        "LDAP_BIND_PASSWORD",
        # ldap tools' and kadmin's `-w password` (kadmin's `-p` names the principal)
        r"(?i)\b(?:ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn)|kadmin)\b"
        r"(?:[^\n|;&]|\\\n){0,300}?\s-w[ \t]+[\"']?([^\s\"'-][^\s\"']{5,127})",
        0.85,
        "bind password passed to an LDAP tool",
        verify=lambda value: value[0] != "$" or composed(value),
    ),
    Rule(
        "DATABASE_DSN",
        # Go's MySQL driver: `user:password@tcp(host:3306)/db`
        r"\b[\w.-]{1,64}:([^@/\s\"':]{6,128})@(?:tcp|unix|udp)\(",
        0.85,
        "password in a database DSN",
    ),
    Rule(
        "TWILIO_AUTH_TOKEN",
        # a Twilio client given its account SID, then the auth token, by position
        r"[\"']AC[0-9a-f]{32}[\"']\s*,\s*[\"']([0-9a-f]{32})[\"']",
        0.9,
        "Twilio auth token passed after its account SID",
    ),
    Rule(
        "SMTP_AUTH_PLAIN",
        # a mail session's `AUTH PLAIN <base64 of \0user\0password>`
        r"\bAUTH PLAIN[ \t]+([A-Za-z0-9+/]{12,}={0,2})",
        0.9,
        "SMTP AUTH PLAIN credentials",
        verify=_decodes_with_nul,
    ),
    Rule(
        "PROTOCOL_PASS",
        # FTP and POP3 log-ins as a client log shows them: `USER name` then `PASS secret`
        r"\bUSER[ \t]+\S{1,64}[^\n]*\n(?:[^\n]*\n){0,2}?[^\n]*?\bPASS[ \t]+([^\s]{4,128})",
        0.85,
        "password of an FTP or POP3 log-in",
        verify=lambda value: value[0] != "*" and value.lower() != "(hidden)",
    ),
    Rule(
        "REDIS_AUTH_COMMAND",
        # `redis-cli MONITOR` prints every command, AUTH and its password too
        r"\"AUTH\"(?:[ \t]+\"[^\"\n]{1,64}\")?[ \t]+\"([^\"\s]{6,128})\"",
        0.85,
        "password of a Redis AUTH command",
    ),
    Rule(
        "JENKINS_CREDENTIALS",
        # `new UsernamePasswordCredentialsImpl(scope, id, description, user, password)`
        r"\bUsernamePasswordCredentialsImpl\([^()]{0,300}?,\s*[\"'][^\"'\n]{1,64}[\"']\s*,"
        r"\s*[\"']([^\"'\n]{6,128})[\"']\s*\)",
        0.9,
        "password of a Jenkins credential",
    ),
    Rule(
        "VAULT_UNSEAL_KEY",
        # `vault operator init` prints them so: "Unseal Key 1: <base64 of 32 bytes>"
        r"\bUnseal Key \d{1,2}:[ \t]*([A-Za-z0-9+/]{43}=|[0-9a-f]{64})",
        0.95,
        "Vault unseal key",
    ),
    Rule(
        "CONSUL_ACL_TOKEN",
        r"(?i)\btokens[ \t]*\{[^}]{0,200}?\b(?:agent|default|master|initial_management"
        r"|replication|agent_recovery|agent_master)[ \t]*=[ \t]*\"([0-9a-f]{8}-[0-9a-f-]{27})\"",
        0.9,
        "Consul ACL token",
    ),
    Rule(
        "CONSUL_GOSSIP_KEY",
        r"(?i)\bencrypt\"?[ \t]*[=:][ \t]*\"([A-Za-z0-9+/]{43}=)\"",
        0.9,
        "Consul gossip encryption key",
    ),
    Rule(
        "SASL_PASSWD_LINE",
        # Postfix's sasl_passwd: `[smtp.office365.com]:587 user@domain:password` (or a bare user)
        r"(?m)^\[[\w-]+(?:\.[\w-]+)+\](?::\d+)?[ \t]+[^\s:@]+(?:@[^\s:]+)?:([^\s]{6,128})[ \t]*$",
        0.9,
        "relay password in a Postfix sasl_passwd line",
    ),
    Rule(
        "DJANGO_SECRET_KEY",
        # get_random_secret_key(): 50 characters of this alphabet (a dev key says so)
        r"\bSECRET_KEY\s*=\s*[\"']((?:django-insecure-)?[a-z0-9!@#$%^&*(\-_=+)]{50})[\"']",
        0.9,
        "Django SECRET_KEY",
    ),
    Rule(
        "SESSION_COOKIE_JSON",
        # a browser tool's or HAR export's cookie list: `{"name": "PHPSESSID", "value": …}`
        r"(?i)\"name\"\s*:\s*\"(?:\w{0,20}sess(?:ion)?(?:_?id)?|sid|connect\.sid|jsessionid)\"\s*,"
        r"\s*\"value\"\s*:\s*\"([A-Za-z0-9%._-]{16,256})\"",
        0.7,
        "session cookie in a cookie list",
    ),
    Rule(
        "AWS_PRESIGNED_URL",
        r"[?&]X-Amz-Signature=([0-9a-f]{64})\b",
        0.7,
        "signature of a pre-signed S3 URL (access without credentials until it expires)",
    ),
    Rule(
        "XML_PASSWORD",
        # Maven settings.xml, .NET and Java configs: <password>…</password>
        r"<(?i:[\w.-]{0,30}(?:password|passwd|_?pw|bindpw|secret|psk|pre_?shared_?key|shared_?key"
        r"|client_?secret|api_?key|access_?key|secret_?key|private_?key|auth_?token))>"
        r"([^<\s]{6,300})</"
        # a passphrase may be words: `<gpg.passphrase>walrus juniper saffron 743</…>`
        r"|<(?i:[\w.-]{0,30}passphrase)>[ \t]*([a-z][a-z0-9]*(?: [a-z0-9]+){2,11})[ \t]*</",
        0.8,
        "credential in an XML element",
        # Jenkins and Maven keep theirs encrypted: `<password>{AQAAABAAAAAQ…}</password>`,
        # `<password>{gY1UWMgY…=}</password>` (settings-security.xml holds the master key)
        verify=lambda value: not braced_ciphertext(value),
    ),
    Rule(
        "NETWORK_DEVICE_PASSWORD",
        # Cisco IOS: `enable secret 0 …`, `username u privilege 15 password 0 …`, `key 0 …`,
        # a BGP neighbour's `password 7 …`
        # (0 is clear text, 7 the reversible type-7 encoding; 5, 8 and 9 are hashes)
        r"(?im)^[ \t]*(?:[\w-]+\(config[\w-]*\)#[ \t]*)?(?:enable[ \t]+(?:secret|password)"
        r"|username[ \t]+\S+(?:[ \t]+privilege[ \t]+\d+)?[ \t]+(?:password|secret)"
        r"|neighbor[ \t]+\S+[ \t]+password|key|server-key|password)[ \t]+[07][ \t]+(\S{4,128})",
        0.9,
        "password in a network device's configuration",
    ),
    Rule(
        "JUNOS_SECRET",
        r"\b(?:pre-shared-key[ \t]+ascii-text|secret|authentication-key|plain-text-password-value)"
        r"[ \t]+\"([^\"\n$]{4,128})\"",
        0.85,
        "secret in a Junos configuration",
        # not a Vault template's `with secret "secret/data/app"`: a path, not a key
        verify=lambda value: "/" not in value,
    ),
    Rule(
        "SNMPV3_AUTH_KEY",
        r"(?i)\b(?:snmp-server[ \t]+user[ \t]+\S+[ \t]+\S+[ \t]+v3[ \t]+auth[ \t]+(?:md5|sha\d*)"
        r"|createUser[ \t]+\S+[ \t]+(?:MD5|SHA\S*))[ \t]+\"?([^\s\"]{6,128})",
        0.85,
        "SNMPv3 authentication key",
    ),
    Rule(
        "SNMPV3_PRIV_KEY",
        r"(?i)\b(?:priv[ \t]+(?:des|3des|aes)(?:[ \t]+\d{3})?"
        r"|createUser[ \t]+\S+[ \t]+(?:MD5|SHA\S*)[ \t]+\"?[^\s\"]+\"?[ \t]+(?:DES|AES\S*))"
        r"[ \t]+\"?([^\s\"]{6,128})",
        0.85,
        "SNMPv3 privacy key",
    ),
    Rule(
        "PIPED_SECRET",
        # a secret piped into the command that asks for it: `echo '…' | kinit`,
        # `echo '…' | docker login --password-stdin`, `echo '…' | sudo -S`
        r"\becho[ \t]+(?:-n[ \t]+)?[\"']([^\"'\n]{6,128})[\"'][ \t]*\|[ \t]*(?:sudo[ \t]+)?"
        r"(?:kinit|(?:docker|podman|nerdctl|buildah|oras|skopeo)[ \t]+login|helm[ \t]+registry"
        r"|chpasswd|passwd|-S\b|openssl)",
        0.85,
        "secret piped into a log-in command",
        verify=lambda value: value[0] != "$" or composed(value),
    ),
    Rule(
        "DAEMON_PASSWORD",
        # HAProxy `stats auth u:p` and `insecure-password`, keepalived `auth_pass`, Redis ACL
        # `user u on >p`, TACACS+ `login = cleartext "p"`, ipsec.secrets `: PSK "p"`,
        # jenkins-cli `-auth u:token`, schtasks `/RP "p"`
        r"(?im)\bstats[ \t]+auth[ \t]+[^:\s]+:(\S{4,128})|\binsecure-password[ \t]+(\S{4,128})"
        r"|\bauth_pass[ \t]+(\S{4,128})"
        r"|^[ \t]*user[ \t]+\S+[ \t]+(?:[^\n>]{0,80}[ \t])?>(\S{6,128})"
        r"|\bcleartext[ \t]+\"([^\"\n]{4,128})\"|:[ \t]*PSK[ \t]+\"([^\"\n]{4,128})\""
        r"|[ \t]-auth[ \t]+[^:\s]+:(\S{6,128})|[ \t]/RP[ \t]+\"([^\"\n]{4,128})\"",
        0.85,
        "password in a daemon's or tool's configuration",
    ),
    Rule(
        "CLOUDFLARE_TUNNEL_TOKEN",
        r"\bcloudflared\b[^\n]{0,100}?(?:--token[ \t=]+|\bservice[ \t]+install[ \t]+)[\"']?"
        r"(eyJ[A-Za-z0-9+/=_-]{50,400})",
        0.9,
        "Cloudflare tunnel token",
    ),
    Rule(
        "DRUPAL_HASH_SALT",
        r"\$settings\[['\"]hash_salt['\"]\]\s*=\s*['\"]([^'\"\s]{20,128})['\"]",
        0.9,
        "Drupal hash salt",
    ),
    Rule(
        "SQL_PASSWORD",
        r"(?i)\bidentified\s+by\s+(?:password\s+)?[\"']([^\"'\n]{6,128})[\"']",
        0.85,
        "password in a SQL user statement",
    ),
    Rule(
        "POWERSHELL_PLAINTEXT",
        r"(?i)ConvertTo-SecureString\s+(?:-String\s+)?[\"']([^\"'\n]{6,128})[\"']\s+-AsPlainText",
        0.85,
        "password converted from plain text in PowerShell",
    ),
    Rule(
        "PGPASS_LINE",
        # ~/.pgpass: host:port:database:user:password
        r"(?m)^[\w.*-]+:(?:\d{2,5}|\*):[\w.*-]+:[\w.@*-]+:([^\s:]{6,128})$",
        0.75,
        "password in a .pgpass line",
    ),
    Rule(
        "SESSION_COOKIE",
        r"(?i)\bcookie:[^\n]{0,200}?\b(?:\w{0,20}sess(?:ion)?(?:_?id)?|sid|connect\.sid"
        r"|jsessionid)=([A-Za-z0-9%._-]{16,256})",
        0.7,
        "session cookie in a copied request",
    ),
    Rule(
        "OPENVPN_STATIC_KEY",
        r"(-----BEGIN OpenVPN Static key V1-----)",
        0.95,
        "OpenVPN static key",
        structural=True,
    ),
    Rule(
        "INFISICAL_TOKEN",
        rf"{_B}(st\.[0-9a-f]{{24}}\.[0-9a-f]{{32}}\.[0-9a-f]{{32}}){_E}",
        0.95,
        "Infisical service token",
    ),
    Rule(
        "GOOGLE_REFRESH_TOKEN",
        rf"{_B}(1(?://|%2F%2F)0[A-Za-z0-9_-]{{40,}}){_E}",  # URL-encoded in a form body too
        0.9,
        "Google OAuth refresh token",
    ),
    Rule(
        "RESEND_KEY",
        rf"{_B}(re_[A-Za-z0-9]{{8,10}}_[A-Za-z0-9]{{20,32}}){_E}",
        0.85,
        "Resend API key",
    ),
    Rule("LAUNCHDARKLY_SDK_KEY", rf"{_B}(sdk-{_UUID}){_E}", 0.85, "LaunchDarkly server SDK key"),
    Rule(
        "WORDPRESS_SALT",
        r"define\(\s*[\"'](?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)[\"']\s*,\s*"
        r"[\"']([^\"'\n]{32,128})[\"']",
        0.85,
        "WordPress authentication key or salt",
        verify=lambda value: "unique phrase" not in value.lower(),  # wp-config-sample.php
        structural=True,
    ),
    Rule(
        "PUTTY_PRIVATE_KEY",
        r"(PuTTY-User-Key-File-\d+:[^\n]*)",
        0.95,
        "PuTTY private key file",
        structural=True,
    ),
    Rule(
        "CIRCLECI_TOKEN",
        rf"{_B}(CCIPAT_[A-Za-z0-9]{{22}}_[a-f0-9]{{40}}){_E}",
        0.95,
        "CircleCI personal token",
    ),
)

# Values with no vendor prefix: recognisable only next to the vendor's name in the key.
# Where the value shape is also an ordinary id (digits, UUIDs, hex like commit hashes), the
# key must name a credential too: `discord_token` counts, `discord_channel_id` does not.
_CRED = r"[\w.-]{0,16}?(?:key|token|secret|pass(?:word)?|login|auth|client[_.-]?id|app[_.-]?id)"
KEYED_RULES: tuple[Rule, ...] = (
    _keyed(
        "HONEYCOMB_KEY",
        r"honeycomb",
        r"[A-Za-z0-9]{20,64}",
        0.8,
        "Honeycomb API key (also in OTLP headers: x-honeycomb-team=…)",
    ),
    _keyed(
        "SIDEKIQ_SECRET",
        r"\bBUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM",
        r"[0-9a-fA-F]{8}:[0-9a-fA-F]{8}",
        0.9,
        "Sidekiq Pro/Enterprise gem-server credentials",
    ),
    _keyed(
        "SUMOLOGIC_ACCESS_ID",
        r"\bsumo(?:logic)?[_.-]?access[_.-]?id",
        r"su[A-Za-z0-9]{12}",
        0.8,
        "Sumo Logic access id",
    ),
    _keyed(
        "ASANA_SECRET",
        r"\basana" + _CRED,
        r"\d{16}|[a-z0-9]{32}",
        0.7,
        "Asana client id or secret (after an asana key)",
    ),
    _keyed(
        "DISCORD_SECRET",
        r"\bdiscord" + _CRED,
        r"\d{17,20}|[A-Za-z0-9_-]{32}|[a-f0-9]{64}",
        0.7,
        "Discord client id, secret or key (after a discord key)",
    ),
    _keyed("KUCOIN_SECRET", r"\bkucoin" + _CRED, rf"[a-f0-9]{{24}}|{_UUID}", 0.8, "KuCoin API key"),
    _keyed(
        "DROPBOX_APP_KEY", r"\bdropbox" + _CRED, r"[a-z0-9]{15}", 0.7, "Dropbox app key or secret"
    ),
    _keyed(
        "SOURCEGRAPH_KEY",
        r"\bsourcegraph" + _CRED,
        r"[a-fA-F0-9]{40}",
        0.8,
        "Sourcegraph access token (after a sourcegraph key)",
    ),
    _keyed("OKTA_TOKEN", r"\bokta", r"00[A-Za-z0-9=_-]{40}", 0.8, "Okta API token"),
    _keyed(
        "YANDEX_ACCESS_KEY", r"\byandex", r"YC[A-Za-z0-9_-]{38}", 0.85, "Yandex Cloud access key"
    ),
    _keyed(
        "MAILGUN_SIGNING_KEY",
        r"\bmailgun",
        r"[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}",
        0.85,
        "Mailgun webhook signing key",
    ),
    _keyed("SNYK_TOKEN", r"\bsnyk" + _CRED, _UUID, 0.8, "Snyk API token"),
    _keyed("HUBSPOT_KEY", r"\bhubspot" + _CRED, _UUID, 0.8, "HubSpot API key"),
    _keyed(
        "MESSAGEBIRD_KEY",
        r"\b(?:messagebird|message[_-]bird)" + _CRED,
        rf"{_UUID}|[A-Za-z0-9]{{25}}",
        0.8,
        "MessageBird key or client id",
    ),
    _keyed(
        "SONAR_TOKEN", r"\bsonar" + _CRED, r"(?:sq[pua]_)?[A-Za-z0-9]{40}", 0.8, "SonarQube token"
    ),
    _keyed(
        "JFROG_TOKEN",
        r"\b(?:jfrog|artifactory|bintray|xray)" + _CRED,
        r"[a-z0-9]{64}|[a-z0-9]{73}",
        0.8,
        "JFrog API key or identity token",
    ),
)

PROVIDER_RULES: tuple[Rule, ...] = (
    Rule(
        "AWS_ACCESS_KEY",
        rf"{_B}((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{{16}}){_E}",
        0.95,
        "AWS access key id",
    ),
    _keyed(
        "AWS_SECRET_KEY",
        r"aws.{0,20}(?:secret|sk|private)",
        r"[A-Za-z0-9/+=]{40}",
        0.9,
        "AWS secret access key",
    ),
    Rule("GCP_API_KEY", rf"{_B}(AIza[0-9A-Za-z_-]{{35}}){_E}", 0.95, "Google API key"),
    Rule(
        "GCP_SERVICE_ACCOUNT",
        r"\"type\"\s*:\s*\"service_account\"",
        0.9,
        "GCP service-account JSON",
        structural=True,
    ),
    Rule(
        "GCP_OAUTH_SECRET",
        rf"{_B}(GOCSPX-[A-Za-z0-9_-]{{28}}){_E}",
        0.95,
        "Google OAuth client secret",
    ),
    Rule(
        "AZURE_STORAGE_KEY",
        r"(?i)AccountKey=([A-Za-z0-9+/]{86}==)",
        0.95,
        "Azure storage account key",
    ),
    Rule(
        "AZURE_AD_SECRET",
        rf"{_B}([a-zA-Z0-9_~.]{{3}}\dQ~[a-zA-Z0-9_~.-]{{31,34}}){_E}",
        0.9,
        "Azure AD client secret",
    ),
    Rule(
        "AZURE_SAS", r"(?i)[?&]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})", 0.7, "Azure SAS signature"
    ),
    Rule("GITHUB_TOKEN", rf"{_B}(gh[pousr]_[A-Za-z0-9]{{36,255}}){_E}", 0.95, "GitHub token"),
    Rule(
        "GITHUB_FINE_GRAINED",
        rf"{_B}(github_pat_[A-Za-z0-9_]{{82}}){_E}",
        0.95,
        "GitHub fine-grained token",
    ),
    Rule(
        "GITLAB_TOKEN",
        rf"{_B}(gl(?:pat|dt|ptt|rt|soat|ft|imt|agent|cbt|oas|ffct|wt)-[A-Za-z0-9_-]{{20,64}}){_E}",
        0.95,
        "GitLab token",
    ),
    Rule(
        "GITLAB_RUNNER",
        rf"{_B}(GR1348941[A-Za-z0-9_-]{{20}}){_E}",
        0.95,
        "GitLab runner registration token",
    ),
    Rule(
        "SLACK_TOKEN",
        rf"{_B}(xox[abeoprs]-(?:\d+-){{1,4}}[A-Za-z0-9-]{{10,}}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{{100,}}){_E}",
        0.95,
        "Slack token",
    ),
    Rule("SLACK_APP_TOKEN", r"(?i)\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)\b", 0.95, "Slack app token"),
    Rule(
        "SLACK_WEBHOOK",
        r"(hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,120})",
        0.9,
        "Slack webhook URL",
    ),
    Rule(
        "STRIPE_KEY",
        rf"{_B}((?:sk|rk)_(?:test|live|prod)_[0-9a-zA-Z]{{10,247}}){_E}",  # up to 255 in all
        0.95,
        "Stripe secret key",
    ),
    Rule(
        "OPENAI_KEY",
        rf"{_B}(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{{20,200}}T3BlbkFJ[A-Za-z0-9_-]{{20,200}}){_E}",
        0.98,
        "OpenAI API key",
    ),
    Rule("OPENAI_KEY_LEGACY", rf"{_B}(sk-[A-Za-z0-9]{{48}}){_E}", 0.85, "OpenAI-style secret key"),
    Rule(
        "ANTHROPIC_KEY",
        rf"{_B}(sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{{80,100}}AA){_E}",
        0.98,
        "Anthropic API key",
    ),
    Rule("TWILIO_KEY", rf"{_B}(SK[0-9a-fA-F]{{32}}){_E}", 0.8, "Twilio API key"),
    Rule(
        "SENDGRID_KEY",
        rf"{_B}(SG\.[A-Za-z0-9_-]{{22}}\.[A-Za-z0-9_-]{{43}}){_E}",
        0.98,
        "SendGrid API key",
    ),
    Rule("NPM_TOKEN", rf"{_B}(npm_[A-Za-z0-9]{{36}}){_E}", 0.95, "npm access token"),
    Rule("PYPI_TOKEN", r"(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})", 0.98, "PyPI upload token"),
    Rule(
        "HUGGINGFACE_TOKEN",
        rf"{_B}((?:hf_|api_org_)[A-Za-z]{{34}}){_E}",
        0.95,
        "Hugging Face token",
    ),
    Rule(
        "JWT",
        rf"{_B}(ey[A-Za-z0-9_-]{{10,}}\.ey[A-Za-z0-9_-]{{10,}}\.[A-Za-z0-9_-]{{10,}}){_E}",
        0.8,
        "JSON Web Token",
    ),
    Rule(
        "PRIVATE_KEY",
        r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,200}?[A-Za-z0-9+/]{40}",
        0.98,
        "PEM private key",
        structural=True,
    ),
    Rule(
        "DATABASE_URL",
        # a driver after "+" too: mysql+pymysql://, postgresql+psycopg2://
        r"(?i)\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|mariadb|jdbc:\w+|s?ftp|ldaps?|smtps?|mqtts?|wss?|nats|ssh|svn|imaps?|pop3s?|neo4j(?:\+s)?|bolt|clickhouse|couchbases?|cassandra|influxdb|stomp|smb|cifs|vnc|rdp|webdavs?)(?:\+\w+)?://[^:@/\s\"']{0,64}:([^@/\s\"']{3,128})@[\w.-]+",
        0.9,
        "connection URL with a password",
    ),
    *SAAS_RULES,
    *TOOL_RULES,
    *KEY_RULES,
    *MORE_PREFIXED_RULES,
    *KEYED_RULES,
)
