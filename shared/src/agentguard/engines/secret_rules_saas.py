"""Provider credential formats, part two: SaaS APIs. Group 1 is the secret value."""

from agentguard.engines._rx import Rule
from agentguard.engines.secret_rules_base import BOUNDARY_END as _E
from agentguard.engines.secret_rules_base import BOUNDARY_START as _B
from agentguard.engines.secret_rules_base import keyed as _keyed

__all__ = ["SAAS_RULES"]

SAAS_RULES: tuple[Rule, ...] = (
    Rule(
        "SHOPIFY_TOKEN", rf"{_B}(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{{32}}){_E}", 0.95, "Shopify token"
    ),
    Rule("MAILGUN_KEY", rf"{_B}(key-[0-9a-f]{{32}}){_E}", 0.8, "Mailgun API key"),
    Rule("MAILCHIMP_KEY", rf"{_B}([0-9a-f]{{32}}-us\d{{1,2}}){_E}", 0.9, "Mailchimp API key"),
    Rule(
        "SQUARE_TOKEN",
        rf"{_B}((?:sq0(?:atp|csp)-[0-9A-Za-z_-]{{22,43}})|EAAA[A-Za-z0-9_+=-]{{60}}){_E}",
        0.95,
        "Square token",
    ),
    Rule(
        "DISCORD_BOT_TOKEN",
        rf"{_B}([MNO][A-Za-z\d_-]{{23,25}}\.[\w-]{{6}}\.[\w-]{{27,38}}){_E}",
        0.9,
        "Discord bot token",
    ),
    Rule(
        "DISCORD_WEBHOOK",
        r"(discord(?:app)?\.com/api/webhooks/\d+/[\w-]{30,})",
        0.9,
        "Discord webhook URL",
    ),
    Rule(
        "TELEGRAM_BOT_TOKEN",
        rf"(?:{_B}|/bot)(\d{{8,10}}:AA[0-9A-Za-z_-]{{33}}){_E}",  # also in the API's URLs
        0.95,
        "Telegram bot token",
    ),
    Rule("DIGITALOCEAN_TOKEN", rf"{_B}(do[opr]_v1_[a-f0-9]{{64}}){_E}", 0.95, "DigitalOcean token"),
    Rule("HEROKU_KEY", rf"{_B}(HRKU-[A-Za-z0-9_-]{{60}}){_E}", 0.95, "Heroku API key"),
    _keyed(
        "HEROKU_LEGACY_KEY",
        r"heroku",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        0.8,
        "Heroku API key (UUID after a heroku key)",
    ),
    Rule("DATABRICKS_TOKEN", rf"{_B}(dapi[a-f0-9]{{32}}(?:-\d)?){_E}", 0.95, "Databricks token"),
    Rule(
        "DOPPLER_TOKEN",
        rf"{_B}(dp\.(?:pt|st|sa|ct|scim|audit)\.[a-zA-Z0-9]{{40,44}}){_E}",
        0.95,
        "Doppler token",
    ),
    Rule("DROPBOX_TOKEN", rf"{_B}(sl\.(?:u\.)?[A-Za-z0-9_-]{{130,}}){_E}", 0.9, "Dropbox token"),
    Rule(
        "ATLASSIAN_TOKEN",
        rf"{_B}(ATATT3[A-Za-z0-9_=-]{{180,200}}){_E}",
        0.95,
        "Atlassian API token",
    ),
    Rule("LINEAR_KEY", rf"{_B}(lin_api_[a-zA-Z0-9]{{40}}){_E}", 0.95, "Linear API key"),
    Rule(
        "NOTION_TOKEN",
        rf"{_B}((?:ntn_\d{{11}}[A-Za-z0-9]{{32,35}})|secret_[A-Za-z0-9]{{43}}){_E}",
        0.9,
        "Notion token",
    ),
    Rule(
        "POSTMAN_KEY",
        rf"{_B}(PMAK-[a-fA-F0-9]{{24}}-[a-fA-F0-9]{{34}}){_E}",
        0.95,
        "Postman API key",
    ),
    Rule(
        "GRAFANA_TOKEN",
        rf"{_B}((?:glc_[A-Za-z0-9+/]{{32,400}}={{0,2}})|glsa_[A-Za-z0-9]{{32}}_[A-Fa-f0-9]{{8}}|eyJrIjoi[A-Za-z0-9]{{70,400}}={{0,2}}){_E}",
        0.95,
        "Grafana token",
    ),
    Rule("NEWRELIC_KEY", rf"{_B}(NR(?:AK|JS|II)-[A-Za-z0-9]{{19,32}}){_E}", 0.9, "New Relic key"),
    Rule(
        "AGE_SECRET_KEY",
        r"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})",
        0.98,
        "age secret key",
    ),
    Rule(
        "ONEPASSWORD_TOKEN",
        r"(ops_eyJ[a-zA-Z0-9+/]{250,}={0,3})",
        0.95,
        "1Password service-account token",
    ),
    Rule(
        "ONEPASSWORD_SECRET_KEY",
        rf"{_B}(A3-[A-Z0-9]{{6}}-(?:[A-Z0-9]{{11}}|[A-Z0-9]{{6}}-[A-Z0-9]{{5}})-[A-Z0-9]{{5}}-[A-Z0-9]{{5}}-[A-Z0-9]{{5}}){_E}",
        0.95,
        "1Password secret key",
    ),
    Rule("VAULT_TOKEN", rf"{_B}(hv[sb]\.[A-Za-z0-9_-]{{90,}}){_E}", 0.95, "HashiCorp Vault token"),
    # a recovery-mode token is short: hvr. and 24 characters
    Rule(
        "VAULT_RECOVERY_TOKEN", rf"{_B}(hvr\.[A-Za-z0-9_-]{{20,}}){_E}", 0.9, "Vault recovery token"
    ),
    Rule(
        "TERRAFORM_TOKEN",
        r"(?i)\b([a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70})\b",
        0.95,
        "Terraform Cloud token",
    ),
    Rule("PULUMI_TOKEN", rf"{_B}(pul-[a-f0-9]{{40}}){_E}", 0.95, "Pulumi token"),
    Rule(
        "SENTRY_TOKEN",
        # org tokens carry a base64 JSON claim (`eyJ` = `{"`), user tokens 64 hex digits
        rf"{_B}(sntrys_eyJ[A-Za-z0-9+/=_]{{40,}}|sntryu_[a-f0-9]{{64}}){_E}",
        0.9,
        "Sentry token",
    ),
    Rule("ALIBABA_KEY", rf"{_B}(LTAI[a-zA-Z0-9]{{20}}){_E}", 0.9, "Alibaba Cloud access key"),
    Rule("FACEBOOK_TOKEN", rf"{_B}(EAA[MC][a-zA-Z0-9]{{100,}}){_E}", 0.9, "Facebook access token"),
    Rule(
        "CLOUDFLARE_ORIGIN_CA",
        rf"{_B}(v1\.0-[a-f0-9]{{24}}-[a-f0-9]{{146}}){_E}",
        0.95,
        "Cloudflare origin CA key",
    ),
    Rule("SHOPIFY_SHARED", rf"{_B}(shpss_[a-fA-F0-9]{{32}}){_E}", 0.95, "Shopify shared secret"),
    Rule(
        "PLANETSCALE_TOKEN",
        rf"{_B}(pscale_(?:tkn|oauth|pw)_[A-Za-z0-9=._-]{{32,64}})(?:[^A-Za-z0-9=._-]|$)",
        0.95,
        "PlanetScale token",
    ),
    Rule("PREFECT_TOKEN", rf"{_B}(pnu_[a-zA-Z0-9]{{36}}){_E}", 0.95, "Prefect token"),
    Rule("READMEIO_KEY", rf"{_B}(rdme_[a-z0-9]{{70}}){_E}", 0.95, "ReadMe API key"),
    Rule("RUBYGEMS_KEY", rf"{_B}(rubygems_[a-f0-9]{{48}}){_E}", 0.95, "RubyGems API key"),
    Rule(
        "FLY_TOKEN",
        rf"{_B}(fo1_[\w-]{{43}}|fm[12][ar]?_[a-zA-Z0-9+/]{{100,}}={{0,3}}){_E}",
        0.9,
        "Fly.io token",
    ),
    Rule(
        "HARNESS_TOKEN",
        rf"{_B}((?:pat|sat)\.[a-zA-Z0-9_-]{{22}}\.[a-zA-Z0-9]{{24}}\.[a-zA-Z0-9]{{20}}){_E}",
        0.95,
        "Harness token",
    ),
    Rule("INFRACOST_KEY", rf"{_B}(ico-[a-zA-Z0-9]{{32}}){_E}", 0.9, "Infracost key"),
    Rule("SCALINGO_TOKEN", rf"{_B}(tk-us-[\w-]{{48}}){_E}", 0.9, "Scalingo token"),
    Rule("FRAMEIO_TOKEN", rf"{_B}(fio-u-[\w=-]{{64}}){_E}", 0.9, "Frame.io token"),
    Rule("DUFFEL_TOKEN", rf"{_B}(duffel_(?:test|live)_[\w=-]{{43}}){_E}", 0.95, "Duffel token"),
    Rule("EASYPOST_KEY", rf"{_B}(EZ[AT]K[a-zA-Z0-9]{{54}}){_E}", 0.9, "EasyPost key"),
    Rule(
        "FLUTTERWAVE_KEY",
        rf"{_B}(FLW(?:PUB|SEC)K_TEST-[a-hA-H0-9]{{32}}-X|FLWSECK_TEST-[a-h0-9]{{12}}){_E}",
        0.9,
        "Flutterwave key",
    ),
    Rule("CLOJARS_TOKEN", rf"(?i){_B}(CLOJARS_[a-z0-9]{{60}}){_E}", 0.95, "Clojars token"),
    Rule("ADOBE_SECRET", rf"{_B}(p8e-[a-zA-Z0-9]{{32}}){_E}", 0.9, "Adobe client secret"),
    Rule("TYPEFORM_TOKEN", rf"{_B}(tfp_[a-zA-Z0-9_.=-]{{59}}){_E}", 0.9, "Typeform token"),
    Rule(
        "SHIPPO_TOKEN", rf"{_B}(shippo_(?:live|test)_[a-fA-F0-9]{{40}}){_E}", 0.95, "Shippo token"
    ),
    Rule("BEAMER_KEY", rf"{_B}(b_[a-zA-Z0-9=_-]{{44}}){_E}", 0.6, "Beamer key"),
    Rule("OCTOPUS_KEY", rf"{_B}(API-[A-Z0-9]{{26}}){_E}", 0.8, "Octopus Deploy key"),
    Rule(
        "ARTIFACTORY_KEY",
        rf"{_B}(AKCp[A-Za-z0-9]{{69}}|cmVmdGtuOjAxOjEw[A-Za-z0-9]{{48}}){_E}",
        0.9,
        "Artifactory token",
    ),
    Rule(
        "PRIVATE_AI_KEY",
        rf"{_B}(sk-or-v1-[a-f0-9]{{64}}|gsk_[a-zA-Z0-9]{{52}}|pplx-[a-zA-Z0-9]{{48}}|xai-[a-zA-Z0-9]{{80}}){_E}",
        0.95,
        "AI provider API key (OpenRouter, Groq, Perplexity, xAI)",
    ),
    Rule(
        "SOURCEGRAPH_TOKEN",
        rf"{_B}(sgp_(?:[a-fA-F0-9]{{16}}|local)_[a-fA-F0-9]{{40}}|sgp_[a-fA-F0-9]{{40}}){_E}",
        0.95,
        "Sourcegraph token",
    ),
    Rule(
        "FACEBOOK_APP_TOKEN",
        rf"{_B}(\d{{15,16}}(?:\||%7[cC])[\w-]{{27}}){_E}",
        0.85,
        "Facebook app access token",
    ),
    Rule(
        "DYNATRACE_TOKEN",
        rf"{_B}(dt0c01\.[A-Za-z0-9]{{24}}\.[A-Za-z0-9]{{64}}){_E}",
        0.95,
        "Dynatrace API token",
    ),
    Rule(
        "GITLAB_SESSION",
        r"\b_gitlab_session=([0-9a-zA-Z]{32})\b",
        0.9,
        "GitLab session cookie",
    ),
    Rule(
        "INTRA42_SECRET",
        rf"{_B}(s-s4t2(?:ud|af)-[a-f0-9]{{64}}){_E}",
        0.95,
        "42 intra client secret",
    ),
    Rule(
        "MAPBOX_TOKEN",
        rf"{_B}((?:pk|sk|tk)\.[A-Za-z0-9_-]{{50,300}}\.[A-Za-z0-9_-]{{20,24}}){_E}",
        0.85,
        "Mapbox access token",
    ),
    Rule(
        "OPENSHIFT_TOKEN",
        rf"{_B}(sha256~[A-Za-z0-9_-]{{43}}){_E}",
        0.9,
        "OpenShift user token",
    ),
    Rule(
        "TWITTER_BEARER",
        rf"{_B}(A{{22}}[A-Za-z0-9%]{{80,120}})",
        0.9,
        "Twitter/X app bearer token",
    ),
    Rule(
        "SLACK_LEGACY_TOKEN",
        rf"{_B}(xox[ar]-(?:\d-)?[0-9a-zA-Z]{{8,48}}){_E}",
        0.85,
        "Slack legacy workspace or refresh token",
    ),
    Rule(
        "TEAMS_WEBHOOK",
        r"(?i)(\b[\w-]+\.webhook\.office\.com/webhookb2/[\w-]{8,}@[\w-]{8,}"
        r"/IncomingWebhook/\w{32}/[\w-]{8,})",
        0.9,
        "Microsoft Teams incoming webhook URL",
    ),
    Rule(
        "AZURE_SHARED_ACCESS_KEY",
        r"(?i)SharedAccessKey=([A-Za-z0-9+/]{42,44}={0,2})",
        0.9,
        "Azure Service Bus / Event Hubs shared access key",
    ),
    Rule(
        "BRAINTREE_TOKEN",
        rf"{_B}(access_token\$(?:production|sandbox)\$[0-9a-z]{{16}}\$[0-9a-f]{{32}}){_E}",
        0.95,
        "Braintree / PayPal access token",
    ),
    Rule("CONTENTFUL_PAT", rf"{_B}(CFPAT-[A-Za-z0-9_-]{{43}}){_E}", 0.95, "Contentful token"),
    Rule("FIGMA_TOKEN", rf"{_B}(figd_[A-Za-z0-9_-]{{40,}}){_E}", 0.9, "Figma access token"),
    Rule(
        "BITBUCKET_APP_PASSWORD",
        rf"{_B}(ATBB[A-Za-z0-9_=.-]{{32,}}){_E}",
        0.9,
        "Bitbucket app password",
    ),
    Rule(
        "NETRC_PASSWORD",
        r"(?i)\bmachine[ \t]+\S+\s+login[ \t]+\S+\s+password[ \t]+([^\s]{4,128})",
        0.85,
        "password in a .netrc entry",
    ),
    Rule(
        "CURL_USER_KEY",
        # `curl -u "KEY:"`: an API key as user name with an empty password (Stripe, Elastic),
        # or with the dummy password "X" (Freshdesk, Harvest)
        r"\bcurl\b(?:[^\n]|\\\n){0,300}\s(?:-u|--user)\s+[\"']?([^:\s\"'$<>{}]{8,128}):X?[\"']?(?:\s|$)",
        0.75,
        "API key passed as the curl user name",
    ),
    Rule(
        "CURL_HEADER_KEY",
        r"(?i)\bcurl\b(?:[^\n]|\\\n){0,300}\s(?:-H|--header)\s+[\"']?(?:x-)?[a-z-]{0,20}"
        r"(?:api-?key|token|secret)\s*:\s*([A-Za-z0-9._~+/=-]{8,})",
        0.75,
        "credential in a curl header",
    ),
    Rule(
        "CURL_BASIC_AUTH",
        r"\bcurl\b(?:[^\n]|\\\n){0,300}\s(?:-u|--user)\s+[\"']?[^:\s\"']{0,64}[\"']?:[\"']?"
        r"([^\s\"']{4,128})",
        0.8,
        "password passed to curl -u",
    ),
    Rule(
        "BASIC_AUTH_URL",
        r"(?i)\bhttps?://[^:@/\s\"']{1,64}:([^@/\s\"']{6,128})@[\w.-]+",
        0.8,
        "URL with embedded credentials",
    ),
    Rule(
        "BEARER_CALL",
        r"(?i)\bbearer_?auth\s*\(\s*[\"']([A-Za-z0-9._~+/=-]{12,})[\"']",
        0.85,
        "bearer token passed to an HTTP client",
    ),
    Rule(
        "AUTH_HEADER",
        # `Authorization: <scheme> …` (Bearer, Basic, SSWS, Api-Token, …), nginx's
        # `proxy_set_header Authorization "Basic …"`, a client's `.header("Authorization", "…")`
        r"(?i)\bauthorization[\"']?(?:\s*[:=]\s*[\"'\[]?|\s+[\"']|\s*,\s*[\"'])"
        r"(?:[A-Za-z][\w-]{1,24}\s+)?"
        r"([A-Za-z0-9._~+/=@!#%*-]{12,})",
        0.85,
        "credential in an Authorization header",
        # not code that builds the header: `.Authorization = new AuthenticationHeaderValue(`
        # nor a config key after it (`authorization:\n  credentials_file: …`)
        verify=lambda value: not value.replace("_", "").isalpha(),
    ),
    # Twitter/X app bearer tokens open with 21 "A"s (the placeholder filter's "aaaaaa" is
    # their shape, not a filler: the rule is structural)
    Rule(
        "TWITTER_BEARER_TOKEN",
        rf"{_B}(A{{20}}[A-Za-z0-9%]{{70,150}}){_E}",
        0.9,
        "Twitter/X bearer token",
        structural=True,
    ),
    Rule(
        "FACEBOOK_ACCESS_TOKEN",
        rf"{_B}(EAA[A-Za-z0-9]{{100,255}}){_E}",
        0.85,
        "Facebook/Meta access token",
    ),
    # base64 of "tok:<id>:1:0"
    Rule(
        "INTERCOM_TOKEN", rf"{_B}(dG9rOj[A-Za-z0-9+/]{{40,120}}={{0,2}}){_E}", 0.9, "Intercom token"
    ),
    Rule("ADAFRUIT_IO_KEY", rf"{_B}(aio_[A-Za-z0-9]{{28}}){_E}", 0.9, "Adafruit IO key"),
    Rule(
        "WANDB_LOGIN_KEY",
        r"\bwandb\s+login\s+(?:--relogin\s+)?([0-9a-f]{40})\b",
        0.9,
        "Weights & Biases key passed to wandb login",
    ),
    Rule(
        "IFTTT_WEBHOOK_KEY",
        r"\bmaker\.ifttt\.com/(?:trigger/[\w-]{1,64}/(?:json/)?with/)?key/([A-Za-z0-9_-]{16,64})",
        0.9,
        "IFTTT webhook key",
    ),
    Rule(
        "ZAPIER_WEBHOOK",
        r"\b(hooks\.zapier\.com/hooks/catch/\d{3,12}/[a-z0-9]{5,12}/?)",
        0.85,
        "Zapier catch-hook URL (anyone holding it can trigger the Zap)",
    ),
    Rule("NVIDIA_API_KEY", rf"{_B}(nvapi-[A-Za-z0-9_-]{{60,70}}){_E}", 0.9, "NVIDIA API key"),
    Rule(
        "SUPABASE_SECRET_KEY",
        rf"{_B}(sb_secret_[A-Za-z0-9_-]{{20,64}}){_E}",
        0.95,
        "Supabase secret API key",
    ),
    Rule("ELEVENLABS_API_KEY", rf"{_B}(sk_[0-9a-f]{{48}}){_E}", 0.85, "ElevenLabs API key"),
    Rule("CARTESIA_API_KEY", rf"{_B}(sk_car_[A-Za-z0-9]{{32,64}}){_E}", 0.9, "Cartesia API key"),
    Rule(
        "HELICONE_API_KEY",
        rf"{_B}(sk-helicone-[a-z0-9]{{7}}(?:-[a-z0-9]{{7}}){{3}}){_E}",
        0.9,
        "Helicone API key",
    ),
    # SDK clients that take the key by position, with nothing naming it
    Rule(
        "AZURE_KEY_CREDENTIAL",
        r"\b(?:AzureKeyCredential|AzureNamedKeyCredential|AzureSasCredential|ApiKeyCredential)"
        r"\(\s*(?:[\"'][^\"'\n]{1,64}[\"']\s*,\s*)?[\"']([A-Za-z0-9+/=_-]{20,128})[\"']",
        0.9,
        "key given to an Azure SDK credential",
    ),
    Rule(
        "IBM_CLOUD_API_KEY",
        r"\bIAMAuthenticator\(\s*(?:apikey\s*=\s*)?[\"']([A-Za-z0-9_-]{44})[\"']",
        0.9,
        "IBM Cloud API key passed to IAMAuthenticator",
    ),
    Rule(
        "MAILJET_API_KEY",
        r"\bMailjet\\+Client\(\s*[\"']([a-f0-9]{32})[\"']\s*,\s*[\"'][a-f0-9]{32}[\"']",
        0.85,
        "Mailjet API key passed to its client",
    ),
    Rule(
        "MAILJET_SECRET_KEY",
        r"\bMailjet\\+Client\(\s*[\"'][a-f0-9]{32}[\"']\s*,\s*[\"']([a-f0-9]{32})[\"']",
        0.9,
        "Mailjet secret key passed to its client",
    ),
    Rule(
        "AZURE_COSMOS_KEY",
        # CosmosClient(endpoint, key): the account key (88 base64 characters) by position
        r"\.documents\.azure\.com[:\d/]*[\"']\s*,\s*[\"']([A-Za-z0-9+/]{86}==)[\"']",
        0.95,
        "Azure Cosmos DB account key passed to its client",
    ),
    Rule(
        "ELASTIC_API_KEY_PAIR",
        # Credentials::ApiKey("id", "key") (Rust), ApiKeyAuth("id", "key"): the second is the key
        r"\b(?:ApiKey|ApiKeyAuth|api_key)\(\s*[\"'][\w-]{16,40}[\"'](?:\.into\(\))?\s*,\s*"
        r"[\"']([A-Za-z0-9_-]{20,64})[\"']",
        0.9,
        "Elasticsearch API key given with its id",
    ),
    Rule(
        "INFURA_KEY",
        rf"\b[\w-]{{1,40}}\.infura\.io/(?:v3|ws/v3)/([0-9a-f]{{32}}){_E}",
        0.9,
        "Infura project key in its endpoint URL",
    ),
    Rule(
        "ALCHEMY_KEY",
        rf"\b[\w-]{{1,40}}\.g\.alchemy\.com/(?:v2|nft/v[23])/([A-Za-z0-9_-]{{32}}){_E}",
        0.9,
        "Alchemy API key in its endpoint URL",
    ),
    Rule("MAILERSEND_TOKEN", rf"{_B}(mlsn\.[0-9a-f]{{64}}){_E}", 0.95, "MailerSend API token"),
    Rule("TRELLO_TOKEN", rf"{_B}(ATTA[0-9A-Fa-f]{{64,72}}){_E}", 0.9, "Trello API token"),
    Rule(
        "NATS_NKEY_SEED",
        # an nkey seed: S, the key type (user, account, operator, server, cluster, curve)
        rf"{_B}(S[UAONCX][A-Z2-7]{{56}}){_E}",
        0.95,
        "NATS nkey seed (signs as the user, account or server)",
    ),
)
