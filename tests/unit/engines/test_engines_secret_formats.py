"""Secret shapes and look-alikes from the written secrets tuning set (`bench/validator/`):
credentials the first rules missed where they really leak, and values that only look like
credentials. Values are random, made for these tests."""

import random
import string

import pytest

from agentguard.engines import detect_secrets
from agentguard.engines.secret_tables import password_cells

_RNG = random.Random(11)
_B64 = string.ascii_letters + string.digits + "+/"
_ALNUM = string.ascii_letters + string.digits


def _draw(alphabet: str, size: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(size))


AWS_SECRET = _draw(_B64, 17) + "/" + _draw(_B64, 22)  # 40 characters with a slash
SESSION = "IQoJb3JpZ2luX2VjEJf" + _draw(_B64, 300) + "=="
GOOGLE_REFRESH = "1//0" + _draw(_ALNUM + "_-", 96)
HEX128 = "".join(_RNG.choice("0123456789abcdef") for _ in range(128))
SALT = "M*v,.DA&s}xoI3z{Rbd=.n=4;mM&eKR]*czZfFCdtSHEC^R]}OL/xsh<}{1tP~$p"


def values(text: str) -> list[str]:
    return [text[f.start : f.end] for f in detect_secrets(text)]


# agent contexts, positional credentials and passwords in sentences (the third round)
THIRD_ROUND = [
    (
        'new StripeClient("sk_live_51fiIgMb27f4iW9AGjKBHj0KVFyOSmqqKBO9ABSQojWkH2vWI0oviS5KIm'
        'h57srvlYWQIUTThiUsG3QM5geMRGZfmYEP4BnlNRKWu");',
        None,
    ),
    (
        'const ASANA_PAT = "2/6170979261994479/3050552324019923:99154ea8d174bce876265c6f6b893aa1";',
        None,
    ),
    (
        '{"name": "X-Api-Key", "value": "db06cec1ff6dd0dcb328ccfc10b69dc0"}',
        "db06cec1ff6dd0dcb328ccfc10b69dc0",
    ),
    (
        '"auth": {"bearer": [{"key": "token",'
        ' "value": "flb_hzA7sHq1OxGj3b6PKxPEBaqVJ73NJQ3Chr7ClWBU"}]}',
        None,
    ),
    (
        '- name: DD_API_KEY\n  value: "5e1fcbbd9c1c0a26d3c6c498296fe04f"',
        "5e1fcbbd9c1c0a26d3c6c498296fe04f",
    ),
    (
        "Key             Value\ndb_password     D=cGi1gkoXI%2WQ!kQhp\ndb_user   crm",
        "D=cGi1gkoXI%2WQ!kQhp",
    ),
    ("hubspot_token   pat-eu1-c0191cc2-31e3-41c7-8d04-3079192f7b81", None),
    (
        '<add key="https://www.nuget.org"'
        ' value="oy29krng5mf1ie5kau3vjl2hnyid40nqki048q5qyts7ch" />',
        None,
    ),
    (
        "smbclient //fs01/finance -U 'CORP\\jsmith%Onyx_Granite606' -c 'get q3.xlsx'",
        "Onyx_Granite606",
    ),
    ('ssh.connect("10.12.0.9", 22, "root", "Copper!Falcon538")', "Copper!Falcon538"),
    ('.basic_auth("svc-reporter", Some("QKC7z6RLwNF86Rh2PM"))', "QKC7z6RLwNF86Rh2PM"),
    (
        'mosquitto_username_pw_set(mosq, "sensor01", "eYZZHTL5OSBnpq1DmCDN");',
        "eYZZHTL5OSBnpq1DmCDN",
    ),
    (
        '"arguments": "{\\"q\\": \\"grinder\\",'
        ' \\"api_key\\": \\"f2518ff5656df746aede47e1d49c854d\\"}"',
        None,
    ),
    ('SECRET_KEY = "@h64=4ty-m%#1!7^efyxarfrg#m9d-ix2jlqvv3+yv01^f76ys"', None),
    (
        "-H 'cookie: _ga=GA1.1.68217; tw_session=BGWaOayjI0wimjD9QVrI0IXOsUJODHGO5HZ2C1C0ho2N3jg7'",
        None,
    ),
    (
        "The admin password for https://grafana.example is Lantern#Saffron1708 — log in",
        "Lantern#Saffron1708",
    ),
    ("Das Passwort lautet 7i4sCnoQgAS*0W%e\nBitte ändern", "7i4sCnoQgAS*0W%e"),
    ("パスワードは EZilgJZNU3A4eHD7 です。", "EZilgJZNU3A4eHD7"),
    ("A senha do painel administrativo da loja é dPapfW1SZlGZW9 — usuário admin", "dPapfW1SZlGZW9"),
    ("пароль от сервера мониторинга (zabbix, логин admin): Ember*Indigo4076", "Ember*Indigo4076"),
    ('kullanıcı adı "muhasebe", şifre: Cactus!Comet4470', "Cactus!Comet4470"),
    ("- Changed the admin password to `w5aylSQLE8S9Le` as you asked", "w5aylSQLE8S9Le"),
]


# vendors with a documented prefix or shape (the fourth round)
FOURTH_ROUND = [
    ("await Statsig.initialize('secret-jydaylgOCZeCwt7yjW0SK7b7ggC2QoDsQz9CukD5PU4')", None),
    ('-H "Authorization: *:*.' + "9bbb8c27" * 8 + '"', None),
    ('$mollie->setApiKey("live_p1nSnb3aUdpcpR8Nbn0nvOIlBBWSh9");', None),
    (
        "headers={'Authorization': 'Bearer "
        "A21AAOTkvjX9Mq7KAr5ejeZm0FZ-iEiz_DRQL0NCqW8WRmzHCPijkQRM'}",
        None,
    ),
    ("checkout:\n  secret_key: sk_sbox_i46ihfsxc36kqvphavhspofmom", None),
    ('secret="secret-live-htHkPQSECg3gSFe_oZxIRygiFwIIZuWv="', None),
    ("CLOUDINARY_URL=cloudinary://346141836278309:8ivAm4DlixdhNcyMQEbHZX4aRzQ@acme", None),
    ("rancher login https://r.example/v3 --token token-dskr5:" + "5100yceim9" * 5 + "7ggh", None),
    ("token         = 1/4d70eb6c992a83260dbc7eab046e5a2cea85cdad", None),
    ("$ ngrok config add-authtoken 2MdtX2Gbg56Wy68pnYqWf9sDFIt_zZzmTD7Syl9tirm6MGEwR", None),
    ("$ shodan init 8veTkQu7bsU22IzNCjP0KfA1WDyMLaRh", None),
    (
        "api.openweathermap.org/data/2.5/weather?q=Berlin&appid=163accc1e4d5543ecfc054e8f2575787",
        None,
    ),
    ('client = ApifyClient("apify_api_MYweuwJrFNcbfSwGoDcXBMyK47pflEqZgp0b")', None),
    ("ONESIGNAL_REST_API_KEY=os_v2_app_" + "rwlacd5sptypumvo" * 7, None),
    (
        "Access Token     00D8XB2JiiHVfaO!" + "ARRSDPXLIWWsnscYEbVPL1BQqJkOzM98Av8FSPjszE9TEW" * 2,
        None,
    ),
    ('translator = deepl.Translator("3689e6c9-4a8c-45e8-8c6a-b5154b864c5d")', None),
    ("curl -v -u vvt8eoG3WoPNNlGPEfyS:X https://acme.freshdesk.com/api/v2/tickets", None),
]


# configs, command lines and code (the second tuning round)
# Fifth round: typed declarations, byte strings, connection strings, setters, C defines,
# SDK clients that take keys by position, and vendor shapes the round's writer used
FIFTH_ROUND = [
    ('static let analyticsSecret: String = "Wq8v2LrTe5nKp0ZxYb7HsJd3Mc6Fg"', None),
    (
        'const API_TOKEN: &str = "h7GkQ2pVz9LmT4xWc8NbR1sY6dFe3JaK";',
        "h7GkQ2pVz9LmT4xWc8NbR1sY6dFe3JaK",
    ),
    ('val apiKey: String? = "Zp3Lq8Xr2Vt6Nw9Bk4Hs7Jd1Fg5Mc0Ya"', None),
    ('var jwtKey = []byte("t+Rm4!Qz8#Lp2?Wx6*Nv0-Bk")', "t+Rm4!Qz8#Lp2?Wx6*Nv0-Bk"),
    ('SECRET_KEY = b"q9ZfW2xL7pR4vT8nK3mH6jB1"', "q9ZfW2xL7pR4vT8nK3mH6jB1"),
    (
        '"Default": "Host=pg.internal;Database=claims;Username=api;Password=^k?w-RtdhCe9Yu"',
        "^k?w-RtdhCe9Yu",
    ),
    ('    .apiSecret("Q7mKfpX0Lad4BGnz")\n    .build()', "Q7mKfpX0Lad4BGnz"),
    ('props.setPassword("Hv5!rQ2kLm9#Tz");', "Hv5!rQ2kLm9#Tz"),
    ('#define WIFI_PASS    "rhQL*7OOpuGjMZ"', "rhQL*7OOpuGjMZ"),
    ('network={\n    ssid="Lab-IoT"\n    psk="KgTLWhqYBhxoyR"\n}', "KgTLWhqYBhxoyR"),
    ('static let pageAccessToken = "EAAJ' + "d9y5vmSq8kd1yNZhQyzuRLahx" * 6 + '"', None),
    (
        'client = tweepy.Client(bearer_token="' + "A" * 21 + "MZs3BfBRM%2BX2MWXUjNjnQ" * 4 + '")',
        None,
    ),
    (
        "$c = new IntercomClient('dG9rOjgwNTc4Nzg2X2IwZDhfNGJlMl9hYzhmXzE3ZGY4ZTIwZGJlYjoxOjA=');",
        None,
    ),
    ("auth = IAMAuthenticator('tTD63naqsP-QpDmLUvJEeTJiEEwxqVN0k3_PVgYYWQqm')", None),
    (
        "$mj = new \\Mailjet\\Client('fa468caf16b8e960c4e10fa363bf061b', "
        "'49a9e3d6c983d7511257eba356d9206d');",
        "49a9e3d6c983d7511257eba356d9206d",
    ),
    ('#define IO_KEY "aio_w9udRc4a5uHWEGztDJtlnVchkuoC"', "aio_w9udRc4a5uHWEGztDJtlnVchkuoC"),
    ("!wandb login 1d8ebc920f9dc5f6f6fd55c82d7bfcf82014bc1d", None),
]
# Sixth round: what developers and agents paste and get back
SIXTH_ROUND = [
    (
        "| Sistema | Usuário | Senha |\n|---|---|---|\n| Painel | admin | Borboleta.laranja.31$ |",
        "Borboleta.laranja.31$",
    ),
    (
        "| service | user | password |\n| --- | --- | --- |\n| grafana | ops | `Kite7!harbor2` |",
        "Kite7!harbor2",
    ),
    ("  mqttBroker: 'mqtts://sensor-gw:q7vSwnBzp641KaFTK2r@broker.hivemq.cloud:8883',", None),
    ('        "password": "b.EovXH.HcZOziGSYQz8",', "b.EovXH.HcZOziGSYQz8"),
    ('"Server=tcp:sql.example.net,1433;User ID=app;Password=&Yephyr4667mex;Encrypt=True;"', None),
    (
        '{"name": "PHPSESSID", "value": "t9ni0rdd0u1el2jv5l2kx3hykv", "domain": "shop.example"}',
        None,
    ),
    ('proxy_set_header X-Api-Key "Ei0rW4Sr3MJN5fNZu2ypSTfPiCBrjNP2";', None),
    ("ldapsearch -x -H ldaps://dc01:636 -D \"CN=svc,DC=corp\" -w '*Hazel7622bat' -b x", None),
    ("mysql -h 127.0.0.1 -u root -p'$Lagoon8480otu' shop < dump.sql", "$Lagoon8480otu"),
    ('0 3 * * * PGPASSWORD="@Sprocket5367wam" pg_dump -U app app', "@Sprocket5367wam"),
    ("[smtp.office365.com]:587 notify@atelier.example:Mistral&Pitanga6330", None),
    (
        'SECRET_KEY = "django-insecure-u1@wy_o(4!dxxu_@&7!h&nkdlf3e*ym7r@z!a1nh#*nac)+3gn"',
        None,
    ),
]
# Rounds 7 and 8: credentials in sentences, protocol logs and less common files
SEVENTH_ROUND = [
    ("Zugangsdaten: Benutzer jweber.buha, Passwort Bergweg_Watzmann7731", None),
    ("2. Konto w panelu: login magazyn.wroclaw, hasło Sikorka42@bursztyn", None),
    ("- NAS: gebruiker root, wachtwoord fietsbel-kaasrasp-hagelslag7.", None),
    ("user bms-contractor / password 2CmPVH#GDbwXB!68. Keypad code is in the safe", None),
    ("use my Vercel token until we get a team one: 57Mteme6EUzSpZnYN8gkZUAQ", None),
    ("Our server API token is cde77858-f241-4639-a575-272c464565a6 in case you need it", None),
    ('SNMP: Community-String "2RXeDJxUxBe24S" (read-only)', None),
    ("AUTH PLAIN AHNjYW5uZXJAb3N0ZXJoYXZlbi5jbwBUaHVuZGVyNjc/bWVhZG93", None),
    (
        "Command:\tUSER shopdeploy\nResponse:\t331 Password required\n"
        "Command:\tPASS Lobster%Rhubarb645",
        None,
    ),
    ('1707967005.1 [0 10.0.0.4:52144] "AUTH" "svc_cache" "ka4dDPeo9L0wZPLmT8BYHhzjdJwKNZh"', None),
    ('red:auth("geOF00IxsWMfhGzcxTOX2Tk1kpAX")', None),
    ('census_api_key("5d01e35a08ff183d3034f18955cfa6991ee0ac61", install = TRUE)', None),
    ("Authorization:[ApiKey dFc0RFdhYkxKYlBTdXUwUnNFSkU6OEFzUkNPbTdHRkJ4UDY3]", None),
    ('url: "https://maker.ifttt.com/trigger/garage_open/with/key/CpSBmT7DVBUgRwIvNw-6rQ"', None),
    ("curl -X POST https://hooks.zapier.com/hooks/catch/94059952/xi4eo5c/", None),
    ('  tokens {\n    agent = "d124a2b7-a36e-4292-992f-e1ca8de8c5ea"\n  }', None),
    ('encrypt = "md+nKctk4ib4vca9D+f+Juxb6EsDR0h4kBZt248I9Iw="', None),
    ("  Unseal Key 1: 8RtfK25dRBwoF6QLHUfalU5p974qWF0wk6zoodtnslV=", None),
    (
        "grant_type=refresh_token&refresh_token=1%2F%2F0fGEKGbTcO1lFUNaIoDuYn9VyeTr5sNBjQxxGEyCzJ",
        None,
    ),
    (
        'variable "paypal_client_secret" {\n  type      = string\n  sensitive = true\n'
        '  default   = "FWYMdcKSSRlSxcKDtmuyoR489GIKEXaFl8g7-wvGX5UhbCK1zSVKCG936j_20A1vDhO"\n}',
        None,
    ),
    (
        "  DBMasterPassword:\n    Type: String\n    NoEcho: true\n"
        "    Default: '617u1UdVsRDZuFcx2+i+oj'",
        None,
    ),
    ('<property name="vercelToken" value="ohsTvjpGEJqyx61bOLaq3vuT"/>', None),
    ('dsn := "ledger_rw:5gz4a7nWjbMIhlQYUA@tcp(ledger.cluster.local:3306)/ledger"', None),
    ("rabbitmqadmin -H mq.internal -u ops -p 'PMoU#avdo5W5QUH*' list queues", None),
    (
        "@client = Twilio::REST::Client.new('AC2d056e8e082852ef9924bf07ef1c2721', "
        "'f18af0c3c284108377365df7b3892fbc')",
        "f18af0c3c284108377365df7b3892fbc",
    ),
    ('let cloudflare_api_token = String::from("kadLlvOTDV0xwRn9hk-bHvmC_LI5cuWCL5esQeSr");', None),
    ("ansible_become_pass=Urchin82.mangos", "Urchin82.mangos"),
    (
        'new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "nexus-deployer",\n'
        '        "Nexus deploy user", "deployer", "Violet44*otter")',
        "Violet44*otter",
    ),
]
# Round 9: AI applications and agents
NINTH_ROUND = [
    (
        'new AzureKeyCredential("QrIq3WOhBjysRU9nKQIzyCcmtNHqCJFMsHHOQ4qemBAtTfBXDHmu")',
        "QrIq3WOhBjysRU9nKQIzyCcmtNHqCJFMsHHOQ4qemBAtTfBXDHmu",
    ),
    (
        "{'host': 'integrate.api.nvidia.com', 'authorization': 'Bearer nvapi-"
        + "HpiwQbzKYrLeRWNdh6HwSoHI_gZ9sBvK" * 2
        + "'}",
        None,
    ),
    ('SUPABASE_SECRET_KEY = "sb_secret_bXp89x5rFqQBiTQyoFExcinuUBkm7Dw"', None),
    ("my token gives 403 on the gated model? using sk_" + "22b77cdd1cf8" * 4, None),
    ('"Helicone-Auth": "Bearer sk-helicone-qp2dgty-et6vy86-gu9qu58-bh5t8qq"', None),
]
# Round 10: network devices, daemons and the tools operators type
TENTH_ROUND = [
    ("sw-03(config)#enable secret 0 5XZA#B@#f4pXPX", "5XZA#B@#f4pXPX"),
    ("username noc privilege 15 password 0 M5o4sOvtu5oh!64", "M5o4sOvtu5oh!64"),
    ("radius server ISE-1\n address ipv4 10.0.0.5 auth-port 1812\n key 0 !JrL-lOhqtrZ1XdV6", None),
    ("username ops password 7 1302161E07090B242F36213521351C08125250", None),
    ('set security ike policy p1 pre-shared-key ascii-text "Ct-qv3zzzvdUf-NaHg6IWTIL"', None),
    (
        "snmp-server user librenms NMS-RO v3 auth sha fUBIOdYjTFF4nZ priv aes 128 sSk5YvYcOiorT497",
        None,
    ),
    ('createUser checkmk SHA "0b0XpN8rMiupDC" AES "mVxOHv3IbDmq"', None),
    ("    stats auth admin:galleon-cinder-yarrow-58", None),
    ("    user deploy insecure-password Rooftopyar!2026_", None),
    ("    authentication {\n        auth_type PASS\n        auth_pass QYC1SLDr\n    }", None),
    ("user payroll on >QXta09zkUahkxn0BrxfcNoFzK4Zp ~payroll:* &* +@all", None),
    ('    login = cleartext "Otter!Tamarind7687"', None),
    ('91.129.180.84 77.88.179.31 : PSK "vSQwwPKPNpFr1Z77gbY00ZZu"', None),
    (
        "java -jar jenkins-cli.jar -s https://ci/ -auth pnovak:226c5fc6b78666c597d5410a8e8b897877",
        None,
    ),
    (
        'schtasks /Create /TN "Sync" /RU CORP\\svc_tasks /RP "4YzQmFQq7%J-KPg%uWtew5Xc" /RL HIGH',
        None,
    ),
    (
        "ipmitool -I lanplus -H 10.39.44.153 -U ADMIN -P '43no2TZGI=*8gZp-yE!YmYobbVy' power",
        None,
    ),
    ("kadmin -p admin/admin@CORP.EXAMPLE -w 'mynx-harvest-sorrel-29' -q listprincs", None),
    ("echo '=ThistleCobalt2479' | kinit svc_ingest@CORP", None),
    (
        "$ echo 'XsFSPzmtcRmS0joO0D63WO62W9nwKBhz' | docker login -u robot$ci --password-stdin h",
        None,
    ),
    (
        'docker login -u="castellan+ci" -p="8TQWKNN4LDZDI3E257QGINFJEHZW4XDQNSBWPPFKBA75" quay.io',
        None,
    ),
    ("<ldap_bindpw>+i0JuX8f6hG%5KiX6MMnn</ldap_bindpw>", None),
    ("<radius_secret>7IS0Zup-EJzFUn_0Q4t</radius_secret>", None),
    (
        "$settings['hash_salt'] = '9ZSdg-kn-Zf2p7Ez5rhVqnsK_fPr3tCtYxSzZSu3YIztoYfCwqyLwW';",
        None,
    ),
    ("default_pass = !MonsoonDriftwood4648", None),
    (
        "cloudflared tunnel run --token eyJhIjoiOTJmZmRjNzIzNzdmMDhkZGJjMzkwOTljNzMyMjJh",
        None,
    ),
    (
        "[email-smtp.eu-central-1.amazonaws.com]:587 AKIAWX3MN1KSDDGFGF9T:Cz9dfqS3/7wKvfoJEnRNg2",
        None,
    ),
    ('Add-VBRCredentials -User "CORP\\svc_veeam" -Password "Umberkes=2026%"', None),
]
# What tools print and keep (seventeenth session, `secret_rules_tools.py`)
TOOLS = [
    (
        "<AdministratorPassword>\n  <Value>TQBvAG4AcwBvAG8AbgB6AGUAcAAuADIAMAAy</Value>",
        "TQBvAG4AcwBvAG8AbgB6AGUAcAAuADIAMAAy",
    ),
    ("<AutoLogon>\n <Password>\n  <Value>summit-kestrel-harvest-64</Value>", None),
    (
        "  CORP\\svc_scan:1233:aad3b435b51404eeaad3b435b51404ee:"
        "01e2afa15fb8765c3782529d7fdab786:::",
        "01e2afa15fb8765c3782529d7fdab786",
    ),
    ("# cat /var/lib/rabbitmq/.erlang.cookie; echo\nCDATPBZJAECWZZCREQSQ\n", None),
    (
        "Password for the [elastic] user successfully reset.\nNew value: fQbMRWzvg8Zqq=YeejrS",
        "fQbMRWzvg8Zqq=YeejrS",
    ),
    ("Initial Root Token: hvs.S5jrmR1GJjstMkQJWgzM20dZ", "hvs.S5jrmR1GJjstMkQJWgzM20dZ"),
    (
        "  network_key: [216, 116, 133, 99, 255, 147, 48, 23, 74, 134, 134, 86, 158, 107, 1, 187]",
        None,
    ),
    ('<13>1 - host app - - [1d676917-eac5-4960-8f55-dec197148801@41058 tag="web"]', None),
    ("  run: ./codecov -t e3fcd89e-99ce-4ba0-8d7a-5d7cbe8b1f2c -f coverage.xml", None),
    ("const client = new SparkPost('d8949f99371d94bfd6b1e26014946837e48fbb19');", None),
    ('PlainLoginModule required username="L8PVMSJGL5X63AXS" password="dl";', "L8PVMSJGL5X63AXS"),
    ("<keyType>PSK</keyType>\n<Key>gHVg1g1tL6fWMb6luZSgQiSEe8D</Key>", None),
    (
        "-----BEGIN OpenVPN Static key V1-----\n4a75950e3530249899db71872c369d9c\n",
        "4a75950e3530249899db71872c369d9c",
    ),
    ("<shared_key>IwojIDIwNDggYml0IE9wZW5WUE4gc3RhdGljIGtleQ" + "Qk" * 60 + "</shared_key>", None),
    ("path: config/master.key\nresult:\n0ca475ce006456a651df2117992e62ed\n", None),
    (
        'Twilio::REST::Client.new(ENV.fetch("SID"), "21eeb1f9f48e44c3067811f088eb5b1b")',
        "21eeb1f9f48e44c3067811f088eb5b1b",
    ),
    (
        "cloudflared service install eyJhIjoiOTJmZmRjNzIzNzdmMDhkZGJjMzkwOTljNzMyMjJhOTUiLCJ0Ijoi",
        None,
    ),
]
CONFIGS_COMMANDS_AND_CODE = [
    (
        'profile("cn-hangzhou", "LTAI5tVvRxFi5Xn4uFp1Ge98", "PJGuqP5WYoE3R2TtOhIFyLHCjBQNsB")',
        "PJGuqP5WYoE3R2TtOhIFyLHCjBQNsB",
    ),
    (
        'common.NewCredential("AKID2RmlyNLkZ8qD6rls8f7kuDnFkbVnDvBW",'
        ' "NyIWYb2oVlBd6x40coiVfrMCS0ACL54a")',
        "NyIWYb2oVlBd6x40coiVfrMCS0ACL54a",
    ),
    (
        "docker login ocir.io -u 'tenancy/user' -p 'sxfxsCq0+uwJD)RvAZ(B'",
        "sxfxsCq0+uwJD)RvAZ(B",
    ),
    ("sh 'sshpass -p \"un5XzijL=HDL1n\" scp build.tgz host:'", "un5XzijL=HDL1n"),
    ("mysqldump -u root -pQ7v!x9Lm2z shop > dump.sql", "Q7v!x9Lm2z"),
    ("get?X-Amz-Expires=604800&X-Amz-Signature=" + "be74f0b3" * 8, "be74f0b3" * 8),
    (
        "<server><id>nexus</id><password>q85rvU_NM=6!HTCAgzqB</password></server>",
        "q85rvU_NM=6!HTCAgzqB",
    ),
    (
        "CREATE USER 'reporting'@'10.%' IDENTIFIED BY '0+StWio+1rgHHrLFDL';",
        "0+StWio+1rgHHrLFDL",
    ),
    ('$p = ConvertTo-SecureString "o73TRt+dZth=Le2A" -AsPlainText -Force', "o73TRt+dZth=Le2A"),
    ("db-primary.internal:5432:orders:orders_rw:fjGO%Z_fv6iRIv36bG\n", "fjGO%Z_fv6iRIv36bG"),
    (
        "Cookie: sessionid=ruche8e7b7a9qo7ou5mylhg6n4xik2tg; _ga=GA1.2.25",
        "ruche8e7b7a9qo7ou5mylhg6n4xik2tg",
    ),
    ("<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n4fb14efb42963a3c\n", None),
    (
        "INFISICAL_TOKEN=st." + "3de4aa06899b1652b5e93d5a." + "0fa7185c" * 4 + "." + "0bb08201" * 4,
        None,
    ),
    (
        "OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=VafYDVppaEM7LCCe8YvSg9",
        "VafYDVppaEM7LCCe8YvSg9",
    ),
    ("recovery token is hvr.0yYNnQy2I01czoEztqrWLD2r — export it", None),
    (
        "requirepass zprRcu6jdgXfd79zMwv0QyYGLDkPbYxW\nmaxmemory 4gb",
        "zprRcu6jdgXfd79zMwv0QyYGLDkPbYxW",
    ),
    ("ldap_default_authtok = RknGD+mZZtl+yDn3oK", "RknGD+mZZtl+yDn3oK"),
    ('network={\n    ssid="Office"\n    psk="Otter!canyon95"\n}', "Otter!canyon95"),
    ("snmp-server community 4WkHqd8yzwYrbC RW 10", "4WkHqd8yzwYrbC"),
    ("network is Lindqvist-Guest, password is Otter-lagoon9396", "Otter-lagoon9396"),
    (
        'snowflake.connector.connect(user="ETL", password="c75hqBpBSgpNBa*5rdG.")',
        "c75hqBpBSgpNBa*5rdG.",
    ),
    (
        "User ID=orders_app;Password=1t.wgHzeezr7fJFdqg+b;MultipleActiveResultSets=True",
        "1t.wgHzeezr7fJFdqg+b",
    ),
    (
        "$pdo = new PDO('mysql:host=127.0.0.1;dbname=shop', 'shop_user', 'Fu8jZ5vkd5*bd+CZ');",
        "Fu8jZ5vkd5*bd+CZ",
    ),
]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            f"aws:\n  access_key_id: AKIAQ2NM4LL6Y47QIZZK\n  secret_access_key: {AWS_SECRET}\n",
            AWS_SECRET,
        ),
        (
            f'{{"AccessKeyId": "ASIAEFCYBGMFEBBYESYB", "SecretAccessKey": "{AWS_SECRET}"}}',
            AWS_SECRET,
        ),
        (f'az storage blob upload --account-key "{_draw(_B64, 86)}=="', None),
        (f"aws_session_token = {SESSION}", SESSION),
        (f"use mine for now:\n`AKIA5W5QVQ25YM45QYZW`\n`{AWS_SECRET}`\nthanks", AWS_SECRET),
        (
            "curl https://api.telegram.org/bot3055832663:AAgyUBuPpWNBOKjndoCB-61HMj7A7_TGG0x/send",
            None,
        ),
        ('client.get(url).bearer_auth("ty-bamBQZakynvF_UxUpUrJGiXdw3j0UEMk2tfI4OCsg")', None),
        ("Authorization: SSWS 00KGDhyi5bxSPReEXC6ESieg0KTONnkIU0JNllDAlL", None),
        ('proxy_set_header Authorization "Basic c3ZjLW1ldHJpY3M6Q1ZQQ21GcW1UbzdEUkZOTVF2";', None),
        ("APP_KEY=base64:pT/0OeVTDpl+b/hNz85LHf0WE+o39uPjBvJJMWOhIrY=", None),
        ('signingConfigs { release { storePassword "Coffee4Breakfast!" } }', "Coffee4Breakfast!"),
        (f"define( 'SECURE_AUTH_KEY',  '{SALT}' );", SALT),
        (f'{{"refresh_token": "{GOOGLE_REFRESH}"}}', GOOGLE_REFRESH),
        ("const resend = new Resend('re_OHmbwgUK_qej1XSqh6i7YDPKpZfz4CGQ8');", None),
        ('ld.MakeClient("sdk-3f7325ca-b719-456a-97f4-fd2f3fafda03", 5*time.Second)', None),
        (f"production:\n  secret_key_base: {HEX128}\n", HEX128),
        ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n", None),
        (
            'DriverManager.getConnection(url, "warehouse_loader", "SMMjET#HgJk5pgoC");',
            "SMMjET#HgJk5pgoC",
        ),
        ('s.login("reports.acme@gmail.com", "fhzc ybkz zspe xima")', "fhzc ybkz zspe xima"),
        ('requests.get(url, auth=("svc-ci", "Qm7#vTz2pLw9"))', "Qm7#vTz2pLw9"),
        ("git clone https://ghp_i6D4GjFjTYyPQbkX6hhrrwuggfut8iY0fUex@github.com/acme/x", None),
        ("host: stg-pg.acme.internal  user: migrator  pw: Gr33nT3a!2022", "Gr33nT3a!2022"),
        (
            'create_engine("mysql+pymysql://root:aF1_0E7aT0atJ6Zm@10.0.3.12:3306/db")',
            "aF1_0E7aT0atJ6Zm",
        ),
        *CONFIGS_COMMANDS_AND_CODE,
        *THIRD_ROUND,
        *FOURTH_ROUND,
        *FIFTH_ROUND,
        *SIXTH_ROUND,
        *SEVENTH_ROUND,
        *NINTH_ROUND,
        *TENTH_ROUND,
        *TOOLS,
    ],
)
def test_credentials_where_they_leak(text: str, secret: str | None) -> None:
    found = values(text)
    assert found, text
    if secret is not None:
        assert secret in found


@pytest.mark.parametrize(
    "text",
    [
        '-H "Idempotency-Key: 236c6bdb-a82e-41af-a71b-e995cf41c1cf"',
        '"nextPageToken": "GNqpR1Luc-1bG4DajDmFtpDZ-BoKV_DPPEyv4_O9"',
        '"token_uri": "https://oauth2.googleapis.com/token", "auth_provider_x509_cert_url": "x"',
        "  cookie_secret_file: /etc/oauth2-proxy/cookie-secret",
        "$ aws sts get-session-token --serial-number arn:aws:iam::123456789012:mfa/dev",
        "# public key: age1aq6e7nmd2w3zcz4rful57vw9k6jlk6kqanwen7wn9qsk6mh2gdwthule9z",
        'curl -u "$NEXUS_USER:$NEXUS_PASS" --upload-file app.jar',
        '= "arn:aws:secretsmanager:eu-west-1:381492650217:secret:prod/db-Ab3dE9|F4BED2CF"',
        "define( 'AUTH_KEY', 'put your unique phrase here' );",
        # ciphertext: SOPS fields and a SealedSecret's values
        "db:\n    password: ENC[AES256_GCM,data:qDMJnnbdUIuF5xI6237/aVXPiCk5Bii0,iv:/mRZSj1WB"
        "C/DmuRza5vsaTtOEr32KSSBQdZl0cq/++I=,type:str]",
        "kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgBTTd1rUbQ3B5lk+j8UuM4m9"
        "jgHW7SwGJKVOiBnnipHBoDGGJ5LrQbLpBWf",
        # a flag in an argument list, a Secret's name, a value to generate, a page token
        'args: ["eks", "get-token", "--cluster-name", "prod-eks-a"]',
        "    existingSecret: keycloak-db-credentials",
        "SESSION_SECRET=generate-with-openssl-rand-hex-32",
        '"nextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3"',
        # a host's name where a password goes, a cache key
        "I reset the postgres pw on staging-db to the usual one",
        'cache.key("user:4212:profile:settings")',
        # a variable, a blanked value, a Spanish placeholder, a table with no password column
        'mysql -u root -p"$MYSQL_ROOT_PASSWORD" shop < dump.sql',
        "ldap_default_authtok = [removed before sharing]",
        'openai:\n  api_key: "tu-clave-de-openai"',
        "| Host | Port | Owner |\n|---|---|---|\n| db01 | 5432 | Xy7$abQ9 |",
        "| Account | Password |\n|---|---|\n| admin | (ask Rui) |\n| ops | ******** |",
        # hashes, fingerprints, ids said in a sentence, browser keys, code that builds a header
        '"password": "pbkdf2_sha256$720000$sEJvWyBB6078PNV9OrEhGh$6ITgtBVgvmW1Spbk"',
        "Private keys: 1 key, SHA256:0SkwL2m/QvtxbVCh/ql67YUe+DFDlGvBZSRAP9q8lwW=",
        "Idempotency-Key: 926cdc1e-d264-49cf-9b83-71c72cd4de57",
        "we used a sandbox key and got `No such customer: cus_fdIku458fW6bvD`",
        "The password policy: at least 12 characters, one digit and one symbol.",
        "clientToken: 'pub35f220fd7460cb0123ead51e9b01a102',",
        ';NREUM.loader_config={accountID:"2909517",licenseKey:"NRJS-4aa4f61b493c4728452"};',
        "_http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(",
        '<input type="hidden" name="authenticity_token" value="7SWa-Fo1_hsC6oovfBsJFLGPUl2Ehk">',
        '    secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
        "  PAGERDUTY_SERVICE: payments-core",
        # hashes, encrypted values, a username after -p, blanked and required values
        "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
        "<password>{AQAAABAAAAAQJYAZNH7ObEnLEWdPgsYKvs3QchO/u3DLKeUea20W9Zp/Q}</password>",
        "<AdministratorPassword><Value>*SENSITIVE*DATA*DELETED*</Value></AdministratorPassword>",
        "    password: ${RABBITMQ_PASSWORD:?missing}",
        "ALTER ROLE app PASSWORD 'SCRAM-SHA-256$4096:Ixa8VZ8WFrbPKXEKO5VMmQ==$RggQVsSqeh8W'",
        "authorization:\n  type: Bearer\n  credentials_file: /etc/prometheus/token",
        "[DEBUG]\t\torg.neo4j.neo4j-graphdb-api:jar:3.5.12:test",
        "kadmin -p admin/admin@CORP.EXAMPLE -q listprincs",
        "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3561386463396530",
        # the tools' shapes without a credential in them
        "<AdministratorPassword>\n  <Value>*SENSITIVE*DATA*DELETED*</Value>",
        "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::",
        "  network_key: GENERATE",
        'PlainLoginModule required username="admin" password="$KAFKA_PASSWORD";',
        "Initial Root Token: see the sealed envelope in the safe",
    ],
)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert values(text) == []


def test_the_private_key_stands_for_its_service_account_file() -> None:
    body = "\n".join(_draw(_B64, 64) for _ in range(4))
    key = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
    text = '{"type": "service_account", "private_key": "' + key.replace("\n", "\\n") + '"}'
    assert {f.type for f in detect_secrets(text)} == {"PRIVATE_KEY"}
    assert {f.type for f in detect_secrets('{"type": "service_account"}')} == {
        "GCP_SERVICE_ACCOUNT"
    }


ANON = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJzdXBhYmFzZSIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzEyMDAwMDAwfQ."
    "FKRpcilDsrY8UEG5Rc8WLQtdxYcfHfNhNMX67nc2j5M"
)
SERVICE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJzdXBhYmFzZSIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MTIwMDAwMDB9."
    "FKRpcilDsrY8UEG5Rc8WLQtdxYcfHfNhNMX67nc2j5M"
)


@pytest.mark.parametrize(
    "text",
    [
        f"NEXT_PUBLIC_SUPABASE_ANON_KEY={ANON}",  # role anon: for browsers by design
        '<script src="https://maps.googleapis.com/maps/api/js?key=AIzai4tt041Q6gqeEqEyeyF1KVjLEUtnaGja2TQ&callback=init">',
        "const STRIPE_PUBLISHABLE_KEY = 'pk_live_51RD0renOrCyrppG0svQU9dzED5bwndHOtb6PLBvg';",
        "  searchKey: '323634e8997e53c1800adf636d3c5883',",
        '<add key="fabrikam-internal" value="https://pkgs.example.com/nuget/v3/index.json" />',
        "-Dsonar.projectKey=payments-core",
        '$pass = Read-Host "Password" -AsSecureString',
        "kind: SealedSecret\nspec:\n  encryptedData:\n    password: " + "AgB" + "x7Kp" * 100,
        "export interface LoginForm {\n  email: string;\n  password: string;\n}",
        "fn::secret: ops_eyJzaWduSW5B..[Redacted]",
        "the password is incorrect, try again",
        "psql -h db -p 5432 -U app",  # -p is psql's port
        'registry password: [MASKED]\n"data": {"password": "[Filtered]"}',
        'connect(host=creds["host"], user=creds["username"], password=creds["password"])',
        "withCredentials([usernamePassword(passwordVariable: 'NEXUS_PASS')])",
        "|1|5tfUapcKuC3O7PlJVX+FmoXS4FY=|E1981qgBnI9Uv/HL/sg1+/pwJ3E= ecdsa-sha2-nistp256 AAAAE2",
        "snowflake.password=\njdbc.snowflake.url=",
        "POSTHOG_PROJECT_KEY=phc_kXJ8D8N25PbiLy4VEMqCwYEERwaHxP4I6FGVmLp0IJl",
        '<div class="g-recaptcha" data-sitekey="6LYY8jue0X7XKbJrNiAggFfy-OoEnfqa59D45aNN"></div>',
        'const firebaseConfig = {\n  apiKey: "AIzabSOTkyPRO8iGWRRPcrxpP-KgzO0DLS5pBds",'
        '\n  authDomain: "x"',
        "auth = tweepy.OAuth1UserHandler(\n    os.environ['K'],",
        "the password is stored in the vault and rotated every 90 days",
        '"key": "rzp_live_3Q6JM5gAAfJNKL",  // Razorpay key id, public',
        "co = cohere.ClientV2(api_key=cohere_key)",
    ],
)
def test_public_keys_ciphertext_and_code_stay_quiet(text: str) -> None:
    assert values(text) == []


def test_a_service_role_jwt_is_still_a_secret() -> None:
    assert values(f"SUPABASE_SERVICE_ROLE_KEY={SERVICE}") == [SERVICE]


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAabcdefghijklmnopqrstuvwxyz0123456789"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ+/xyz\n-----END RSA PRIVATE KEY-----",
        "define( 'AUTH_KEY', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF' );",
    ],
)
def test_a_key_file_is_judged_by_its_shape_not_by_runs_in_its_body(text: str) -> None:
    # the placeholder filter drops sequential runs in a token; in a key file's body or a
    # salt they are chance, and the file is a secret however its bytes came out
    assert [f.type for f in detect_secrets(text)] in (["PRIVATE_KEY"], ["WORDPRESS_SALT"])


def test_password_cells_read_tables_with_or_without_edge_pipes() -> None:
    text = "Host | Senha | Note\n--- | :---: | ---\ndb01 | Kx9!vQ2m#Lp | ok\nweb | | none\n\nx"
    cells = [(header, text[a:b]) for header, a, b in password_cells(text)]
    assert cells == [("senha", "Kx9!vQ2m#Lp")]  # the empty cell is no value
    assert list(password_cells("| Password |\n| plain line, no separator |")) == []
